# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from .catalog import Money
from .common import ApiModel, PageQuery

PromoterState = Literal["none", "applied", "active", "frozen", "rejected"]
CommissionState = Literal["pending", "withdrawable", "withdrawn"]
WithdrawalMethod = Literal["balance", "wechatpay", "alipay"]


class BindRequest(ApiModel):
    code: str = Field(
        min_length=4,
        max_length=16,
        pattern=r"^[A-Za-z0-9]+$",
        description="The promoter code of the share link or poster opened "
        "(call at sign-in and at each first visit through a share)",
    )


class Binding(BaseModel):
    bound: bool = Field(description="Whether the shopper is bound to a promoter")
    new: bool = Field(description="True when this call made the binding")
    promoter: str = Field(description="The promoter's name, masked (张**)")
    expires_at: datetime | None = Field(
        description="When the binding lapses; none: never"
    )


class PromoterCentre(BaseModel):
    enabled: bool = Field(description="Whether the mall runs distribution")
    mode: Literal["open", "application", "spend"] = Field(
        description="open: anyone; application: approved by the merchant; "
        "spend: after spending spend_threshold"
    )
    spend_threshold: str = Money
    state: PromoterState = Field(description="none: not a promoter yet")
    code: str | None = Field(description="The code to share (active promoters)")
    share_path: str | None = Field(description="The page to share with the code")
    currency: str
    pending: str = Money
    withdrawable: str = Money
    withdrawn: str = Money
    in_review: str = Money
    min_withdrawal: str = Money
    levels: int = Field(description="Commission levels (1 or 2)")
    team_level_1: int
    team_level_2: int


class TeamQuery(PageQuery):
    level: int = Field(1, ge=1, le=2, description="1: shoppers I brought; 2: theirs")


class TeamMember(BaseModel):
    name: str = Field(description="Masked (张**)")
    level: int
    bound_at: datetime | None
    order_count: int = Field(description="Their paid orders that earned me commission")


class CommissionQuery(PageQuery):
    state: CommissionState | None = Field(None, description="Only this state")


class Commission(BaseModel):
    id: int
    order_name: str
    buyer: str = Field(description="Masked (张**)")
    level: int
    kind: Literal["accrual", "reversal"] = Field(
        description="reversal: a refund took back part of a commission (negative)"
    )
    base_amount: str = Money
    amount: str = Money
    state: CommissionState
    date: datetime


class WithdrawalRequest(ApiModel):
    amount: Decimal = Field(gt=0, max_digits=10, decimal_places=2, examples=["50.00"])
    method: WithdrawalMethod = Field(
        "balance",
        description="balance: credited to the mall balance once approved; "
        "wechatpay/alipay: transferred by the merchant after approval",
    )


class Withdrawal(BaseModel):
    id: int
    name: str
    amount: str = Money
    method: WithdrawalMethod
    state: Literal["requested", "approved", "paid", "rejected"]
    reject_reason: str | None
    created_at: datetime
    paid_at: datetime | None
