# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    mall_points_item_id = fields.Many2one(
        "mall.points.item",
        string="Points Mall Item",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="Redeemed in the points mall: priced by the item (points and its "
        "cash price), never discounted.",
    )
