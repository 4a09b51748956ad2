# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import zipfile
from datetime import date, timedelta
from unittest.mock import patch
from urllib.parse import parse_qsl

from cryptography.hazmat.primitives import serialization

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from tests.standins import AlipayStandin, closed_url, generate_rsa_keypair
from tests.standins.alipay import (
    cert_sn as alipay_cert_sn,
)
from tests.standins.alipay import (
    issue_test_certificates,
    make_trade_bill,
    root_cert_sn,
    rsa2_verify,
)

from .common import AlipayCommon

CONTROLLER_LOGGER = "odoo.addons.mall_payment.controllers.alipay"
TX_LOGGER = "odoo.addons.mall_payment.models.payment_transaction"
PROVIDER_LOGGER = "odoo.addons.mall_payment.models.payment_provider"

# The request of Alipay's "自行实现签名" (sign it yourself) page, and the
# string to sign it shows (待签名字符串): every parameter but sign, sorted,
# raw values, joined by "&".
DOC_BIZ_CONTENT = (
    '{"button":[{"actionParam":"ZFB_HFCZ","actionType":"out","name":"话费充值"},'
    '{"name":"查询","subButton":[{"actionParam":"ZFB_YECX","actionType":"out",'
    '"name":"余额查询"},{"actionParam":"ZFB_LLCX","actionType":"out","name":'
    '"流量查询"},{"actionParam":"ZFB_HFCX","actionType":"out","name":"话费查询"}]},'
    '{"actionParam":"http://m.alipay.com","actionType":"link","name":"最新优惠"}]}'
)
DOC_STRING_TO_SIGN = (
    "app_id=2014072300007148&biz_content="
    + DOC_BIZ_CONTENT
    + "&charset=GBK&method=alipay.mobile.public.menu.add&sign_type=RSA2"
    "&timestamp=2014-07-24 03:07:50&version=1.0"
)


