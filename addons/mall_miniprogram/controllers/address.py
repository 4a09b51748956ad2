# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import MallApiError, api_route, current_shopper
from ..schemas.address import (
    Address,
    AddressDeleted,
    AddressRequest,
    DefaultAddress,
    RegionLookupQuery,
    RegionNode,
    RegionPath,
    RegionQuery,
    WeixinAddressRequest,
)

WRITE_ERRORS = ("VALIDATION_ERROR", "BUSINESS_RULE")


def region_payload(region):
    return {
        "id": region.id,
        "code": region.code,
        "name": region.name,
        "level": region.level,
    }


def address_payload(address):
    """An address as its shopper sees it: in full, it is theirs."""
    region = address.mall_region_id
    path = region._mall_path()
    district = region if region.level == "district" else None
    detail = address.street or ""
    return {
        "id": address.id,
        "recipient": address.name or "",
        "phone": address.phone or "",
        "region": region_payload(region),
        "province": path[0].name,
        "city": region._mall_city_name(),
        "district": district.name if district else None,
        "detail": detail,
        "house_number": address.street2 or None,
        "postal_code": address.zip or None,
        "is_default": address.mall_default_address,
        "full_address": " ".join(
            filter(None, [region._mall_full_name() + detail, address.street2])
        ),
    }


def _invalid(field, message, kind="region"):
    return MallApiError(
        "VALIDATION_ERROR",
        details=[{"field": field, "type": kind, "message": message}],
    )


def _selectable(region, field):
    if not region:
        raise _invalid(field, "unknown region")
    if not region._mall_is_selectable():
        raise _invalid(
            field, "must be a district, or a city without districts", "region_level"
        )
    return region


def _form_values(body):
    """Partner values of an address sent by the mini-program's form."""
    Region = request.env["mall.region"].sudo()
    if body.region_id:
        region = _selectable(Region.browse(body.region_id).exists(), "body.region_id")
    else:
        region = _selectable(
            Region._mall_find_by_code(body.region_code), "body.region_code"
        )
    return {
        "name": body.recipient,
        "phone": body.phone,
        "mall_region_id": region.id,
        "street": body.detail,
        "street2": body.house_number or False,
        "zip": body.postal_code or False,
    }


def _weixin_values(body):
    """Partner values of what ``wx.chooseAddress`` gave."""
    region = (
        request.env["mall.region"]
        .sudo()
        ._mall_resolve(
            code=body.nationalCode,
            province=body.provinceName,
            city=body.cityName,
            district=body.countyName,
        )
    )
    if not region:
        raise _invalid(
            "body.countyName",
            "no such region: "
            + "/".join(
                filter(None, [body.provinceName, body.cityName, body.countyName])
            ),
        )
    postal = body.postalCode.strip()
    return {
        "name": body.userName,
        "phone": body.telNumber,
        "mall_region_id": region.id,
        "street": body.detailInfo,
        "street2": False,
        "zip": postal if postal.isdigit() and len(postal) == 6 else False,
    }


def _own_address(address_id):
    """The shopper's address ``address_id``; another's is NOT_FOUND."""
    address = current_shopper()._mall_address(address_id)
    if not address:
        raise MallApiError("NOT_FOUND")
    return address


def _create(values, is_default):
    if is_default:
        values["mall_default_address"] = True
    return address_payload(current_shopper()._mall_add_address(values))


