# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

from odoo.addons.mall_catalog.tools.images import SIZES

MAX_PAGE_SIZE = 50
# Record ids are PostgreSQL integers: a larger one names no record, and
# reaching the database with it would be a server error.
MAX_ID = 2**31 - 1


def _is_id_field(name):
    return name == "id" or name.endswith(("_id", "_ids"))


def _cap_integers(schema):
    if schema.get("type") == "integer":
        schema.setdefault("maximum", MAX_ID)
    if isinstance(schema.get("items"), dict):
        _cap_integers(schema["items"])
    for option in schema.get("anyOf", ()):
        _cap_integers(option)


def _document_id_bounds(schema, _model):
    for name, prop in schema.get("properties", {}).items():
        if _is_id_field(name):
            _cap_integers(prop)


class ApiModel(BaseModel):
    """Base of request models: unknown fields are refused, not dropped.

    Id fields (``id``, ``*_id``, ``*_ids``) accept no integer above
    ``MAX_ID``, and the document says so.
    """

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, json_schema_extra=_document_id_bounds
    )

    @field_validator("*", mode="after")
    @classmethod
    def _ids_fit_the_database(cls, value, info: ValidationInfo):
        if _is_id_field(info.field_name):
            values = value if isinstance(value, list | tuple | set) else (value,)
            if any(isinstance(v, int) and v > MAX_ID for v in values):
                raise ValueError(f"must be at most {MAX_ID}")
        return value


class PageQuery(ApiModel):
    page: int = Field(1, ge=1, le=10000, description="Page number, from 1")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="Items per page")

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


def _known_size(size):
    if size not in SIZES:
        raise ValueError(f"must be one of {', '.join(map(str, SIZES))}")
    return size


# An integer from the query string, one of the sizes Odoo keeps.
ImageSize = Annotated[
    int,
    AfterValidator(_known_size),
    WithJsonSchema({"type": "integer", "enum": list(SIZES)}),
]
