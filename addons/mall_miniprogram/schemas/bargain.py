# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .cart import Checkout
from .catalog import Money
from .common import ApiModel

BargainState = Literal["open", "success", "bought", "expired"]


class BargainCampaign(BaseModel):
    id: int
    name: str
    product_id: int = Field(description="The variant sold")
    product_name: str
    currency: str
    start_price: str = Money
    floor_price: str = Money
    helpers_needed: int = Field(description="Friends whose cuts reach the floor")
    duration_hours: int = Field(description="Time a bargain has to be bought")
    per_shopper_limit: int = Field(description="Bargains per shopper; 0: no limit")
    date_end: datetime


class BargainHelper(BaseModel):
    name: str = Field(description="The friend's name, masked (张**)")
    amount: str = Money
    helped_at: datetime


class Bargain(BaseModel):
    id: int
    name: str
    campaign_id: int
    product_id: int
    product_name: str
    initiator: str = Field(description="The shopper's name, masked (张**)")
    currency: str
    start_price: str = Money
    current_price: str = Money
    floor_price: str = Money
    cut_amount: str = Money
    helpers_needed: int
    help_count: int
    progress: float = Field(description="Share of the gap already cut, 0 to 100")
    state: BargainState = Field(
        description="open: friends may help; success: the floor is reached; "
        "bought; expired"
    )
    expires_at: datetime
    helpers: list[BargainHelper] = Field(description="The friends' cuts, first first")
    is_mine: bool = Field(description="The signed-in shopper started it")
    helped: bool = Field(description="The signed-in shopper has helped it")
    can_help: bool = Field(description="The signed-in shopper may help it now")


class MyBargain(Bargain):
    order_id: int | None = Field(description="The order buying it, once asked")


class BargainHelpResult(BaseModel):
    cut: str = Field(
        pattern=r"^-?\d+(\.\d+)?$",
        examples=["3.21"],
        description="The amount this friend cut",
    )
    bargain: Bargain


class BargainCheckoutRequest(ApiModel):
    address_id: int = Field(ge=1, description="The delivery address")
    carrier_id: int | None = Field(
        None, ge=1, description="The delivery method; the cheapest when omitted"
    )


class BargainCheckout(BaseModel):
    bargain: MyBargain
    checkout: Checkout = Field(
        description="Pay it with POST /checkouts/{id}/pay before pay_before"
    )
