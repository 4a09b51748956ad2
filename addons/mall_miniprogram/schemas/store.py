# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import BaseModel, Field, model_validator

from .common import PageQuery


class StoreQuery(PageQuery):
    latitude: float | None = Field(
        None, ge=-90, le=90, description="Shopper's latitude"
    )
    longitude: float | None = Field(
        None, ge=-180, le=180, description="Shopper's longitude"
    )
    radius_km: float | None = Field(
        None, gt=0, le=500, description="Only stores within this distance"
    )

    @model_validator(mode="after")
    def _position_complete(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        if self.radius_km is not None and self.latitude is None:
            raise ValueError("radius_km needs latitude and longitude")
        return self


class Store(BaseModel):
    id: int
    name: str
    shop_id: int
    province: str
    city: str
    district: str
    address: str
    phone: str
    opening_hours: str
    latitude: float
    longitude: float
    distance_km: float | None = Field(
        None, description="From the shopper, when their position was given"
    )
