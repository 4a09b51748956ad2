# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from pydantic import BaseModel, Field

from .catalog import Money
from .common import ApiModel


class CardSavingExample(BaseModel):
    monthly_spend: str = Money
    saved: str = Field(
        pattern=r"^-?\d+(\.\d+)?$",
        description="What the discount saves over the card's duration",
    )
    net: str = Field(
        pattern=r"^-?\d+(\.\d+)?$",
        description="Saved less the card's price (negative: not yet worth it)",
    )


class CardPlan(BaseModel):
    id: int
    name: str
    duration: str = Field(description="monthly, quarterly or yearly")
    months: int
    price: str = Money
    currency: str
    discount_percent: float = Field(
        description="Member price discount, on top of the tier discount"
    )
    category_ids: list[int] = Field(
        description="Categories the discount applies to (empty: every product)"
    )
    free_shipping: bool
    free_shipping_min: str = Money
    monthly_coupon: str | None = Field(
        None, description="Name of the coupon given on purchase and every month"
    )
    points_multiplier: float
    description: str = Field(description="HTML")
    examples: list[CardSavingExample]


class MyCard(BaseModel):
    active: bool = Field(description="Whether the shopper holds a valid card")
    state: str | None = Field(None, description="active or expired; null: never")
    plan: CardPlan | None = None
    date_start: date | None = Field(None, description="Member since (Beijing date)")
    date_end: date | None = Field(None, description="Valid until (Beijing date)")
    days_left: int = Field(description="Valid days left, today included")
    savings: str = Money
    currency: str


class CardPurchaseRequest(ApiModel):
    plan_id: int


class CardCheckout(BaseModel):
    id: int = Field(description="Pay it with POST /checkouts/{id}/pay")
    name: str
    currency: str
    amount_total: str = Money
    pay_before: datetime
    renewal: bool = Field(
        description="The shopper holds a valid card: it is extended from its "
        "end date, not from today"
    )
    new_date_end: date = Field(description="The card's end date once paid")
