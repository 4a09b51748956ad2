# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from .common import PageQuery

MoneyField = Field(pattern=r"^-?\d+(\.\d+)?$")


class CouponQuery(PageQuery):
    state: Literal["usable", "used", "expired"] = Field(
        "usable", description="The wallet's tab"
    )


class WalletCoupon(BaseModel):
    id: int = Field(description="The card's id, what the checkout's coupon_ids take")
    name: str
    code: str
    kind: Literal["fixed", "percent", "shipping", "other"]
    description: str = Field(description="The reward, e.g. 10% on your order")
    threshold: str = Field(description="Minimum order amount (满), 0: none")
    amount: str | None = Field(None, description="Fixed: the amount off")
    percent: float | None = Field(None, description="Percentage: the % off")
    max_discount: str | None = Field(None, description="The cap of the discount")
    valid_from: date | None
    valid_until: date | None = Field(
        description="The earlier of the card's and program's"
    )
    state: Literal["usable", "used", "expired"]
