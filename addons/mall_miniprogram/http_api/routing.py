# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The ``api_route`` decorator: one declaration per API operation.

The declaration (path, method, auth, query/body/response models, error codes)
is used three times: to register the Odoo route, to validate each request and
shape each answer, and to write the OpenAPI document. Nothing is described
twice, so the document cannot drift from the code.
"""

import datetime
import hashlib
import inspect
import json
import math
import os
import re
from dataclasses import dataclass, field

import pydantic
from werkzeug.exceptions import RequestEntityTooLarge

from odoo import http
from odoo.http import content_disposition, request
from odoo.tools import config

from odoo.addons.mall_catalog.tools import uploads

from ..schemas.common import MAX_ID
from .errors import MallApiError, validation_details

API_PREFIX = "/mall/api/v1"

# The API's auth modes and the ``ir.http._auth_method_*`` implementing them.
AUTH_METHODS = {
    "public": "public",
    "optional": "mall_shopper_optional",
    "shopper": "mall_shopper",
}
PLATFORMS = ("weixin", "alipay", "h5")
PLATFORM_HEADER = "X-Mall-Platform"

# Rate-limit policies (``mall.rate.limit``); writes are limited unless a route
# says otherwise.
RATE_LIMITS = ("login", "write")
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

# ``mall_require_https`` in odoo.conf, or MALL_REQUIRE_HTTPS (which wins).
HTTPS_CONFIG_KEY = "mall_require_https"
HTTPS_ENV_KEY = "MALL_REQUIRE_HTTPS"
# Load balancers probe the health route over plain HTTP, inside the network.
PLAIN_HTTP_PATHS = ("/health",)

PATH_ARG = re.compile(r"<(?:(?P<converter>\w+)(?:\([^)]*\))?:)?(?P<name>\w+)>")


@dataclass(frozen=True)
class ApiOperation:
    """What one route declares about itself."""

    path: str
    method: str
    auth: str
    summary: str
    operation_id: str
    description: str = ""
    tags: tuple = ()
    query: type | None = None
    body: type | None = None
    response: object = None
    paginated: bool = False
    envelope: bool = True
    status: int = 200
    errors: tuple = ()
    path_params: tuple = field(default=())
    rate_limit: str | None = None
    # A file answer (e.g. "application/pdf") instead of JSON: the handler
    # returns ``(bytes, filename)``.
    media_type: str | None = None

    @property
    def url(self):
        return API_PREFIX + self.path


@dataclass
class Page:
    """A page of results: the handler's answer for ``paginated`` routes."""

    items: list
    total: int
    page: int
    page_size: int

    @classmethod
    def for_query(cls, query, items, total):
        """The page a ``PageQuery`` asked for, of ``items`` out of ``total``."""
        return cls(items=items, total=total, page=query.page, page_size=query.page_size)

    def meta(self):
        return {
            "page": self.page,
            "page_size": self.page_size,
            "total": self.total,
            "pages": math.ceil(self.total / self.page_size) if self.page_size else 0,
        }


def current_shopper():
    """The authenticated shopper's partner, sudoed: shoppers are not users,
    so what a route reads for them is chosen by the route, not by ACLs."""
    return (
        request.env["res.partner"].sudo().browse(request.env.context["mall_shopper_id"])
    )


def optional_shopper():
    """The shopper of an optional-auth route, or an empty recordset."""
    shopper_id = request.env.context.get("mall_shopper_id")
    return request.env["res.partner"].sudo().browse(shopper_id or [])


def path_parameters(path):
    """``[(name, converter)]`` of the werkzeug arguments in ``path``."""
    return tuple(
        (m.group("name"), m.group("converter") or "string")
        for m in PATH_ARG.finditer(path)
    )


def _is_list_field(field_info):
    annotation = field_info.annotation
    origin = getattr(annotation, "__origin__", None)
    return origin in (list, tuple, set) or annotation in (list, tuple, set)


def parse_query(model):
    """The query string validated into ``model``; unknown keys are ignored
    (mini-programs add cache-busting parameters)."""
    args = request.httprequest.args
    values = {}
    for name, field_info in model.model_fields.items():
        key = field_info.alias or name
        if key not in args:
            continue
        values[key] = args.getlist(key) if _is_list_field(field_info) else args.get(key)
    refuse_nul_characters(values, "query")
    try:
        return model.model_validate(values)
    except pydantic.ValidationError as exc:
        raise MallApiError(
            "VALIDATION_ERROR", details=validation_details(exc, "query")
        ) from exc


def _nul_paths(value, path):
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _nul_paths(key, path)
            yield from _nul_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}.{index}")


def refuse_nul_characters(values, location):
    """A VALIDATION_ERROR for text holding NUL characters, which PostgreSQL
    cannot store or compare (it would be a server error)."""
    paths = list(_nul_paths(values, location))
    if paths:
        raise MallApiError(
            "VALIDATION_ERROR",
            details=[
                {
                    "field": path,
                    "type": "string_nul",
                    "message": "must not contain NUL characters",
                }
                for path in paths
            ],
        )


