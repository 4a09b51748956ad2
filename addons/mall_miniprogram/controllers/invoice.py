# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Invoices (发票): the shopper's saved titles, requests on paid orders and
the issued invoice's PDF. The accountant issues them in the back office."""

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.mall_catalog.tools import money

from ..http_api import MallApiError, api_route, current_shopper
from ..models.mall_invoice_request import InvoiceRequestError
from ..models.mall_invoice_title import MAX_TITLES
from ..schemas.invoice import (
    InvoiceRequest,
    InvoiceRequestBody,
    InvoiceTitle,
    InvoiceTitleDeleted,
    InvoiceTitleRequest,
    OrderInvoice,
)
from .order import shopper_order

TITLE_FIELDS = (
    "company_address",
    "company_phone",
    "bank_name",
    "bank_account",
    "email",
)


def title_payload(title):
    return {
        "id": title.id,
        "kind": title.kind,
        "name": title.name,
        "tax_id": title.tax_id or None,
        **{name: title[name] or None for name in TITLE_FIELDS},
        "is_default": title.is_default,
    }


def request_payload(invoice_request):
    r = invoice_request
    currency = r.currency_id
    return {
        "id": r.id,
        "order_id": r.order_id.id,
        "order_name": r.order_id.name,
        "state": r.state,
        "invoice_type": r.invoice_type,
        "title": {
            "kind": r.title_kind or "personal",
            "name": r.title_name,
            "tax_id": r.title_tax_id or None,
            "company_address": r.title_company_address or None,
            "company_phone": r.title_company_phone or None,
            "bank_name": r.title_bank_name or None,
            "bank_account": r.title_bank_account or None,
            "email": r.title_email or None,
        },
        "amount": money.format_amount(r.amount, currency.decimal_places),
        "currency": currency.name,
        "reject_reason": (r.reject_reason or None) if r.state == "rejected" else None,
        "invoice_number": r.move_id.name if r.state == "issued" else None,
        "requested_at": r.create_date,
        "issued_at": r.issued_at or None,
        "pdf_available": r.state == "issued",
    }


def _titles():
    return request.env["mall.invoice.title"].sudo()


def _own_title(title_id):
    title = _titles().search(
        [("id", "=", title_id), ("partner_id", "=", current_shopper().id)]
    )
    if not title:
        raise MallApiError("NOT_FOUND")
    return title


def _title_values(body):
    values = {
        "kind": body.kind,
        "name": body.name.strip(),
        "tax_id": body.tax_id or False,
        "email": body.email or False,
        "is_default": body.is_default,
    }
    for name in TITLE_FIELDS[:4]:
        value = getattr(body, name)
        if body.kind == "company":
            values[name] = (value or "").strip() or False
        else:
            values[name] = False
    return values


def _rule_error(exc):
    """The API error of a broken invoice rule."""
    return MallApiError(
        exc.api_code,
        details=[{"field": "order", "type": exc.api_code.lower(), "message": str(exc)}],
    )


def _latest_request(order):
    return (
        request.env["mall.invoice.request"]
        .sudo()
        .search([("order_id", "=", order.id)], order="id desc", limit=1)
    )


def _open_request(order):
    invoice_request = _latest_request(order)
    if not invoice_request:
        raise MallApiError("NOT_FOUND")
    return invoice_request


def _validation(exc, field="body"):
    return MallApiError(
        "VALIDATION_ERROR",
        details=[{"field": field, "type": "value_error", "message": str(exc)}],
    )


