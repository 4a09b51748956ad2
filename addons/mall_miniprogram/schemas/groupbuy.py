# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .cart import Checkout
from .catalog import Money
from .common import ApiModel


class GroupbuyCampaign(BaseModel):
    id: int
    name: str
    product_id: int = Field(description="The product (template) sold")
    product_name: str
    currency: str
    list_price: str = Money
    group_price: str = Money
    group_size: int = Field(description="Members a group needs, leader included")
    duration_hours: int = Field(description="Time a group has to fill")
    per_shopper_limit: int = Field(description="Groups per shopper; 0: no limit")
    date_end: datetime


class GroupbuyGroup(BaseModel):
    id: int
    name: str
    campaign_id: int
    leader: str = Field(description="The leader's name, masked (张**)")
    state: Literal["draft", "open", "succeeded", "failed", "cancel"] = Field(
        description="draft: the leader has not paid yet; open: joinable"
    )
    group_size: int
    paid_count: int
    seats_left: int
    expires_at: datetime | None


class GroupbuyCampaignDetail(GroupbuyCampaign):
    variants: list[dict[str, int | str]] = Field(
        description="The variants to choose from: id and name"
    )
    open_groups: list[GroupbuyGroup] = Field(
        description="Open groups with seats left, the ones closing first first"
    )


class GroupbuySeatRequest(ApiModel):
    address_id: int = Field(ge=1, description="The delivery address")
    variant_id: int | None = Field(
        None, ge=1, description="The variant; may be omitted for one-variant products"
    )
    carrier_id: int | None = Field(
        None, ge=1, description="The delivery method; the cheapest when omitted"
    )


class GroupbuySeat(BaseModel):
    member_id: int
    state: Literal["pending_payment", "paid", "refunded", "cancel"]
    group: GroupbuyGroup
    checkout: Checkout = Field(
        description="Pay it with POST /checkouts/{id}/pay before pay_before"
    )


class MyGroupbuy(BaseModel):
    member_id: int
    state: Literal["pending_payment", "paid", "refunded", "cancel"]
    is_leader: bool
    order_id: int | None
    campaign_name: str
    group: GroupbuyGroup
