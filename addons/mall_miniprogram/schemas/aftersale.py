# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from ..models.mall_aftersale import MAX_PHOTOS, REASONS, STATES, TYPES
from .catalog import Money
from .common import ApiModel, PageQuery

AftersaleType = Literal[tuple(code for code, _label in TYPES)]
AftersaleReason = Literal[tuple(code for code, _label in REASONS)]
AftersaleState = Literal[tuple(code for code, _label in STATES)]


class AftersaleQuery(PageQuery):
    state: AftersaleState | None = Field(None, description="Only this state")


class AftersaleLineRequest(ApiModel):
    order_line_id: int = Field(gt=0)
    quantity: float = Field(gt=0)


class AftersaleRequest(ApiModel):
    order_id: int = Field(gt=0)
    type: AftersaleType = Field(
        description="refund: refund only; return_refund: return and refund; "
        "exchange: return and receive the same products again"
    )
    reason: AftersaleReason = Field(
        description="unwanted (不想要了/拍错了), quality, wrong_item, damaged, "
        "not_as_described, other"
    )
    description: str = Field("", max_length=500)
    lines: list[AftersaleLineRequest] = Field(min_length=1, max_length=50)
    amount: Decimal | None = Field(
        None,
        ge=0,
        max_digits=12,
        decimal_places=2,
        description='Amount asked back, a decimal string such as "30.00"; by '
        "default what was paid for these units. Never above it, less earlier "
        "refunds. Ignored for exchanges.",
    )
    photos: list[str] = Field(
        [],
        max_length=MAX_PHOTOS,
        description="Base64 JPEG, PNG or WebP pictures of at most 2 MiB each",
    )


class AftersaleReturnRequest(ApiModel):
    carrier: str = Field(min_length=1, max_length=64, description="e.g. 顺丰速运")
    tracking_number: str = Field(min_length=1, max_length=64)


class AftersaleLine(BaseModel):
    order_line_id: int
    product_id: int
    product_name: str
    quantity: float
    amount: str = Money


class Aftersale(BaseModel):
    id: int
    name: str
    order_id: int
    order_name: str
    type: AftersaleType
    reason: AftersaleReason
    description: str
    state: AftersaleState
    currency: str
    amount_requested: str = Money
    amount_refunded: str = Money
    reject_reason: str | None
    return_carrier: str | None
    return_tracking_number: str | None
    lines: list[AftersaleLine]
    photo_count: int
    created_at: datetime.datetime
