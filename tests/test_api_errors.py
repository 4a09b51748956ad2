# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

import pydantic
import pytest

from odoo.addons.mall_miniprogram.http_api.errors import (
    ERRORS,
    STATUS_CODES,
    MallApiError,
    validation_details,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_catalog_entries_are_complete(code):
    spec = ERRORS[code]
    assert re.fullmatch(r"[A-Z][A-Z_]+", code)
    assert 400 <= spec.status < 600
    assert CJK.search(spec.message), "the shopper-facing message is Chinese"
    assert spec.message_en.isascii() and spec.message_en.endswith(".")


def test_status_codes_point_at_errors_with_that_status():
    for status, code in STATUS_CODES.items():
        assert ERRORS[code].status == status


def test_error_body_and_overrides():
    error = MallApiError("NOT_FOUND")
    assert error.code == 404
    assert error.to_dict() == {
        "error": {
            "code": "NOT_FOUND",
            "message": ERRORS["NOT_FOUND"].message,
            "message_en": ERRORS["NOT_FOUND"].message_en,
        }
    }
    custom = MallApiError("BUSINESS_RULE", message="库存不足", details=[{"field": "x"}])
    assert custom.to_dict()["error"]["message"] == "库存不足"
    assert custom.to_dict()["error"]["details"] == [{"field": "x"}]
    with pytest.raises(KeyError):
        MallApiError("NO_SUCH_CODE")


def test_validation_details_name_the_field():
    class Query(pydantic.BaseModel):
        page: int = pydantic.Field(ge=1)

    with pytest.raises(pydantic.ValidationError) as info:
        Query.model_validate({"page": "0"})
    [detail] = validation_details(info.value, "query")
    assert detail["field"] == "query.page"
    assert detail["type"] == "greater_than_equal"
    assert "1" in detail["message"]
