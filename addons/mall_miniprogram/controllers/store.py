# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import Page, api_route
from ..schemas.store import Store, StoreQuery


class MallStoreController(http.Controller):
    @api_route(
        "/stores",
        summary="Physical stores, nearest first",
        tags=["stores"],
        query=StoreQuery,
        response=Store,
        paginated=True,
    )
    def stores(self, query):
        """With the shopper's position, stores are sorted by distance and can
        be limited to a radius; without it, in the merchant's order."""
        stores = request.env["mall.store"]._mall_nearby(
            query.latitude, query.longitude, query.radius_km
        )
        return Page.for_query(
            query, stores[query.offset : query.offset + query.page_size], len(stores)
        )
