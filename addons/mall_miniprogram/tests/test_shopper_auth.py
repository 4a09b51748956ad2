# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

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
        self.assertEqual(body["data"], {"id": self.shopper.id, "name": "测试顾客"})

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
