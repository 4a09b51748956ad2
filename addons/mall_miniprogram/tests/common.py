# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import json

from PIL import Image

from odoo.tests import HttpCase

from odoo.addons.mall_catalog.tests.common import flush_mall_cache
from odoo.addons.mall_catalog.tools import redis_store
from odoo.addons.mall_miniprogram.http_api import API_PREFIX


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