def parse_body(model):
    """The JSON body validated into ``model``.

    An empty body stands for ``{}``, so that a model whose fields all have
    defaults needs no body at all.
    """
    httprequest = request.httprequest
    try:
        raw = httprequest.get_data(cache=True)
    except RequestEntityTooLarge as exc:
        raise MallApiError("PAYLOAD_TOO_LARGE") from exc
    if not raw:
        payload = {}
    elif httprequest.mimetype != "application/json":
        raise MallApiError("UNSUPPORTED_MEDIA_TYPE")
    else:
        try:
            payload = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise MallApiError("INVALID_JSON") from exc
        refuse_nul_characters(payload, "body")
    try:
        return model.model_validate(payload)
    except pydantic.ValidationError as exc:
        raise MallApiError(
            "VALIDATION_ERROR", details=validation_details(exc, "body")
        ) from exc


def https_required():
    """Whether the API refuses plain HTTP (false by default, for development)."""
    value = os.environ.get(HTTPS_ENV_KEY) or config.get(HTTPS_CONFIG_KEY) or ""
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def check_https():
    """Refuse a plain-HTTP API request when HTTPS is required.

    The scheme is the one Odoo sees: with ``proxy_mode``, the proxy's
    ``X-Forwarded-Proto``.
    """
    path = request.httprequest.path
    if (
        path.startswith(API_PREFIX)
        and path[len(API_PREFIX) :] not in PLAIN_HTTP_PATHS
        and request.httprequest.scheme != "https"
        and https_required()
    ):
        raise MallApiError("HTTPS_REQUIRED")


def enforce_rate_limit(policy):
    """Count this request against ``policy``, per client IP and per token.

    Called before the handler, so that a refused request changes nothing.
    The IP is ``remote_addr``: behind a proxy, Odoo's ``proxy_mode`` makes it
    the client's (X-Forwarded-For) instead of the proxy's.
    """
    allowed, retry_after = (
        request.env["mall.rate.limit"]
        .sudo()
        ._check(
            policy,
            request.httprequest.remote_addr,
            request.env.context.get("mall_shopper_token_id"),
        )
    )
    if not allowed:
        raise MallApiError("RATE_LIMITED", headers={"Retry-After": str(retry_after)})


def checked_picture(data, field):
    """The base64 text of an uploaded picture, checked (type, size, pixels),
    or a VALIDATION_ERROR naming ``field``."""
    try:
        return uploads.check_picture(data)
    except uploads.BadUpload as exc:
        raise MallApiError(
            "VALIDATION_ERROR",
            details=[{"field": field, "type": "picture", "message": str(exc)}],
        ) from exc


def parse_platform():
    platform = request.httprequest.headers.get(PLATFORM_HEADER)
    if platform is None:
        return None
    if platform not in PLATFORMS:
        raise MallApiError(
            "VALIDATION_ERROR",
            details=[
                {
                    "field": f"header.{PLATFORM_HEADER}",
                    "type": "enum",
                    "message": f"must be one of {', '.join(PLATFORMS)}",
                }
            ],
        )
    return platform


IDEMPOTENCY_HEADER = "Idempotency-Key"


def idempotent(answer):
    """``answer()``, or, for a repeated ``Idempotency-Key``, the answer the
    first request with that key got (the key belongs to the shopper, or to
    the caller's IP on public routes)."""
    key = request.httprequest.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return answer()
    if not 1 <= len(key) <= 128:
        raise MallApiError(
            "VALIDATION_ERROR",
            details=[
                {
                    "field": f"header.{IDEMPOTENCY_HEADER}",
                    "type": "string_length",
                    "message": "must be 1 to 128 characters",
                }
            ],
        )
    shopper_id = request.env.context.get("mall_shopper_id")
    scope = (
        f"shopper:{shopper_id}"
        if shopper_id
        else (f"ip:{request.httprequest.remote_addr}")
    )
    httprequest = request.httprequest
    digest = hashlib.sha256(httprequest.get_data(cache=True)).hexdigest()
    fingerprint = f"{httprequest.method} {httprequest.path} {digest}"
    Keys = request.env["mall.idempotency.key"].sudo()
    mine, earlier = Keys._claim(scope, key, fingerprint)
    if earlier is not None:
        if earlier.fingerprint != fingerprint:
            raise MallApiError("IDEMPOTENCY_KEY_REUSED")
        if not earlier.status:
            raise MallApiError("IDEMPOTENCY_IN_PROGRESS")
        response = request.make_response(
            earlier.body,
            headers=[("Content-Type", "application/json; charset=utf-8")],
            status=earlier.status,
        )
        response.headers["Idempotent-Replayed"] = "true"
        return response
    response = answer()
    mine._store(response.status_code, response.get_data(as_text=True))
    return response


_adapters = {}


