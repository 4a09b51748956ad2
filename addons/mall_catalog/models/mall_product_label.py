# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallProductLabel(models.Model):
    """A label shown on product cards, such as 新品, 热卖 or 折扣."""

    _name = "mall.product.label"
    _inherit = ["mall.catalog.cached"]
    _description = "Mall Product Label"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Char(
        default="#E4393C", help="Background of the label on cards, as #RRGGBB."
    )
