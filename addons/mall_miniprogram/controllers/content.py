# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import images

from ..http_api import MallApiError, Page, api_route
from ..schemas.catalog import ImageQuery
from ..schemas.content import ContentCard, ContentDetail, ContentQuery
from .catalog import cached


def _cards(contents, size):
    base = request.env["product.template"]._mall_image_base()
    checksums = contents._mall_checksums(images.size_field("image", size))
    return [
        {
            "id": content.id,
            "title": content.name,
            "kind": content.kind,
            "summary": content.summary or "",
            "cover": images.image_url(
                base, "content", content.id, size, checksums.get(content.id)
            ),
            # Cached as JSON: a string, read back as a datetime by the model.
            "published_at": (
                content.date_start.replace(tzinfo=timezone.utc).isoformat()
                if content.date_start
                else None
            ),
        }
        for content in contents
    ]


class MallContentController(http.Controller):
    @api_route(
        "/contents",
        summary="Articles: new-product previews, tutorials, brand stories",
        tags=["content"],
        query=ContentQuery,
        response=ContentCard,
        paginated=True,
    )
    def contents(self, query):
        Content = request.env["mall.content"].sudo()
        domain = Content._mall_visible_domain()
        if query.kind:
            domain.append(("kind", "=", query.kind))

        def compute():
            page = Content.search(domain, offset=query.offset, limit=query.page_size)
            return {
                "items": _cards(page, query.image_size),
                "total": Content.search_count(domain),
            }

        # The publishing window moves with time: cache by the minute.
        result = cached(["contents", query.model_dump(), _minute()], compute)
        return Page.for_query(query, result["items"], result["total"])

    @api_route(
        "/contents/<int:content_id>",
        summary="An article with its products",
        tags=["content"],
        query=ImageQuery,
        response=ContentDetail,
        errors=("NOT_FOUND",),
    )
    def content(self, content_id, query):
        Content = request.env["mall.content"].sudo()

        def compute():
            content = Content.search(
                [("id", "=", content_id), *Content._mall_visible_domain()]
            )
            if not content:
                return None
            Template = request.env["product.template"].sudo()
            products = content.product_tmpl_ids.filtered_domain(
                Template._mall_visible_domain()
            )
            return {
                **_cards(content, query.image_size)[0],
                "body": str(content.body or ""),
                "products": products._mall_card_payloads(query.image_size),
            }

        detail = cached(["content", content_id, query.image_size, _minute()], compute)
        if detail is None:
            raise MallApiError("NOT_FOUND")
        return detail


def _minute():
    return request.env.cr.now().strftime("%Y-%m-%d %H:%M")
