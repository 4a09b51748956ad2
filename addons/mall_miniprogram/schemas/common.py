# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from odoo.addons.mall_catalog.tools.images import SIZES

MAX_PAGE_SIZE = 50


class ApiModel(BaseModel):
    """Base of request models: unknown fields are refused, not dropped."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


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