@tagged("post_install", "-at_install")
class TestAlipay(AlipayCommon):
    def _paid_tx(self, price=88.88):
        """A transaction whose trade is created, paid and notified."""
        order, tx = self._create_order_tx(price)
        self._create_trade(tx)
        self.standin.pay(tx.reference)
        response = self._alipay_notify(self.standin.notification(tx.reference))
        self.assertEqual(response.text, "success")
        self.assertEqual(tx.state, "done")
        return order, tx

    def _refund_wizard(self, tx, amount):
        return (
            self.env["payment.refund.wizard"]
            .with_context(active_model="account.payment", active_id=tx.payment_id.id)
            .create({"payment_id": tx.payment_id.id, "amount_to_refund": amount})
        )

    def _assert_refused(self, data, tx):
        with mute_logger(CONTROLLER_LOGGER, TX_LOGGER):
            response = self._alipay_notify(data)
        self.assertEqual(response.text, "fail")
        self.assertEqual(tx.state, "draft")
        self.assertFalse(tx.provider_reference)
        self.assertFalse(tx.payment_id)

    # --- amounts and signatures -----------------------------------------

    def test_amount_string_without_float_drift(self):
        amount = self.provider._alipay_format_amount
        self.assertEqual(amount(0.29, self.currency), "0.29")
        self.assertEqual(amount(1.005, self.currency), "1.01")
        self.assertEqual(amount(88.88, self.currency), "88.88")
        self.assertEqual(amount(100, self.currency), "100.00")
        self.assertEqual(amount(0.1 + 0.2, self.currency), "0.30")

    def test_signing_string_of_the_documentation(self):
        """Alipay's documented example, byte for byte, against the SDK's
        sign_data: the signature it makes is over that exact string."""
        client = self.provider._alipay_client()
        signed = client.sign_data(
            {
                "app_id": "2014072300007148",
                "method": "alipay.mobile.public.menu.add",
                "charset": "GBK",
                "sign_type": "RSA2",
                "timestamp": "2014-07-24 03:07:50",
                "biz_content": DOC_BIZ_CONTENT,
                "version": "1.0",
            }
        )
        params = dict(parse_qsl(signed))
        app_public_key = serialization.load_pem_public_key(self.app_public_key.encode())
        self.assertTrue(rsa2_verify(app_public_key, DOC_STRING_TO_SIGN, params["sign"]))
        self.assertFalse(
            rsa2_verify(
                app_public_key,
                DOC_STRING_TO_SIGN.replace("GBK", "UTF-8"),
                params["sign"],
            )
        )
        # Notifications: the same rule, sign and sign_type left out.
        data = self.standin.sign_params({"b": "2", "a": "1", "c": ""})
        self.assertTrue(self.provider._alipay_verify_notification(data))
        self.assertFalse(self.provider._alipay_verify_notification(dict(data, a="2")))

    # --- trade creation -------------------------------------------------

    def test_trade_create(self):
        order, tx = self._create_order_tx(88.88)
        values = self._create_trade(tx)
        [biz] = self._gateway_calls("alipay.trade.create")
        trade = self.standin.trades[tx.reference]
        self.assertEqual(values["alipay_trade_no"], trade["trade_no"])
        self.assertEqual(biz["out_trade_no"], tx.reference)
        self.assertEqual(biz["total_amount"], "88.88")
        self.assertEqual(biz["buyer_id"], self.buyer_id)
        self.assertNotIn("buyer_open_id", biz)
        self.assertEqual(biz["product_code"], "JSAPI_PAY")
        self.assertNotIn("extend_params", biz)
        self.assertTrue(trade["notify_url"].endswith("/payment/alipay/notify"))
        self.assertEqual(tx.alipay_trade_no, trade["trade_no"])
        self.assertEqual(tx.alipay_buyer_id, self.buyer_id)
        self.assertEqual(tx.state, "draft")

    def test_trade_create_with_open_id(self):
        order, tx = self._create_order_tx()
        tx.with_context(
            alipay_buyer_open_id=self.buyer_open_id
        )._get_processing_values()
        [biz] = self._gateway_calls("alipay.trade.create")
        self.assertEqual(biz["buyer_open_id"], self.buyer_open_id)
        self.assertNotIn("buyer_id", biz)
        self.assertEqual(tx.alipay_buyer_open_id, self.buyer_open_id)

    def test_trade_create_needs_buyer(self):
        order, tx = self._create_order_tx()
        with self.assertRaises(ValidationError):
            tx._get_processing_values()
        self.assertFalse(self.standin.requests)

    def test_huabei_instalments(self):
        for periods, payer, percent in (
            (3, "buyer", "0"),
            (6, "seller", "100"),
            (12, "seller", "100"),
        ):
            self.provider.alipay_huabei_fee_payer = payer
            order, tx = self._create_order_tx(600)
            self._create_trade(tx, alipay_installments=periods)
            biz = self._gateway_calls("alipay.trade.create")[-1]
            self.assertEqual(
                biz["extend_params"],
                {"hb_fq_num": str(periods), "hb_fq_seller_percent": percent},
            )
            self.assertEqual(tx.alipay_installments, periods)

    def test_huabei_period_not_allowed(self):
        self.provider.alipay_huabei_periods = "3,6"
        for periods in (12, 24, "x"):
            order, tx = self._create_order_tx()
            with self.assertRaises(ValidationError):
                self._create_trade(tx, alipay_installments=periods)
        self.assertFalse(self._gateway_calls("alipay.trade.create"))
        for value in ("3,24", "6,abc"):
            with self.assertRaises(ValidationError):
                self.provider.alipay_huabei_periods = value
        self.provider.alipay_huabei_periods = " 12, 3 "
        self.assertEqual(self.provider._alipay_huabei_allowed_periods(), [3, 12])

    def test_answer_with_bad_signature_is_refused(self):
        order, tx = self._create_order_tx()
        self.addCleanup(setattr, self.standin, "tamper_after_signing", None)
        self.standin.tamper_after_signing = lambda node: node.update(trade_no="1")
        with mute_logger(PROVIDER_LOGGER), self.assertRaises(ValidationError):
            self._create_trade(tx)
        self.assertFalse(tx.alipay_trade_no)

    def test_unreachable_gateway(self):
        order, tx = self._create_order_tx()
        self.provider.alipay_gateway = closed_url() + "gateway.do"
        with mute_logger(PROVIDER_LOGGER), self.assertRaises(ValidationError):
            self._create_trade(tx)

    # --- notifications --------------------------------------------------

    def test_notification_confirms_order_at_once(self):
        order, tx = self._create_order_tx(88.88)
        self._create_trade(tx)
        trade = self.standin.pay(tx.reference)
        response = self._alipay_notify(self.standin.notification(tx.reference))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, "success")
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.provider_reference, trade["trade_no"])
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(order.state, "sale")
        self.assertTrue(tx.payment_id)
        self.assertEqual(tx.payment_id.amount, 88.88)
        self.assertIn(tx.payment_id.state, ("in_process", "paid"))

    def test_duplicate_notification_does_nothing(self):
        order, tx = self._paid_tx()
        payment = tx.payment_id
        last_change = tx.last_state_change
        with patch.object(type(tx), "_post_process") as post_process:
            response = self._alipay_notify(self.standin.notification(tx.reference))
        self.assertEqual(response.text, "success")
        post_process.assert_not_called()
        self.assertEqual(tx.payment_id, payment)
        self.assertEqual(tx.last_state_change, last_change)
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )

    def test_late_wait_buyer_pay_is_ignored(self):
        order, tx = self._paid_tx()
        last_change = tx.last_state_change
        data = self.standin.notification(tx.reference, trade_status="WAIT_BUYER_PAY")
        self.assertEqual(self._alipay_notify(data).text, "success")
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.last_state_change, last_change)

    def test_wait_buyer_pay_then_closed(self):
        order, tx = self._create_order_tx()
        self._create_trade(tx)
        data = self.standin.notification(tx.reference, trade_status="WAIT_BUYER_PAY")
        self.assertEqual(self._alipay_notify(data).text, "success")
        self.assertEqual(tx.state, "pending")
        data = self.standin.notification(tx.reference, trade_status="TRADE_CLOSED")
        self.assertEqual(self._alipay_notify(data).text, "success")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(order.state, "draft")

    def test_forged_signature_refused(self):
        order, tx = self._create_order_tx()
        self._create_trade(tx)
        self.standin.pay(tx.reference)
        forger_key = generate_rsa_keypair()[0]
        self._assert_refused(
            self.standin.notification(tx.reference, private_key_pem=forger_key), tx
        )
        # Signed by Alipay, altered since.
        data = self.standin.notification(tx.reference)
        data["buyer_id"] = "2088000000000009"
        self._assert_refused(data, tx)
        data = self.standin.notification(tx.reference)
        del data["sign"]
        self._assert_refused(data, tx)
        self.assertEqual(order.state, "draft")

    def test_altered_amount_refused(self):
        order, tx = self._create_order_tx(88.88)
        self._create_trade(tx)
        self.standin.pay(tx.reference)
        self._assert_refused(
            self.standin.notification(tx.reference, total_amount="0.01"), tx
        )
        self._assert_refused(
            self.standin.notification(tx.reference, trans_currency="USD"), tx
        )

    def test_wrong_app_id_refused(self):
        order, tx = self._create_order_tx()
        self._create_trade(tx)
        self.standin.pay(tx.reference)
        self._assert_refused(
            self.standin.notification(tx.reference, app_id="2021000000000999"), tx
        )
        # Known app, another seller.
        self._assert_refused(
            self.standin.notification(tx.reference, seller_id="2088000000000001"), tx
        )

    # --- query ----------------------------------------------------------

    def test_query_cron_settles_missing_notification(self):
        order, tx = self._create_order_tx()
        self._create_trade(tx)
        self.standin.pay(tx.reference)
        Tx = self.env["payment.transaction"]
        Tx._cron_alipay_query_pending()  # too recent: not asked yet
        self.assertEqual(tx.state, "draft")
        self.assertFalse(self._gateway_calls("alipay.trade.query"))
        self.env.cr.execute(
            "UPDATE payment_transaction"
            " SET create_date = create_date - interval '3 minutes' WHERE id = %s",
            [tx.id],
        )
        tx.invalidate_recordset()
        Tx._cron_alipay_query_pending()
        [query] = self._gateway_calls("alipay.trade.query")
        self.assertEqual(query, {"out_trade_no": tx.reference})
        self.assertEqual(tx.state, "done")
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(order.state, "sale")
        self.assertTrue(tx.payment_id)

    def test_query_of_unpaid_trade_leaves_it_pending(self):
        order, tx = self._create_order_tx()
        self._create_trade(tx)
        tx._alipay_query()
        self.assertEqual(tx.state, "pending")
        self.assertEqual(order.state, "draft")

    def test_query_cron_skips_old_and_uncreated(self):
        order, tx = self._create_order_tx()
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
            [tx.create_date - timedelta(minutes=10), tx.id],
        )
        self.env["payment.transaction"]._cron_alipay_query_pending()
        self.assertFalse(self.standin.requests)

    # --- refunds --------------------------------------------------------

    def test_partial_then_full_refund(self):
        order, tx = self._paid_tx(88.88)
        self._refund_wizard(tx, 30.00).action_refund()
        [refund1] = tx.child_transaction_ids
        [biz] = self._gateway_calls("alipay.trade.refund")
        self.assertEqual(
            biz,
            {
                "out_trade_no": tx.reference,
                "refund_amount": "30.00",
                "out_request_no": refund1.reference,
            },
        )
        self.assertEqual(refund1.state, "done")
        self.assertEqual(refund1.amount, -30.0)
        self.assertTrue(refund1.payment_id, "the refund is post-processed at once")
        tx.payment_id.invalidate_recordset(["amount_available_for_refund"])
        self.assertAlmostEqual(tx.payment_id.amount_available_for_refund, 58.88)
        # More than what is left: Odoo's wizard refuses, and so do we.
        with self.assertRaises(ValidationError):
            self._refund_wizard(tx, 58.89)
        with self.assertRaises(ValidationError):
            tx._send_refund_request(amount_to_refund=58.89)
        self._refund_wizard(tx, 58.88).action_refund()
        refund2 = tx.child_transaction_ids - refund1
        self.assertEqual(refund2.state, "done")
        self.assertEqual(len(self._gateway_calls("alipay.trade.refund")), 2)
        tx.payment_id.invalidate_recordset(["amount_available_for_refund"])
        self.assertAlmostEqual(tx.payment_id.amount_available_for_refund, 0)
        # The trade is closed now: its notification cancels nothing.
        trade = self.standin.trades[tx.reference]
        self.assertEqual(trade["trade_status"], "TRADE_CLOSED")
        data = self.standin.refund_notification(tx.reference, refund2.reference)
        self.assertEqual(self._alipay_notify(data).text, "success")
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(tx.child_transaction_ids), 2)

    def test_over_refund_refused_by_alipay(self):
        order, tx = self._paid_tx(88.88)
        # Refunded in the back office, and not notified yet: Odoo does not
        # know, Alipay refuses.
        self.standin.back_office_refund(tx.reference, "80.00")
        with mute_logger(PROVIDER_LOGGER), self.assertRaises(ValidationError) as caught:
            tx._send_refund_request(amount_to_refund=10.00)
        self.assertIn("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", str(caught.exception))

    def test_uncertain_refund_settled_by_query(self):
        order, tx = self._paid_tx(88.88)
        self.standin.refund_fund_change = "N"
        self._refund_wizard(tx, 10.00).action_refund()
        refund = tx.child_transaction_ids
        self.assertEqual(refund.state, "pending")
        # The pending refund counts against what is left.
        with self.assertRaises(ValidationError):
            tx._send_refund_request(amount_to_refund=78.89)
        self.env.cr.execute(
            "UPDATE payment_transaction"
            " SET create_date = create_date - interval '3 minutes' WHERE id = %s",
            [refund.id],
        )
        refund.invalidate_recordset()
        self.env["payment.transaction"]._cron_alipay_query_pending()
        [query] = self._gateway_calls("alipay.trade.fastpay.refund.query")
        self.assertEqual(
            query, {"out_trade_no": tx.reference, "out_request_no": refund.reference}
        )
        self.assertEqual(refund.state, "done")
        self.assertTrue(refund.payment_id)

    def test_refund_query_of_unknown_refund_changes_nothing(self):
        order, tx = self._paid_tx(88.88)
        refund = tx._create_child_transaction(5.0, is_refund=True)
        refund._alipay_query()
        self.assertEqual(refund.state, "pending")
        self.assertEqual(tx.state, "done")

    def test_back_office_refund_notification(self):
        order, tx = self._paid_tx(88.88)
        self._refund_wizard(tx, 8.88).action_refund()
        ours = tx.child_transaction_ids
        out_biz_no = self.standin.back_office_refund(tx.reference, "20.00")
        data = self.standin.refund_notification(tx.reference, out_biz_no)
        self.assertEqual(data["refund_fee"], "28.88")  # the total refunded
        self.assertEqual(self._alipay_notify(data).text, "success")
        refund = tx.child_transaction_ids - ours
        self.assertEqual(refund.amount, -20.0)
        self.assertEqual(refund.operation, "refund")
        self.assertEqual(refund.provider_reference, out_biz_no)
        self.assertEqual(refund.state, "done")
        self.assertTrue(refund.payment_id)
        # Sent again: no second refund.
        data = self.standin.refund_notification(tx.reference, out_biz_no)
        self.assertEqual(self._alipay_notify(data).text, "success")
        self.assertEqual(len(tx.child_transaction_ids), 2)
        self.assertEqual(tx.state, "done")

    def test_refund_notification_settles_pending_refund(self):
        order, tx = self._paid_tx(88.88)
        self.standin.refund_fund_change = "N"
        self._refund_wizard(tx, 10.00).action_refund()
        refund = tx.child_transaction_ids
        self.assertEqual(refund.state, "pending")
        # A refund_fee below the refund's own amount is not this refund's.
        data = self.standin.refund_notification(
            tx.reference, refund.reference, refund_fee="9.99"
        )
        with mute_logger(CONTROLLER_LOGGER, TX_LOGGER):
            self.assertEqual(self._alipay_notify(data).text, "fail")
        self.assertEqual(refund.state, "pending")
        data = self.standin.refund_notification(tx.reference, refund.reference)
        self.assertEqual(self._alipay_notify(data).text, "success")
        self.assertEqual(refund.state, "done")
        self.assertEqual(len(tx.child_transaction_ids), 1)

    # --- bills ----------------------------------------------------------

    def test_download_bill(self):
        bill = make_trade_bill(
            "2026-01-01",
            [
                {
                    "trade_no": "2026010122001",
                    "out_trade_no": "S00001",
                    "amount": "88.88",
                }
            ],
        )
        self.standin.bills["2026-01-01"] = bill
        self.assertEqual(self.provider._alipay_download_bill(date(2026, 1, 1)), bill)
        [biz] = self._gateway_calls("alipay.data.dataservice.bill.downloadurl.query")
        self.assertEqual(biz, {"bill_type": "trade", "bill_date": "2026-01-01"})
        with zipfile.ZipFile(io.BytesIO(bill)) as archive:
            [name] = archive.namelist()
            self.assertIn("88.88", archive.read(name).decode("gbk"))
        # No bill for that day (yet).
        with mute_logger(PROVIDER_LOGGER), self.assertRaises(ValidationError) as caught:
            self.provider._alipay_download_bill("2026-01-02")
        self.assertIn("isp.bill_not_exist", str(caught.exception))

    # --- certificate mode -----------------------------------------------

    def test_certificate_mode_pay_and_query(self):
        alipay_private, alipay_public = generate_rsa_keypair()
        root, app_cert, alipay_cert = issue_test_certificates(
            self.app_public_key, alipay_public
        )
        standin = AlipayStandin(
            self.app_id,
            self.app_public_key,
            alipay_private_key_pem=alipay_private,
            app_cert_sn=alipay_cert_sn(app_cert),
            alipay_root_cert_sn=root_cert_sn(root),
            alipay_cert_sn=alipay_cert_sn(alipay_cert),
        )
        standin.start()
        self.addCleanup(standin.stop)
        self.provider.write(
            {
                "alipay_key_mode": "certificate",
                "alipay_public_key": False,
                "alipay_app_public_cert": app_cert,
                "alipay_public_cert": alipay_cert,
                "alipay_root_cert": root,
                "alipay_gateway": standin.gateway,
            }
        )
        order, tx = self._create_order_tx(66.60)
        values = self._create_trade(tx)
        [request] = standin.requests_to("/gateway.do")
        self.assertEqual(request.params["app_cert_sn"], standin.app_cert_sn)
        self.assertEqual(
            request.params["alipay_root_cert_sn"], standin.alipay_root_cert_sn
        )
        self.assertEqual(
            values["alipay_trade_no"], standin.trades[tx.reference]["trade_no"]
        )
        self.assertIn('"alipay_cert_sn"', request.reply.body)
        standin.pay(tx.reference)
        tx._alipay_query()
        self.assertEqual(tx.state, "done")
        self.assertEqual(order.state, "sale")
        # Notifications verify with the key of the Alipay certificate.
        data = standin.notification(tx.reference)
        self.assertTrue(self.provider._alipay_verify_notification(data))
        self.assertFalse(
            self.provider._alipay_verify_notification(
                self.standin.notification(tx.reference)
            )
        )
        # Another app certificate: the gateway refuses it.
        other_root, other_app_cert, _cert = issue_test_certificates(
            self.app_public_key, alipay_public
        )
        self.provider.alipay_app_public_cert = other_app_cert
        with mute_logger(PROVIDER_LOGGER), self.assertRaises(ValidationError) as caught:
            tx._alipay_query()
        self.assertIn("isv.app-cert-sn-not-match", str(caught.exception))
        self.assertFalse(standin.errors)
