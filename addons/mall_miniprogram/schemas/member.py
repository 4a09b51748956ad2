# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from pydantic import BaseModel, Field

from .common import PageQuery


class TierRef(BaseModel):
    id: int
    name: str
    min_points: int = Field(description="What reaches the tier (points, or amount)")
    discount_percent: float


class MemberDay(BaseModel):
    day: int = Field(description="Day of the month (Beijing time)")
    today: bool = Field(description="Whether today is the member day")
    next_date: date
    points_multiplier: float
    discount_percent: float = Field(description="Members' extra discount that day")


class Member(BaseModel):
    points: int = Field(description="Spendable points")
    points_expiring: int = Field(description="Points expiring by the end of next month")
    points_expiring_on: date | None = None
    tier: TierRef | None = None
    next_tier: TierRef | None = None
    tier_basis: str = Field(description="points: points earned; spend: amount paid")
    tier_value: float = Field(description="What counts for tiers over the window")
    tier_window_days: int
    to_next_tier: float = Field(description="Missing to reach the next tier")
    progress_percent: int = Field(ge=0, le=100)
    discount_percent: float = Field(description="The member's discount today")
    perks: str = Field(description="The tier's perks (HTML)")
    member_day: MemberDay | None = None


class PointsMove(BaseModel):
    date: datetime
    description: str
    points: int = Field(description="Earned (positive) or spent (negative)")


class PointsHistoryQuery(PageQuery):
    pass


class Reward(BaseModel):
    id: int
    name: str
    required_points: int
    kind: str = Field(description="discount, product or shipping")
    redeemable: bool = Field(description="Whether the member has the points")


class RedeemedCoupon(BaseModel):
    id: int
    code: str
    program: str
    expiration_date: date | None = None
    points_left: int
