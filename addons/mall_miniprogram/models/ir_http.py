# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from werkzeug.exceptions import HTTPException

from odoo import models, tools
from odoo.exceptions import AccessDenied, AccessError, MissingError, UserError
from odoo.http import request

from ..http_api import API_PREFIX, MallApiError
from ..http_api.errors import STATUS_CODES
from ..http_api.routing import check_https
from ..http_api.unavailable import API_ROOT, DATABASE_UNAVAILABLE, unavailable_error

_BEARER = re.compile(r"^bearer\s+(\S+)$", re.IGNORECASE)


def _bearer_token():
    header = request.httprequest.headers.get("Authorization")
    if not header:
        return None
    match = _BEARER.match(header)
    if not match:
        raise MallApiError("TOKEN_INVALID")
    return match.group(1)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # ------------------------------------------------------------------
    # Shopper authentication
    # ------------------------------------------------------------------
    @classmethod
    def _mall_authenticate_shopper(cls, required):
        token = _bearer_token()
        cls._auth_method_public()
        if token is None:
            if required:
                raise MallApiError("AUTH_REQUIRED")
            return
        record = request.env["mall.shopper.token"]._find_valid(token)
        if not record:
            raise MallApiError("TOKEN_INVALID")
        request.update_context(
            mall_shopper_id=record.partner_id.id, mall_shopper_token_id=record.id
        )

    @classmethod
    def _auth_method_mall_shopper(cls):
        cls._mall_authenticate_shopper(required=True)

    @classmethod
    def _auth_method_mall_shopper_optional(cls):
        cls._mall_authenticate_shopper(required=False)

    @classmethod
    def _authenticate(cls, endpoint):
        # Before any authentication: a token sent over plain HTTP is refused,
        # not accepted.
        check_https()
        try:
            return super()._authenticate(endpoint)
        except AccessDenied as exc:
            # Odoo reports any failure of authentication as access denied;
            # a lost database connection is not the client's fault.
            if request.httprequest.path.startswith(API_ROOT) and isinstance(
                exc.__context__, DATABASE_UNAVAILABLE
            ):
                raise unavailable_error() from exc
            raise

    # ------------------------------------------------------------------
    # Errors: one JSON format for everything under /mall/api/
    # ------------------------------------------------------------------
    @classmethod
    def _handle_error(cls, exception):
        if not request.httprequest.path.startswith(API_ROOT):
            return super()._handle_error(exception)
        error = cls._mall_api_error(exception)
        response = request.make_json_response(error.to_dict(), status=error.code)
        for name, value in error.extra_headers.items():
            response.headers[name] = value
        return response

    @classmethod
    def _mall_api_error(cls, exception):
        if isinstance(exception, MallApiError):
            return exception
        if isinstance(exception, HTTPException):
            code = STATUS_CODES.get(exception.code)
            if code:
                return MallApiError(code)
        elif isinstance(exception, (AccessError, AccessDenied)):
            return MallApiError("FORBIDDEN")
        elif isinstance(exception, MissingError):
            return MallApiError("NOT_FOUND")
        elif isinstance(exception, UserError):
            # A business rule refused the operation: its message is meant
            # for the user and already in the request's language.
            return MallApiError("BUSINESS_RULE", message=str(exception.args[0]))
        elif isinstance(exception, DATABASE_UNAVAILABLE):
            return unavailable_error()
        # odoo.http logs the traceback; the client only learns it failed.
        return MallApiError("INTERNAL_ERROR")

    # ------------------------------------------------------------------
    # OpenAPI document
    # ------------------------------------------------------------------
    @tools.ormcache(cache="routing")
    def _mall_api_operations(self):
        """The API operations of the installed modules, from the routing map."""
        operations = {}
        for rule in self.routing_map().iter_rules():
            operation = getattr(rule.endpoint, "mall_api_operation", None)
            if operation is not None and rule.rule.startswith(API_PREFIX):
                operations[(operation.path, operation.method)] = operation
        return tuple(operations.values())
