# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# Line fields that change how many units a confirmed order sold.
SOLD_QTY_FIELDS = {"product_id", "product_uom", "product_uom_qty", "mall_refunded_qty"}


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    mall_refunded_qty = fields.Float(
        string="Refunded Quantity",
        digits="Product Unit of Measure",
        copy=False,
        readonly=True,
        help="Units refunded through after-sales; they no longer count as sold.",
    )

    mall_review_ids = fields.One2many(
        "mall.product.review", "sale_line_id", string="Reviews", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered(lambda line: line.state == "sale")._mall_update_sold_qty()
        return lines

    def write(self, vals):
        if SOLD_QTY_FIELDS.isdisjoint(vals):
            return super().write(vals)
        confirmed = self.filtered(lambda line: line.state == "sale")
        before = confirmed.product_template_id
        result = super().write(vals)
        (before | confirmed.product_template_id)._mall_update_sold_qty()
        return result

    def _mall_update_sold_qty(self):
        self.product_template_id._mall_update_sold_qty()
