# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from pydantic import BaseModel, Field

from .catalog import ProductCard
from .common import ApiModel, ImageSize, PageQuery


class ShopperListQuery(PageQuery):
    image_size: ImageSize = Field(512, description="Width of the image links")


class Favorite(BaseModel):
    product: ProductCard
    added_at: datetime.datetime


class FavoriteState(BaseModel):
    product_id: int
    favorite: bool


class Footprint(BaseModel):
    day: datetime.date
    viewed_at: datetime.datetime
    product: ProductCard


class FootprintRequest(ApiModel):
    product_id: int = Field(gt=0)


class FootprintRecorded(BaseModel):
    product_id: int
    day: datetime.date


class Cleared(BaseModel):
    deleted: int
