# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import time
from datetime import datetime, timezone

import psycopg2
from werkzeug.exceptions import HTTPException

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import redis_store

from ..http_api import API_PREFIX, MallApiError, api_route
from ..http_api.openapi import build_document
from ..schemas.system import Health

API_DESCRIPTION = """The mini-program API of the mall.

Successful answers are `{"data": ..., "meta": {...}}`; errors are an HTTP
status with `{"error": {"code", "message", "message_en"}}`, codes listed per
operation. Money is a decimal string in CNY, times are ISO 8601."""


class MallSystemController(http.Controller):
    @api_route(
        "/health",
        summary="Service health: database and Redis",
        tags=["system"],
        response=Health,
    )
    def health(self):
        """Answers 200 while the database serves requests; ``degraded`` when
        Redis is configured but unreachable (the API then runs on PostgreSQL
        alone)."""
        start = time.perf_counter()
        try:
            request.env.cr.execute("SELECT 1")
            database = {
                "ok": True,
                "latency_ms": round((time.perf_counter() - start) * 1000, 3),
            }
        except psycopg2.Error:
            database = {"ok": False, "latency_ms": None}
        redis = redis_store.status()
        degraded = not database["ok"] or redis["ok"] is False
        module = (
            request.env["ir.module.module"]
            .sudo()
            .search([("name", "=", "mall_miniprogram")], limit=1)
        )
        return {
            "status": "degraded" if degraded else "ok",
            "version": module.latest_version or "",
            "time": datetime.now(timezone.utc),
            "database": database,
            "redis": redis,
        }

    @api_route(
        "/openapi.json",
        summary="This API's OpenAPI 3.1 document",
        tags=["system"],
        response=dict,
        envelope=False,
    )
    def openapi(self):
        """Written from the routes' own declarations at each deployment."""
        ir_http = request.env["ir.http"]
        module = (
            request.env["ir.module.module"]
            .sudo()
            .search([("name", "=", "mall_miniprogram")], limit=1)
        )
        return build_document(
            ir_http._mall_api_operations(),
            title="Mall mini-program API",
            version=module.latest_version or "0",
            description=API_DESCRIPTION,
            server_url=request.httprequest.host_url.rstrip("/"),
        )

    @http.route(
        [API_PREFIX, f"{API_PREFIX}/<path:subpath>"],
        type="http",
        auth="public",
        csrf=False,
        save_session=False,
    )
    def not_found(self, subpath=None, **kwargs):
        """Unknown API paths and wrong methods answer in the API's format."""
        allowed = self._allowed_methods(request.httprequest.path)
        if allowed:
            raise MallApiError(
                "METHOD_NOT_ALLOWED", headers={"Allow": ", ".join(allowed)}
            )
        raise MallApiError("NOT_FOUND")

    @staticmethod
    def _allowed_methods(path):
        """Methods for which ``path`` reaches a declared API operation."""
        urls = (
            request.env["ir.http"]
            .routing_map()
            .bind_to_environ(request.httprequest.environ)
        )
        allowed = []
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            try:
                endpoint, _args = urls.match(path, method=method)
            except HTTPException:
                continue
            if getattr(endpoint, "mall_api_operation", None):
                allowed.append(method)
        return allowed
