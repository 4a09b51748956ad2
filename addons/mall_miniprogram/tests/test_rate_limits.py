# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
import uuid
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.mall_catalog.tests.common import redis_url
from odoo.addons.mall_catalog.tools import ratelimit, redis_store
from odoo.addons.mall_miniprogram.http_api import api_route
from odoo.addons.mall_miniprogram.http_api.routing import HTTPS_ENV_KEY
from odoo.addons.mall_miniprogram.models.mall_rate_limit import _utc

from .common import MallApiCommon

# A moment 15 s into a 60-second window.
WINDOW = 1_800_000_000
NOW = WINDOW + 15


@tagged("post_install", "-at_install")
class TestRateLimits(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.env["product.template"].create(
            [
                {"name": f"限流测试商品{i}", "mall_published": True, "sale_ok": True}
                for i in range(4)
            ]
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "另一位顾客", "mall_is_shopper": True}
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper)
        self.other_token = Token._issue(self.other)
        self.now = NOW
        clock = patch.object(ratelimit, "clock", lambda: self.now)
        clock.start()
        self.addCleanup(clock.stop)

    def _set_limits(self, **values):
        ICP = self.env["ir.config_parameter"]
        for name, value in values.items():
            ICP.set_param(f"mall.rate_limit.{name.replace('_', '.')}", value)

    def _favorite(self, product, token=None, headers=None):
        return self.api(
            "PUT",
            f"/favorites/{product.id}",
            token=token or self.token,
            headers=headers,
        )

    def _favorites(self, partner=None):
        return (
            self.env["mall.favorite"]
            .search([("partner_id", "=", (partner or self.shopper).id)])
            .product_tmpl_id
        )

    def _redis_hits(self, key, start=WINDOW):
        value = redis_store.get_client().get(
            f"mall:{self.env.cr.dbname}:ratelimit:{key}:{start}"
        )
        return value and int(value)

    def _sql_counters(self):
        return {
            (row.key, row.window_start): row.hits
            for row in self.env["mall.rate.limit"].search([])
        }

    def _assert_limited_writes(self):
        """Three writes a minute per IP: the fourth is refused and changes
        nothing, reads go on, the next window lets writes through again."""
        self._set_limits(write="3/60", write_token="0")
        a, b, c, d = self.products
        for product in (a, b, c):
            status, body, _response = self._favorite(product)
            self.assertEqual(status, 200, body)
        result = self._favorite(d)
        self.assertApiError(result, 429, "RATE_LIMITED")
        self.assertEqual(result[2].headers["Retry-After"], "45")
        self.assertEqual(self._favorites(), a | b | c, "the refused call did nothing")
        # Reads are not limited.
        status, body, _response = self.api("GET", "/favorites", token=self.token)
        self.assertEqual((status, body["meta"]["total"]), (200, 3))
        # Still refused later in the window, with a shorter wait.
        self.now = WINDOW + 50
        result = self._favorite(d)
        self.assertApiError(result, 429, "RATE_LIMITED")
        self.assertEqual(result[2].headers["Retry-After"], "10")
        # The next window starts afresh.
        self.now = WINDOW + 60
        status, _body, _response = self._favorite(d)
        self.assertEqual(status, 200)
        self.assertEqual(self._favorites(), self.products)

    def test_write_route_limited_with_redis(self):
        self._assert_limited_writes()
        # Refused calls count as well; nothing was written to PostgreSQL.
        self.assertEqual(self._redis_hits("write:ip:127.0.0.1"), 5)
        self.assertEqual(self._redis_hits("write:ip:127.0.0.1", WINDOW + 60), 1)
        self.assertEqual(self._sql_counters(), {})

    def test_write_route_limited_without_redis(self):
        with redis_url(""):
            self._assert_limited_writes()
        counters = self._sql_counters()
        self.assertEqual(
            set(counters),
            {
                ("write:ip:127.0.0.1", _utc(WINDOW)),
                ("write:ip:127.0.0.1", _utc(WINDOW + 60)),
            },
        )
        # Under the test cursor a refused call's count rolls back with its
        # request (test_sql_count_survives_a_rollback shows it does not on a
        # real server), so three here, not five.
        self.assertEqual(counters[("write:ip:127.0.0.1", _utc(WINDOW))], 3)
        self.assertIsNone(self._redis_hits("write:ip:127.0.0.1"))

    def test_unreachable_redis_falls_back_to_postgresql(self):
        self._set_limits(write="1/60", write_token="0")
        a, b = self.products[:2]
        with redis_url("redis://127.0.0.1:9/0"):
            self.assertEqual(self._favorite(a)[0], 200)
            self.assertApiError(self._favorite(b), 429, "RATE_LIMITED")
        self.assertEqual(self._favorites(), a)
        self.assertEqual(
            self._sql_counters(), {("write:ip:127.0.0.1", _utc(WINDOW)): 1}
        )

    def test_failed_writes_count_too(self):
        self._set_limits(write="2/60", write_token="0")
        for _i in range(2):
            self.assertApiError(
                self.api("PUT", "/favorites/999999999", token=self.token),
                404,
                "NOT_FOUND",
            )
        self.assertApiError(self._favorite(self.products[0]), 429, "RATE_LIMITED")
        self.assertFalse(self._favorites())

    def test_per_token_limit(self):
        self._set_limits(write="100/60", write_token="2/60")
        a, b, c = self.products[:3]
        self.assertEqual(self._favorite(a)[0], 200)
        self.assertEqual(self._favorite(b)[0], 200)
        result = self._favorite(c)
        self.assertApiError(result, 429, "RATE_LIMITED")
        self.assertEqual(result[2].headers["Retry-After"], "45")
        # Another shopper's token, from the same address, still passes.
        status, _body, _response = self._favorite(c, token=self.other_token)
        self.assertEqual(status, 200)
        self.assertEqual(self._favorites(), a | b)
        self.assertEqual(self._favorites(self.other), c)
        token_ids = self.env["mall.shopper.token"].search(
            [("partner_id", "in", (self.shopper | self.other).ids)]
        )
        hits = {
            token.partner_id: self._redis_hits(f"write:token:{token.id}")
            for token in token_ids
        }
        self.assertEqual(hits, {self.shopper: 3, self.other: 1})
        self.assertEqual(self._redis_hits("write:ip:127.0.0.1"), 4)

    def test_zero_disables_a_limit(self):
        self._set_limits(write="0", write_token="0")
        for product in self.products:
            self.assertEqual(self._favorite(product)[0], 200)
        self.assertEqual(self._favorites(), self.products)
        self.assertIsNone(self._redis_hits("write:ip:127.0.0.1"))

    def test_client_ip_comes_from_the_proxy_in_proxy_mode(self):
        self._set_limits(write="1/60", write_token="0")
        a, b, c = self.products[:3]
        host = self.base_url().split("://", 1)[1]

        def via_proxy(product, client_ip):
            return self._favorite(
                product,
                headers={"X-Forwarded-For": client_ip, "X-Forwarded-Host": host},
            )

        with patch.dict(config.options, {"proxy_mode": True}):
            self.assertEqual(via_proxy(a, "203.0.113.5")[0], 200)
            self.assertApiError(via_proxy(b, "203.0.113.5"), 429, "RATE_LIMITED")
            self.assertEqual(via_proxy(b, "203.0.113.6")[0], 200)
        self.assertEqual(self._redis_hits("write:ip:203.0.113.5"), 2)
        self.assertEqual(self._redis_hits("write:ip:203.0.113.6"), 1)
        # Without proxy_mode the header is not trusted: one address for all.
        self.assertEqual(via_proxy(c, "203.0.113.7")[0], 200)
        self.assertApiError(via_proxy(c, "203.0.113.8"), 429, "RATE_LIMITED")
        self.assertEqual(self._redis_hits("write:ip:127.0.0.1"), 2)
        self.assertEqual(self._favorites(), self.products[:3])

    def test_login_policy(self):
        self._set_limits(login="2/60", login_token="1/60")
        RateLimit = self.env["mall.rate.limit"]
        self.assertEqual(RateLimit._check("login", "198.51.100.1"), (True, 0))
        self.assertEqual(RateLimit._check("login", "198.51.100.1"), (True, 0))
        self.assertEqual(RateLimit._check("login", "198.51.100.1"), (False, 45))
        self.assertEqual(RateLimit._check("login", "198.51.100.2", 7), (True, 0))
        self.assertEqual(RateLimit._check("login", "198.51.100.3", 7), (False, 45))
        # Login and write counters are apart.
        self.assertEqual(RateLimit._check("write", "198.51.100.1"), (True, 0))

    def test_defaults_and_declarations(self):
        self.assertEqual(
            self.env["mall.rate.limit"]._limits("login"),
            {"ip": ratelimit.Limit(20, 60), "token": ratelimit.Limit(10, 60)},
        )
        self._set_limits(write="oops")
        with self.assertLogs(
            "odoo.addons.mall_miniprogram.models.mall_rate_limit", "WARNING"
        ) as logs:
            limits = self.env["mall.rate.limit"]._limits("write")
        self.assertEqual(limits["ip"], ratelimit.Limit(300, 60))
        self.assertIn("mall.rate_limit.write = 'oops'", logs.output[0])
        operations = {
            (op.path, op.method): op
            for op in self.env["ir.http"]._mall_api_operations()
        }
        self.assertEqual(
            operations[("/favorites/<int:product_id>", "PUT")].rate_limit, "write"
        )
        self.assertEqual(operations[("/footprints", "DELETE")].rate_limit, "write")
        self.assertIsNone(operations[("/favorites", "GET")].rate_limit)
        with self.assertRaises(ValueError):
            api_route("/x", summary="x", method="POST", rate_limit="burst")
        declare = api_route("/x", summary="x", method="POST", rate_limit=False)
        self.assertIsNone(declare(lambda self: None).mall_api_operation.rate_limit)
        declare = api_route("/x", summary="x", rate_limit="login")
        self.assertEqual(
            declare(lambda self: None).mall_api_operation.rate_limit, "login"
        )

    def test_openapi_documents_429(self):
        _status, document, _response = self.api("GET", "/openapi.json")
        paths = document["paths"]
        put = paths["/mall/api/v1/favorites/{product_id}"]["put"]["responses"]
        self.assertIn("RATE_LIMITED", put["429"]["description"])
        self.assertEqual(
            put["429"]["headers"]["Retry-After"]["schema"]["type"], "integer"
        )
        self.assertNotIn("429", paths["/mall/api/v1/favorites"]["get"]["responses"])

    def test_gc_forgets_ended_windows(self):
        RateLimit = self.env["mall.rate.limit"]
        old, recent, current = RateLimit.create(
            [
                {
                    "key": "write:ip:192.0.2.1",
                    "window_start": _utc(start),
                    "window_end": _utc(start + 60),
                    "hits": 1,
                }
                for start in (WINDOW - 180, WINDOW - 60, WINDOW)
            ]
        )
        RateLimit._gc_windows()
        # The window that ended 15 s ago is kept a minute, for lagging clocks.
        self.assertEqual(RateLimit.search([]), recent | current)
        self.assertFalse(old.exists())

    def test_sql_count_survives_a_rollback(self):
        """The PostgreSQL counter commits on a connection of its own: the
        request's rollback does not undo it. Shown outside the test cursor."""
        bucket = ratelimit.Bucket(
            f"write:ip:test-{uuid.uuid4()}", ratelimit.Limit(5, 60)
        )
        RateLimit = self.env["mall.rate.limit"]
        registry = self.registry
        readonly = registry.test_readonly_enabled
        registry.leave_test_mode()
        try:
            with self.assertRaises(RuntimeError), self.env.cr.savepoint():
                counts = RateLimit._count([(bucket, WINDOW)])
                counts += RateLimit._count([(bucket, WINDOW)])
                raise RuntimeError("the request fails after counting")
            self.assertEqual(counts, [1, 2])
            with registry.cursor() as cr:
                cr.execute(
                    "SELECT hits FROM mall_rate_limit WHERE key = %s", [bucket.key]
                )
                self.assertEqual(cr.fetchall(), [(2,)])
                cr.execute("DELETE FROM mall_rate_limit WHERE key = %s", [bucket.key])
        finally:
            registry.enter_test_mode(self.cr, readonly)


