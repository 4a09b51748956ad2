# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import api_route, current_shopper
from ..schemas.search import Cleared, Suggestion, SuggestQuery


class MallSearchController(http.Controller):
    @api_route(
        "/search/suggest",
        summary="Products matching what the shopper is typing",
        tags=["search"],
        query=SuggestQuery,
        response=list[Suggestion],
    )
    def suggest(self, query):
        """Each word typed so far may be the start of a word (or of its
        pinyin): 连衣 and lianyi both suggest 连衣裙."""
        page, _total = request.env["product.template"]._mall_search(
            query=query.q, limit=query.limit
        )
        return [{"text": t.name, "product_id": t.id} for t in page]

    @api_route(
        "/search/hot",
        summary="What most shoppers searched for this week",
        tags=["search"],
        response=list[str],
    )
    def hot(self):
        return request.env["mall.search.log"].sudo()._hot()

    @api_route(
        "/search/history",
        summary="The shopper's recent searches, latest first",
        tags=["search"],
        auth="shopper",
        response=list[str],
    )
    def history(self):
        return request.env["mall.search.log"].sudo()._history(current_shopper())

    @api_route(
        "/search/history",
        method="DELETE",
        summary="Clear the shopper's search history",
        tags=["search"],
        auth="shopper",
        response=Cleared,
    )
    def clear_history(self):
        return {
            "deleted": request.env["mall.search.log"]._clear_history(current_shopper())
        }
