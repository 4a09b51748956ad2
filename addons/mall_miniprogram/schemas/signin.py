# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime as dt

from pydantic import BaseModel, Field

from .common import ApiModel


class SigninQuery(ApiModel):
    year: int | None = Field(None, ge=2000, le=2100, description="This year if omitted")
    month: int | None = Field(None, ge=1, le=12, description="This month if omitted")


class Signin(BaseModel):
    date: dt.date = Field(description="The day signed (Beijing date)")
    streak: int = Field(description="Day of the streak")
    points: int = Field(description="Points awarded")
    points_balance: int


class SigninDay(BaseModel):
    date: dt.date
    signed: bool
    points: int
    streak: int


class SigninUpcoming(BaseModel):
    streak: int
    points: int


class SigninStatus(BaseModel):
    today: dt.date
    signed_today: bool
    streak: int = Field(description="Current streak; 0 after a missed day")
    today_points: int = Field(
        description="Points of today's sign-in: awarded, or to be awarded"
    )
    upcoming: list[SigninUpcoming] = Field(description="Points of the next streak days")
    year: int
    month: int
    days: list[SigninDay] = Field(description="Calendar of the month")
    points_balance: int
