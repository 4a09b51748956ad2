# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The system parameters that held the distribution settings for every company
# before they became company fields: read once into all companies (see
# ``_mall_distribution_from_params``), then removed.
LEGACY_PARAMS = {
    "mall_distribution_enabled": "mall.distribution_enabled",
    "mall_distribution_mode": "mall.distribution_mode",
    "mall_distribution_spend_threshold": "mall.distribution_spend_threshold",
    "mall_distribution_levels": "mall.distribution_levels",
    "mall_distribution_rate_1": "mall.distribution_rate_1",
    "mall_distribution_rate_2": "mall.distribution_rate_2",
    "mall_distribution_binding_days": "mall.distribution_binding_days",
    "mall_distribution_aftersale_days": "mall.distribution_aftersale_days",
    "mall_distribution_min_withdrawal": "mall.distribution_min_withdrawal",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    mall_distribution_enabled = fields.Boolean(string="Distribution")
    mall_distribution_mode = fields.Selection(
        [
            ("open", "Every Shopper"),
            ("application", "By Application"),
            ("spend", "After Spending"),
        ],
        string="Who Becomes a Promoter",
        default="open",
        required=True,
    )
    mall_distribution_spend_threshold = fields.Float(
        string="Spend Threshold", default=0.0
    )
    mall_distribution_levels = fields.Selection(
        [("1", "One Level"), ("2", "Two Levels")],
        string="Commission Levels",
        default="2",
        required=True,
    )
    mall_distribution_rate_1 = fields.Float(
        string="Default Level 1 Rate (%)", default=10.0
    )
    mall_distribution_rate_2 = fields.Float(
        string="Default Level 2 Rate (%)", default=5.0
    )
    mall_distribution_binding_days = fields.Integer(
        string="Binding Lasts (Days)",
        default=30,
        help="0: a binding never lapses.",
    )
    mall_distribution_aftersale_days = fields.Integer(
        string="After-sales Window (Days)",
        default=7,
        help="Commissions become withdrawable this many days after the order "
        "was received.",
    )
    mall_distribution_min_withdrawal = fields.Float(
        string="Minimum Withdrawal", default=10.0
    )

    @api.model
    def _mall_distribution_from_params(self):
        """Databases from before per-company settings: the old shared system
        parameters become every company's settings, once (they are removed
        after). Runs at each install/update; nothing to do on a new one."""
        Param = self.env["ir.config_parameter"].sudo()
        values = {}
        for fname, key in LEGACY_PARAMS.items():
            raw = Param.get_param(key)
            if raw is False:
                continue
            field = self._fields[fname]
            if field.type == "boolean":
                values[fname] = str(raw).lower() in ("1", "true", "yes")
            elif field.type == "integer":
                values[fname] = int(float(raw or 0))
            elif field.type == "float":
                values[fname] = float(raw or 0)
            elif raw in dict(field.selection):
                values[fname] = raw
            Param.set_param(key, False)
        if values:
            self.sudo().with_context(active_test=False).search([]).write(values)
        return values
