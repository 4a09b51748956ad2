# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mall_distribution_enabled = fields.Boolean(
        string="Distribution", config_parameter="mall.distribution_enabled"
    )
    mall_distribution_mode = fields.Selection(
        [
            ("open", "Every Shopper"),
            ("application", "By Application"),
            ("spend", "After Spending"),
        ],
        string="Who Becomes a Promoter",
        default="open",
        config_parameter="mall.distribution_mode",
    )
    mall_distribution_spend_threshold = fields.Float(
        string="Spend Threshold",
        default=0.0,
        config_parameter="mall.distribution_spend_threshold",
    )
    mall_distribution_levels = fields.Selection(
        [("1", "One Level"), ("2", "Two Levels")],
        string="Commission Levels",
        default="2",
        config_parameter="mall.distribution_levels",
    )
    mall_distribution_rate_1 = fields.Float(
        string="Default Level 1 Rate (%)",
        default=10.0,
        config_parameter="mall.distribution_rate_1",
    )
    mall_distribution_rate_2 = fields.Float(
        string="Default Level 2 Rate (%)",
        default=5.0,
        config_parameter="mall.distribution_rate_2",
    )
    mall_distribution_binding_days = fields.Integer(
        string="Binding Lasts (Days)",
        default=30,
        config_parameter="mall.distribution_binding_days",
        help="0: a binding never lapses.",
    )
    mall_distribution_aftersale_days = fields.Integer(
        string="After-sales Window (Days)",
        default=7,
        config_parameter="mall.distribution_aftersale_days",
        help="Commissions become withdrawable this many days after the order "
        "was received.",
    )
    mall_distribution_min_withdrawal = fields.Float(
        string="Minimum Withdrawal",
        default=10.0,
        config_parameter="mall.distribution_min_withdrawal",
    )
