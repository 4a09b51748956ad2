# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from typing import Literal

from pydantic import BaseModel, Field

from .address import Address
from .common import ApiModel
from .invoice import InvoiceRequest, InvoiceTitle


class ExportedProfile(BaseModel):
    id: int
    name: str
    phone: str | None = Field(description="In full")
    mobile: str | None
    email: str | None
    gender: Literal["male", "female"] | None
    birthday: datetime.date | None
    avatar: str | None = Field(description="Link of the avatar, if any")
    created_at: datetime.datetime


class ExportedPlatformAccount(BaseModel):
    platform: str
    appid: str
    openid: str
    unionid: str | None
    last_login: datetime.datetime | None
    created_at: datetime.datetime


class ExportedProduct(BaseModel):
    product_id: int
    product_name: str


class ExportedFavorite(ExportedProduct):
    added_at: datetime.datetime


class ExportedFootprint(ExportedProduct):
    day: datetime.date
    viewed_at: datetime.datetime


class ExportedSearch(BaseModel):
    query: str
    searched_at: datetime.datetime
    cleared: bool = Field(description="Cleared from the history shown")


class ExportedReview(ExportedProduct):
    rating: int
    text: str
    photo_count: int
    state: str
    reply: str | None
    created_at: datetime.datetime


class ExportedOrder(BaseModel):
    name: str
    date: datetime.datetime
    amount_total: str = Field(pattern=r"^-?\d+(\.\d+)?$", examples=["59.90"])
    currency: str
    state: str


class ExportedSessions(BaseModel):
    active: int = Field(description="Signed-in sessions that still work")
    total: int = Field(description="Sessions the mall still keeps a trace of")


class PersonalDataExport(BaseModel):
    """Everything the mall holds about the shopper (PIPL art. 45)."""

    exported_at: datetime.datetime
    profile: ExportedProfile
    platform_accounts: list[ExportedPlatformAccount] = Field(
        description="Without the platforms' session keys"
    )
    addresses: list[Address]
    favorites: list[ExportedFavorite]
    footprints: list[ExportedFootprint]
    searches: list[ExportedSearch]
    reviews: list[ExportedReview]
    invoice_titles: list[InvoiceTitle] = Field(description="Saved invoice titles")
    invoice_requests: list[InvoiceRequest] = Field(
        description="Invoice requests, with the title as it was when requested"
    )
    orders: list[ExportedOrder]
    sessions: ExportedSessions


class DeleteAccountRequest(ApiModel):
    confirm: Literal[True] = Field(
        description="Must be true: the account is erased for good"
    )


class AccountDeleted(BaseModel):
    deleted: bool
