# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import images, money
from odoo.addons.mall_loyalty.models.mall_points_redemption import PointsMallError

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.cart import ShopOrderPreview
from ..schemas.common import PageQuery
from ..schemas.points_mall import (
    PointsItem,
    PointsItemDetail,
    PointsItemQuery,
    PointsRedeemRequest,
    PointsRedeemResult,
    PointsRedemption,
)
from .cart import address_of, cart_errors, checkout_payload, shop_order_preview
from .member import member_card, member_program

REDEEM_ERRORS = (
    "NOT_FOUND",
    "VALIDATION_ERROR",
    "POINTS_INSUFFICIENT",
    "POINTS_SOLD_OUT",
    "POINTS_LIMIT",
    "OUT_OF_STOCK",
    "BUSINESS_RULE",
    "PLATFORM_NOT_CONFIGURED",
)


def _open_items(kind=None):
    Item = request.env["mall.points.item"].sudo()
    domain = Item._points_open_domain()
    if kind:
        domain.append(("kind", "=", kind))
    return Item.search(domain)


def _item(item_id):
    item = _open_items().filtered(lambda i: i.id == item_id)
    if not item:
        raise MallApiError("NOT_FOUND")
    return item


def _delivery_address(shopper, body):
    """The shopper's delivery address of a product's redemption."""
    if not body.address_id:
        raise MallApiError(
            "VALIDATION_ERROR",
            details=[
                {
                    "field": "body.address_id",
                    "type": "missing",
                    "message": "a product needs a delivery address",
                }
            ],
        )
    return address_of(shopper, body.address_id)


def item_payload(item, checksums=None):
    if checksums is None:
        checksums = item._mall_checksums("image_512")
    base = request.env["product.template"]._mall_image_base()
    return {
        "id": item.id,
        "name": item.name,
        "kind": item.kind,
        "image": images.image_url(
            base, "points_item", item.id, 512, checksums.get(item.id)
        ),
        "points": item.points,
        "cash_price": money.format_amount(
            item.cash_price, item.currency_id.decimal_places
        ),
        "currency": item.currency_id.name,
        "remaining": item.remaining_qty,
        "per_shopper_limit": item.per_shopper_limit,
        "date_end": item.date_end or None,
    }


def redemption_payload(redemption):
    currency = redemption.currency_id
    return {
        "id": redemption.id,
        "name": redemption.name,
        "item_id": redemption.item_id.id,
        "item_name": redemption.item_id.name,
        "kind": redemption.item_id.kind,
        "quantity": redemption.qty,
        "points": redemption.points,
        "cash_amount": money.format_amount(
            redemption.cash_amount, currency.decimal_places
        ),
        "currency": currency.name,
        "state": redemption.state,
        "order_id": redemption.order_id.id or None,
        "coupon_codes": redemption.coupon_ids.mapped("code"),
        "date": redemption.create_date.replace(tzinfo=timezone.utc),
    }


class MallPointsMallController(http.Controller):
    @api_route(
        "/points-mall/items",
        summary="The points mall (积分商城): items to redeem",
        description="Items open now, by the merchant's order; `remaining` is "
        "the stock allocated to the points mall.",
        tags=["points-mall"],
        query=PointsItemQuery,
        response=PointsItem,
        paginated=True,
    )
    def items(self, query):
        items = _open_items(query.kind)
        page = items[query.offset : query.offset + query.page_size]
        checksums = page._mall_checksums("image_512")
        return Page.for_query(
            query, [item_payload(i, checksums) for i in page], len(items)
        )

    @api_route(
        "/points-mall/items/<int:item_id>",
        summary="A points mall item",
        tags=["points-mall"],
        response=PointsItemDetail,
        errors=("NOT_FOUND",),
    )
    def item(self, item_id):
        item = _item(item_id)
        return dict(
            item_payload(item),
            description=item.description or "",
            product_id=item.product_id.id or None,
            date_start=item.date_start or None,
        )

    @api_route(
        "/points-mall/items/<int:item_id>/redeem",
        method="POST",
        summary="Redeem a points mall item",
        description="Spends the points at once (checked under a lock of the "
        "member's points) and takes the unit from the item's stock. A coupon "
        "goes to the wallet; a product gets an order to `address_id`, with "
        "the delivery line of `carrier_id` (the cheapest when omitted; the "
        "carrier's and member card's free shipping apply), confirmed when "
        "points pay it all, else its checkout (the cash part, taxed as a sale "
        "of the product, and the delivery fee) to pay with `POST "
        "/checkouts/{id}/pay` before `pay_before`, or the order is cancelled "
        "and the points come back. Send an "
        "Idempotency-Key: a repeated request gets the first answer and spends "
        "nothing more.",
        tags=["points-mall"],
        auth="shopper",
        body=PointsRedeemRequest,
        response=PointsRedeemResult,
        status=201,
        errors=REDEEM_ERRORS,
    )
    def redeem(self, item_id, body):
        member_program()
        item = _item(item_id)
        shopper = current_shopper().commercial_partner_id
        checkout = None
        try:
            if item.kind == "product":
                address = _delivery_address(shopper, body)
                with cart_errors():
                    redemption, checkout = (
                        request.env["mall.checkout"]
                        .sudo()
                        ._mall_points_checkout(
                            shopper, item, body.quantity, address, body.carrier_id
                        )
                    )
            else:
                redemption = (
                    request.env["mall.points.redemption"]
                    .sudo()
                    ._points_redeem(shopper, item, body.quantity)
                )
        except PointsMallError as exc:
            raise MallApiError(exc.code) from exc
        return {
            "redemption": redemption_payload(redemption),
            "checkout": checkout_payload(checkout) if checkout else None,
            "points_left": int(member_card(shopper).points),
        }

    @api_route(
        "/points-mall/items/<int:item_id>/preview",
        method="POST",
        summary="What redeeming a product would cost in money",
        description="The order a redemption of this product would make, to "
        "`address_id`: the delivery methods and their fees (the cheapest "
        "chosen unless `carrier_id`), the money part with its taxes and the "
        "total to pay. Nothing is spent or created.",
        tags=["points-mall"],
        auth="shopper",
        body=PointsRedeemRequest,
        response=ShopOrderPreview,
        errors=("NOT_FOUND", "VALIDATION_ERROR", "BUSINESS_RULE"),
        rate_limit=False,
    )
    def redeem_preview(self, item_id, body):
        item = _item(item_id)
        if item.kind != "product":
            raise MallApiError(
                "BUSINESS_RULE",
                message="优惠券直接发放，无需配送",
                message_en="A coupon goes to the wallet; nothing ships.",
            )
        shopper = current_shopper().commercial_partner_id
        address = _delivery_address(shopper, body)
        with cart_errors():
            return (
                request.env["mall.checkout"]
                .sudo()
                ._mall_points_preview(
                    shopper,
                    item,
                    body.quantity,
                    address,
                    body.carrier_id,
                    shop_order_preview,
                )
            )

    @api_route(
        "/points-mall/redemptions",
        summary="The shopper's points mall redemptions, last first",
        tags=["points-mall"],
        auth="shopper",
        query=PageQuery,
        response=PointsRedemption,
        paginated=True,
    )
    def redemptions(self, query):
        Redemption = request.env["mall.points.redemption"].sudo()
        domain = [("partner_id", "=", current_shopper().commercial_partner_id.id)]
        rows = Redemption.search(
            domain, offset=query.offset, limit=query.page_size, order="id desc"
        )
        return Page.for_query(
            query,
            [redemption_payload(r) for r in rows],
            Redemption.search_count(domain),
        )
