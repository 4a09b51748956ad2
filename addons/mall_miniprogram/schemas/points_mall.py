# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .cart import Checkout
from .catalog import Money
from .common import ApiModel, PageQuery


class PointsItemQuery(PageQuery):
    kind: Literal["product", "coupon"] | None = Field(
        None, description="Only products delivered, or only coupons"
    )


class PointsItem(BaseModel):
    id: int
    name: str
    kind: Literal["product", "coupon"] = Field(
        description="product: delivered with an order; coupon: to the wallet"
    )
    image: str | None = Field(description="Link of the 512 px image")
    points: int = Field(description="Points per unit")
    cash_price: str = Money
    currency: str
    remaining: int = Field(description="Units left")
    per_shopper_limit: int = Field(description="Units per shopper; 0: no limit")
    date_end: datetime | None


class PointsItemDetail(PointsItem):
    description: str
    product_id: int | None = Field(description="The variant delivered")
    date_start: datetime | None


class PointsRedeemRequest(ApiModel):
    quantity: int = Field(1, ge=1, le=99)
    address_id: int | None = Field(
        None, ge=1, description="The delivery address; required for products"
    )
    carrier_id: int | None = Field(
        None,
        ge=1,
        description="Products: the delivery method; the cheapest when omitted. "
        "A delivery fee is paid in money, even for points only",
    )


class PointsRedemption(BaseModel):
    id: int
    name: str
    item_id: int
    item_name: str
    kind: Literal["product", "coupon"]
    quantity: int
    points: int = Field(description="Points spent")
    cash_amount: str = Money
    currency: str
    state: Literal["to_pay", "done", "cancel"] = Field(
        description="to_pay: pay the checkout before its pay_before, or the "
        "redemption is cancelled and the points come back"
    )
    order_id: int | None
    coupon_codes: list[str] = Field(description="The coupons given")
    date: datetime


class PointsRedeemResult(BaseModel):
    redemption: PointsRedemption
    checkout: Checkout | None = Field(
        description="Products: the order's checkout; to pay with POST "
        "/checkouts/{id}/pay when state is to_pay"
    )
    points_left: int
