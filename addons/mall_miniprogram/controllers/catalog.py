# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.models.mall_catalog_cached import CATALOG_NAMESPACE
from odoo.addons.mall_catalog.tools import cache

from ..http_api import MallApiError, Page, api_route, optional_shopper
from ..schemas.catalog import (
    Category,
    ImageQuery,
    ProductCard,
    ProductDetail,
    ProductListQuery,
)
from .member_card import card_price_hint
from .review import review_payloads


def cached(key_parts, compute):
    """``compute()`` through the catalog cache, per database, language and
    image host (a new CDN address must give new links at once)."""
    context = [request.env.lang, request.env["product.template"]._mall_image_base()]
    key = hashlib.sha1(
        json.dumps([*context, *key_parts], sort_keys=True, default=str).encode()
    ).hexdigest()
    return cache.get_or_set_versioned(request.env, CATALOG_NAMESPACE, key, compute)


class MallCatalogController(http.Controller):
    @api_route(
        "/categories",
        summary="The shop category tree (three levels)",
        tags=["catalog"],
        response=list[Category],
    )
    def categories(self):
        Template = request.env["product.template"]
        return cached(
            ["categories"],
            lambda: request.env["mall.category"]._mall_tree_payload(
                Template._mall_image_base()
            ),
        )

    @api_route(
        "/products",
        summary="Published products: filters, sorting, pages, keyword search",
        tags=["catalog"],
        auth="optional",
        query=ProductListQuery,
        response=ProductCard,
        paginated=True,
        # A keyword search is written to the search log.
        readonly=lambda _controller: not request.httprequest.args.get("q"),
    )
    def products(self, query):
        """Cards carry only what a list card shows.

        ``q`` searches Chinese words (cut by jieba) and their pinyin, full or
        initials (连衣裙, lianyiqun, lyq), in names first, then brands and
        categories, then subtitles and descriptions; with the default sort
        the best matches come first. Voice search is the same route: the
        mini-program's speech plugin sends the recognised text as ``q``."""
        category = None
        if query.category_id:
            category = request.env["mall.category"].sudo().browse(query.category_id)
            if not category.exists():
                raise MallApiError(
                    "VALIDATION_ERROR",
                    details=[
                        {
                            "field": "query.category_id",
                            "type": "unknown_id",
                            "message": "no such category",
                        }
                    ],
                )

        def compute():
            page, total = request.env["product.template"]._mall_search(
                category=category,
                brand_ids=query.brand_id,
                label_ids=query.label_id,
                price_min=query.price_min,
                price_max=query.price_max,
                in_stock=query.in_stock,
                new=query.new,
                query=query.q,
                sort=query.sort,
                offset=query.offset,
                limit=query.page_size,
            )
            return {"items": page._mall_card_payloads(query.image_size), "total": total}

        result = cached(["products", query.model_dump()], compute)
        # Limited-time discounts start and end by the clock: never cached.
        request.env["product.template"]._mall_flash_overlay(result["items"])
        if query.q:
            request.env["mall.search.log"]._log(
                query.q, optional_shopper(), result["total"]
            )
        return Page.for_query(query, result["items"], result["total"])

    @api_route(
        "/products/<int:product_id>",
        summary="A published product: gallery, specs, variants with price and stock",
        tags=["catalog"],
        query=ImageQuery,
        response=ProductDetail,
        errors=("NOT_FOUND",),
    )
    def product(self, product_id, query):
        def compute():
            template = (
                request.env["product.template"]
                .sudo()
                .search(
                    [
                        ("id", "=", product_id),
                        *request.env["product.template"]._mall_visible_domain(),
                    ]
                )
            )
            if not template:
                return None
            detail = template._mall_detail_payload(query.image_size)
            detail["rating"] = {
                "average": round(template.mall_rating_avg, 1),
                "count": template.mall_review_count,
            }
            first = (
                request.env["mall.product.review"]
                .sudo()
                .search(
                    [
                        ("product_tmpl_id", "=", template.id),
                        ("state", "=", "published"),
                    ],
                    order="photo_count desc, create_date desc, id desc",
                    limit=3,
                )
            )
            detail["reviews"] = review_payloads(first, query.image_size)
            detail["related"] = template._mall_related()._mall_card_payloads(
                query.image_size
            )
            return detail

        detail = cached(["product", product_id, query.image_size], compute)
        if detail is None:
            raise MallApiError("NOT_FOUND")
        # Limited-time discounts start and end by the clock: never cached.
        Template = request.env["product.template"]
        # On the normal price: a limited-time price does not stack with it.
        detail["card_price"] = card_price_hint(product_id, detail["price_min"])
        Template._mall_flash_overlay([detail], "price_min")
        Template._mall_flash_overlay(detail["related"])
        return detail
