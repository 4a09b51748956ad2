# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallProductSpec(models.Model):
    """A row of a product's specification table (规格参数)."""

    _name = "mall.product.spec"
    _inherit = ["mall.catalog.cached"]
    _description = "Mall Product Specification"
    _order = "sequence, id"

    product_tmpl_id = fields.Many2one(
        "product.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    value = fields.Char(required=True, translate=True)
