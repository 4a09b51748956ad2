# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import Page, api_route
from ..schemas.faq import Faq, FaqCategory, FaqQuery


class MallFaqController(http.Controller):
    @api_route(
        "/faqs",
        summary="Frequently asked questions, searched and by category",
        tags=["service"],
        query=FaqQuery,
        response=Faq,
        paginated=True,
    )
    def faqs(self, query):
        Faq = request.env["mall.faq"].sudo()
        domain = Faq._mall_search_domain(query.q, query.category_id)
        faqs = Faq.search(domain, offset=query.offset, limit=query.page_size)
        items = [
            {
                "id": faq.id,
                "question": faq.question,
                "answer": str(faq.answer or ""),
                "category_id": faq.category_id.id or None,
                "category_name": faq.category_id.name or None,
            }
            for faq in faqs
        ]
        return Page.for_query(query, items, Faq.search_count(domain))

    @api_route(
        "/faq-categories",
        summary="The categories of the frequently asked questions",
        tags=["service"],
        response=list[FaqCategory],
    )
    def faq_categories(self):
        Faq = request.env["mall.faq"].sudo()
        counts = dict(
            Faq._read_group(
                Faq._mall_visible_domain() + [("category_id", "!=", False)],
                ["category_id"],
                ["__count"],
            )
        )
        return [
            {"id": category.id, "name": category.name, "count": count}
            for category, count in counts.items()
        ]