def _dump(annotation, value):
    """``value`` checked against ``annotation`` and turned into JSON data.

    An answer that does not fit its declared model is a bug: it fails loudly
    instead of reaching a client in a shape the document does not promise.
    """
    if annotation is None:
        return None
    adapter = _adapters.get(annotation)
    if adapter is None:
        adapter = _adapters[annotation] = pydantic.TypeAdapter(annotation)
    validated = _aware(adapter.validate_python(value, from_attributes=True))
    return adapter.dump_python(validated, mode="json")


def _aware(value):
    """``value`` with its naive datetimes (Odoo's, in UTC) marked as UTC, in
    place: the document promises RFC 3339 date-times, which have an offset."""
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    if isinstance(value, pydantic.BaseModel):
        for name in type(value).model_fields:
            item = getattr(value, name)
            fixed = _aware(item)
            if fixed is not item:
                object.__setattr__(value, name, fixed)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _aware(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            value[key] = _aware(item)
    return value


def render(operation, result):
    """The HTTP answer for a handler's ``result``."""
    if operation.media_type:
        content, filename = result
        return request.make_response(
            content,
            headers=[
                ("Content-Type", operation.media_type),
                ("Content-Length", str(len(content))),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "private, no-store"),
            ],
            status=operation.status,
        )
    if not operation.envelope:
        return request.make_json_response(result, status=operation.status)
    if operation.paginated:
        if not isinstance(result, Page):
            raise TypeError(f"{operation.operation_id} must return a Page")
        body = {
            "data": _dump(list[operation.response], result.items),
            "meta": result.meta(),
        }
    else:
        body = {"data": _dump(operation.response, result), "meta": {}}
    return request.make_json_response(body, status=operation.status)


def api_route(
    path,
    *,
    summary,
    method="GET",
    auth="public",
    description="",
    tags=(),
    query=None,
    body=None,
    response=None,
    paginated=False,
    envelope=True,
    status=200,
    errors=(),
    readonly=None,
    rate_limit=None,
    media_type=None,
):
    """Declare a mini-program API operation on an ``http.Controller`` method.

    The method receives the path arguments by name, ``query=`` and ``body=``
    as validated pydantic models when declared, and returns the data (a
    :class:`Page` for paginated routes). It raises :class:`MallApiError` for
    expected failures; the transaction is then rolled back.

    GET routes run on a read-only cursor unless ``readonly`` says otherwise
    (Odoo's own option: a boolean, or a callable given the controller).

    ``rate_limit`` names the policy counting the route's requests: "login"
    for sign-in routes, "write" (the default of POST, PUT, PATCH and DELETE
    routes), or ``False`` for none (the default of GET routes).
    """
    if auth not in AUTH_METHODS:
        raise ValueError(f"unknown auth {auth!r}")
    method = method.upper()
    if rate_limit is None:
        rate_limit = "write" if method in WRITE_METHODS else False
    if rate_limit and rate_limit not in RATE_LIMITS:
        raise ValueError(f"unknown rate limit {rate_limit!r}")

    def decorator(func):
        operation = ApiOperation(
            path=path,
            method=method,
            auth=auth,
            summary=summary,
            operation_id=func.__name__,
            description=description or inspect.cleandoc(func.__doc__ or ""),
            tags=tuple(tags),
            query=query,
            body=body,
            response=response,
            paginated=paginated,
            envelope=envelope,
            status=status,
            errors=tuple(errors),
            path_params=path_parameters(path),
            rate_limit=rate_limit or None,
            media_type=media_type,
        )

        # Not functools.wraps: Odoo passes the query string as keyword
        # arguments filtered by the signature, and this one takes them all.
        def endpoint(self, **kwargs):
            # Shoppers have no time zone: "today" is the shop's, not UTC's.
            request.update_context(tz=request.env.company._mall_tz())
            if operation.rate_limit:
                enforce_rate_limit(operation.rate_limit)
            request.mall_platform = parse_platform()
            call_kwargs = {name: kwargs[name] for name, _conv in operation.path_params}
            if any(
                conv == "int" and not 0 <= call_kwargs[name] <= MAX_ID
                for name, conv in operation.path_params
            ):
                raise MallApiError("NOT_FOUND")  # not a record id
            if operation.query:
                call_kwargs["query"] = parse_query(operation.query)
            if operation.body:
                call_kwargs["body"] = parse_body(operation.body)
            if operation.method in WRITE_METHODS:
                return idempotent(lambda: render(operation, func(self, **call_kwargs)))
            return render(operation, func(self, **call_kwargs))

        endpoint.__name__ = func.__name__
        endpoint.__qualname__ = func.__qualname__
        endpoint.__module__ = func.__module__
        endpoint.__doc__ = func.__doc__
        endpoint.mall_api_operation = operation
        return http.route(
            operation.url,
            type="http",
            auth=AUTH_METHODS[auth],
            methods=[method],
            csrf=False,  # bearer tokens, no cookies: nothing to forge
            save_session=False,
            readonly=(method == "GET") if readonly is None else readonly,
        )(endpoint)

    return decorator
