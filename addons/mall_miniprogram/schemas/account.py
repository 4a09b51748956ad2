# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import BaseModel, Field

from .common import ApiModel


class Shopper(BaseModel):
    id: int
    name: str


class LogoutRequest(ApiModel):
    all_devices: bool = Field(
        False, description="Also sign out the shopper's other devices"
    )


class LogoutResult(BaseModel):
    revoked: int = Field(description="How many sessions were closed")
