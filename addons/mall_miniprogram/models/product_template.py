# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.model
    def _mall_sold_line_domain(self):
        # A mini-program order is confirmed at checkout, sold once paid.
        return [
            *super()._mall_sold_line_domain(),
            ("order_id.mall_payment_state", "!=", "unpaid"),
        ]
