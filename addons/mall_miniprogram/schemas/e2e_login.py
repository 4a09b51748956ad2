# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pydantic import Field

from .account import DeviceId
from .common import ApiModel
from .share import ShareToken


class E2eLogin(ApiModel):
    shopper_id: int | None = Field(
        None,
        ge=1,
        description="The shopper to sign in; the first demo shopper (李娜) if omitted",
    )
    device_id: str | None = DeviceId
    share_token: str | None = ShareToken
