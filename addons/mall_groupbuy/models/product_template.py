# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    mall_commission_custom = fields.Boolean(
        string="Own Commission Rates",
        help="This product earns these rates, whatever its category's.",
    )
    mall_commission_rate_1 = fields.Float(string="Level 1 Commission (%)")
    mall_commission_rate_2 = fields.Float(string="Level 2 Commission (%)")
