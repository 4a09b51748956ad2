# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import BalanceCommon


@tagged("post_install", "-at_install")
class TestBalance(BalanceCommon):
    def _history(self, card):
        """The lines that move the balance: sale_loyalty also writes a line of
        0 issued, 0 used for each order confirmed while the card has points."""
        return self.env["loyalty.history"].search(
            [("card_id", "=", card.id), "|", ("used", "!=", 0), ("issued", "!=", 0)]
        )

    def test_provider_features(self):
        provider = self.balance_provider
        self.assertEqual(provider.support_refund, "partial")
        self.assertFalse(provider.support_tokenization)
        self.assertFalse(provider.support_manual_capture)
        self.assertEqual(provider.payment_method_ids, self.balance_method)
        self.assertEqual(provider._get_supported_currencies(), self.currency)

    def test_pay_debits_card_and_confirms_order(self):
        card = self._card(100.0)
        order, tx = self._create_balance_order_tx(88.88)
        values = tx._get_processing_values()
        self.assertTrue(values["mall_balance_paid"])
        self.assertEqual(values["mall_balance_remaining"], 11.12)
        self.assertEqual(card.points, 11.12)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.mall_balance_card_id, card)
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(order.state, "sale")
        # Confirming loads the eWallet on the order: it must not discount it.
        self.assertEqual(order.amount_total, 88.88)
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(tx.payment_id.amount, 88.88)
        [line] = self._history(card)
        self.assertEqual(line.used, 88.88)
        self.assertEqual(line.issued, 0)
        self.assertIn(tx.reference, line.description)
        self.assertEqual((line.order_model, line.order_id), ("sale.order", order.id))

    def test_no_float_drift(self):
        # 0.3 - 0.1 - 0.2 is 5.55e-17 in floats: the card must read 0 exactly.
        card = self._card(0.3)
        for price in (0.1, 0.2):
            order, tx = self._create_balance_order_tx(price)
            tx._get_processing_values()
            self.assertEqual(tx.state, "done")
        self.assertEqual(card.points, 0.0)
        order, tx = self._create_balance_order_tx(0.01)
        with self.assertRaises(ValidationError):
            tx._get_processing_values()

    def test_insufficient_balance_changes_nothing(self):
        card = self._card(50.0)
        order, tx = self._create_balance_order_tx(88.88)
        with self.assertRaises(ValidationError):
            tx._get_processing_values()
        self.assertEqual(card.points, 50.0)
        self.assertFalse(self._history(card))
        self.assertEqual(tx.state, "draft")
        self.assertFalse(tx.payment_id)
        self.assertEqual(order.state, "draft")

    def test_no_card_refused(self):
        order, tx = self._create_balance_order_tx(1.0)
        with self.assertRaises(ValidationError):
            tx._get_processing_values()
        self.assertEqual(tx.state, "draft")

    def test_other_currency_refused(self):
        card = self._card(100.0)
        order, tx = self._create_balance_order_tx(10.0)
        tx.currency_id = self.currency_usd
        with self.assertRaises(ValidationError):
            tx._get_processing_values()
        self.assertEqual(card.points, 100.0)

    def test_second_processing_does_not_debit_again(self):
        card = self._card(100.0)
        order, tx = self._create_balance_order_tx(40.0)
        tx._get_processing_values()
        values = tx._get_processing_values()
        self.assertEqual(values["mall_balance_remaining"], 60.0)
        self.assertEqual(card.points, 60.0)
        self.assertEqual(len(self._history(card)), 1)
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )

    def test_partial_refunds_credit_the_card(self):
        card = self._card(100.0)
        order, tx = self._create_balance_order_tx(88.88)
        tx._get_processing_values()
        self._refund_wizard(tx, 30.0).action_refund()
        refund1 = tx.child_transaction_ids
        self.assertEqual(refund1.state, "done")
        self.assertEqual(refund1.amount, -30.0)
        self.assertTrue(refund1.payment_id, "the refund is post-processed at once")
        self.assertEqual(card.points, 41.12)
        issued = self._history(card).filtered("issued")
        self.assertEqual(issued.issued, 30.0)
        self.assertIn(refund1.reference, issued.description)
        self.assertEqual(
            (issued.order_model, issued.order_id), ("sale.order", order.id)
        )
        # More than what is left: refused, nothing credited.
        with self.assertRaises(ValidationError):
            tx._send_refund_request(amount_to_refund=58.89)
        self.assertEqual(card.points, 41.12)
        self._refund_wizard(tx, 58.88).action_refund()
        self.assertEqual(card.points, 100.0)
        self.assertEqual(len(tx.child_transaction_ids), 2)
        tx.payment_id.invalidate_recordset(["amount_available_for_refund"])
        self.assertAlmostEqual(tx.payment_id.amount_available_for_refund, 0)
        with self.assertRaises(ValidationError):
            tx._send_refund_request(amount_to_refund=0.01)
        self.assertEqual(card.points, 100.0)

    def test_top_up_paid_by_wechatpay_credits_the_card(self):
        """Odoo's eWallet top-up: the order of the top-up product, paid and
        thereby confirmed, credits the partner's card and writes history."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "pricelist_id": self.pricelist_cny.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.topup_product.id,
                            "product_uom_qty": 1,
                            "price_unit": 200.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        tx = self._create_transaction(
            "direct",
            amount=order.amount_total,
            reference=order.name,
            sale_order_ids=[Command.set(order.ids)],
        )
        self._prepay(tx)
        self.standin.pay(tx.reference)
        headers, body = self.standin.notification(tx.reference, 20000)
        self.assertEqual(self._notify(headers, body).status_code, 200)
        self.assertEqual(tx.state, "done")
        self.assertEqual(order.state, "sale")
        card = self.env["loyalty.card"].search(
            [("program_id", "=", self.program.id), ("partner_id", "=", self.partner.id)]
        )
        self.assertEqual(len(card), 1)
        self.assertEqual(card.points, 200.0)
        [line] = self._history(card)
        self.assertEqual(line.issued, 200.0)
        self.assertEqual((line.order_model, line.order_id), ("sale.order", order.id))
        # The top-up is then spent with the balance provider.
        order2, tx2 = self._create_balance_order_tx(150.0)
        self.assertEqual(tx2._get_processing_values()["mall_balance_remaining"], 50.0)