@tagged("post_install", "-at_install")
class TestHttpsRequired(MallApiCommon):
    def _get(self, path, **headers):
        return self.api("GET", path, headers=headers)

    def test_plain_http_refused_when_required(self):
        with patch.dict(config.options, {"mall_require_https": True}):
            result = self._get("/stores?latitude=31&longitude=121")
            error = self.assertApiError(result, 403, "HTTPS_REQUIRED")
            self.assertEqual(error["message_en"], "This API only answers over HTTPS.")
            # Refused before authentication, and on unknown paths as well.
            self.assertApiError(self._get("/favorites"), 403, "HTTPS_REQUIRED")
            self.assertApiError(self._get("/no-such-thing"), 403, "HTTPS_REQUIRED")
            # The load balancer's health probe still answers.
            self.assertEqual(self._get("/health")[0], 200)
        # Not required by default.
        self.assertEqual(self._get("/stores?latitude=31&longitude=121")[0], 200)

    def test_https_behind_a_proxy(self):
        host = self.base_url().split("://", 1)[1]
        forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": host}
        options = {"mall_require_https": True, "proxy_mode": True}
        with patch.dict(config.options, options):
            status, body, _response = self._get(
                "/stores?latitude=31&longitude=121", **forwarded
            )
            self.assertEqual(status, 200, body)
            self.assertApiError(
                self._get("/favorites", **forwarded), 401, "AUTH_REQUIRED"
            )
            # The proxy said plain HTTP.
            self.assertApiError(
                self._get(
                    "/stores", **dict(forwarded, **{"X-Forwarded-Proto": "http"})
                ),
                403,
                "HTTPS_REQUIRED",
            )
        # Without proxy_mode, anyone could send the header: it is ignored.
        with patch.dict(config.options, {"mall_require_https": True}):
            self.assertApiError(
                self._get("/stores", **forwarded), 403, "HTTPS_REQUIRED"
            )

    def test_environment_wins(self):
        with patch.dict(os.environ, {HTTPS_ENV_KEY: "1"}):
            self.assertApiError(self._get("/stores"), 403, "HTTPS_REQUIRED")
        with (
            patch.dict(os.environ, {HTTPS_ENV_KEY: "false"}),
            patch.dict(config.options, {"mall_require_https": True}),
        ):
            self.assertEqual(self._get("/stores?latitude=31&longitude=121")[0], 200)
