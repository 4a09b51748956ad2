# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone

from odoo import http
from odoo.http import request

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.shopper_lists import (
    Cleared,
    Favorite,
    FavoriteState,
    Footprint,
    FootprintRecorded,
    FootprintRequest,
    ShopperListQuery,
)


def visible_product(product_id):
    """The published product ``product_id``, or a NOT_FOUND answer."""
    Template = request.env["product.template"]
    template = Template.sudo().search(
        [("id", "=", product_id), *Template._mall_visible_domain()]
    )
    if not template:
        raise MallApiError("NOT_FOUND")
    return template


def _utc(value):
    return value.replace(tzinfo=timezone.utc)


def _page(model, query, shape):
    """A page of the shopper's rows of ``model`` whose product is visible."""
    domain = [
        ("partner_id", "=", current_shopper().id),
        ("product_tmpl_id.mall_published", "=", True),
        ("product_tmpl_id.sale_ok", "=", True),
    ]
    Model = request.env[model].sudo()
    rows = Model.search(domain, offset=query.offset, limit=query.page_size)
    cards = {
        card["id"]: card
        for card in rows.product_tmpl_id._mall_card_payloads(query.image_size)
    }
    return Page.for_query(
        query,
        [shape(row, cards[row.product_tmpl_id.id]) for row in rows],
        Model.search_count(domain),
    )


class MallFavoriteController(http.Controller):
    @api_route(
        "/favorites",
        summary="The shopper's favorites, last added first",
        tags=["favorites"],
        auth="shopper",
        query=ShopperListQuery,
        response=Favorite,
        paginated=True,
    )
    def favorites(self, query):
        return _page(
            "mall.favorite",
            query,
            lambda row, card: {"product": card, "added_at": _utc(row.create_date)},
        )

    @api_route(
        "/favorites/<int:product_id>",
        method="PUT",
        summary="Add a product to the favorites (again: no change)",
        tags=["favorites"],
        auth="shopper",
        response=FavoriteState,
        errors=("NOT_FOUND",),
    )
    def add_favorite(self, product_id):
        request.env["mall.favorite"].sudo()._add(
            current_shopper(), visible_product(product_id)
        )
        return {"product_id": product_id, "favorite": True}

    @api_route(
        "/favorites/<int:product_id>",
        method="DELETE",
        summary="Remove a product from the favorites",
        tags=["favorites"],
        auth="shopper",
        response=FavoriteState,
    )
    def remove_favorite(self, product_id):
        request.env["mall.favorite"].sudo().search(
            [
                ("partner_id", "=", current_shopper().id),
                ("product_tmpl_id", "=", product_id),
            ]
        ).unlink()
        return {"product_id": product_id, "favorite": False}

    @api_route(
        "/footprints",
        summary="Products the shopper viewed, one per day, latest first",
        tags=["footprints"],
        auth="shopper",
        query=ShopperListQuery,
        response=Footprint,
        paginated=True,
    )
    def footprints(self, query):
        return _page(
            "mall.footprint",
            query,
            lambda row, card: {
                "day": row.day,
                "viewed_at": _utc(row.viewed_at),
                "product": card,
            },
        )

    @api_route(
        "/footprints",
        method="POST",
        summary="Note that the shopper viewed a product",
        tags=["footprints"],
        auth="shopper",
        body=FootprintRequest,
        response=FootprintRecorded,
        errors=("NOT_FOUND",),
    )
    def add_footprint(self, body):
        footprint = (
            request.env["mall.footprint"]
            .sudo()
            ._record(current_shopper(), visible_product(body.product_id))
        )
        return {"product_id": body.product_id, "day": footprint.day}

    @api_route(
        "/footprints",
        method="DELETE",
        summary="Clear the shopper's footprints",
        tags=["footprints"],
        auth="shopper",
        response=Cleared,
    )
    def clear_footprints(self):
        footprints = (
            request.env["mall.footprint"]
            .sudo()
            .search([("partner_id", "=", current_shopper().id)])
        )
        count = len(footprints)
        footprints.unlink()
        return {"deleted": count}
