# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import BalanceCommon


@tagged("post_install", "-at_install")
class TestAccounting(BalanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Set at install (noupdate); set again in case an earlier test unset it.
        cls.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", True)
        cls.env["ir.config_parameter"].sudo().set_param("sale.async_emails", True)
        cls.env.ref("sale.send_invoice_cron").active = True

    def _paid_wechatpay_tx(self, price=88.88):
        order, tx = self._create_order_tx(price)
        self._prepay(tx)
        self.standin.pay(tx.reference)
        headers, body = self.standin.notification(tx.reference, tx._wechatpay_fen())
        self.assertEqual(self._notify(headers, body).status_code, 200)
        self.assertEqual(tx.state, "done")
        return order, tx

    def _items(self, move):
        """(account, debit, credit) of the journal items of a move."""
        return {(line.account_id, line.debit, line.credit) for line in move.line_ids}

    def _assert_invoiced_and_reconciled(self, order, tx, amount):
        invoice = order.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, amount)
        self.assertEqual(invoice.amount_residual, 0)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(tx.invoice_ids, invoice)
        payment = tx.payment_id
        # "paid" once matched: by the invoice here (community), by the bank
        # statement with accounting.
        self.assertIn(payment.state, ("in_process", "paid"))
        self.assertEqual(payment.amount, amount)
        self.assertEqual(payment.journal_id, tx.provider_id.journal_id)
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertTrue(receivable.reconciled)
        return invoice, payment

    # --- journals -------------------------------------------------------

    def test_one_journal_per_channel(self):
        expected = {
            self.provider: ("WXPAY", "WeChat Pay"),
            self.balance_provider: ("BAL", "Customer Balance"),
        }
        for provider, (code, name) in expected.items():
            journal = provider.journal_id.with_context(lang="en_US")
            self.assertEqual(journal.code, code)
            self.assertEqual(journal.name, name)
            self.assertEqual(journal.type, "bank")
            self.assertEqual(journal.company_id, self.env.company)
            line = journal.inbound_payment_method_line_ids.filtered(
                lambda line, provider=provider: line.payment_provider_id == provider
            )
            self.assertEqual(len(line), 1)
        self.assertNotEqual(self.provider.journal_id, self.balance_provider.journal_id)
        account = (
            self.balance_provider.journal_id.inbound_payment_method_line_ids.filtered(
                lambda line: line.payment_provider_id == self.balance_provider
            ).payment_account_id
        )
        self.assertEqual(account.account_type, "liability_current")
        self.assertEqual(
            account.with_context(lang="en_US").name, "Customer prepaid balances"
        )
        # The top-up product credits the same liability when sold.
        self.assertEqual(
            self.topup_product.with_company(
                self.env.company
            ).property_account_income_id,
            account,
        )

    def test_provider_saved_without_journal_gets_its_channel_journal(self):
        journal = self.provider.journal_id
        # Odoo lets clear the journal of a disabled provider only.
        self.provider.state = "disabled"
        self.provider.journal_id = False
        self.provider.invalidate_recordset(["journal_id"])
        self.assertFalse(self.provider.journal_id)
        self.provider.state = "test"
        self.assertEqual(self.provider.journal_id, journal)
        self.assertEqual(
            journal.inbound_payment_method_line_ids.filtered(
                lambda line: line.payment_provider_id == self.provider
            ).journal_id,
            journal,
        )

    def test_company_created_later(self):
        company = self.env["res.company"].create(
            {"name": "Later company", "currency_id": self.currency.id}
        )
        Provider = self.env["payment.provider"]
        # No chart of accounts yet: no journal, and no crash.
        self.assertFalse(Provider._mall_journal_for("wechatpay", company))
        program = self.env["loyalty.program"].create(
            {
                "name": "Later balance",
                "program_type": "ewallet",
                "company_id": company.id,
                "currency_id": self.currency.id,
            }
        )
        provider = self.balance_provider.copy(
            {"company_id": company.id, "mall_balance_program_id": program.id}
        )
        provider.state = "test"
        self.assertFalse(provider.journal_id)
        self.env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        codes = (
            self.env["account.journal"]
            .search([("company_id", "=", company.id), ("type", "=", "bank")])
            .mapped("code")
        )
        self.assertIn("WXPAY", codes)
        self.assertIn("BAL", codes)
        provider.invalidate_recordset(["journal_id"])
        self.assertEqual(provider.journal_id.code, "BAL")
        self.assertEqual(provider.journal_id.company_id, company)

    # --- invoices and reconciliation -------------------------------------

    def test_wechatpay_paid_order_invoiced_and_reconciled(self):
        order, tx = self._paid_wechatpay_tx(88.88)
        invoice, payment = self._assert_invoiced_and_reconciled(order, tx, 88.88)
        self.assertEqual(payment.journal_id.code, "WXPAY")
        self.assertEqual(payment.payment_type, "inbound")
        receivable = self.partner.property_account_receivable_id
        self.assertEqual(
            self._items(payment.move_id),
            {
                (payment.outstanding_account_id, 88.88, 0.0),
                (receivable, 0.0, 88.88),
            },
        )
        self.assertNotEqual(payment.outstanding_account_id, receivable)

    def test_invoice_mailed_by_the_cron_not_in_the_notification(self):
        cron = self.env.ref("sale.send_invoice_cron")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        order, tx = self._paid_wechatpay_tx(88.88)
        invoice, _payment = self._assert_invoiced_and_reconciled(order, tx, 88.88)
        self.assertFalse(invoice.is_move_sent)
        self.assertGreater(Trigger.search_count([("cron_id", "=", cron.id)]), before)
        self.env["payment.transaction"]._cron_send_invoice()
        self.assertTrue(invoice.is_move_sent)

    def test_order_mail_sent_by_the_cron_not_in_the_notification(self):
        """The order's mail (its PDF rendered by wkhtmltopdf) waits for
        sale_async_emails' cron instead of holding the payment's request."""
        cron = self.env.ref("sale_async_emails.cron")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        order, _tx = self._paid_wechatpay_tx(88.88)
        template = order.pending_email_template_id
        self.assertIn(
            template,
            self.env.ref("sale.mail_template_sale_confirmation")
            | self.env.ref("sale.mail_template_sale_payment_executed"),
        )
        self.assertFalse(order.message_ids.filtered("attachment_ids"))
        self.assertGreater(Trigger.search_count([("cron_id", "=", cron.id)]), before)
        self.env["sale.order"]._cron_send_pending_emails(auto_commit=False)
        self.assertFalse(order.pending_email_template_id)
        self.assertTrue(order.message_ids.filtered("attachment_ids"))

    def test_wechatpay_partial_refund_outbound_payment(self):
        self.standin.refund_status = "SUCCESS"
        order, tx = self._paid_wechatpay_tx(88.88)
        self._refund_wizard(tx, 30.0).action_refund()
        refund = tx.child_transaction_ids
        self.assertEqual(refund.state, "done")
        payment = refund.payment_id
        self.assertEqual(payment.payment_type, "outbound")
        self.assertEqual(payment.amount, 30.0)
        self.assertEqual(payment.journal_id.code, "WXPAY")
        receivable = self.partner.property_account_receivable_id
        self.assertEqual(
            self._items(payment.move_id),
            {
                (receivable, 30.0, 0.0),
                (tx.payment_id.outstanding_account_id, 0.0, 30.0),
            },
        )

    def test_balance_payment_and_refund_journal_items(self):
        self._card(100.0)
        order, tx = self._create_balance_order_tx(88.88)
        tx._get_processing_values()
        invoice, payment = self._assert_invoiced_and_reconciled(order, tx, 88.88)
        self.assertEqual(payment.journal_id.code, "BAL")
        liability = payment.outstanding_account_id
        self.assertEqual(liability.account_type, "liability_current")
        receivable = self.partner.property_account_receivable_id
        # Dr prepaid balances, Cr receivable.
        self.assertEqual(
            self._items(payment.move_id),
            {(liability, 88.88, 0.0), (receivable, 0.0, 88.88)},
        )
        self._refund_wizard(tx, 20.0).action_refund()
        refund_payment = tx.child_transaction_ids.payment_id
        self.assertEqual(refund_payment.payment_type, "outbound")
        self.assertEqual(refund_payment.journal_id.code, "BAL")
        # Back to the balance: Dr receivable, Cr prepaid balances.
        self.assertEqual(
            self._items(refund_payment.move_id),
            {(receivable, 20.0, 0.0), (liability, 0.0, 20.0)},
        )
