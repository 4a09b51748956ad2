# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallBundleLine(models.Model):
    _name = "mall.bundle.line"
    _inherit = "mall.catalog.cached"
    _description = "Mall Bundle Product"
    _order = "bundle_id, sequence, id"

    bundle_id = fields.Many2one(
        "mall.bundle", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        ondelete="restrict",
        domain=[("sale_ok", "=", True)],
    )
    quantity = fields.Integer(default=1, required=True)
    currency_id = fields.Many2one(related="bundle_id.currency_id")
    list_price = fields.Float(related="product_id.lst_price", string="Unit Price")

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity > 0)", "Quantities must be positive."),
    ]
