# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.mall_payment.tests.common import (
    create_balance_program,
    enable_balance_provider,
)

from tests.standins import AlipayStandin
from tests.standins.alipay import generate_rsa_keypair

from .common import MallApiCommon, PaymentSetup


@tagged("post_install", "-at_install")
class TestPaymentApi(PaymentSetup, MallApiCommon):
    """Paying checkouts with Alipay (Huabei too) and the balance, topping the
    balance up with WeChat Pay: through the API and the stand-ins."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.pricelist = cls._setup_cny_pricelist(cls.shopper)
        cls._setup_wechatpay(cls.shopper, "o-pay-shopper")
        cny = env.ref("base.CNY")

        # Alipay, in public key mode, the shopper known by a user id.
        app_private, app_public = generate_rsa_keypair()
        cls.alipay = AlipayStandin("2021000000000077", app_public)
        cls.alipay.start()
        cls.addClassCleanup(cls.alipay.stop)
        env["payment.provider"]._setup_provider("alipay")
        cls.alipay_provider = env.ref("mall_payment.payment_provider_alipay")
        cls.alipay_provider.write(
            {
                "state": "test",
                "alipay_app_id": cls.alipay.app_id,
                "alipay_app_private_key": app_private,
                "alipay_public_key": cls.alipay.alipay_public_key_pem,
                "alipay_gateway": cls.alipay.gateway,
                "alipay_huabei_periods": "6,12",
                "alipay_huabei_fee_payer": "seller",
            }
        )
        cls.alipay_provider.payment_method_ids.active = True
        env["mall.shopper.identity"].create(
            {
                "partner_id": cls.shopper.id,
                "platform": "alipay",
                "appid": cls.alipay.app_id,
                "openid": "2088102177846881",
            }
        )

        # The balance: an eWallet program in renminbi.
        cls.program = create_balance_program(env, cny)
        cls.topup_product = cls.program.rule_ids.product_ids
        cls.balance_provider = enable_balance_provider(env, cls.program)

        # A shop's teapot at 100.00, delivered free.
        cls.shop = env["mall.shop"].create(
            {
                "name": "支付测试店",
                "code": "PAYT",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.teapot = env["product.template"].create(
            {
                "name": "支付测试茶壶",
                "list_price": 100.0,
                "mall_published": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        cls.carrier = cls._create_carrier("支付测试快递")
        cls.address = cls._create_address()

    def setUp(self):
        super().setUp()
        self.token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")

    def tearDown(self):
        super().tearDown()
        self.assertFalse(self.alipay.errors, "an Alipay stand-in handler failed")

    def call(self, method, path, body=None, expect=None):
        """The data of the answer, or the error answer when ``expect`` (a
        status) is not a success."""
        status, data, _response = self.api(
            method, path, token=self.token, json_body=body
        )
        if expect:
            self.assertEqual(status, expect, data)
        else:
            self.assertLess(status, 300, data)
        return data.get("data") if status < 300 else data

    def _checkout(self):
        self.call(
            "POST",
            "/cart/lines",
            {"variant_id": self.teapot.product_variant_id.id, "quantity": 1},
        )
        data = self.call(
            "POST",
            "/checkout",
            {
                "address_id": self.address.id,
                "carriers": {str(self.shop.id): self.carrier.id},
            },
        )
        return self.env["mall.checkout"].browse(data["id"])

    def _card(self):
        return self.env["loyalty.card"].search(
            [("program_id", "=", self.program.id), ("partner_id", "=", self.shopper.id)]
        )

    def test_topup_with_wechatpay_then_pay_with_balance(self):
        self.assertEqual(self.call("GET", "/balance")["balance"], "0.00")
        topup = self.call("POST", "/balance/topups", {"amount": "300.00"}, expect=201)
        self.assertEqual(topup["amount_total"], "300.00")
        checkout = self.env["mall.checkout"].browse(topup["id"])
        self.assertEqual(checkout.kind, "topup")
        # Not from the balance itself.
        self.call(
            "POST",
            f"/checkouts/{checkout.id}/pay",
            {"provider": "mall_balance"},
            expect=409,
        )
        payment = self.call("POST", f"/checkouts/{checkout.id}/pay", {})
        self.assertEqual(payment["state"], "pending")
        self.assertTrue(payment["request_payment"]["paySign"])
        self._wechatpay_notify(payment["reference"], 30000)
        order = checkout.order_ids
        self.assertEqual(checkout.state, "paid")
        self.assertEqual(order.state, "sale")
        self.assertEqual(self._card().points, 300.0)
        self.assertEqual(self.call("GET", "/balance")["balance"], "300.00")
        # A top-up is not an order of the shop.
        self.assertNotIn(order.id, [o["id"] for o in self.call("GET", "/orders")])

        checkout = self._checkout()
        payment = self.call(
            "POST", f"/checkouts/{checkout.id}/pay", {"provider": "mall_balance"}
        )
        self.assertEqual(payment["state"], "done")
        self.assertEqual(payment["balance_remaining"], "200.00")
        self.assertEqual(checkout.state, "paid")
        self.assertEqual(checkout.order_ids.mall_payment_state, "paid")
        self.assertEqual(self._card().points, 200.0)
        tx = self.env["payment.transaction"].search(
            [("reference", "=", payment["reference"])]
        )
        self.assertEqual(tx.provider_code, "mall_balance")
        self.assertEqual(tx.payment_id.journal_id.code, "BAL")
        # Paid twice? The checkout is paid: refused, nothing debited.
        self.call(
            "POST",
            f"/checkouts/{checkout.id}/pay",
            {"provider": "mall_balance"},
            expect=409,
        )
        self.assertEqual(self._card().points, 200.0)
        history = self.call("GET", "/balance/history")
        self.assertEqual([move["amount"] for move in history], ["-100.00", "300.00"])
        self.assertIn(tx.reference, history[0]["description"])

        # Another shopper sees none of it, and cannot pay this one's top-up.
        topup = self.call("POST", "/balance/topups", {"amount": "50.00"}, expect=201)
        stranger = self.env["res.partner"].create(
            {"name": "路人", "mall_is_shopper": True}
        )
        self.token = self.env["mall.shopper.token"]._issue(stranger, "weixin")
        self.assertEqual(self.call("GET", "/balance")["balance"], "0.00")
        self.assertEqual(self.call("GET", "/balance/history"), [])
        self.call("POST", f"/checkouts/{topup['id']}/pay", {}, expect=404)

    def test_balance_short_changes_nothing(self):
        self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": self.shopper.id,
                "points": 99.99,
            }
        )
        checkout = self._checkout()
        result = self.call(
            "POST",
            f"/checkouts/{checkout.id}/pay",
            {"provider": "mall_balance"},
            expect=409,
        )
        self.assertEqual(result["error"]["code"], "INSUFFICIENT_BALANCE")
        self.assertEqual(self._card().points, 99.99)
        self.assertEqual(checkout.state, "to_pay")
        self.assertFalse(checkout.order_ids.transaction_ids)

    def test_topup_amount_limits(self):
        for amount in ("0.50", "5000.01"):
            result = self.call(
                "POST", "/balance/topups", {"amount": amount}, expect=422
            )
            self.assertEqual(result["error"]["code"], "VALIDATION_ERROR")
        self.call("POST", "/balance/topups", {"amount": "0.001"}, expect=422)
        self.assertFalse(
            self.env["mall.checkout"].search(
                [("partner_id", "=", self.shopper.id), ("kind", "=", "topup")]
            )
        )

    def test_alipay_with_huabei_instalments(self):
        checkout = self._checkout()
        pay = f"/checkouts/{checkout.id}/pay"
        # 3 periods are not offered by the mall, 24 by nobody; WeChat Pay has
        # no instalments.
        result = self.call(
            "POST", pay, {"provider": "alipay", "installments": 3}, expect=409
        )
        self.assertEqual(result["error"]["code"], "INSTALLMENTS_UNAVAILABLE")
        self.call("POST", pay, {"provider": "alipay", "installments": 24}, expect=422)
        self.call("POST", pay, {"provider": "wechatpay", "installments": 6}, expect=409)
        self.assertFalse(self.alipay.trades)

        payment = self.call("POST", pay, {"provider": "alipay", "installments": 6})
        self.assertEqual(payment["state"], "pending")
        trade = self.alipay.trades[payment["reference"]]
        self.assertEqual(payment["trade_no"], trade["trade_no"])
        self.assertEqual(trade["total_amount"], "100.00")
        self.assertEqual(trade["buyer_id"], "2088102177846881")
        self.assertEqual(
            trade["extend_params"], {"hb_fq_num": "6", "hb_fq_seller_percent": "100"}
        )
        # The shopper pays in Alipay; the signed notification pays the order.
        self.alipay.pay(payment["reference"])
        response = self.url_open(
            "/payment/alipay/notify",
            data=self.alipay.notification(payment["reference"]),
        )
        self.assertEqual(response.text, "success")
        tx = self.env["payment.transaction"].search(
            [("reference", "=", payment["reference"])]
        )
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.alipay_installments, 6)
        self.assertEqual(checkout.state, "paid")
        self.assertEqual(checkout.order_ids.mall_payment_state, "paid")
        self.assertEqual(tx.payment_id.journal_id.code, "ALIPY")
        # Paid with Alipay: WeChat wants no shipping information of it.
        self.assertFalse(checkout.order_ids._mall_wx_shipping_needed())
