# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from .catalog import Money
from .common import ApiModel, PageQuery


class Balance(BaseModel):
    currency: str
    balance: str = Money
    topup_min: str = Money
    topup_max: str = Money


class BalanceMove(BaseModel):
    date: datetime
    description: str
    amount: str = Field(
        pattern=r"^-?\d+(\.\d+)?$",
        description="Credited (positive) or debited (negative)",
        examples=["-59.90"],
    )


class BalanceHistoryQuery(PageQuery):
    pass


class TopupRequest(ApiModel):
    amount: Decimal = Field(
        gt=0,
        max_digits=10,
        decimal_places=2,
        description="The amount to add to the balance, in the balance currency",
        examples=["100.00"],
    )


class TopupCheckout(BaseModel):
    id: int = Field(description="Pay it with POST /checkouts/{id}/pay")
    name: str
    currency: str
    amount_total: str = Money
    pay_before: datetime
