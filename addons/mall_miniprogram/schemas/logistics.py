# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

LogisticsStatus = Literal["unshipped", "partially_shipped", "shipped", "received"]
EventStatus = Literal[
    "shipped", "in_transit", "out_for_delivery", "delivered", "exception"
]


class TrackingEvent(BaseModel):
    time: datetime
    status: EventStatus
    description: str | None
    location: str | None


class Parcel(BaseModel):
    carrier: str | None = Field(description="Carrier name")
    logistics_type: Literal["express", "same_city", "virtual", "self_pickup"] | None
    tracking_number: str | None
    shipped_at: datetime | None
    events: list[TrackingEvent] = Field(description="Newest first")


class Logistics(BaseModel):
    order_id: int
    status: LogisticsStatus
    carrier: str | None = Field(description="Carrier of the latest parcel")
    tracking_number: str | None = Field(
        description="Tracking number of the latest parcel"
    )
    shipped_at: datetime | None
    received_at: datetime | None
    auto_receive_at: datetime | None = Field(
        description="When receipt is confirmed automatically, if the shopper "
        "does not confirm it first"
    )
    parcels: list[Parcel]
    events: list[TrackingEvent] = Field(
        description="Events of every parcel, newest first"
    )


class Received(BaseModel):
    order_id: int
    received_at: datetime
