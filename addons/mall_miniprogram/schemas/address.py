# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from odoo.addons.mall_catalog.tools import crypto

from .common import ApiModel

# After normalization: a mobile, a landline with its area code (010 1234
# 5678, 0755 8888 8888) with an optional extension, or a number of Hong
# Kong, Macao or Taiwan in international form.
_PHONE = re.compile(
    r"1[3-9]\d{9}|0[1-9]\d{8,10}(?:-\d{1,6})?|\+852\d{8}|\+853\d{8}|\+886\d{8,9}"
)
_EXTENSION = re.compile(r"^(.*?\d)(?:转|-|ext\.?|#)(\d{1,6})$", re.IGNORECASE)


def _phone(value):
    value = (value or "").strip()
    number, extension = value, ""
    match = _EXTENSION.match(value)
    if match and crypto.MOBILE_RE.fullmatch(match.group(1)) is None:
        candidate = crypto.normalize_phone(match.group(1))
        if candidate.startswith("0") and len(candidate) >= 10:
            number, extension = match.group(1), match.group(2)
    normalized = crypto.normalize_phone(number)
    if extension:
        normalized = f"{normalized}-{extension}"
    if not _PHONE.fullmatch(normalized):
        raise ValueError(
            "must be a mobile number or a landline with its area code "
            "(13800138000, 021-68888888)"
        )
    return normalized


Phone = Annotated[
    str,
    StringConstraints(max_length=32),
    AfterValidator(_phone),
]


def _text(min_length, max_length):
    return Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=min_length, max_length=max_length
        ),
    ]


Recipient = _text(1, 32)
Detail = _text(1, 120)
HouseNumber = _text(0, 60)
PostalCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
RegionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class Region(BaseModel):
    id: int
    code: str = Field(description="6-digit administrative code")
    name: str
    level: Literal["province", "city", "district"]


class RegionNode(Region):
    has_children: bool = Field(description="Whether a picker goes one level down")


class RegionQuery(ApiModel):
    parent_id: int | None = Field(
        None, gt=0, description="The region whose children to list; provinces if unset"
    )


class RegionLookupQuery(ApiModel):
    code: RegionCode | None = Field(None, description="6-digit code, tried first")
    province: str | None = Field(None, max_length=32)
    city: str | None = Field(None, max_length=32)
    district: str | None = Field(None, max_length=32)

    @model_validator(mode="after")
    def _something(self):
        if not (self.code or self.province):
            raise ValueError("give a code or at least a province")
        return self


class RegionPath(BaseModel):
    region: Region = Field(description="The region an address can point at")
    path: list[Region] = Field(description="Its province, city and itself")
    full_name: str = Field(description="As an address starts: 北京市朝阳区")


class Address(BaseModel):
    id: int
    recipient: str
    phone: str = Field(description="In full: the address is the shopper's own")
    region: Region = Field(description="District, or city without districts")
    province: str
    city: str = Field(description="City as couriers write it (仙桃市, 北京市)")
    district: str | None
    detail: str = Field(description="Street, building, door")
    house_number: str | None
    postal_code: str | None
    is_default: bool
    full_address: str = Field(description="One line: region, detail, house number")


class AddressRequest(ApiModel):
    """An address from the mini-program's own form: its region by id or
    code (a district, or a city without districts)."""

    recipient: Recipient
    phone: Phone
    region_id: int | None = Field(None, gt=0)
    region_code: RegionCode | None = None
    detail: Detail = Field(description="Street, building, door: 1-120 characters")
    house_number: HouseNumber | None = None
    postal_code: PostalCode | None = None
    is_default: bool | None = Field(
        None,
        description="Make it the default address; the first address always "
        "is. An address stops being the default only when another becomes it.",
    )

    @model_validator(mode="after")
    def _one_region(self):
        if bool(self.region_id) == bool(self.region_code):
            raise ValueError("give one of region_id and region_code")
        return self


class WeixinAddressRequest(ApiModel):
    """What `wx.chooseAddress` resolves with, passed as is (`errMsg` and
    fields of newer versions are ignored)."""

    model_config = ConfigDict(extra="ignore")

    userName: Recipient
    telNumber: Phone
    provinceName: str = Field(max_length=32)
    cityName: str = Field("", max_length=32)
    countyName: str = Field("", max_length=32)
    detailInfo: Detail
    nationalCode: str = Field("", max_length=12)
    postalCode: str = Field("", max_length=12)
    is_default: bool | None = None


class DefaultAddress(BaseModel):
    id: int
    is_default: bool


class AddressDeleted(BaseModel):
    id: int
    deleted: bool
