# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import MallApiError, api_route, current_shopper
from ..schemas.catalog import ProductCard
from ..schemas.recommend import RecommendationQuery
from .catalog import cached


class MallRecommendController(http.Controller):
    @api_route(
        "/recommendations",
        summary="Products the shopper may like (猜你喜欢)",
        description="Products bought or viewed together with what the shopper "
        "bought or viewed recently, without what they already bought (except "
        "products bought regularly); then the best sellers of those "
        "categories, then of the whole shop.",
        tags=["catalog"],
        auth="shopper",
        query=RecommendationQuery,
        response=list[ProductCard],
    )
    def recommendations(self, query):
        templates = (
            request.env["product.template"]
            .sudo()
            ._mall_recommend_for(current_shopper(), limit=query.limit)
        )
        return templates._mall_card_payloads(query.image_size)

    @api_route(
        "/products/<int:product_id>/related",
        summary="Products often bought or viewed with this one",
        tags=["catalog"],
        query=RecommendationQuery,
        response=list[ProductCard],
        errors=("NOT_FOUND",),
    )
    def related(self, product_id, query):
        def compute():
            Template = request.env["product.template"]
            template = Template.sudo().search(
                [("id", "=", product_id), *Template._mall_visible_domain()]
            )
            if not template:
                return None
            return template._mall_related_by_affinity(
                limit=query.limit
            )._mall_card_payloads(query.image_size)

        cards = cached(["related", product_id, query.model_dump()], compute)
        if cards is None:
            raise MallApiError("NOT_FOUND")
        return request.env["product.template"]._mall_flash_overlay(cards)
