# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from pydantic import BaseModel, Field

from odoo.addons.mall_catalog.models.mall_product_review import MAX_PHOTOS

from .common import ApiModel, ImageSize, PageQuery


class ReviewQuery(PageQuery):
    with_photos: bool = Field(False, description="Only reviews with photos")
    rating: int | None = Field(None, ge=1, le=5, description="Only this many stars")
    image_size: ImageSize = Field(512, description="Width of the photo links")


class ReviewRequest(ApiModel):
    rating: int = Field(ge=1, le=5)
    text: str = Field("", max_length=500)
    photos: list[str] = Field(
        [],
        max_length=MAX_PHOTOS,
        description="Base64 JPEG, PNG or WebP pictures of at most 2 MiB each",
    )


class Review(BaseModel):
    id: int
    rating: int
    text: str
    photos: list[str]
    author: str = Field(description="The shopper's name, masked: 李*")
    created_at: datetime.datetime
    reply: str | None


class RatingSummary(BaseModel):
    average: float
    count: int
