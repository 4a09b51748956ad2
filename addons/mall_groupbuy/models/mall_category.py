# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallCategory(models.Model):
    _inherit = "mall.category"

    mall_commission_custom = fields.Boolean(
        string="Own Commission Rates",
        help="Products of this category (and its subcategories) earn these "
        "rates unless the product has its own.",
    )
    mall_commission_rate_1 = fields.Float(string="Level 1 Commission (%)")
    mall_commission_rate_2 = fields.Float(string="Level 2 Commission (%)")
