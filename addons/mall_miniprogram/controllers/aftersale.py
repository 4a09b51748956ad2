# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.mall_catalog.tools import money

from ..http_api import MallApiError, Page, api_route, checked_picture, current_shopper
from ..models.mall_aftersale import AftersaleStateError, RefundTooLarge
from ..schemas.aftersale import (
    Aftersale,
    AftersaleQuery,
    AftersaleRequest,
    AftersaleReturnRequest,
)
from .order import shopper_order

TAGS = ["aftersales"]


def aftersale_payload(aftersale):
    currency = aftersale.order_id.currency_id
    digits = currency.decimal_places
    return {
        "id": aftersale.id,
        "name": aftersale.name,
        "order_id": aftersale.order_id.id,
        "order_name": aftersale.order_id.name,
        "type": aftersale.type,
        "reason": aftersale.reason,
        "description": aftersale.description or "",
        "state": aftersale.state,
        "currency": currency.name,
        "amount_requested": money.format_amount(aftersale.amount_requested, digits),
        "amount_refunded": money.format_amount(aftersale.amount_refunded, digits),
        "reject_reason": aftersale.reject_reason or None,
        "return_carrier": aftersale.return_carrier or None,
        "return_tracking_number": aftersale.return_tracking_ref or None,
        "lines": [
            {
                "order_line_id": line.sale_line_id.id,
                "product_id": line.product_id.id,
                "product_name": line.product_id.display_name,
                "quantity": line.quantity,
                "amount": money.format_amount(line.amount, digits),
            }
            for line in aftersale.line_ids
        ],
        "photo_count": len(aftersale.photo_ids),
        "created_at": aftersale.create_date.replace(tzinfo=timezone.utc),
    }


def shopper_domain(shopper):
    return [("partner_id", "child_of", shopper.commercial_partner_id.id)]


def own_aftersale(aftersale_id):
    """The shopper's after-sale, or NOT_FOUND: others' ids do not exist."""
    aftersale = (
        request.env["mall.aftersale"]
        .sudo()
        .search([("id", "=", aftersale_id), *shopper_domain(current_shopper())])
    )
    if not aftersale:
        raise MallApiError("NOT_FOUND")
    return aftersale


def business_error(exc):
    """The API error for a refused after-sale operation."""
    details = [{"field": "state", "type": "refused", "message": str(exc)}]
    if isinstance(exc, AftersaleStateError):
        return MallApiError("AFTERSALE_STATE", details=details)
    if isinstance(exc, RefundTooLarge):
        return MallApiError(
            "REFUND_TOO_LARGE",
            details=[
                {"field": "body.amount", "type": "too_large", "message": str(exc)}
            ],
        )
    return MallApiError("BUSINESS_RULE", details=details)


class MallAftersaleController(http.Controller):
    @api_route(
        "/aftersales",
        method="POST",
        summary="Ask for a refund, a return or an exchange on a paid order",
        tags=TAGS,
        auth="shopper",
        body=AftersaleRequest,
        response=Aftersale,
        status=201,
        errors=("NOT_FOUND", "VALIDATION_ERROR", "REFUND_TOO_LARGE", "BUSINESS_RULE"),
    )
    def create_aftersale(self, body):
        """The amount defaults to what was paid for the units chosen; it is
        never above that, less the other requests on the same lines."""
        shopper = current_shopper()
        order = shopper_order(body.order_id)
        lines = []
        for index, item in enumerate(body.lines):
            if any(line.id == item.order_line_id for line, _qty in lines):
                raise MallApiError(
                    "VALIDATION_ERROR",
                    details=[
                        {
                            "field": f"body.lines.{index}.order_line_id",
                            "type": "duplicate",
                            "message": "this order line is already in the request",
                        }
                    ],
                )
            sale_line = order.order_line.filtered(
                lambda line, item=item: (
                    line.id == item.order_line_id and not line.display_type
                )
            )
            if not sale_line:
                raise MallApiError(
                    "VALIDATION_ERROR",
                    details=[
                        {
                            "field": f"body.lines.{index}.order_line_id",
                            "type": "not_in_order",
                            "message": "not a line of this order",
                        }
                    ],
                )
            lines.append((sale_line, item.quantity))
        photos = [
            checked_picture(data, f"body.photos.{index}")
            for index, data in enumerate(body.photos)
        ]
        Aftersale_ = request.env["mall.aftersale"].sudo()
        try:
            aftersale = Aftersale_.create(
                Aftersale_._prepare_request(
                    order,
                    shopper,
                    body.type,
                    body.reason,
                    lines,
                    amount=None if body.amount is None else float(body.amount),
                    description=body.description,
                    photos=photos,
                )
            )
        except UserError as exc:
            raise business_error(exc) from exc
        return aftersale_payload(aftersale)

    @api_route(
        "/aftersales",
        summary="The shopper's after-sales, latest first",
        tags=TAGS,
        auth="shopper",
        query=AftersaleQuery,
        response=Aftersale,
        paginated=True,
    )
    def aftersales(self, query):
        domain = shopper_domain(current_shopper())
        if query.state:
            domain.append(("state", "=", query.state))
        Aftersale_ = request.env["mall.aftersale"].sudo()
        page = Aftersale_.search(domain, offset=query.offset, limit=query.page_size)
        return Page.for_query(
            query,
            [aftersale_payload(aftersale) for aftersale in page],
            Aftersale_.search_count(domain),
        )

    @api_route(
        "/aftersales/<int:aftersale_id>",
        summary="One of the shopper's after-sales",
        tags=TAGS,
        auth="shopper",
        response=Aftersale,
        errors=("NOT_FOUND",),
    )
    def aftersale(self, aftersale_id):
        return aftersale_payload(own_aftersale(aftersale_id))

    @api_route(
        "/aftersales/<int:aftersale_id>/cancel",
        method="POST",
        summary="Withdraw a request the merchant has not handled yet",
        tags=TAGS,
        auth="shopper",
        response=Aftersale,
        errors=("NOT_FOUND", "AFTERSALE_STATE"),
    )
    def cancel_aftersale(self, aftersale_id):
        aftersale = own_aftersale(aftersale_id)
        try:
            aftersale.action_cancel()
        except UserError as exc:
            raise business_error(exc) from exc
        return aftersale_payload(aftersale)

    @api_route(
        "/aftersales/<int:aftersale_id>/return",
        method="POST",
        summary="Tell the merchant how the goods were sent back",
        tags=TAGS,
        auth="shopper",
        body=AftersaleReturnRequest,
        response=Aftersale,
        errors=("NOT_FOUND", "AFTERSALE_STATE"),
    )
    def return_aftersale(self, aftersale_id, body):
        """Once a return or exchange is approved: the carrier and tracking
        number of the parcel sent back."""
        aftersale = own_aftersale(aftersale_id)
        try:
            aftersale.action_set_return_tracking(body.carrier, body.tracking_number)
        except UserError as exc:
            raise business_error(exc) from exc
        return aftersale_payload(aftersale)
