# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The OpenAPI 3.1 document, written from the routes' own declarations."""

from collections import defaultdict

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from ..schemas.common import MAX_ID
from .errors import ERRORS
from .routing import PATH_ARG, PLATFORM_HEADER, PLATFORMS, ApiOperation

OPENAPI_VERSION = "3.1.0"
REF = "#/components/schemas/{model}"
_CONVERTER_SCHEMAS = {
    "int": {"type": "integer", "minimum": 0, "maximum": MAX_ID},
    "float": {"type": "number"},
    "string": {"type": "string"},
    "path": {"type": "string"},
}
# Errors any operation can answer, on top of the ones it declares.
_COMMON_ERRORS = ("INTERNAL_ERROR", "SERVICE_UNAVAILABLE")
_RETRY_AFTER = {
    "description": "Seconds until the rate limit lets requests through again",
    "schema": {"type": "integer", "minimum": 1},
}


def _is_model(annotation):
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _openapi_path(url):
    """``/products/<int:product_id>`` → ``/products/{product_id}``."""
    return PATH_ARG.sub(lambda m: "{" + m.group("name") + "}", url)


def _error_codes(operation):
    # The platform header is checked on every route, hence VALIDATION_ERROR.
    codes = [*operation.errors, "VALIDATION_ERROR"]
    if any(conv == "int" for _name, conv in operation.path_params):
        codes.append("NOT_FOUND")  # an id naming no record (of the shopper's)
    if operation.method in ("POST", "PUT", "PATCH", "DELETE"):
        # The Idempotency-Key header (routing.idempotent).
        codes += ["IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_IN_PROGRESS"]
    if operation.body:
        codes += ["INVALID_JSON", "UNSUPPORTED_MEDIA_TYPE", "PAYLOAD_TOO_LARGE"]
    if operation.auth in ("shopper", "optional"):
        codes.append("TOKEN_INVALID")
    if operation.auth == "shopper":
        codes.append("AUTH_REQUIRED")
    if operation.rate_limit:
        codes.append("RATE_LIMITED")
    codes += _COMMON_ERRORS
    return list(dict.fromkeys(codes))


def _error_schema():
    return {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "message_en"],
                "properties": {
                    "code": {"type": "string", "enum": sorted(ERRORS)},
                    "message": {
                        "type": "string",
                        "description": "Chinese, for shoppers",
                    },
                    "message_en": {"type": "string"},
                    "details": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "description": "What went wrong: a request field "
                            "(VALIDATION_ERROR), or a business rule's code "
                            "and its figures (e.g. OUT_OF_STOCK: variant_id, "
                            "available)",
                            "required": ["type"],
                            "properties": {
                                "field": {"type": "string"},
                                "type": {"type": "string"},
                                "message": {"type": "string"},
                            },
                            "additionalProperties": True,
                        },
                    },
                },
            }
        },
    }


def _error_answer(codes):
    """The Error object, its code one of ``codes``."""
    return {
        "allOf": [
            {"$ref": REF.format(model="Error")},
            {
                "type": "object",
                "properties": {
                    "error": {
                        "type": "object",
                        "properties": {"code": {"type": "string", "enum": codes}},
                    }
                },
            },
        ]
    }


def _page_meta_schema():
    return {
        "type": "object",
        "required": ["page", "page_size", "total", "pages"],
        "properties": {
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
        },
    }


def _query_parameters(query_schema, schemas):
    """Query parameters from a query model's (inlined) JSON schema."""
    if "$ref" in query_schema:
        query_schema = schemas[query_schema["$ref"].rsplit("/", 1)[1]]
    required = set(query_schema.get("required", ()))
    params = []
    for name, prop in query_schema.get("properties", {}).items():
        prop = dict(prop)
        description = prop.pop("description", None)
        prop.pop("title", None)
        param = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
        }
        if description:
            param["description"] = description
        if prop.get("type") == "array":
            param.update(style="form", explode=True)
        params.append(param)
    return params


