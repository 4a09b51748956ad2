# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.http import request

from odoo.addons.mall_catalog.tools import money, redis_store
from odoo.addons.mall_groupbuy.tools.flash_claims import REFUSALS

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.common import PageQuery
from ..schemas.flash_sale import (
    FlashCheckout,
    FlashCheckoutRequest,
    FlashClaim,
    FlashClaimBody,
    FlashSale,
    MyFlashClaim,
)
from .cart import address_of, cart_errors, checkout_payload

FLASH_ERRORS = ("FLASH_NOT_STARTED", "FLASH_ENDED", "FLASH_SOLD_OUT", "FLASH_LIMIT")


def _open_sales():
    """Published sales not over: running ones first, then the next."""
    now = fields.Datetime.now()
    sales = (
        request.env["mall.flash.sale"]
        .sudo()
        .search(
            [
                ("state", "=", "published"),
                "|",
                ("date_end", "=", False),
                ("date_end", ">", now),
            ],
            order="date_start, id",
        )
    )
    return sales.sorted(lambda s: (s.date_start > now, s.date_start, s.id))


def sale_payload(sale, client=None):
    digits = sale.currency_id.decimal_places
    remaining = sale.remaining
    if client is not None:
        # Redis holds the live stock; the database follows it in batches.
        live = sale._flash_claims(client).stock()
        remaining = remaining if live is None else live
    return {
        "id": sale.id,
        "name": sale.name,
        "product_id": sale.product_id.id,
        "product_name": sale.product_id.display_name,
        "currency": sale.currency_id.name,
        "list_price": money.format_amount(sale.product_id.lst_price, digits),
        "flash_price": money.format_amount(sale.flash_price, digits),
        "quota": sale.quota,
        "remaining": max(int(remaining), 0),
        "per_shopper_limit": sale.per_shopper_limit,
        "date_start": sale.date_start,
        "date_end": sale.date_end or None,
        "started": sale.date_start <= fields.Datetime.now(),
    }


def claim_payload(claim):
    return {
        "claim_uid": claim.uid,
        "sale_id": claim.sale_id.id,
        "quantity": claim.qty,
        "state": claim.state,
        "order_id": claim.order_id.id or None,
        "expires_at": claim.expires_at,
    }


def _my_claim(sale_id):
    claim = (
        request.env["mall.flash.claim"]
        .sudo()
        .search(
            [("sale_id", "=", sale_id), ("partner_id", "=", current_shopper().id)],
            order="id desc",
            limit=1,
        )
    )
    if not claim:
        raise MallApiError("NOT_FOUND")
    return claim


class MallFlashSaleController(http.Controller):
    @api_route(
        "/flash-sales",
        summary="Flash sales (秒杀) running or to come",
        description="Running sales first, then the next ones by start time; "
        "``remaining`` is the live stock.",
        tags=["flash-sale"],
        query=PageQuery,
        response=FlashSale,
        paginated=True,
    )
    def flash_sales(self, query):
        sales = _open_sales()
        page = sales[query.offset : query.offset + query.page_size]
        client = redis_store.get_client()
        return Page.for_query(
            query, [sale_payload(s, client) for s in page], len(sales)
        )

    @api_route(
        "/flash-sales/<int:sale_id>/claim",
        summary="The shopper's claim on a flash sale",
        description="Poll it after claiming: its order appears within seconds.",
        tags=["flash-sale"],
        auth="shopper",
        response=MyFlashClaim,
    )
    def my_claim(self, sale_id):
        return claim_payload(_my_claim(sale_id))

    @api_route(
        "/flash-sales/<int:sale_id>/claim/checkout",
        method="POST",
        summary="Deliver and pay the shopper's flash-sale order",
        description="Sets the delivery address and method of the claim's "
        "order and gives the checkout to pay before the claim expires.",
        tags=["flash-sale"],
        auth="shopper",
        body=FlashCheckoutRequest,
        response=FlashCheckout,
        errors=("NOT_FOUND", "BUSINESS_RULE", "VALIDATION_ERROR"),
    )
    def claim_checkout(self, sale_id, body):
        claim = _my_claim(sale_id)
        address = address_of(current_shopper(), body.address_id)
        with cart_errors():
            checkout = (
                request.env["mall.checkout"]
                .sudo()
                ._mall_flash_checkout(claim, address, body.carrier_id)
            )
        return {"claim": claim_payload(claim), "checkout": checkout_payload(checkout)}

    @api_route(
        "/flash-sales/<int:sale_id>/claims",
        method="POST",
        summary="Claim units of a flash sale (秒杀)",
        description="An accepted claim becomes an unpaid order within seconds, "
        "to pay within the sale's payment window. Under load, the same route "
        "is served by the flash claim server (``odoo flash_server``) in front "
        "of Odoo; this one serves it otherwise.",
        tags=["flash-sale"],
        auth="shopper",
        body=FlashClaimBody,
        response=FlashClaim,
        status=201,
        errors=FLASH_ERRORS,
        # One claim per shopper is the sale's own limit; no IP budget, a
        # whole campus may sit behind one address.
        rate_limit=False,
    )
    def claim(self, sale_id, body):
        sale = request.env["mall.flash.sale"].sudo().browse(sale_id).exists()
        if not sale:
            raise MallApiError("NOT_FOUND")
        ok, value = sale._flash_claim(current_shopper(), body.quantity)
        if not ok:
            raise MallApiError(REFUSALS.get(value, (409, "BUSINESS_RULE"))[1])
        return {
            "claim_uid": value,
            "sale_id": sale.id,
            "quantity": body.quantity,
            "state": "accepted",
        }
