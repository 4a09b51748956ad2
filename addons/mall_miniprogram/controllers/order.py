# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.cart import Cart
from ..schemas.order import Order, OrderQuery
from .cart import _money, cart_errors, cart_payload, shop_ref


def shopper_order(order_id):
    """The signed-in shopper's mini-program order, or 404: another's is
    never found."""
    order = (
        request.env["sale.order"]
        .sudo()
        .search(
            [
                ("id", "=", order_id),
                ("partner_id", "child_of", current_shopper().id),
                ("mall_checkout_id.kind", "in", ("order", "groupbuy")),
            ]
        )
    )
    if not order:
        raise MallApiError("NOT_FOUND")
    return order


def order_payload(order):
    currency = order.currency_id
    delivery = order.order_line.filtered("is_delivery")
    goods = order.order_line - delivery - order.order_line.filtered("display_type")
    return {
        "id": order.id,
        "name": order.name,
        "status": order._mall_status(),
        "shop": shop_ref(order.mall_shop_id),
        "created_at": order.create_date,
        "pay_before": order.mall_checkout_id.pay_before or None,
        "checkout_id": order.mall_checkout_id.id or None,
        "lines": [
            {
                "id": line.id,
                "product_id": line.product_id.product_tmpl_id.id,
                "variant_id": line.product_id.id,
                "name": line.product_id.display_name,
                "quantity": int(line.product_uom_qty),
                "price": _money(line.price_reduce_taxinc, currency),
                "subtotal": _money(line.price_total, currency),
            }
            for line in goods
        ],
        "delivery_fee": _money(sum(delivery.mapped("price_total")), currency),
        "amount_total": _money(order.amount_total, currency),
        "currency": currency.name,
    }


class MallOrderController(http.Controller):
    @api_route(
        "/orders",
        summary="The shopper's orders, newest first, by tab",
        tags=["orders"],
        auth="shopper",
        query=OrderQuery,
        response=Order,
        paginated=True,
    )
    def orders(self, query):
        Order_ = request.env["sale.order"].sudo()
        domain = [
            ("partner_id", "=", current_shopper().id),
            ("mall_checkout_id.kind", "in", ("order", "groupbuy")),
            *Order_._mall_status_domain(query.status),
        ]
        orders = Order_.search(
            domain, order="id desc", offset=query.offset, limit=query.page_size
        )
        return Page.for_query(
            query, [order_payload(o) for o in orders], Order_.search_count(domain)
        )

    @api_route(
        "/orders/<int:order_id>",
        summary="One order",
        tags=["orders"],
        auth="shopper",
        response=Order,
        errors=("NOT_FOUND",),
    )
    def order(self, order_id):
        return order_payload(shopper_order(order_id))

    @api_route(
        "/orders/<int:order_id>/cancel",
        method="POST",
        summary="Cancel an unpaid order: its stock is released",
        tags=["orders"],
        auth="shopper",
        response=Order,
        errors=("NOT_FOUND", "ORDER_STATE"),
    )
    def cancel(self, order_id):
        order = shopper_order(order_id)
        if order._mall_status() not in ("to_pay", "under_review"):
            raise MallApiError("ORDER_STATE")
        order._action_cancel()
        checkout = order.mall_checkout_id
        if all(o.state == "cancel" for o in checkout.order_ids):
            checkout.state = "cancel"
        return order_payload(order)

    @api_route(
        "/orders/<int:order_id>/rebuy",
        method="POST",
        summary="Put an order's products back in the cart",
        tags=["orders"],
        auth="shopper",
        response=Cart,
        errors=("NOT_FOUND", "OUT_OF_STOCK"),
    )
    def rebuy(self, order_id):
        order = shopper_order(order_id)
        Cart_ = request.env["mall.cart"]
        cart = Cart_._get(current_shopper())
        lines = order.order_line.filtered(
            lambda line: not line.is_delivery and not line.display_type
        )
        with cart_errors():
            for line in lines:
                Cart_._add(cart, line.product_id.id, int(line.product_uom_qty))
        return cart_payload(cart)
