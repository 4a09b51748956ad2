# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import BaseModel, Field

from .common import ApiModel

ShareToken = Field(
    None,
    max_length=64,
    description="The `s` parameter of the shared page the shopper opened: a "
    "first sign-in with it rewards the newcomer and the sharer",
)
Scene = Field(
    None,
    max_length=32,
    description="The scene of the mini-program code the shopper scanned (store, "
    "KOL or campaign code): tags the shopper with that channel",
)


class ShareRequest(ApiModel):
    product_id: int | None = Field(
        None, ge=1, description="The product shared; none for an invitation"
    )


class ShareResult(BaseModel):
    token: str = Field(description="Signed; carried in the shared path as `s`")
    path: str = Field(description="The page to share (`onShareAppMessage` path)")
    campaign: str = Field(description="The campaign's name")
