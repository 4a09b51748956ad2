# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import images

MAX_DEPTH = 3


class MallCategory(models.Model):
    """Shop category shown to shoppers: a tree of at most three levels.

    Kept apart from ``product.category``, which drives accounting and stock
    valuation and is not meant for merchandising.
    """

    _name = "mall.category"
    _inherit = ["mall.catalog.cached"]
    _description = "Mall Shop Category"
    _parent_store = True
    _order = "sequence, id"
    _rec_name = "complete_name"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True
    )
    parent_id = fields.Many2one("mall.category", index=True, ondelete="cascade")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("mall.category", "parent_id", string="Subcategories")
    level = fields.Integer(compute="_compute_level", store=True, recursive=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    icon = fields.Image(max_width=256, max_height=256)
    banner = fields.Image(max_width=1280, max_height=640)
    product_tmpl_ids = fields.One2many(
        "product.template", "mall_category_id", string="Products"
    )
    product_count = fields.Integer(
        compute="_compute_product_count",
        help="Products in this category and its subcategories.",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = (
                    f"{category.parent_id.complete_name} / {category.name}"
                )
            else:
                category.complete_name = category.name

    @api.depends("parent_id.level")
    def _compute_level(self):
        for category in self:
            category.level = category.parent_id.level + 1 if category.parent_id else 1

    def _compute_product_count(self):
        groups = self.env["product.template"]._read_group(
            [("mall_category_id", "child_of", self.ids)],
            ["mall_category_id"],
            ["__count"],
        )
        counts = {category.id: count for category, count in groups}
        for category in self:
            descendants = self.search([("id", "child_of", category.id)])
            category.product_count = sum(counts.get(cid, 0) for cid in descendants.ids)

    def _mall_tree_payload(self, base_url):
        """The active category tree as the mini-program browses it."""
        categories = self.sudo().search([])
        icons = categories._mall_checksums("icon")
        children = {}
        for category in categories:
            children.setdefault(category.parent_id.id, []).append(category)

        def node(category):
            return {
                "id": category.id,
                "name": category.name,
                "level": category.level,
                "icon": images.image_url(
                    base_url, "category_icon", category.id, 256, icons.get(category.id)
                ),
                "children": [node(child) for child in children.get(category.id, [])],
            }

        return [node(root) for root in children.get(False, [])]

    @api.constrains("parent_id")
    def _check_depth(self):
        # Cycles are refused by the ORM's parent_store update already.
        for category in self:
            depth = category.level + category._subtree_height()
            if depth > MAX_DEPTH:
                raise ValidationError(
                    _(
                        "Category “%(name)s” would be %(depth)s levels deep; "
                        "shop categories have at most %(max)s levels.",
                        name=category.complete_name,
                        depth=depth,
                        max=MAX_DEPTH,
                    )
                )

    def _subtree_height(self):
        """Levels below this category (0 for a leaf)."""
        self.ensure_one()
        descendants = self.search([("id", "child_of", self.id), ("id", "!=", self.id)])
        return max((d.level for d in descendants), default=self.level) - self.level
