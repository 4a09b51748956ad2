# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import BaseModel, ConfigDict, Field

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
