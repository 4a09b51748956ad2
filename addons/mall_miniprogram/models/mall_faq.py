# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MallFaqCategory(models.Model):
    _name = "mall.faq.category"
    _description = "Mall FAQ Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    faq_ids = fields.One2many("mall.faq", "category_id", string="Questions")


class MallFaq(models.Model):
    """A question shoppers often ask, answered once."""

    _name = "mall.faq"
    _description = "Mall FAQ"
    _order = "sequence, id"
    _rec_name = "question"

    question = fields.Char(required=True, translate=True)
    answer = fields.Html(translate=True, sanitize=True)
    category_id = fields.Many2one("mall.faq.category", index=True, ondelete="restrict")
    sequence = fields.Integer(default=10)
    published = fields.Boolean(default=True, index=True)
    keywords = fields.Char(
        translate=True, help="Other words shoppers search this question by."
    )

    @api.model
    def _mall_visible_domain(self):
        return [
            ("published", "=", True),
            "|",
            ("category_id", "=", False),
            ("category_id.active", "=", True),
        ]

    @api.model
    def _mall_search_domain(self, text=None, category_id=None):
        domain = self._mall_visible_domain()
        if category_id:
            domain.append(("category_id", "=", category_id))
        if text:
            domain += [
                "|",
                "|",
                ("question", "ilike", text),
                ("answer", "ilike", text),
                ("keywords", "ilike", text),
            ]
        return domain