class MallInvoiceController(http.Controller):
    # ------------------------------------------------------------------
    # Titles saved in the profile
    # ------------------------------------------------------------------
    @api_route(
        "/invoice-titles",
        summary="The shopper's invoice titles (发票抬头), the default first",
        tags=["invoices"],
        auth="shopper",
        response=list[InvoiceTitle],
    )
    def invoice_titles(self):
        titles = _titles().search([("partner_id", "=", current_shopper().id)])
        return [title_payload(t) for t in titles]

    @api_route(
        "/invoice-titles",
        method="POST",
        summary="Save an invoice title",
        description="A company title needs its tax ID (统一社会信用代码, "
        "checked); the first title becomes the default. At most 20 titles "
        "(BUSINESS_RULE beyond).",
        tags=["invoices"],
        auth="shopper",
        body=InvoiceTitleRequest,
        response=InvoiceTitle,
        status=201,
        errors=("BUSINESS_RULE",),
    )
    def create_invoice_title(self, body):
        shopper = current_shopper()
        count = _titles().search_count([("partner_id", "=", shopper.id)])
        if count >= MAX_TITLES:
            raise MallApiError("BUSINESS_RULE")
        values = _title_values(body)
        values["partner_id"] = shopper.id
        values["is_default"] = body.is_default or not count
        try:
            title = _titles().create(values)
        except ValidationError as exc:
            raise _validation(exc) from exc
        return title_payload(title)

    @api_route(
        "/invoice-titles/<int:title_id>",
        method="PUT",
        summary="Change an invoice title",
        description="Invoices already requested keep the title as it was.",
        tags=["invoices"],
        auth="shopper",
        body=InvoiceTitleRequest,
        response=InvoiceTitle,
        errors=("NOT_FOUND",),
    )
    def update_invoice_title(self, title_id, body):
        title = _own_title(title_id)
        values = _title_values(body)
        if not body.is_default:
            values.pop("is_default")  # stays the default unless another is made it
        try:
            title.write(values)
        except ValidationError as exc:
            raise _validation(exc) from exc
        return title_payload(title)

    @api_route(
        "/invoice-titles/<int:title_id>",
        method="DELETE",
        summary="Delete an invoice title",
        tags=["invoices"],
        auth="shopper",
        response=InvoiceTitleDeleted,
        errors=("NOT_FOUND",),
    )
    def delete_invoice_title(self, title_id):
        title = _own_title(title_id)
        was_default = title.is_default
        partner = title.partner_id
        title.unlink()
        if was_default:
            _titles().search([("partner_id", "=", partner.id)], limit=1).write(
                {"is_default": True}
            )
        return {"id": title_id, "deleted": True}

    # ------------------------------------------------------------------
    # Requests on orders
    # ------------------------------------------------------------------
    @api_route(
        "/orders/<int:order_id>/invoice",
        summary="The order's invoice: whether one can be requested, and the "
        "latest request",
        tags=["invoices"],
        auth="shopper",
        response=OrderInvoice,
        errors=("NOT_FOUND",),
    )
    def order_invoice(self, order_id):
        order = shopper_order(order_id)
        Requests = request.env["mall.invoice.request"].sudo()
        try:
            Requests._mall_check_order(order)
            can_request = True
        except InvoiceRequestError:
            can_request = False
        latest = _latest_request(order)
        return {
            "order_id": order.id,
            "can_request": can_request,
            "invoiceable_amount": money.format_amount(
                max(Requests._mall_invoiceable_amount(order), 0),
                order.currency_id.decimal_places,
            ),
            "request": request_payload(latest) if latest else None,
        }

    @api_route(
        "/orders/<int:order_id>/invoice",
        method="POST",
        summary="Request an invoice of a paid order",
        description="With one of the shopper's saved titles, copied into the "
        "request. Only paid orders not refunded in full (ORDER_STATE), one "
        "open request per order (INVOICE_EXISTS); the amount is what was paid "
        "less refunds.",
        tags=["invoices"],
        auth="shopper",
        body=InvoiceRequestBody,
        response=InvoiceRequest,
        status=201,
        errors=(
            "NOT_FOUND",
            "ORDER_STATE",
            "INVOICE_EXISTS",
            "INVOICE_TITLE_INCOMPLETE",
        ),
    )
    def request_invoice(self, order_id, body):
        order = shopper_order(order_id)
        title = _own_title(body.title_id)
        try:
            invoice_request = (
                request.env["mall.invoice.request"]
                .sudo()
                ._mall_request(order, title, body.invoice_type)
            )
        except InvoiceRequestError as exc:
            raise _rule_error(exc) from exc
        return request_payload(invoice_request)

    @api_route(
        "/orders/<int:order_id>/invoice/cancel",
        method="POST",
        summary="Withdraw the order's invoice request while it is not handled",
        tags=["invoices"],
        auth="shopper",
        response=InvoiceRequest,
        errors=("NOT_FOUND", "INVOICE_STATE"),
    )
    def cancel_invoice(self, order_id):
        invoice_request = _open_request(shopper_order(order_id))
        try:
            invoice_request.action_cancel()
        except InvoiceRequestError as exc:
            raise _rule_error(exc) from exc
        return request_payload(invoice_request)

    @api_route(
        "/orders/<int:order_id>/invoice/pdf",
        summary="The issued invoice as a PDF file",
        description="Answers `application/pdf`, not JSON; INVOICE_STATE until "
        "the invoice is issued.",
        tags=["invoices"],
        auth="shopper",
        media_type="application/pdf",
        errors=("NOT_FOUND", "INVOICE_STATE"),
        readonly=False,  # renders and stores a PDF lost from the filestore
    )
    def invoice_pdf(self, order_id):
        invoice_request = _open_request(shopper_order(order_id))
        try:
            return invoice_request._mall_pdf()
        except InvoiceRequestError as exc:
            raise _rule_error(exc) from exc
