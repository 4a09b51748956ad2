# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from tests.standins import AlipayStandin, WeixinStandin, generate_rsa_keypair

from .common import MallApiCommon, picture_base64


@tagged("post_install", "-at_install")
class TestLoginApi(MallApiCommon):
    """Sign-in through the real wechatpy and python-alipay-sdk code, against
    local servers that answer as WeChat and Alipay document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.app_keys = generate_rsa_keypair()
        cls.alipay_keys = generate_rsa_keypair()
        cls.Identity = cls.env["mall.shopper.identity"]

    def setUp(self):
        super().setUp()
        # Fresh stand-ins per test: sign-in codes work once.
        self.weixin = WeixinStandin(appid="wx5e1f0c0ffee0cafe")
        self.weixin.start()
        self.addCleanup(self.weixin.stop)
        app_private, app_public = self.app_keys
        self.alipay = AlipayStandin(
            "2021000000000001", app_public, alipay_private_key_pem=self.alipay_keys[0]
        )
        self.alipay.start()
        self.addCleanup(self.alipay.stop)
        for key, value in {
            "mall.weixin_appid": self.weixin.appid,
            "mall.weixin_secret": self.weixin.secret,
            "mall.weixin_api_base": self.weixin.url,
            "mall.alipay_app_id": self.alipay.app_id,
            "mall.alipay_private_key": app_private,
            "mall.alipay_public_key": self.alipay.alipay_public_key_pem,
            "mall.alipay_aes_key": self.alipay.aes_key,
            "mall.alipay_gateway": self.alipay.gateway,
        }.items():
            self.env["ir.config_parameter"].sudo().set_param(key, value)

    def _weixin_login(self, code="wx-code-1", openid="o-openid-1", **kw):
        self.weixin.add_login_code(code, openid, **kw)
        return self.api(
            "POST", "/auth/weixin", json_body={"code": code, "device_id": "dev-1"}
        )

    def test_weixin_first_sign_in_creates_the_shopper(self):
        status, body, _response = self._weixin_login(unionid="union-1")
        self.assertEqual(status, 200, body)
        session = body["data"]
        self.assertTrue(session["is_new"])
        identity = self.Identity.search([("openid", "=", "o-openid-1")])
        self.assertEqual(identity.platform, "weixin")
        self.assertEqual(identity.appid, self.weixin.appid)
        self.assertEqual(identity.unionid, "union-1")
        self.assertTrue(identity.sudo().session_key)
        shopper = identity.partner_id
        self.assertTrue(shopper.mall_is_shopper)
        self.assertFalse(shopper.user_ids, "a shopper is never a user")
        self.assertEqual(session["shopper"]["id"], shopper.id)
        self.assertEqual(session["shopper"]["platforms"], ["weixin"])
        token = self.env["mall.shopper.token"].search([("partner_id", "=", shopper.id)])
        self.assertEqual(token.device_id, "dev-1")
        status, me, _response = self.api("GET", "/me", token=session["token"])
        self.assertEqual((status, me["data"]["id"]), (200, shopper.id))
        # The next sign-in finds the same shopper.
        status, body, _response = self._weixin_login("wx-code-2")
        self.assertEqual(status, 200)
        self.assertFalse(body["data"]["is_new"])
        self.assertEqual(body["data"]["shopper"]["id"], shopper.id)
        self.assertEqual(
            self.Identity.search_count([("partner_id", "=", shopper.id)]), 1
        )

    def test_weixin_bad_and_replayed_codes(self):
        self.assertApiError(
            self.api("POST", "/auth/weixin", json_body={"code": "never-issued"}),
            401,
            "LOGIN_CODE_INVALID",
        )
        self.assertEqual(self._weixin_login()[0], 200)
        self.assertApiError(
            self.api("POST", "/auth/weixin", json_body={"code": "wx-code-1"}),
            401,
            "LOGIN_CODE_INVALID",
        )
        self.assertApiError(
            self.api("POST", "/auth/weixin", json_body={}), 422, "VALIDATION_ERROR"
        )

    def test_weixin_wrong_secret_and_unreachable(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("mall.weixin_secret", "not-the-secret")
        self.assertApiError(self._weixin_login(), 502, "PLATFORM_UNAVAILABLE")
        params.set_param("mall.weixin_secret", self.weixin.secret)
        params.set_param("mall.weixin_api_base", "http://127.0.0.1:9/")
        self.assertApiError(self._weixin_login("c2"), 502, "PLATFORM_UNAVAILABLE")
        params.set_param("mall.weixin_appid", "")
        self.assertApiError(self._weixin_login("c3"), 503, "PLATFORM_NOT_CONFIGURED")
        self.assertFalse(self.Identity.search([]).filtered("openid"))

    def test_alipay_sign_in_verified_signatures(self):
        self.alipay.add_auth_code("ali-code-1", "2088000000000001")
        status, body, _response = self.api(
            "POST", "/auth/alipay", json_body={"auth_code": "ali-code-1"}
        )
        self.assertEqual(status, 200, body)
        identity = self.Identity.search([("openid", "=", "2088000000000001")])
        self.assertEqual(identity.platform, "alipay")
        self.assertEqual(body["data"]["shopper"]["id"], identity.partner_id.id)
        self.assertApiError(
            self.api("POST", "/auth/alipay", json_body={"auth_code": "ali-code-1"}),
            401,
            "LOGIN_CODE_INVALID",
        )
        # An answer that does not carry Alipay's signature is never trusted.
        self.alipay.add_auth_code("ali-code-2", "2088000000000002")
        self.alipay.tamper_after_signing = lambda node: node.update(
            user_id="2088999999999999"
        )
        self.assertApiError(
            self.api("POST", "/auth/alipay", json_body={"auth_code": "ali-code-2"}),
            502,
            "PLATFORM_UNAVAILABLE",
        )
        self.alipay.tamper_after_signing = None
        self.assertFalse(self.Identity.search([("openid", "like", "20889999")]))
        # Requests signed with a key Alipay does not know are refused.
        other_private, _other_public = generate_rsa_keypair()
        self.env["ir.config_parameter"].sudo().set_param(
            "mall.alipay_private_key", other_private
        )
        self.alipay.add_auth_code("ali-code-3", "2088000000000003")
        self.assertApiError(
            self.api("POST", "/auth/alipay", json_body={"auth_code": "ali-code-3"}),
            502,
            "PLATFORM_UNAVAILABLE",
        )

    def test_phone_code_and_legacy_encrypted_data(self):
        _status, body, _response = self._weixin_login()
        token = body["data"]["token"]
        self.weixin.add_phone_code("phone-code-1", "13800138000")
        status, body, _response = self.api(
            "POST", "/me/phone", token=token, json_body={"code": "phone-code-1"}
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["shopper"]["phone"], "138****8000")
        self.assertIsNone(body["data"]["session"])
        shopper = self.Identity.search([("openid", "=", "o-openid-1")]).partner_id
        self.assertEqual(shopper.phone, "13800138000")
        # The older button: encryptedData decrypted with the session key.
        session_key = (
            self.Identity.search([("openid", "=", "o-openid-1")]).sudo().session_key
        )
        encrypted, iv = self.weixin.encrypt_user_data(
            session_key,
            {
                "phoneNumber": "13900139000",
                "purePhoneNumber": "13900139000",
                "countryCode": "86",
            },
        )
        status, body, _response = self.api(
            "POST",
            "/me/phone",
            token=token,
            json_body={"encrypted_data": encrypted, "iv": iv},
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(shopper.phone, "13900139000")
        self.assertApiError(
            self.api(
                "POST",
                "/me/phone",
                token=token,
                json_body={"encrypted_data": encrypted[:-8] + "AAAAAAA=", "iv": iv},
            ),
            400,
            "PHONE_INVALID",
        )
        self.assertApiError(
            self.api(
                "POST", "/me/phone", token=token, json_body={"code": "phone-code-1"}
            ),
            400,
            "PHONE_INVALID",
        )
        self.assertEqual(shopper.phone, "13900139000")

    def test_one_shopper_on_both_platforms_joined_by_phone(self):
        _status, body, _response = self._weixin_login()
        weixin_token = body["data"]["token"]
        self.weixin.add_phone_code("phone-code-1", "13800138000")
        self.api(
            "POST", "/me/phone", token=weixin_token, json_body={"code": "phone-code-1"}
        )
        weixin_shopper = self.Identity.search(
            [("openid", "=", "o-openid-1")]
        ).partner_id
        # The same person signs in on Alipay: a new account at first...
        self.alipay.add_auth_code("ali-code-1", "2088000000000001")
        _status, body, _response = self.api(
            "POST", "/auth/alipay", json_body={"auth_code": "ali-code-1"}
        )
        alipay_token = body["data"]["token"]
        self.assertNotEqual(body["data"]["shopper"]["id"], weixin_shopper.id)
        # ...until Alipay vouches for the same phone number.
        status, body, _response = self.api(
            "POST",
            "/me/phone",
            token=alipay_token,
            json_body={
                "alipay_response": self.alipay.encrypt_phone_response("13800138000")
            },
        )
        self.assertEqual(status, 200, body)
        session = body["data"]["session"]
        self.assertEqual(session["shopper"]["id"], weixin_shopper.id)
        self.assertEqual(session["shopper"]["platforms"], ["alipay", "weixin"])
        self.assertEqual(
            self.Identity.search([("openid", "=", "2088000000000001")]).partner_id,
            weixin_shopper,
        )
        self.assertApiError(
            self.api("GET", "/me", token=alipay_token), 401, "TOKEN_INVALID"
        )
        self.assertEqual(self.api("GET", "/me", token=session["token"])[0], 200)
        # Signing in on Alipay again lands on the joined shopper.
        self.alipay.add_auth_code("ali-code-2", "2088000000000001")
        _status, body, _response = self.api(
            "POST", "/auth/alipay", json_body={"auth_code": "ali-code-2"}
        )
        self.assertEqual(body["data"]["shopper"]["id"], weixin_shopper.id)

    def test_refresh_rotates_and_a_replayed_refresh_closes_all_sessions(self):
        _status, body, _response = self._weixin_login()
        first = body["data"]
        status, body, _response = self.api(
            "POST", "/auth/refresh", json_body={"refresh_token": first["refresh_token"]}
        )
        self.assertEqual(status, 200, body)
        second = body["data"]
        self.assertNotEqual(second["token"], first["token"])
        self.assertApiError(
            self.api("GET", "/me", token=first["token"]), 401, "TOKEN_INVALID"
        )
        self.assertEqual(self.api("GET", "/me", token=second["token"])[0], 200)
        # The first refresh token again: stolen; every session closes.
        self.assertApiError(
            self.api(
                "POST",
                "/auth/refresh",
                json_body={"refresh_token": first["refresh_token"]},
            ),
            401,
            "REFRESH_TOKEN_INVALID",
        )
        self.assertApiError(
            self.api("GET", "/me", token=second["token"]), 401, "TOKEN_INVALID"
        )
        self.assertApiError(
            self.api("POST", "/auth/refresh", json_body={"refresh_token": "x" * 40}),
            401,
            "REFRESH_TOKEN_INVALID",
        )

    def test_tokens_expire(self):
        _status, body, _response = self._weixin_login()
        session = body["data"]
        later = fields.Datetime.now() + timedelta(days=8)
        with freeze_time(later):
            self.assertApiError(
                self.api("GET", "/me", token=session["token"]), 401, "TOKEN_INVALID"
            )
            # The refresh token outlives it.
            status, _body, _response = self.api(
                "POST",
                "/auth/refresh",
                json_body={"refresh_token": session["refresh_token"]},
            )
            self.assertEqual(status, 200)
        with freeze_time(fields.Datetime.now() + timedelta(days=31)):
            _status, body, _response = self._weixin_login("wx-code-9")
            self.assertApiError(
                self.api(
                    "POST",
                    "/auth/refresh",
                    json_body={"refresh_token": session["refresh_token"]},
                ),
                401,
                "REFRESH_TOKEN_INVALID",
            )

    def test_frozen_shopper_cannot_sign_in(self):
        _status, body, _response = self._weixin_login()
        session = body["data"]
        shopper = self.env["res.partner"].browse(session["shopper"]["id"])
        shopper._mall_freeze()
        self.assertApiError(
            self.api("GET", "/me", token=session["token"]), 401, "TOKEN_INVALID"
        )
        self.assertApiError(self._weixin_login("wx-code-2"), 403, "ACCOUNT_FROZEN")
        self.assertApiError(
            self.api(
                "POST",
                "/auth/refresh",
                json_body={"refresh_token": session["refresh_token"]},
            ),
            401,
            "REFRESH_TOKEN_INVALID",
        )
        shopper._mall_unfreeze()
        self.assertEqual(self._weixin_login("wx-code-3")[0], 200)

    def test_profile(self):
        _status, body, _response = self._weixin_login()
        token = body["data"]["token"]
        status, body, _response = self.api(
            "PATCH",
            "/me",
            token=token,
            json_body={
                "name": "小红",
                "gender": "female",
                "birthday": "1995-05-20",
                "avatar": picture_base64("pink", size=(300, 300)),
            },
        )
        self.assertEqual(status, 200, body)
        shopper = self.env["res.partner"].browse(body["data"]["id"])
        self.assertEqual(
            (shopper.name, shopper.mall_gender, str(shopper.mall_birthday)),
            ("小红", "female", "1995-05-20"),
        )
        avatar = body["data"]["avatar"]
        self.assertIn(f"/mall/img/avatar/{shopper.id}/128/", avatar)
        self.assertEqual(
            self.url_open(avatar.replace(self.base_url(), "")).status_code, 200
        )
        # Only what is sent changes; null clears.
        status, body, _response = self.api(
            "PATCH", "/me", token=token, json_body={"birthday": None}
        )
        self.assertEqual((shopper.name, shopper.mall_birthday), ("小红", False))
        self.assertApiError(
            self.api(
                "PATCH", "/me", token=token, json_body={"avatar": "bm90IGFuIGltYWdl"}
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertApiError(
            self.api("PATCH", "/me", token=token, json_body={"gender": "robot"}),
            422,
            "VALIDATION_ERROR",
        )
