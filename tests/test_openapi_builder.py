# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The OpenAPI builder on declarations made here, without Odoo's ORM."""

from decimal import Decimal

from openapi_spec_validator import validate
from pydantic import BaseModel, Field

from odoo.addons.mall_miniprogram.http_api.openapi import build_document
from odoo.addons.mall_miniprogram.http_api.routing import ApiOperation, path_parameters


class LineIn(BaseModel):
    product_id: int = Field(gt=0)
    quantity: int = Field(1, ge=1, le=99)


class LineOut(BaseModel):
    id: int
    price: Decimal


class ListQuery(BaseModel):
    tag: list[str] = []
    q: str | None = Field(None, max_length=50, description="Search words")


def _operation(path, method="GET", **kw):
    defaults = dict(
        auth="public", summary=path, operation_id=f"{method}{path}".replace("/", "_")
    )
    defaults.update(kw)
    return ApiOperation(
        path=path, method=method, path_params=path_parameters(path), **defaults
    )


def _document():
    return build_document(
        [
            _operation("/lines", query=ListQuery, response=LineOut, paginated=True),
            _operation(
                "/lines",
                method="POST",
                auth="shopper",
                body=LineIn,
                response=LineOut,
                status=201,
                errors=("BUSINESS_RULE",),
            ),
            _operation("/lines/<int:line_id>", method="DELETE", auth="optional"),
        ],
        title="t",
        version="1",
    )


def test_valid_openapi_31():
    document = _document()
    validate(document)
    assert document["openapi"] == "3.1.0"


def test_paths_and_parameters():
    paths = _document()["paths"]
    assert set(paths) == {"/mall/api/v1/lines", "/mall/api/v1/lines/{line_id}"}
    delete = paths["/mall/api/v1/lines/{line_id}"]["delete"]
    [path_param] = [p for p in delete["parameters"] if p.get("in") == "path"]
    assert path_param == {
        "name": "line_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1},
    }
    listing = paths["/mall/api/v1/lines"]["get"]
    query = {p["name"]: p for p in listing["parameters"] if p.get("in") == "query"}
    assert query["tag"]["explode"] is True and query["tag"]["schema"]["type"] == "array"
    assert query["q"]["description"] == "Search words"
    assert not query["q"]["required"]


def test_bodies_responses_and_errors():
    document = _document()
    post = document["paths"]["/mall/api/v1/lines"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LineIn"
    }
    assert set(post["responses"]) == {
        "201",
        "400",
        "401",
        "409",
        "413",
        "415",
        "422",
        "500",
        "503",
    }
    assert "AUTH_REQUIRED" in post["responses"]["401"]["description"]
    assert "TOKEN_INVALID" in post["responses"]["401"]["description"]
    assert post["security"] == [{"shopperToken": []}]
    listing = document["paths"]["/mall/api/v1/lines"]["get"]
    ok = listing["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["properties"]["data"]["items"] == {"$ref": "#/components/schemas/LineOut"}
    assert ok["properties"]["meta"] == {"$ref": "#/components/schemas/PageMeta"}
    assert "security" not in listing
    delete = document["paths"]["/mall/api/v1/lines/{line_id}"]["delete"]
    assert delete["security"] == [{}, {"shopperToken": []}]
    assert "AUTH_REQUIRED" not in delete["responses"].get("401", {}).get(
        "description", ""
    )
    schemas = document["components"]["schemas"]
    # Decimal money is serialised as a string: the document says so.
    assert schemas["LineOut"]["properties"]["price"]["type"] == "string"
    assert {"LineIn", "LineOut", "Error", "PageMeta"} <= set(schemas)
