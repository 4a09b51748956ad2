# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from typing import Literal

from pydantic import BaseModel, Field

from odoo.addons.mall_catalog.models.mall_content import KINDS

from .catalog import ProductCard
from .common import ImageSize, PageQuery

Kind = Literal[tuple(code for code, _label in KINDS)]


class ContentQuery(PageQuery):
    kind: Kind | None = Field(None, description="Only this kind of article")
    image_size: ImageSize = Field(512, description="Width of the image links")


class ContentCard(BaseModel):
    id: int
    title: str
    kind: Kind
    summary: str
    cover: str | None
    published_at: datetime.datetime | None


class ContentDetail(ContentCard):
    body: str = Field(description="Sanitized HTML")
    products: list[ProductCard]
