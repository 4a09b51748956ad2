# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import secrets

from odoo.fields import Command

from odoo.addons.account_payment.tests.common import AccountPaymentCommon
from odoo.addons.payment.tests.http_common import PaymentHttpCommon
from odoo.addons.sale.tests.common import SaleCommon

from tests.standins import AlipayStandin, WechatpayStandin, generate_rsa_keypair
from tests.standins.wechatpay import rsa_keypair_pem

NOTIFY_URL = "/payment/wechatpay/notify"
ALIPAY_NOTIFY_URL = "/payment/alipay/notify"


def create_balance_program(env, currency, name="余额充值", **topup_values):
    """The stored balance: an eWallet program in ``currency``, topped up by
    buying its top-up product (``name``), one point per unit of money."""
    return env["payment.provider"]._mall_create_balance_program(
        currency, name, **topup_values
    )


def enable_balance_provider(env, program):
    """The balance provider, in test mode, paying with ``program``."""
    env["payment.provider"]._setup_provider("mall_balance")
    provider = env.ref("mall_payment.payment_provider_mall_balance")
    provider.write({"state": "test", "mall_balance_program_id": program.id})
    provider.payment_method_ids.active = True
    return provider


class MallPaymentCommon(AccountPaymentCommon, SaleCommon, PaymentHttpCommon):
    """Sale orders in renminbi paid through a mall provider."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.currency = cls._prepare_currency("CNY")
        cls.pricelist_cny = cls.env["product.pricelist"].create(
            {"name": "CNY", "currency_id": cls.currency.id}
        )

    @classmethod
    def _prepare_mall_provider(cls, code, payment_method, values):
        """The provider of ``code``, enabled with ``values`` and
        ``payment_method``, whose payments post to the test account."""
        cls.payment_method = payment_method
        cls.payment_method_id = payment_method.id
        provider = cls._prepare_provider(
            code,
            update_values={
                **values,
                "payment_method_ids": [Command.set([payment_method.id])],
            },
        )
        payment_method.active = True
        provider.journal_id.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == provider
        ).payment_account_id = cls.inbound_payment_method_line.payment_account_id
        return provider

    def _create_order(self, price=88.88):
        return self.env["sale.order"].create(
            {
                "partner_id": self.partner.id,
                "pricelist_id": self.pricelist_cny.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": price,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _create_order_tx(self, price=88.88):
        order = self._create_order(price)
        self.assertEqual(order.currency_id, self.currency)
        tx = self._create_transaction(
            "direct",
            amount=order.amount_total,
            reference=order.name,
            sale_order_ids=[Command.set(order.ids)],
        )
        return order, tx


class WechatpayCommon(MallPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The merchant key pair is made here, never committed.
        cls.merchant_private_key, cls.merchant_public_key = rsa_keypair_pem()
        cls.apiv3_key = secrets.token_hex(16)
        cls.standin = WechatpayStandin(cls.merchant_public_key, cls.apiv3_key)
        cls.standin.start()
        cls.addClassCleanup(cls.standin.stop)

        cls.provider = cls._prepare_mall_provider(
            "wechatpay",
            cls.env.ref("payment.payment_method_wechat_pay"),
            {
                "wechatpay_mchid": cls.standin.mchid,
                "wechatpay_appid": cls.standin.appid,
                "wechatpay_apiv3_key": cls.apiv3_key,
                "wechatpay_cert_serial_no": cls.standin.merchant_serial_no,
                "wechatpay_private_key": cls.merchant_private_key,
                "wechatpay_public_key_id": cls.standin.public_key_id,
                "wechatpay_public_key": cls.standin.public_key_pem,
                "wechatpay_api_base": cls.standin.url,
            },
        )
        cls.openid = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"

    def setUp(self):
        super().setUp()
        self.standin.requests.clear()
        self.standin.orders.clear()
        self.standin.refunds.clear()
        self.standin.refund_status = "PROCESSING"

    def tearDown(self):
        super().tearDown()
        self.assertFalse(self.standin.errors, "a stand-in handler failed")
        self.assertFalse(self.standin.signature_failures)

    def _prepay(self, tx):
        return tx.with_context(wechatpay_openid=self.openid)._get_processing_values()

    def _notify(self, headers, body):
        return self.url_open(self._build_url(NOTIFY_URL), data=body, headers=headers)


class AlipayCommon(MallPaymentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The app key pair is made here, never committed.
        cls.app_private_key, cls.app_public_key = generate_rsa_keypair()
        cls.app_id = "2021000000000001"
        cls.standin = AlipayStandin(cls.app_id, cls.app_public_key)
        cls.standin.start()
        cls.addClassCleanup(cls.standin.stop)
        cls.provider = cls._prepare_mall_provider(
            "alipay",
            cls.env.ref("payment.payment_method_alipay"),
            {
                "alipay_app_id": cls.app_id,
                "alipay_seller_id": cls.standin.seller_id,
                "alipay_key_mode": "public_key",
                "alipay_app_private_key": cls.app_private_key,
                "alipay_public_key": cls.standin.alipay_public_key_pem,
                "alipay_gateway": cls.standin.gateway,
                "alipay_huabei_periods": "3,6,12",
                "alipay_huabei_fee_payer": "buyer",
            },
        )
        cls.buyer_id = "2088102177846880"
        cls.buyer_open_id = "074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5"

    def setUp(self):
        super().setUp()
        self.standin.requests.clear()
        self.standin.trades.clear()
        self.standin.refunds.clear()
        self.standin.bills.clear()
        self.standin.refund_fund_change = "Y"

    def tearDown(self):
        super().tearDown()
        self.assertFalse(self.standin.errors, "a stand-in handler failed")

    def _create_trade(self, tx, **context):
        context.setdefault("alipay_buyer_id", self.buyer_id)
        return tx.with_context(**context)._get_processing_values()

    def _alipay_notify(self, data):
        return self.url_open(self._build_url(ALIPAY_NOTIFY_URL), data=data)

    def _gateway_calls(self, method):
        """The biz_content, parsed, of the gateway calls of ``method``."""
        return [
            json.loads(r.params.get("biz_content") or "{}")
            for r in self.standin.requests_to("/gateway.do")
            if r.params.get("method") == method
        ]


class BalanceCommon(WechatpayCommon):
    """WeChat Pay (to top up) and the balance provider on an eWallet program
    in renminbi."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = create_balance_program(
            cls.env, cls.currency, name="Balance top-up", list_price=100.0
        )
        cls.topup_product = cls.program.rule_ids.product_ids
        cls.balance_method = cls.env.ref("mall_payment.payment_method_mall_balance")
        cls.balance_provider = cls._prepare_provider(
            "mall_balance",
            update_values={
                "mall_balance_program_id": cls.program.id,
                "payment_method_ids": [Command.set(cls.balance_method.ids)],
            },
        )
        cls.balance_method.active = True

    def _card(self, points, partner=None):
        return self.env["loyalty.card"].create(
            {
                "program_id": self.program.id,
                "partner_id": (partner or self.partner).id,
                "points": points,
            }
        )

    def _create_balance_order_tx(self, price=88.88):
        order = self._create_order(price)
        tx = self._create_transaction(
            "direct",
            amount=order.amount_total,
            reference=order.name,
            provider_id=self.balance_provider.id,
            payment_method_id=self.balance_method.id,
            sale_order_ids=[Command.set(order.ids)],
        )
        return order, tx

    def _refund_wizard(self, tx, amount):
        return (
            self.env["payment.refund.wizard"]
            .with_context(active_model="account.payment", active_id=tx.payment_id.id)
            .create({"payment_id": tx.payment_id.id, "amount_to_refund": amount})
        )