class MallAddressController(http.Controller):
    # ------------------------------------------------------------------
    # Regions
    # ------------------------------------------------------------------
    @api_route(
        "/regions",
        summary="Provinces, or the cities or districts of a region",
        description="For the cascading region picker. The list only changes "
        "when China's divisions do: clients may keep it for a day.",
        tags=["addresses"],
        query=RegionQuery,
        response=list[RegionNode],
        errors=("NOT_FOUND",),
    )
    def regions(self, query):
        Region = request.env["mall.region"].sudo()
        if query.parent_id and not Region.browse(query.parent_id).exists():
            raise MallApiError("NOT_FOUND")
        return [
            {
                "id": region_id,
                "code": code,
                "name": name,
                "level": level,
                "has_children": has_children,
            }
            for region_id, code, name, level, has_children in Region._mall_children(
                query.parent_id
            )
        ]

    @api_route(
        "/regions/lookup",
        summary="The region of a code or of province, city and district names",
        description="Names as WeChat or a map spells them (北京市/北京市/"
        "朝阳区, 广东/深圳/南山区); a code is tried first.",
        tags=["addresses"],
        query=RegionLookupQuery,
        response=RegionPath,
        errors=("NOT_FOUND",),
    )
    def region_lookup(self, query):
        region = (
            request.env["mall.region"]
            .sudo()
            ._mall_resolve(
                code=query.code,
                province=query.province,
                city=query.city,
                district=query.district,
            )
        )
        if not region:
            raise MallApiError("NOT_FOUND")
        return {
            "region": region_payload(region),
            "path": [region_payload(r) for r in region._mall_path()],
            "full_name": region._mall_full_name(),
        }

    # ------------------------------------------------------------------
    # Address book
    # ------------------------------------------------------------------
    @api_route(
        "/addresses",
        summary="The shopper's addresses, the default first",
        tags=["addresses"],
        auth="shopper",
        response=list[Address],
    )
    def addresses(self):
        return [address_payload(a) for a in current_shopper()._mall_addresses()]

    @api_route(
        "/addresses/<int:address_id>",
        summary="One of the shopper's addresses",
        tags=["addresses"],
        auth="shopper",
        response=Address,
        errors=("NOT_FOUND",),
    )
    def address(self, address_id):
        return address_payload(_own_address(address_id))

    @api_route(
        "/addresses",
        method="POST",
        summary="Add an address",
        description="The first address becomes the default. A shopper keeps "
        "at most 50 addresses (BUSINESS_RULE beyond).",
        tags=["addresses"],
        auth="shopper",
        body=AddressRequest,
        response=Address,
        status=201,
        errors=WRITE_ERRORS,
    )
    def create_address(self, body):
        return _create(_form_values(body), body.is_default)

    @api_route(
        "/addresses/from-weixin",
        method="POST",
        summary="Add the address chosen in WeChat's address picker",
        description="Send what `wx.chooseAddress` resolved with. The region "
        "is found by `nationalCode`, else by the province, city and county "
        "names; VALIDATION_ERROR when neither is known.",
        tags=["addresses"],
        auth="shopper",
        body=WeixinAddressRequest,
        response=Address,
        status=201,
        errors=WRITE_ERRORS,
    )
    def create_weixin_address(self, body):
        return _create(_weixin_values(body), body.is_default)

    @api_route(
        "/addresses/<int:address_id>",
        method="PUT",
        summary="Change an address",
        description="An address an order already ships to is kept as it was "
        "for that order: the change is saved as a new address, whose `id` "
        "the answer gives.",
        tags=["addresses"],
        auth="shopper",
        body=AddressRequest,
        response=Address,
        errors=("NOT_FOUND", *WRITE_ERRORS),
    )
    def update_address(self, address_id, body):
        address = _own_address(address_id)
        values = _form_values(body)
        if body.is_default:
            values["mall_default_address"] = True
        return address_payload(address._mall_update_address(values))

    @api_route(
        "/addresses/<int:address_id>",
        method="DELETE",
        summary="Delete an address",
        description="The newest remaining address becomes the default when "
        "the default one goes.",
        tags=["addresses"],
        auth="shopper",
        response=AddressDeleted,
        errors=("NOT_FOUND",),
    )
    def delete_address(self, address_id):
        _own_address(address_id)._mall_remove_address()
        return {"id": address_id, "deleted": True}

    @api_route(
        "/addresses/<int:address_id>/default",
        method="POST",
        summary="Make an address the default one",
        tags=["addresses"],
        auth="shopper",
        response=DefaultAddress,
        errors=("NOT_FOUND",),
    )
    def make_default_address(self, address_id):
        _own_address(address_id)._mall_make_default()
        return {"id": address_id, "is_default": True}
