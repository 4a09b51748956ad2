# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import BaseModel, Field

from .common import ApiModel


class SuggestQuery(ApiModel):
    q: str = Field(min_length=1, max_length=50, description="What the shopper typed")
    limit: int = Field(8, ge=1, le=20)


class Suggestion(BaseModel):
    text: str
    product_id: int


class Cleared(BaseModel):
    deleted: int
