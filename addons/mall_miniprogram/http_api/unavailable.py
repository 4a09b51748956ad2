# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The API's answer when no database can serve it.

Odoo serves a request it cannot load a registry for (PostgreSQL down or
restarting, no database matching the filter) through its database-free
routes, where ``/mall/api/`` has none: the mini-program would get an HTML
"404 Not Found" and drop its cart or its payment as if they did not exist.
The API answers its JSON ``SERVICE_UNAVAILABLE`` (503, ``Retry-After``)
instead, which clients retry.

Odoo only runs this code without a registry when mall_miniprogram is a
server-wide module (``server_wide_modules = base,web,mall_miniprogram`` in
odoo.conf): its ``post_load`` hook then installs it when the server starts,
before any database is opened.
"""

import psycopg2

from odoo import http

from .errors import MallApiError

API_ROOT = "/mall/api/"
RETRY_AFTER_SECONDS = 5

# Errors of the database connection itself, not of the request.
DATABASE_UNAVAILABLE = (psycopg2.OperationalError, psycopg2.InterfaceError)


def unavailable_error():
    return MallApiError(
        "SERVICE_UNAVAILABLE", headers={"Retry-After": str(RETRY_AFTER_SECONDS)}
    )


def unavailable_response(req):
    error = unavailable_error()
    response = req.make_json_response(error.to_dict(), status=error.code)
    response.headers.update(error.extra_headers)
    return response


def install():
    """Answer API requests served without a database with the JSON 503."""
    serve_nodb = http.Request._serve_nodb
    if getattr(serve_nodb, "mall_api_unavailable", False):
        return  # already installed (server-wide, then again by the registry)

    def _serve_nodb(self):
        if self.httprequest.path.startswith(API_ROOT):
            return unavailable_response(self)
        return serve_nodb(self)

    _serve_nodb.mall_api_unavailable = True
    http.Request._serve_nodb = _serve_nodb
