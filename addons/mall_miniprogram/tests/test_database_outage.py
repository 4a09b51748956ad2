# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The database out of reach in the middle of a request (issue 12): the API
answers its JSON 503, never Odoo's HTML 404 page or an "access denied" that
would make the mini-program sign the shopper out. The real restart is a
bench scenario (bench/purchase_path.py --fault postgres)."""

from unittest.mock import patch

import psycopg2

from odoo import http
from odoo.tests import tagged

from odoo.addons.mall_miniprogram import post_load

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestDatabaseOutage(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A server runs the module's post_load hook when it loads it
        # (server-wide: tests/test_odoo_server.py); pytest imports the module
        # first, which makes Odoo skip the hook.
        post_load()

    def setUp(self):
        super().setUp()
        self.token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")

    def assertUnavailable(self, status, body, response):
        self.assertEqual(status, 503, body)
        self.assertEqual(body["error"]["code"], "SERVICE_UNAVAILABLE")
        self.assertTrue(body["error"]["message"])
        self.assertEqual(response.headers["Retry-After"], "5")

    def test_no_registry_answers_json_503(self):
        """Odoo cannot open the database: it serves the request without one,
        where the API has no route."""
        refused = psycopg2.OperationalError("connection refused")
        with (
            patch.object(http, "Registry", side_effect=refused),
            self.assertLogs("odoo.http", "WARNING"),
        ):
            self.assertUnavailable(
                *self.api("POST", "/cart/lines", token=self.token, json_body={})
            )
            self.assertUnavailable(*self.api("GET", "/products"))
            # Not the API: Odoo's own answer, unchanged.
            response = self.url_open("/mall/nothing")
            self.assertEqual(response.status_code, 404)
            self.assertNotIn("json", response.headers["Content-Type"])
        # Back: the same token is still good.
        status, body, _response = self.api("GET", "/cart", token=self.token)
        self.assertEqual(status, 200, body)

    def test_connection_lost_while_checking_the_token(self):
        """Odoo reports any failure of authentication as access denied: the
        token is fine, the database is not."""
        Token = self.registry["mall.shopper.token"]
        lost = psycopg2.InterfaceError("connection already closed")
        with patch.object(Token, "_find_valid", side_effect=lost):
            self.assertUnavailable(*self.api("GET", "/cart", token=self.token))
        status, body, _response = self.api("GET", "/cart", token=self.token)
        self.assertEqual(status, 200, body)
        self.assertFalse(self.env["mall.shopper.token"]._find_valid("nonsense"))

    def test_invalid_token_is_still_refused(self):
        status, body, _response = self.api("GET", "/cart", token="nonsense")
        self.assertEqual(status, 401, body)
        self.assertEqual(body["error"]["code"], "TOKEN_INVALID")