def build_document(operations, *, title, version, description="", server_url="/"):
    """The OpenAPI document for ``operations`` (an iterable of ApiOperation)."""
    operations = sorted(operations, key=lambda op: (op.path, op.method))
    models = []
    for op in operations:
        if op.query is not None:
            models.append((op.query, "validation"))
        if op.body is not None:
            models.append((op.body, "validation"))
        if _is_model(op.response):
            models.append((op.response, "serialization"))
    models = list(dict.fromkeys(models))
    refs, defs = models_json_schema(models, ref_template=REF) if models else ({}, {})
    schemas = dict(defs.get("$defs", {}))
    schemas["Error"] = _error_schema()
    schemas["PageMeta"] = _page_meta_schema()

    paths = defaultdict(dict)
    for op in operations:
        paths[_openapi_path(op.url)][op.method.lower()] = _operation(op, refs, schemas)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": version, "description": description},
        "servers": [{"url": server_url}],
        "paths": dict(paths),
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "shopperToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Token from the login routes",
                }
            },
            "parameters": {
                "Platform": {
                    "name": PLATFORM_HEADER,
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "enum": list(PLATFORMS)},
                    "description": "The client: WeChat or Alipay mini-program, or H5",
                }
            },
        },
    }


def _response_schema(op, refs, schemas):
    if op.response is None:
        data_schema = {"type": "null"}
    elif _is_model(op.response):
        data_schema = refs[(op.response, "serialization")]
    else:
        data_schema = TypeAdapter(op.response).json_schema(
            ref_template=REF, mode="serialization"
        )
        schemas.update(data_schema.pop("$defs", {}))
    if not op.envelope:
        return data_schema
    if op.paginated:
        return {
            "type": "object",
            "required": ["data", "meta"],
            "properties": {
                "data": {"type": "array", "items": data_schema},
                "meta": {"$ref": REF.format(model="PageMeta")},
            },
        }
    return {
        "type": "object",
        "required": ["data", "meta"],
        "properties": {"data": data_schema, "meta": {"type": "object"}},
    }


def _operation(op: ApiOperation, refs, schemas):
    parameters = [{"$ref": "#/components/parameters/Platform"}]
    for name, converter in op.path_params:
        parameters.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": _CONVERTER_SCHEMAS.get(converter, {"type": "string"}),
            }
        )
    if op.query is not None:
        parameters += _query_parameters(refs[(op.query, "validation")], schemas)
    if op.method in ("POST", "PUT", "PATCH", "DELETE"):
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "Any unique string (a UUID): a repeat of the "
                "request with the same key gets the first answer again "
                "(header Idempotent-Replayed: true) instead of acting twice.",
                "schema": {"type": "string", "minLength": 1, "maxLength": 128},
            }
        )

    if op.media_type:
        success = {op.media_type: {"schema": {"type": "string", "format": "binary"}}}
    else:
        success = {"application/json": {"schema": _response_schema(op, refs, schemas)}}
    responses = {str(op.status): {"description": "Success", "content": success}}
    by_status = defaultdict(list)
    for code in _error_codes(op):
        by_status[ERRORS[code].status].append(code)
    for status, codes in sorted(by_status.items()):
        responses[str(status)] = {
            "description": "Error: " + ", ".join(codes),
            "content": {"application/json": {"schema": _error_answer(codes)}},
        }
        if "RATE_LIMITED" in codes:
            responses[str(status)]["headers"] = {"Retry-After": _RETRY_AFTER}

    operation = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": list(op.tags),
        "parameters": parameters,
        "responses": responses,
    }
    if op.description:
        operation["description"] = op.description
    if op.body is not None:
        operation["requestBody"] = {
            # An empty body stands for {} (routing.parse_body).
            "required": any(f.is_required() for f in op.body.model_fields.values()),
            "content": {"application/json": {"schema": refs[(op.body, "validation")]}},
        }
    if op.auth == "shopper":
        operation["security"] = [{"shopperToken": []}]
    elif op.auth == "optional":
        operation["security"] = [{}, {"shopperToken": []}]
    return operation
