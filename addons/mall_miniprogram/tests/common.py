# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import json
import secrets

from PIL import Image

from odoo import fields
from odoo.tests import HttpCase

from odoo.addons.mall_catalog.tests.common import flush_mall_cache
from odoo.addons.mall_catalog.tools import redis_store
from odoo.addons.mall_miniprogram.http_api import API_PREFIX
from odoo.addons.mall_payment.tests.common import (
    create_balance_program,
    enable_balance_provider,
)

from tests.standins import WechatpayStandin, WeixinStandin
from tests.standins.wechatpay import rsa_keypair_pem


def picture_base64(colour="orange", size=(600, 600), fmt="PNG"):
    """A real picture, base64-encoded as Odoo's image fields and the API take it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue()).decode()


class MallApiCommon(HttpCase):
    """Calls the mini-program API over Odoo's real HTTP stack."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.shopper = cls.env["res.partner"].create(
            {"name": "测试顾客", "mall_is_shopper": True}
        )
        flush_mall_cache(cls.env.cr.dbname)
        cls.addClassCleanup(flush_mall_cache, cls.env.cr.dbname)

    @classmethod
    def _create_carrier(cls, name, fee=0.0, **values):
        """A delivery method at a fixed ``fee`` (its fee product tax-free)."""
        fee_product = cls.env["product.product"].create(
            {"name": f"{name} 运费", "type": "service", "taxes_id": False}
        )
        return cls.env["delivery.carrier"].create(
            {
                "name": name,
                "delivery_type": "fixed",
                "fixed_price": fee,
                "product_id": fee_product.id,
                **values,
            }
        )

    @classmethod
    def _create_address(cls, partner=None, **values):
        """A delivery address of ``partner`` (the shopper by default)."""
        return cls.env["res.partner"].create(
            {
                "name": "张三",
                "type": "delivery",
                "parent_id": (partner or cls.shopper).id,
                "phone": "13800001111",
                "street": "文三路 1 号",
                "city": "杭州",
                "country_id": cls.env.ref("base.cn").id,
                **values,
            }
        )

    def setUp(self):
        super().setUp()
        # Every test calls from 127.0.0.1: each starts with fresh rate-limit
        # counters, in Redis as in PostgreSQL (whose rows roll back with it).
        client = redis_store.get_client()
        if client is not None:
            keys = list(
                client.scan_iter(match=f"mall:{self.env.cr.dbname}:ratelimit:*")
            )
            if keys:
                client.delete(*keys)

    def api(
        self, method, path, *, token=None, json_body=None, headers=None, raw=None, **kw
    ):
        """``(status, parsed JSON body, response)`` of an API call."""
        headers = dict(headers or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = raw
        if json_body is not None:
            data = json.dumps(json_body)
            headers.setdefault("Content-Type", "application/json")
        response = self.opener.request(
            method,
            self.base_url() + API_PREFIX + path,
            data=data,
            headers=headers,
            timeout=kw.pop("timeout", 12),
            allow_redirects=False,
            **kw,
        )
        self.assertTrue(
            response.headers["Content-Type"].startswith("application/json"),
            f"{method} {path} answered {response.headers['Content-Type']}",
        )
        return response.status_code, response.json(), response

    def assertApiError(self, result, status, code):
        got_status, body, _response = result
        self.assertEqual((got_status, body["error"]["code"]), (status, code), body)
        self.assertTrue(body["error"]["message"])
        self.assertTrue(body["error"]["message_en"])
        return body["error"]

    def _start_weixin(self, appid, partner=None, openid=None):
        """A WeChat API stand-in configured as the mall's mini-program
        ``appid``; ``partner``, if given, signs in to it as ``openid``."""
        weixin = WeixinStandin(appid=appid)
        weixin.start()
        self.addCleanup(weixin.stop)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("mall.weixin_appid", weixin.appid)
        params.set_param("mall.weixin_secret", weixin.secret)
        params.set_param("mall.weixin_api_base", weixin.url)
        if partner:
            self.env["mall.shopper.identity"].create(
                {
                    "partner_id": partner.id,
                    "platform": "weixin",
                    "appid": appid,
                    "openid": openid,
                }
            )
        return weixin


class PaymentSetup:
    """Class setup of tests that pay: renminbi prices, and providers talking
    to stand-ins with keys made here."""

    @classmethod
    def _setup_cny_pricelist(cls, shopper):
        env = cls.env
        cny = env.ref("base.CNY")
        cny.action_unarchive()
        # The demo company keeps its books in another currency: one yuan
        # for one unit keeps the amounts readable.
        today = fields.Date.today()
        rate = cny.rate_ids.filtered(lambda r: r.name == today)
        if rate:
            rate.rate = 1.0
        else:
            env["res.currency.rate"].create(
                {"currency_id": cny.id, "rate": 1.0, "name": today}
            )
        pricelist = env["product.pricelist"].create(
            {"name": "人民币", "currency_id": cny.id}
        )
        shopper.property_product_pricelist = pricelist
        return pricelist

    @classmethod
    def _setup_balance(cls, currency):
        """The stored balance: an eWallet program in ``currency`` and the
        balance provider paying with it (in test mode)."""
        program = create_balance_program(cls.env, currency)
        enable_balance_provider(cls.env, program)
        return program

    @classmethod
    def _setup_campaign_shop(cls, shop, product, price, carrier, friends, points):
        """Who buys a campaign's product and from where: renminbi prices
        (``cls.pricelist``), the stored balance (``cls.program``); the shop
        ``shop`` (name, code) selling the published, tax-free ``product`` at
        ``price`` (``cls.shop``, ``cls.product``), the free delivery ``carrier``
        (``cls.carrier``); the shopper and ``friends`` (names) as
        ``cls.shoppers``, each with a delivery address (``cls.addresses``) and
        ``points`` on the balance."""
        env = cls.env
        cls.pricelist = cls._setup_cny_pricelist(cls.shopper)
        cls.program = cls._setup_balance(env.ref("base.CNY"))
        cls.shop = env["mall.shop"].create(
            {
                "name": shop[0],
                "code": shop[1],
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.product = env["product.template"].create(
            {
                "name": product,
                "list_price": price,
                "mall_published": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        cls.carrier = cls._create_carrier(carrier)
        cls.shoppers = cls.shopper | env["res.partner"].create(
            [
                {
                    "name": name,
                    "mall_is_shopper": True,
                    "property_product_pricelist": cls.pricelist.id,
                }
                for name in friends
            ]
        )
        cls.addresses = {p: cls._create_address(partner=p) for p in cls.shoppers}
        env["loyalty.card"].create(
            [
                {"program_id": cls.program.id, "partner_id": p.id, "points": points}
                for p in cls.shoppers
            ]
        )

    @classmethod
    def _setup_wechatpay(cls, shopper, openid):
        """Start a WeChat Pay stand-in (``cls.wechatpay``) and configure the
        provider (``cls.wechatpay_provider``) for it; ``shopper`` signs in to
        its mini-program as ``openid``."""
        env = cls.env
        merchant_private, merchant_public = rsa_keypair_pem()
        apiv3_key = secrets.token_hex(16)
        cls.wechatpay = WechatpayStandin(merchant_public, apiv3_key)
        cls.wechatpay.start()
        cls.addClassCleanup(cls.wechatpay.stop)
        env["mall.shopper.identity"].create(
            {
                "partner_id": shopper.id,
                "platform": "weixin",
                "appid": cls.wechatpay.appid,
                "openid": openid,
            }
        )
        # What installing mall_payment does (a database updated from an
        # older version may lack it): the provider's journal and method.
        env["payment.provider"]._setup_provider("wechatpay")
        provider = env.ref("mall_payment.payment_provider_wechatpay")
        provider.write(
            {
                "state": "test",
                "wechatpay_mchid": cls.wechatpay.mchid,
                "wechatpay_appid": cls.wechatpay.appid,
                "wechatpay_apiv3_key": apiv3_key,
                "wechatpay_cert_serial_no": cls.wechatpay.merchant_serial_no,
                "wechatpay_private_key": merchant_private,
                "wechatpay_public_key_id": cls.wechatpay.public_key_id,
                "wechatpay_public_key": cls.wechatpay.public_key_pem,
                "wechatpay_api_base": cls.wechatpay.url,
            }
        )
        provider.payment_method_ids.active = True
        cls.wechatpay_provider = provider
        return provider

    def _wechatpay_notify(self, reference, amount_fen):
        """The shopper pays in WeChat; its signed notification arrives."""
        self.wechatpay.pay(reference)
        headers, body = self.wechatpay.notification(reference, amount_fen)
        response = self.url_open(
            "/payment/wechatpay/notify", data=body, headers=headers
        )
        self.assertEqual(response.status_code, 200, response.text)
