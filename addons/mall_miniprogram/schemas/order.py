# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .cart import ShopRef
from .catalog import Money
from .common import PageQuery

OrderStatus = Literal[
    "to_pay",
    "to_ship",
    "to_receive",
    "to_review",
    "aftersale",
    "completed",
    "under_review",
    "grouping",
    "partially_refunded",
    "refunded",
    "cancelled",
]


class OrderQuery(PageQuery):
    status: Literal[
        "all", "to_pay", "to_ship", "to_receive", "to_review", "aftersale", "cancelled"
    ] = Field("all", description="The tab: 待付款, 待发货, 待收货, 待评价, 售后, ...")


class OrderLine(BaseModel):
    id: int
    product_id: int
    variant_id: int
    name: str
    quantity: int
    price: str = Money
    subtotal: str = Money


class Order(BaseModel):
    id: int
    name: str
    status: OrderStatus
    shop: ShopRef | None
    created_at: datetime
    pay_before: datetime | None
    checkout_id: int | None
    lines: list[OrderLine]
    delivery_fee: str = Money
    amount_total: str = Money
    currency: str
