# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import BaseModel, Field

from .common import PageQuery


class FaqQuery(PageQuery):
    q: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        description="Words in the question, the answer or its keywords",
    )
    category_id: int | None = Field(None, ge=1, description="Only this category")


class FaqCategory(BaseModel):
    id: int
    name: str
    count: int = Field(description="Published questions of the category")


class Faq(BaseModel):
    id: int
    question: str
    answer: str = Field(description="Sanitized HTML")
    category_id: int | None
    category_name: str | None
