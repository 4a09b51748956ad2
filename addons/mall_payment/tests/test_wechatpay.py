# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time
from datetime import timedelta
from unittest.mock import patch

from wechatpayv3.utils import build_authorization, load_private_key

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from tests.standins.wechatpay import (
    pay_sign_message,
    rsa_keypair_pem,
    rsa_sign,
    rsa_verify,
)

from .common import WechatpayCommon

CONTROLLER_LOGGER = "odoo.addons.mall_payment.controllers.main"
TX_LOGGER = "odoo.addons.mall_payment.models.payment_transaction"


@tagged("post_install", "-at_install")
class TestWechatpay(WechatpayCommon):
    def _paid_tx(self, price=88.88):
        """A transaction prepaid, paid and notified."""
        order, tx = self._create_order_tx(price)
        self._prepay(tx)
        self.standin.pay(tx.reference)
        headers, body = self.standin.notification(tx.reference, tx._wechatpay_fen())
        self.assertEqual(self._notify(headers, body).status_code, 200)
        self.assertEqual(tx.state, "done")
        return order, tx

    # --- amounts and signatures -----------------------------------------

    def test_fen_without_float_drift(self):
        to_fen = self.provider._wechatpay_to_fen
        # 0.29 * 100 == 28.999999999999996, 1.005 rounds half up to 1.01 first.
        self.assertEqual(to_fen(0.29, self.currency), 29)
        self.assertEqual(to_fen(19.99, self.currency), 1999)
        self.assertEqual(to_fen(1.005, self.currency), 101)
        self.assertEqual(to_fen(88.88, self.currency), 8888)
        self.assertIsInstance(to_fen(100.0, self.currency), int)

    def test_signing_string_construction(self):
        """No official test vector is available offline (wechatpayv3 ships no
        tests): check the documented strings, byte for byte, against the SDK."""
        key = load_private_key(self.merchant_private_key)
        with (
            patch("wechatpayv3.utils.time.time", return_value=1554208460),
        ):
            auth = build_authorization(
                "/v3/certificates",
                "GET",
                "1900009191",
                "1DDE55AD98E",
                key,
                nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",
            )
        # The example of the "签名生成" page: GET, no body.
        message = (
            "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n"
        )
        signature = auth.split('signature="')[1].split('"')[0]
        self.assertEqual(signature, rsa_sign(self.merchant_private_key, message))
        self.assertTrue(
            auth.startswith('WECHATPAY2-SHA256-RSA2048 mchid="1900009191",')
        )
        # wx.requestPayment: the example of the "小程序调起支付" page, with
        # its time and nonce; RSASSA-PKCS1-v1_5 signatures are deterministic.
        self.provider.wechatpay_appid = "wx8888888888888888"
        module = "odoo.addons.mall_payment.models.payment_provider"
        with (
            patch(f"{module}.time.time", return_value=1414561699),
            patch(
                f"{module}.secrets.token_hex",
                return_value="5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
            ),
        ):
            params = self.provider._wechatpay_request_payment_params("123456789")
        documented = (
            "wx8888888888888888\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\n"
            "prepay_id=123456789\n"
        )
        self.assertEqual(
            params["paySign"], rsa_sign(self.merchant_private_key, documented)
        )
        self.assertEqual(params["package"], "prepay_id=123456789")

    # --- pay flow -------------------------------------------------------

    def test_prepay_returns_signed_request_payment(self):
        order, tx = self._create_order_tx(88.88)
        values = self._prepay(tx)
        [prepay] = self.standin.requests_to("/v3/pay/transactions/jsapi")
        sent = prepay.json()
        self.assertEqual(sent["amount"], {"total": 8888, "currency": "CNY"})
        self.assertEqual(sent["out_trade_no"], tx.reference)
        self.assertEqual(sent["payer"], {"openid": self.openid})
        self.assertEqual(sent["appid"], self.standin.appid)
        self.assertEqual(sent["mchid"], self.standin.mchid)
        self.assertTrue(sent["notify_url"].endswith("/payment/wechatpay/notify"))
        params = values["wechatpay_request_payment"]
        prepay_id = self.standin.orders[tx.reference]["prepay_id"]
        self.assertEqual(params["package"], f"prepay_id={prepay_id}")
        self.assertEqual(params["signType"], "RSA")
        self.assertTrue(
            rsa_verify(
                self.merchant_public_key,
                pay_sign_message(
                    self.standin.appid,
                    params["timeStamp"],
                    params["nonceStr"],
                    params["package"],
                ),
                params["paySign"],
            )
        )
        self.assertFalse(
            rsa_verify(
                self.merchant_public_key,
                pay_sign_message(
                    "wxother",
                    params["timeStamp"],
                    params["nonceStr"],
                    params["package"],
                ),
                params["paySign"],
            )
        )
        self.assertEqual(tx.wechatpay_openid, self.openid)
        self.assertEqual(tx.state, "draft")

    def test_prepay_needs_openid(self):
        order, tx = self._create_order_tx()
        with self.assertRaises(ValidationError):
            tx._get_processing_values()
        self.assertFalse(self.standin.requests)

    def test_answer_with_bad_signature_is_refused(self):
        order, tx = self._create_order_tx()
        original = self.standin.private_key_pem
        self.addCleanup(setattr, self.standin, "private_key_pem", original)
        self.standin.private_key_pem = rsa_keypair_pem()[0]  # not the configured key
        with mute_logger(TX_LOGGER), self.assertRaises(ValidationError):
            self._prepay(tx)

    # --- notifications --------------------------------------------------

    def test_notification_confirms_order_at_once(self):
        order, tx = self._create_order_tx(88.88)
        self._prepay(tx)
        self.standin.pay(tx.reference)
        headers, body = self.standin.notification(tx.reference, 8888)
        response = self._notify(headers, body)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"code": "SUCCESS"})
        self.assertEqual(tx.state, "done")
        self.assertEqual(
            tx.provider_reference, self.standin.orders[tx.reference]["transaction_id"]
        )
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(order.state, "sale")
        self.assertTrue(tx.payment_id)
        self.assertEqual(tx.payment_id.amount, 88.88)
        # Posted; "paid" comes with the bank statement reconciliation.
        self.assertIn(tx.payment_id.state, ("in_process", "paid"))

    def test_duplicate_notification_does_nothing(self):
        order, tx = self._paid_tx()
        payment = tx.payment_id
        last_change = tx.last_state_change
        headers, body = self.standin.notification(tx.reference, 8888)
        with patch.object(type(tx), "_post_process") as post_process:
            response = self._notify(headers, body)
        self.assertEqual(response.status_code, 200)
        post_process.assert_not_called()
        self.assertEqual(tx.payment_id, payment)
        self.assertEqual(tx.last_state_change, last_change)
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )

    def _assert_refused(self, headers, body, tx, status=401):
        with mute_logger(CONTROLLER_LOGGER, TX_LOGGER):
            response = self._notify(headers, body)
        self.assertEqual(response.status_code, status)
        self.assertEqual(response.json()["code"], "FAIL")
        self.assertEqual(tx.state, "draft")
        self.assertFalse(tx.provider_reference)
        self.assertFalse(tx.payment_id)

    def test_forged_signature_refused(self):
        order, tx = self._create_order_tx()
        self._prepay(tx)
        headers, body = self.standin.notification(tx.reference, 8888, tamper=True)
        self._assert_refused(headers, body, tx)
        self.assertEqual(order.state, "draft")

    def test_unknown_serial_refused(self):
        order, tx = self._create_order_tx()
        self._prepay(tx)
        headers, body = self.standin.notification(tx.reference, 8888)
        headers["Wechatpay-Serial"] = "PUB_KEY_ID_SOMEONE_ELSE"
        self._assert_refused(headers, body, tx)
        # The SDK would have fetched platform certificates: it must not.
        self.assertFalse(self.standin.requests_to("/v3/certificates"))

    def test_stale_timestamp_refused(self):
        order, tx = self._create_order_tx()
        self._prepay(tx)
        headers, body = self.standin.notification(
            tx.reference, 8888, timestamp=int(time.time()) - 6 * 60
        )
        self._assert_refused(headers, body, tx)

    def test_wrong_apiv3_key_refused(self):
        order, tx = self._create_order_tx()
        self._prepay(tx)
        self.addCleanup(setattr, self.standin, "apiv3_key", self.standin.apiv3_key)
        self.standin.apiv3_key = "0" * 32
        headers, body = self.standin.notification(tx.reference, 8888)
        self._assert_refused(headers, body, tx)

    def test_amount_mismatch_refused(self):
        order, tx = self._create_order_tx(88.88)
        self._prepay(tx)
        headers, body = self.standin.notification(tx.reference, 1)
        self._assert_refused(headers, body, tx, status=400)
        headers, body = self.standin.notification(tx.reference, 8888, currency="USD")
        self._assert_refused(headers, body, tx, status=400)

    # --- query ----------------------------------------------------------

    def test_query_cron_settles_missing_notification(self):
        order, tx = self._create_order_tx()
        self._prepay(tx)
        self.standin.pay(tx.reference)
        Tx = self.env["payment.transaction"]
        Tx._cron_wechatpay_query_pending()  # too recent: not asked yet
        self.assertEqual(tx.state, "draft")
        self.assertFalse(
            self.standin.requests_to(
                f"/v3/pay/transactions/out-trade-no/{tx.reference}"
            )
        )
        self.env.cr.execute(
            "UPDATE payment_transaction"
            " SET create_date = create_date - interval '3 minutes' WHERE id = %s",
            [tx.id],
        )
        tx.invalidate_recordset()
        Tx._cron_wechatpay_query_pending()
        [query] = self.standin.requests_to(
            f"/v3/pay/transactions/out-trade-no/{tx.reference}"
        )
        self.assertEqual(query.query, {"mchid": self.standin.mchid})
        self.assertEqual(tx.state, "done")
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(order.state, "sale")
        self.assertTrue(tx.payment_id)

    def test_query_of_unpaid_order_leaves_it_pending(self):
        order, tx = self._create_order_tx()
        self._prepay(tx)
        tx._wechatpay_query()
        self.assertEqual(tx.state, "pending")
        self.assertEqual(order.state, "draft")

    # --- refunds --------------------------------------------------------

    def _refund_wizard(self, tx, amount):
        return (
            self.env["payment.refund.wizard"]
            .with_context(active_model="account.payment", active_id=tx.payment_id.id)
            .create({"payment_id": tx.payment_id.id, "amount_to_refund": amount})
        )

    def test_partial_then_full_refund(self):
        self.standin.refund_status = "SUCCESS"
        order, tx = self._paid_tx(88.88)
        self._refund_wizard(tx, 30.00).action_refund()
        [refund1] = tx.child_transaction_ids
        [request] = self.standin.requests_to("/v3/refund/domestic/refunds")
        self.assertEqual(
            request.json()["amount"], {"refund": 3000, "total": 8888, "currency": "CNY"}
        )
        self.assertEqual(request.json()["out_refund_no"], refund1.reference)
        self.assertEqual(request.json()["out_trade_no"], tx.reference)
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
        self.assertEqual(
            len(self.standin.requests_to("/v3/refund/domestic/refunds")), 2
        )
        tx.payment_id.invalidate_recordset(["amount_available_for_refund"])
        self.assertAlmostEqual(tx.payment_id.amount_available_for_refund, 0)

    def test_refund_notification(self):
        order, tx = self._paid_tx(88.88)
        self._refund_wizard(tx, 10.00).action_refund()
        refund = tx.child_transaction_ids
        self.assertEqual(refund.state, "pending")  # PROCESSING
        # Odoo counts confirmed refunds only; the pending one counts here.
        with self.assertRaises(ValidationError):
            tx._send_refund_request(amount_to_refund=78.89)
        headers, body = self.standin.notification(
            tx.reference,
            8888,
            event_type="REFUND.SUCCESS",
            out_refund_no=refund.reference,
            refund_fen=1000,
        )
        self.assertEqual(self._notify(headers, body).status_code, 200)
        self.assertEqual(refund.state, "done")
        self.assertTrue(refund.payment_id)
        # A wrong refund amount is refused.
        refund.state = "pending"
        headers, body = self.standin.notification(
            tx.reference,
            8888,
            event_type="REFUND.SUCCESS",
            out_refund_no=refund.reference,
            refund_fen=999,
        )
        with mute_logger(CONTROLLER_LOGGER, TX_LOGGER):
            self.assertEqual(self._notify(headers, body).status_code, 400)
        self.assertEqual(refund.state, "pending")

    def test_query_cron_skips_old_and_unprepaid(self):
        order, tx = self._create_order_tx()
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
            [tx.create_date - timedelta(minutes=10), tx.id],
        )
        self.env["payment.transaction"]._cron_wechatpay_query_pending()
        self.assertFalse(self.standin.requests)
