# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools import risk

# What each kind of rule measures, as the merchant reads it.
KIND_SELECTION = [
    ("shared_device", "Accounts on one device"),
    ("shared_phone", "Accounts with one phone number"),
    ("shared_address", "Accounts shipping to one address"),
    ("order_velocity_hour", "Orders in the last hour"),
    ("order_velocity_day", "Orders in the last day"),
    ("coupon_abuse", "Coupon uses in the last day"),
    ("groupbuy_abuse", "Group-buy joins in the last day"),
    ("groupbuy_same_device", "Group members on one device or address"),
    ("abnormal_quantity", "Units of one product in an order"),
    ("new_account_flash_sale", "Account age (hours) when buying flash sales"),
]
assert {key for key, _label in KIND_SELECTION} == set(risk.KINDS)

FREEZE_PARAM = "mall.risk_freeze_threshold"
REVIEW_PARAM = "mall.risk_review_threshold"
RESPONSIBLE_PARAM = "mall.risk_responsible_id"


class MallRiskRule(models.Model):
    """One anti-fraud (防刷单) rule the merchant tunes: it adds up to
    ``weight`` points to an order's risk score once its measure goes beyond
    ``threshold``, the full weight from ``ramp`` units beyond on."""

    _name = "mall.risk.rule"
    _description = "Mall Anti-fraud Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, copy=False, help="Technical name, shown in the assessments."
    )
    kind = fields.Selection(
        KIND_SELECTION,
        string="Measure",
        required=True,
        help="What the rule counts on each order.",
    )
    weight = fields.Integer(
        default=10,
        help="The most points the rule adds to the risk score (0 turns it off).",
    )
    threshold = fields.Float(
        help="Up to this value the rule adds nothing. For the account age, the "
        "rule adds points while the account is younger than this many hours.",
    )
    ramp = fields.Float(
        default=1,
        help="How far beyond the threshold the rule adds its full weight; "
        "in between it adds points in proportion.",
    )
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each risk rule has its own code."),
        ("weight_positive", "CHECK(weight >= 0)", "A rule weight cannot be negative."),
        ("ramp_positive", "CHECK(ramp > 0)", "A rule ramp must be above zero."),
    ]

    @api.model
    def _mall_rules(self):
        """The active rules, as the scoring core takes them."""
        return [
            risk.RiskRule(
                code=rule.code,
                description=rule.name,
                weight=rule.weight,
                threshold=rule.threshold,
                ramp=rule.ramp,
                kind=rule.kind,
            )
            for rule in self.sudo().search([])
        ]

    @api.model
    def _mall_thresholds(self):
        """``(freeze_threshold, review_threshold)`` from the settings."""
        params = self.env["ir.config_parameter"].sudo()

        def read(key, default):
            try:
                return int(params.get_param(key, default))
            except (TypeError, ValueError):
                return default

        freeze = read(FREEZE_PARAM, risk.FREEZE_THRESHOLD)
        review = read(REVIEW_PARAM, risk.REVIEW_THRESHOLD)
        return freeze, min(review, freeze)
