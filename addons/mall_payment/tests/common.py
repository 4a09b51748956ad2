# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets

from odoo.fields import Command

from odoo.addons.account_payment.tests.common import AccountPaymentCommon
from odoo.addons.payment.tests.http_common import PaymentHttpCommon
from odoo.addons.sale.tests.common import SaleCommon

from tests.standins import WechatpayStandin
from tests.standins.wechatpay import rsa_keypair_pem

NOTIFY_URL = "/payment/wechatpay/notify"


class WechatpayCommon(AccountPaymentCommon, SaleCommon, PaymentHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The merchant key pair is made here, never committed.
        cls.merchant_private_key, cls.merchant_public_key = rsa_keypair_pem()
        cls.apiv3_key = secrets.token_hex(16)
        cls.standin = WechatpayStandin(cls.merchant_public_key, cls.apiv3_key)
        cls.standin.start()
        cls.addClassCleanup(cls.standin.stop)

        cls.currency = cls._prepare_currency("CNY")
        cls.payment_method = cls.env.ref("payment.payment_method_wechat_pay")
        cls.payment_method_id = cls.payment_method.id
        cls.provider = cls._prepare_provider(
            "wechatpay",
            update_values={
                "wechatpay_mchid": cls.standin.mchid,
                "wechatpay_appid": cls.standin.appid,
                "wechatpay_apiv3_key": cls.apiv3_key,
                "wechatpay_cert_serial_no": cls.standin.merchant_serial_no,
                "wechatpay_private_key": cls.merchant_private_key,
                "wechatpay_public_key_id": cls.standin.public_key_id,
                "wechatpay_public_key": cls.standin.public_key_pem,
                "wechatpay_api_base": cls.standin.url,
                "payment_method_ids": [Command.set([cls.payment_method_id])],
            },
        )
        cls.payment_method.active = True
        cls.provider.journal_id.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == cls.provider
        ).payment_account_id = cls.inbound_payment_method_line.payment_account_id
        cls.pricelist_cny = cls.env["product.pricelist"].create(
            {"name": "CNY", "currency_id": cls.currency.id}
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

    def _prepay(self, tx):
        return tx.with_context(wechatpay_openid=self.openid)._get_processing_values()

    def _notify(self, headers, body):
        return self.url_open(self._build_url(NOTIFY_URL), data=body, headers=headers)
