# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    mall_selected = fields.Boolean(
        string="Selected for Checkout",
        default=True,
        help="A cart line the shopper ticked for the next checkout.",
    )

    mall_aftersale_line_ids = fields.One2many(
        "mall.aftersale.line", "sale_line_id", string="After-sale Lines"
    )
