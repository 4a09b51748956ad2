# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import MallApiError, api_route
from ..schemas.bundle import Bundle
from ..schemas.catalog import ImageQuery
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
