# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.mall_catalog.tests.common import redis_url

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestApiSpine(MallApiCommon):
    def test_health_reports_database_and_redis(self):
        status, body, _response = self.api("GET", "/health")
        self.assertEqual(status, 200)
        health = body["data"]
        self.assertEqual(health["status"], "ok")
        self.assertTrue(health["database"]["ok"])
        self.assertEqual(
            (health["redis"]["configured"], health["redis"]["ok"]), (True, True)
        )
        module = self.env["ir.module.module"].search(
            [("name", "=", "mall_miniprogram")]
        )
        self.assertEqual(health["version"], module.latest_version)
        self.assertEqual(body["meta"], {})

    def test_health_without_redis(self):
        with redis_url(""):
            status, body, _response = self.api("GET", "/health")
        self.assertEqual(status, 200)
        self.assertEqual(body["data"]["status"], "ok")
        self.assertEqual(body["data"]["redis"]["configured"], False)
        self.assertIsNone(body["data"]["redis"]["ok"])

    def test_health_degraded_when_redis_is_down(self):
        with redis_url("redis://127.0.0.1:9/0"):
            status, body, _response = self.api("GET", "/health")
        self.assertEqual(status, 200)
        self.assertEqual(body["data"]["status"], "degraded")
        self.assertEqual(body["data"]["redis"]["ok"], False)
        self.assertTrue(body["data"]["redis"]["error"])

    def test_unknown_route_is_a_json_404(self):
        self.assertApiError(self.api("GET", "/no-such-thing"), 404, "NOT_FOUND")
        self.assertApiError(self.api("POST", "/no/such/thing"), 404, "NOT_FOUND")

    def test_wrong_method_is_a_json_405(self):
        result = self.api("DELETE", "/health")
        self.assertApiError(result, 405, "METHOD_NOT_ALLOWED")
        self.assertEqual(result[2].headers["Allow"], "GET")

    def test_platform_header_is_validated(self):
        status, _body, _response = self.api(
            "GET", "/health", headers={"X-Mall-Platform": "weixin"}
        )
        self.assertEqual(status, 200)
        error = self.assertApiError(
            self.api("GET", "/health", headers={"X-Mall-Platform": "ios"}),
            422,
            "VALIDATION_ERROR",
        )
        self.assertEqual(error["details"][0]["field"], "header.X-Mall-Platform")

    def test_back_office_routes_keep_their_format(self):
        # The JSON error handling is scoped to the API: Odoo's pages are untouched.
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response.headers["Content-Type"])
