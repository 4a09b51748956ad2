# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Security review findings, proved (docs/security.md lists them all)."""

import logging
from contextlib import contextmanager

from odoo.tests import tagged
from odoo.tools import mute_logger

from tests.standins import WeixinStandin

from .common import MallApiCommon, PaymentSetup, picture_base64

# Loggers raised to DEBUG while secrets go through: ours, the SDKs', HTTP.
# (odoo.sql_db is not: --log-sql prints every query with its parameters,
# which is why docs/security.md says never to enable it in production.)
VERBOSE_LOGGERS = (
    "odoo.addons",
    "odoo.http",
    "werkzeug",
    "wechatpy",
    "wechatpayv3",
    "alipay",
    "urllib3",
    "requests",
)


@contextmanager
def all_logs():
    """Every record logged (any thread), at DEBUG, into the yielded list."""
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    root = logging.getLogger()
    handler = Keep(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    saved = {name: logging.getLogger(name).level for name in VERBOSE_LOGGERS}
    saved_handlers, saved_level = root.handlers[:], root.level
    root.handlers = [handler]
    root.setLevel(logging.DEBUG)
    for name in VERBOSE_LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        root.handlers, root.level = saved_handlers, saved_level
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


@tagged("post_install", "-at_install")
class TestSecurity(PaymentSetup, MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        pricelist = cls._setup_cny_pricelist(cls.shopper)
        cls.program = cls._setup_balance(pricelist.currency_id)
        cls.shop = env["mall.shop"].create(
            {
                "name": "安全测试店",
                "code": "SECT",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.teapot = env["product.template"].create(
            {
                "name": "安全测试茶壶",
                "list_price": 100.0,
                "mall_published": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        cls.carrier = cls._create_carrier("安全测试快递")

    def setUp(self):
        super().setUp()
        self.weixin = WeixinStandin(appid="wx5ec0ffee5ec0ffee")
        self.weixin.start()
        self.addCleanup(self.weixin.stop)
        for key, value in {
            "mall.weixin_appid": self.weixin.appid,
            "mall.weixin_secret": self.weixin.secret,
            "mall.weixin_api_base": self.weixin.url,
        }.items():
            self.env["ir.config_parameter"].sudo().set_param(key, value)

    # ------------------------------------------------------------------
    # CSRF: the API reads bearer tokens only, never the session cookie
    # ------------------------------------------------------------------
    def test_a_cookie_session_alone_cannot_use_shopper_routes(self):
        # A signed-in back-office user: its browser carries the session cookie
        # a forged cross-site request would ride on.
        self.authenticate("admin", "admin")
        self.assertTrue(self.opener.cookies.get("session_id"))
        self.assertApiError(self.api("GET", "/me"), 401, "AUTH_REQUIRED")
        self.assertApiError(
            self.api("PATCH", "/me", json_body={"name": "伪造"}), 401, "AUTH_REQUIRED"
        )
        self.assertApiError(
            self.api("POST", "/auth/logout", json_body={"all_devices": True}),
            401,
            "AUTH_REQUIRED",
        )
        # Optional-auth routes treat it as anonymous: no favourites flag etc.
        status, _body, _response = self.api("GET", "/products")
        self.assertEqual(status, 200)

    def test_back_office_posts_need_the_csrf_token(self):
        """Odoo's own type=http POST routes (the back office's forms) refuse a
        request without the session's CSRF token; the mall adds none that
        skips it except the signed payment notifications and the API."""
        self.authenticate("admin", "admin")
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/binary/upload_attachment",
                data={"model": "res.partner", "id": self.shopper.id},
                files={"ufile": ("a.txt", b"forged")},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("CSRF", response.text)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "res.partner"), ("res_id", "=", self.shopper.id)]
            )
        )
        routes = {
            rule.rule
            for rule in self.env["ir.http"].routing_map().iter_rules()
            if rule.endpoint.routing.get("csrf") is False
            and rule.endpoint.routing.get("type") == "http"
            and rule.endpoint.__module__.startswith("odoo.addons.mall_")
        }
        unexpected = {
            route
            for route in routes
            if not route.startswith("/mall/api/")
            and route
            not in (
                "/payment/wechatpay/notify",
                "/payment/alipay/notify",
                "/mall/weixin/message",
            )
        }
        self.assertFalse(unexpected, "csrf=False routes outside the API")

    # ------------------------------------------------------------------
    # Secrets never logged
    # ------------------------------------------------------------------
    def test_sign_in_and_payment_log_no_secret(self):
        phone = "13912345678"
        self.weixin.add_login_code(
            "sec-code-1", "o-sec-openid", session_key="c2Vzc2lvbmtleQ=="
        )
        self.weixin.add_phone_code("sec-phone-1", phone)
        with all_logs() as logs:
            status, body, _response = self.api(
                "POST", "/auth/weixin", json_body={"code": "sec-code-1"}
            )
            self.assertEqual(status, 200, body)
            session = body["data"]
            token = session["token"]
            status, body, _response = self.api(
                "POST", "/me/phone", token=token, json_body={"code": "sec-phone-1"}
            )
            self.assertEqual(status, 200, body)
            shopper = self.env["res.partner"].browse(session["shopper"]["id"])
            shopper.property_product_pricelist = self.shopper.property_product_pricelist
            self.env["loyalty.card"].create(
                {"program_id": self.program.id, "partner_id": shopper.id, "points": 500}
            )
            address = self._create_address(shopper, phone=phone)
            variant = self.teapot.product_variant_id
            self.api(
                "POST",
                "/cart/lines",
                token=token,
                json_body={"variant_id": variant.id, "quantity": 1},
            )
            status, body, _response = self.api(
                "POST",
                "/checkout",
                token=token,
                json_body={
                    "address_id": address.id,
                    "carriers": {str(self.shop.id): self.carrier.id},
                },
            )
            self.assertEqual(status, 201, body)
            status, body, _response = self.api(
                "POST",
                f"/checkouts/{body['data']['id']}/pay",
                token=token,
                json_body={"provider": "mall_balance"},
            )
            self.assertEqual((status, body["data"]["state"]), (200, "done"), body)
            status, body, _response = self.api(
                "POST",
                "/auth/refresh",
                json_body={"refresh_token": session["refresh_token"]},
            )
            self.assertEqual(status, 200, body)
            new_token = body["data"]["token"]
        self.assertGreater(len(logs), 5, "the requests were logged")
        secrets = {
            "token": token,
            "refresh token": session["refresh_token"],
            "new token": new_token,
            "phone": phone,
            "phone (local part)": phone[3:],
            "WeChat secret": self.weixin.secret,
            "session key": "c2Vzc2lvbmtleQ==",
            "sign-in code": "sec-code-1",
            "phone code": "sec-phone-1",
        }
        text = "\n".join(logs)
        for name, secret in secrets.items():
            self.assertNotIn(secret, text, f"the {name} was logged")

    # ------------------------------------------------------------------
    # Uploads
    # ------------------------------------------------------------------
    def test_avatar_upload_is_checked(self):
        token = self.env["mall.shopper.token"]._issue(self.shopper)
        for picture, reason in [
            (picture_base64(fmt="GIF"), "not a JPEG, PNG or WebP picture"),
            ("PD94bWwgdmVyc2lvbj0iMS4wIj8+", "not a JPEG, PNG or WebP picture"),
            ("%%%", "not valid base64"),
            (picture_base64(size=(7000, 7000)), "too many pixels"),
        ]:
            error = self.assertApiError(
                self.api("PATCH", "/me", token=token, json_body={"avatar": picture}),
                422,
                "VALIDATION_ERROR",
            )
            self.assertEqual(
                error["details"],
                [{"field": "body.avatar", "type": "picture", "message": reason}],
            )
        self.assertFalse(self.shopper.image_1920)
        status, body, _response = self.api(
            "PATCH", "/me", token=token, json_body={"avatar": picture_base64()}
        )
        self.assertEqual(status, 200, body)
        self.assertTrue(self.shopper.image_1920)

    def test_huge_ids_are_not_found_not_server_errors(self):
        token = self.env["mall.shopper.token"]._issue(self.shopper)
        big = 2**31
        self.assertApiError(self.api("GET", f"/products/{big}"), 404, "NOT_FOUND")
        self.assertApiError(
            self.api("DELETE", f"/addresses/{big}", token=token), 404, "NOT_FOUND"
        )
        error = self.assertApiError(
            self.api(
                "POST",
                "/cart/lines",
                token=token,
                json_body={"variant_id": big, "quantity": 1},
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertEqual(error["details"][0]["field"], "body.variant_id")

    def test_nul_characters_are_refused_not_server_errors(self):
        error = self.assertApiError(
            self.api("GET", "/faqs?q=a%00b"), 422, "VALIDATION_ERROR"
        )
        self.assertEqual(error["details"][0]["field"], "query.q")
        token = self.env["mall.shopper.token"]._issue(self.shopper)
        error = self.assertApiError(
            self.api("PATCH", "/me", token=token, json_body={"name": "a\x00b"}),
            422,
            "VALIDATION_ERROR",
        )
        self.assertEqual(error["details"][0]["field"], "body.name")
        self.assertEqual(self.shopper.name, "测试顾客")
