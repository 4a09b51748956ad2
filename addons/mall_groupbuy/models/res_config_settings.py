# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """The distribution settings are the company's (res.company fields): a
    multi-company mall sets them per company."""

    _inherit = "res.config.settings"

    mall_distribution_enabled = fields.Boolean(
        related="company_id.mall_distribution_enabled", readonly=False
    )
    mall_distribution_mode = fields.Selection(
        related="company_id.mall_distribution_mode", readonly=False
    )
    mall_distribution_spend_threshold = fields.Float(
        related="company_id.mall_distribution_spend_threshold", readonly=False
    )
    mall_distribution_levels = fields.Selection(
        related="company_id.mall_distribution_levels", readonly=False
    )
    mall_distribution_rate_1 = fields.Float(
        related="company_id.mall_distribution_rate_1", readonly=False
    )
    mall_distribution_rate_2 = fields.Float(
        related="company_id.mall_distribution_rate_2", readonly=False
    )
    mall_distribution_binding_days = fields.Integer(
        related="company_id.mall_distribution_binding_days", readonly=False
    )
    mall_distribution_aftersale_days = fields.Integer(
        related="company_id.mall_distribution_aftersale_days", readonly=False
    )
    mall_distribution_min_withdrawal = fields.Float(
        related="company_id.mall_distribution_min_withdrawal", readonly=False
    )
