# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestShopperAuth(MallApiCommon):
    def setUp(self):
        super().setUp()
        self.Token = self.env["mall.shopper.token"]
        self.token = self.Token._issue(self.shopper, platform="weixin")

    def test_token_is_stored_hashed(self):
        record = self.Token.search([("partner_id", "=", self.shopper.id)])
        self.assertEqual(len(record), 1)
        self.assertNotEqual(record.token_hash, self.token)
        self.env.cr.execute(
            "SELECT count(*) FROM mall_shopper_token WHERE token_hash = %s",
            [self.token],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.assertGreaterEqual(len(self.token), 40)

    def test_me_requires_a_token(self):
        self.assertApiError(self.api("GET", "/me"), 401, "AUTH_REQUIRED")

    def test_me_with_token(self):
        status, body, _response = self.api("GET", "/me", token=self.token)
        self.assertEqual(status, 200)
        self.assertEqual(
            body["data"],
            {
                "id": self.shopper.id,
                "name": "测试顾客",
                "avatar": None,
                "phone": None,
                "gender": None,
                "birthday": None,
                "platforms": [],
            },
        )

    def test_bad_tokens_are_refused(self):
        self.assertApiError(
            self.api("GET", "/me", token="x" * 43), 401, "TOKEN_INVALID"
        )
        self.assertApiError(
            self.api("GET", "/me", headers={"Authorization": "Basic abc"}),
            401,
            "TOKEN_INVALID",
        )

    def test_expired_and_revoked_tokens_are_refused(self):
        later = fields.Datetime.now() + timedelta(days=8)
        with freeze_time(later):
            self.assertFalse(self.Token._find_valid(self.token))
        self.assertTrue(self.Token._find_valid(self.token))
        self.Token._find_valid(self.token)._revoke()
        self.assertApiError(
            self.api("GET", "/me", token=self.token), 401, "TOKEN_INVALID"
        )

    def test_archived_shopper_is_refused(self):
        self.shopper.active = False
        self.assertApiError(
            self.api("GET", "/me", token=self.token), 401, "TOKEN_INVALID"
        )

    def test_autovacuum_drops_long_dead_tokens(self):
        with freeze_time(fields.Datetime.now() + timedelta(days=15)):
            self.Token._gc_expired()
        self.assertFalse(self.Token.search([("partner_id", "=", self.shopper.id)]))


@tagged("post_install", "-at_install")
class TestLogout(MallApiCommon):
    """POST /auth/logout, which also exercises JSON body handling."""

    def setUp(self):
        super().setUp()
        self.Token = self.env["mall.shopper.token"]
        self.token = self.Token._issue(self.shopper, platform="weixin")
        self.other_device = self.Token._issue(self.shopper, platform="alipay")

    def test_logout_revokes_this_token_only(self):
        status, body, _response = self.api("POST", "/auth/logout", token=self.token)
        self.assertEqual((status, body["data"]), (200, {"revoked": 1}))
        self.assertFalse(self.Token._find_valid(self.token))
        self.assertTrue(self.Token._find_valid(self.other_device))
        self.assertApiError(
            self.api("GET", "/me", token=self.token), 401, "TOKEN_INVALID"
        )

    def test_logout_everywhere(self):
        status, body, _response = self.api(
            "POST", "/auth/logout", token=self.token, json_body={"all_devices": True}
        )
        self.assertEqual((status, body["data"]), (200, {"revoked": 2}))
        self.assertFalse(self.Token._live_tokens_of(self.shopper))

    def test_bad_bodies_change_nothing(self):
        for kwargs, status, code, field in [
            (
                {"json_body": {"all_devices": "maybe"}},
                422,
                "VALIDATION_ERROR",
                "body.all_devices",
            ),
            (
                {"json_body": {"everywhere": True}},
                422,
                "VALIDATION_ERROR",
                "body.everywhere",
            ),
            ({"json_body": [1, 2]}, 422, "VALIDATION_ERROR", "body"),
            (
                {"raw": b"{not json", "headers": {"Content-Type": "application/json"}},
                400,
                "INVALID_JSON",
                None,
            ),
            (
                {"raw": b"all_devices=1", "headers": {"Content-Type": "text/plain"}},
                415,
                "UNSUPPORTED_MEDIA_TYPE",
                None,
            ),
        ]:
            with self.subTest(kwargs=kwargs):
                error = self.assertApiError(
                    self.api("POST", "/auth/logout", token=self.token, **kwargs),
                    status,
                    code,
                )
                if field:
                    self.assertEqual(error["details"][0]["field"], field)
        self.assertTrue(self.Token._find_valid(self.token))

    def test_logout_needs_a_token(self):
        self.assertApiError(self.api("POST", "/auth/logout"), 401, "AUTH_REQUIRED")

    def test_an_unexpected_error_rolls_back_and_hides_the_traceback(self):
        Token = self.registry["mall.shopper.token"]
        revoke = Token._revoke

        def revoke_then_fail(tokens):
            revoke(tokens)
            raise RuntimeError("boom")

        with (
            patch.object(Token, "_revoke", revoke_then_fail),
            mute_logger("odoo.http"),  # it logs the traceback, as it should
        ):
            result = self.api("POST", "/auth/logout", token=self.token)
        error = self.assertApiError(result, 500, "INTERNAL_ERROR")
        self.assertNotIn("boom", str(error))
        self.assertNotIn("Traceback", result[2].text)
        self.env.invalidate_all()
        self.assertTrue(
            self.Token._find_valid(self.token), "the revocation rolled back"
        )
