# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .cart import Checkout
from .catalog import Money
from .common import ApiModel


class FlashClaimBody(BaseModel):
    quantity: int = Field(1, ge=1, le=99, description="Units claimed")


class FlashClaim(BaseModel):
    claim_uid: str = Field(description="The claim; its order follows shortly")
    sale_id: int
    quantity: int
    state: Literal["accepted"]


class FlashSale(BaseModel):
    id: int
    name: str
    product_id: int = Field(description="The variant sold")
    product_name: str
    currency: str
    list_price: str = Money
    flash_price: str = Money
    quota: int
    remaining: int = Field(description="Units left to claim")
    per_shopper_limit: int = Field(description="Units per shopper; 0: no limit")
    date_start: datetime
    date_end: datetime | None
    started: bool


class MyFlashClaim(BaseModel):
    claim_uid: str
    sale_id: int
    quantity: int
    state: Literal["accepted", "ordered", "paid", "expired"] = Field(
        description="accepted: the order follows within seconds; ordered: to "
        "pay before expires_at (POST /flash-sales/{id}/claim/checkout)"
    )
    order_id: int | None
    expires_at: datetime


class FlashCheckoutRequest(ApiModel):
    address_id: int = Field(ge=1, description="The delivery address")
    carrier_id: int | None = Field(
        None, ge=1, description="The delivery method; the cheapest when omitted"
    )


class FlashCheckout(BaseModel):
    claim: MyFlashClaim
    checkout: Checkout = Field(
        description="Pay it with POST /checkouts/{id}/pay before pay_before"
    )
