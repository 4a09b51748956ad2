# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The shopper's rights over their personal data (PIPL): a copy of it,
and the deletion of the account."""

from datetime import timezone

from odoo import fields, http
from odoo.http import request

from odoo.addons.mall_catalog.tools import images, money

from ..http_api import api_route, current_shopper
from ..schemas.privacy import AccountDeleted, DeleteAccountRequest, PersonalDataExport
from .address import address_payload
from .invoice import request_payload, title_payload

AVATAR_SIZE = 1024


def _utc(value):
    return value and value.replace(tzinfo=timezone.utc)


def _avatar(shopper):
    if not shopper.image_1920 or not hasattr(shopper, "_mall_checksums"):
        return None
    checksum = shopper._mall_checksums(images.size_field("image", AVATAR_SIZE))
    base = request.env["product.template"]._mall_image_base()
    return images.image_url(
        base, "avatar", shopper.id, AVATAR_SIZE, checksum.get(shopper.id)
    )


def _value(record, fname):
    return (record[fname] or None) if fname in record._fields else None


def _rows(model, shopper, **kwargs):
    return (
        request.env[model]
        .sudo()
        .with_context(active_test=False)
        .search([("partner_id", "=", shopper.id)], **kwargs)
    )


def _product(row):
    return {
        "product_id": row.product_tmpl_id.id,
        "product_name": row.product_tmpl_id.name or "",
    }


def export_payload(shopper):
    """Everything the mall holds about ``shopper``."""
    identities = (
        shopper.mall_identity_ids
        if "mall_identity_ids" in shopper._fields
        else request.env["res.partner"].browse()
    )
    Token = request.env["mall.shopper.token"]
    orders = (
        request.env["sale.order"]
        .sudo()
        .search([("partner_id", "child_of", shopper.id)], order="date_order desc")
    )
    return {
        "exported_at": fields.Datetime.now().replace(tzinfo=timezone.utc),
        "profile": {
            "id": shopper.id,
            "name": shopper.name or "",
            "phone": shopper.phone or None,
            "mobile": shopper.mobile or None,
            "email": shopper.email or None,
            "gender": _value(shopper, "mall_gender"),
            "birthday": _value(shopper, "mall_birthday"),
            "avatar": _avatar(shopper),
            "created_at": _utc(shopper.create_date),
        },
        "platform_accounts": [
            {
                "platform": identity.platform,
                "appid": identity.appid,
                "openid": identity.openid,
                "unionid": identity.unionid or None,
                "last_login": _utc(identity.last_login) or None,
                "created_at": _utc(identity.create_date),
            }
            for identity in identities.sudo()
        ],
        "addresses": [address_payload(a) for a in shopper._mall_addresses()],
        "favorites": [
            {**_product(row), "added_at": _utc(row.create_date)}
            for row in _rows("mall.favorite", shopper)
        ],
        "footprints": [
            {**_product(row), "day": row.day, "viewed_at": _utc(row.viewed_at)}
            for row in _rows("mall.footprint", shopper)
        ],
        "searches": [
            {
                "query": row.query,
                "searched_at": _utc(row.create_date),
                "cleared": row.hidden,
            }
            for row in _rows("mall.search.log", shopper)
        ],
        "reviews": [
            {
                **_product(row),
                "rating": row.rating,
                "text": row.text or "",
                "photo_count": row.photo_count,
                "state": row.state,
                "reply": row.reply or None,
                "created_at": _utc(row.create_date),
            }
            for row in _rows("mall.product.review", shopper)
        ],
        "invoice_titles": [
            title_payload(title) for title in _rows("mall.invoice.title", shopper)
        ],
        "invoice_requests": [
            request_payload(row) for row in _rows("mall.invoice.request", shopper)
        ],
        "orders": [
            {
                "name": order.name,
                "date": _utc(order.date_order),
                "amount_total": money.format_amount(
                    order.amount_total, order.currency_id.decimal_places
                ),
                "currency": order.currency_id.name,
                "state": order.state,
            }
            for order in orders
        ],
        "sessions": {
            "active": len(Token._live_tokens_of(shopper)),
            "total": Token.sudo().search_count([("partner_id", "=", shopper.id)]),
        },
    }


class MallPrivacyController(http.Controller):
    @api_route(
        "/me/export",
        summary="A copy of everything the mall holds about the shopper",
        description="Profile, platform accounts (without secrets), addresses "
        "in full, favorites, footprints, searches, reviews, invoice titles and "
        "requests, orders and sessions, as one JSON document.",
        tags=["account"],
        auth="shopper",
        response=PersonalDataExport,
    )
    def export_me(self):
        return export_payload(current_shopper())

    @api_route(
        "/me",
        method="DELETE",
        summary="Delete the shopper's account for good",
        description='Needs `{"confirm": true}`. Personal data is erased and '
        "every session ends; orders and invoices stay, under an anonymous "
        "name, as accounting requires. Refused (BUSINESS_RULE) while an "
        "order is still being delivered.",
        tags=["account"],
        auth="shopper",
        body=DeleteAccountRequest,
        response=AccountDeleted,
        errors=("VALIDATION_ERROR", "BUSINESS_RULE"),
    )
    def delete_me(self, body):
        current_shopper()._mall_anonymise()
        return {"deleted": True}
