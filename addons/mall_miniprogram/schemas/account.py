# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from .common import ApiModel, ImageSize
from .share import Scene, ShareToken

DeviceId = Field(
    None,
    max_length=128,
    description="A stable id of the device, kept by the mini-program in its "
    "storage; used against fraud (many accounts on one device)",
)


class Shopper(BaseModel):
    id: int
    name: str = Field(description="Nickname")
    avatar: str | None = Field(description="Avatar link in the size asked, if any")
    phone: str | None = Field(description="Phone number, masked (138****8000)")
    gender: Literal["male", "female"] | None
    birthday: date | None
    platforms: list[Literal["weixin", "alipay"]] = Field(
        description="Platforms the shopper signed in with"
    )


class Session(BaseModel):
    token: str = Field(description="Send as `Authorization: Bearer <token>`")
    expires_at: datetime
    refresh_token: str = Field(
        description="Exchanges once for a new session at /auth/refresh"
    )
    refresh_expires_at: datetime
    is_new: bool = Field(False, description="The shopper signed in for the first time")
    shopper: Shopper


class PhoneResult(BaseModel):
    shopper: Shopper
    session: Session | None = Field(
        description="Set when the number joined this account to the shopper's "
        "account on the other platform: continue with this session, the "
        "current token no longer works"
    )


class WeixinLogin(ApiModel):
    code: str = Field(min_length=1, max_length=128, description="From `wx.login()`")
    device_id: str | None = DeviceId
    share_token: str | None = ShareToken
    scene: str | None = Scene


class AlipayLogin(ApiModel):
    auth_code: str = Field(
        min_length=1, max_length=128, description="From `my.getAuthCode()`"
    )
    device_id: str | None = DeviceId
    share_token: str | None = ShareToken
    scene: str | None = Scene


class RefreshRequest(ApiModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class PhoneRequest(ApiModel):
    """One of: the code of WeChat's phone button (current API); the
    encrypted data and iv of the same button (older API); the encrypted
    response of Alipay's `my.getPhoneNumber`."""

    code: str | None = Field(None, max_length=128)
    encrypted_data: str | None = Field(None, max_length=4096)
    iv: str | None = Field(None, max_length=64)
    alipay_response: str | None = Field(None, max_length=4096)

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [
            bool(self.code),
            bool(self.encrypted_data or self.iv),
            bool(self.alipay_response),
        ]
        if sum(kinds) != 1:
            raise ValueError(
                "give either code, or encrypted_data with iv, or alipay_response"
            )
        if self.encrypted_data and not self.iv or self.iv and not self.encrypted_data:
            raise ValueError("encrypted_data and iv go together")
        return self


class ProfileQuery(ApiModel):
    image_size: ImageSize = Field(128, description="Size of the avatar link")


class ProfileUpdate(ApiModel):
    name: str | None = Field(None, min_length=1, max_length=64, description="Nickname")
    avatar: str | None = Field(
        None, description="Base64 JPEG, PNG or WebP picture of at most 2 MiB"
    )
    gender: Literal["male", "female"] | None = None
    birthday: date | None = None


class LogoutRequest(ApiModel):
    all_devices: bool = Field(
        False, description="Also sign out the shopper's other devices"
    )


class LogoutResult(BaseModel):
    revoked: int = Field(description="How many sessions were closed")
