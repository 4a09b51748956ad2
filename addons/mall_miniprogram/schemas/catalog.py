# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from odoo.addons.mall_catalog.models.product_template import SORTS
from odoo.addons.mall_catalog.tools.images import DEFAULT_SIZE

from .common import ApiModel, ImageSize, PageQuery
from .review import RatingSummary, Review

MAX_PRICE = 100_000_000
Money = Field(pattern=r"^-?\d+(\.\d+)?$", examples=["59.90"])

IMAGE_SIZE_DESCRIPTION = "Width in pixels of the image links in the answer"


class ImageQuery(ApiModel):
    image_size: ImageSize = Field(DEFAULT_SIZE, description=IMAGE_SIZE_DESCRIPTION)


class Category(BaseModel):
    id: int
    name: str
    level: int
    icon: str | None
    children: list["Category"]


class ProductListQuery(PageQuery):
    category_id: int | None = Field(
        None, gt=0, description="Products of this category and its subcategories"
    )
    brand_id: list[int] = Field([], description="Any of these brands")
    label_id: list[int] = Field([], description="Any of these labels")
    # An upper bound keeps the comparison within PostgreSQL's numeric prices.
    price_min: float | None = Field(None, ge=0, le=MAX_PRICE)
    price_max: float | None = Field(None, ge=0, le=MAX_PRICE)
    in_stock: bool = False
    new: bool = Field(False, description="Only products published recently")
    q: str | None = Field(
        None,
        min_length=1,
        max_length=50,
        description="Keywords (typed, or spoken through the mini-program's speech "
        "plugin, which sends the recognised text here)",
    )
    sort: Literal[tuple(SORTS)] = "relevance"
    image_size: ImageSize = Field(DEFAULT_SIZE, description=IMAGE_SIZE_DESCRIPTION)

    @model_validator(mode="after")
    def _price_range(self):
        if (
            self.price_min is not None
            and self.price_max is not None
            and self.price_min > self.price_max
        ):
            raise ValueError("price_min is above price_max")
        return self


class Label(BaseModel):
    id: int
    name: str
    color: str | None


class FlashDiscount(BaseModel):
    """A limited-time discount (限时折扣) running now."""

    price: str = Field(
        pattern=r"^-?\d+(\.\d+)?$",
        examples=["39.90"],
        description="The discount price, paid in the cart and at checkout",
    )
    original_price: str = Field(
        pattern=r"^-?\d+(\.\d+)?$",
        examples=["59.90"],
        description="The normal price, to show struck through",
    )
    ends_at: str = Field(
        description="When the discount ends (UTC, YYYY-MM-DD HH:MM:SS), "
        "for the countdown"
    )
    remaining: int | None = Field(
        description="Units left at the discount price; null when unlimited"
    )


class ProductCard(BaseModel):
    id: int
    name: str
    subtitle: str
    price: str = Money
    currency: str
    image: str | None
    labels: list[Label]
    is_new: bool
    sales_count: int
    in_stock: bool
    flash: FlashDiscount | None = Field(
        None, description="The limited-time discount running now, if any"
    )


class Named(BaseModel):
    id: int
    name: str


class Spec(BaseModel):
    name: str
    value: str


class AttributeValue(BaseModel):
    id: int
    name: str
    html_color: str | None


class Attribute(BaseModel):
    id: int
    name: str
    display_type: str
    values: list[AttributeValue]


class Variant(BaseModel):
    id: int
    sku: str
    price: str = Money
    stock: int = Field(description="Units that can still be bought")
    value_ids: list[int] = Field(description="Ids of its attribute values")
    image: str | None = Field(
        description="The variant's own picture (e.g. of its colour), if it has one"
    )


class CardPriceHint(BaseModel):
    plan_id: int
    plan_name: str
    discount_percent: float
    price: str = Field(
        pattern=r"^-?\d+(\.\d+)?$",
        description="The lowest price for paid member card holders (before "
        "tier discounts)",
    )


class ProductDetail(BaseModel):
    id: int
    name: str
    subtitle: str
    description: str
    currency: str
    price_min: str = Money
    price_max: str = Money
    images: list[str] = Field(description="Main image first, then the gallery")
    video_url: str | None
    brand: Named | None
    categories: list[Named] = Field(description="From the top-level category down")
    labels: list[Label]
    specs: list[Spec]
    attributes: list[Attribute]
    variants: list[Variant]
    sales_count: int
    flash: FlashDiscount | None = Field(
        None,
        description="The limited-time discount running now, on the lowest price",
    )
    rating: RatingSummary
    reviews: list[Review] = Field(description="The first reviews, with photos first")
    related: list[ProductCard]
    card_price: CardPriceHint | None = Field(
        None,
        description="The paid member card price (会员价) of the product, with "
        "the best plan's discount: the price holders pay, a hint to others",
    )
