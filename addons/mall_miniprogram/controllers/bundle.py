# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import MallApiError, api_route, current_shopper
from ..schemas.bundle import Bundle
from ..schemas.cart import AddBundle, Cart
from ..schemas.catalog import ImageQuery
from .cart import CART_ERRORS, cart_errors, cart_payload
from .catalog import cached


class MallBundleController(http.Controller):
    @api_route(
        "/products/<int:product_id>/bundles",
        summary="Bundles (组合套餐) holding this product",
        description="Each bundle's unit prices add up to its price: the "
        "saving is spread over the products in proportion to their prices.",
        tags=["catalog"],
        query=ImageQuery,
        response=list[Bundle],
        errors=("NOT_FOUND",),
    )
    def bundles(self, product_id, query):
        def compute():
            Template = request.env["product.template"]
            template = Template.sudo().search(
                [("id", "=", product_id), *Template._mall_visible_domain()]
            )
            if not template:
                return None
            bundles = request.env["mall.bundle"]._mall_for_template(template)
            return bundles._mall_payloads(query.image_size)

        payloads = cached(["bundles", product_id, query.image_size], compute)
        if payloads is None:
            raise MallApiError("NOT_FOUND")
        return payloads

    @api_route(
        "/cart/bundles",
        method="POST",
        summary="Add a bundle (组合套餐) to the cart",
        description="One line per product of the bundle, priced so that one "
        "bundle costs the bundle price; the lines go together.",
        tags=["cart"],
        auth="shopper",
        body=AddBundle,
        response=Cart,
        errors=CART_ERRORS,
    )
    def add_bundle(self, body):
        Cart_ = request.env["mall.cart"]
        cart = Cart_._get(current_shopper())
        bundle = request.env["mall.bundle"].sudo().browse(body.bundle_id)
        with cart_errors():
            Cart_._add_bundle(cart, bundle, body.quantity)
        return cart_payload(cart)
