# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def write(self, vals):
        result = super().write(vals)
        if not self._mall_sold_qty_triggers().isdisjoint(vals):
            # Confirmed (paid) orders count as sales, cancelled ones no more.
            self.order_line.product_template_id._mall_update_sold_qty()
        return result

    def _mall_sold_qty_triggers(self):
        """Order fields whose change can make its lines count as sold or not."""
        return {"state"}
