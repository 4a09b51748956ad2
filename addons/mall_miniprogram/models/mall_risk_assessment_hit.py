# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from .mall_risk_rule import KIND_SELECTION


def _number(value):
    return f"{value:.1f}".removesuffix(".0")


class MallRiskAssessmentHit(models.Model):
    """One rule that added points to an assessment, with what it measured."""

    _name = "mall.risk.assessment.hit"
    _description = "Mall Risk Assessment Rule Hit"
    _order = "points desc, id"

    assessment_id = fields.Many2one(
        "mall.risk.assessment", required=True, index=True, ondelete="cascade"
    )
    rule_id = fields.Many2one("mall.risk.rule", ondelete="set null")
    code = fields.Char(required=True)
    kind = fields.Selection(KIND_SELECTION, string="Measure")
    points = fields.Integer()
    value = fields.Float(string="Measured", help="What the rule measured.")
    limit = fields.Float(help="Where the rule starts adding points.")
    detail = fields.Char(
        string="Scoring Detail", help="The reason as the scoring engine gave it."
    )
    reason = fields.Char(compute="_compute_reason")

    def _reason_formats(self):
        return {
            "shared_device": _("%(value)s accounts on this device (limit %(limit)s)"),
            "shared_phone": _(
                "%(value)s accounts with this phone number (limit %(limit)s)"
            ),
            "shared_address": _(
                "%(value)s accounts shipping to this address (limit %(limit)s)"
            ),
            "order_velocity_hour": _(
                "%(value)s orders in the last hour (limit %(limit)s)"
            ),
            "order_velocity_day": _(
                "%(value)s orders in the last day (limit %(limit)s)"
            ),
            "coupon_abuse": _(
                "%(value)s coupon uses in the last day (limit %(limit)s)"
            ),
            "groupbuy_abuse": _(
                "%(value)s group-buy joins in the last day (limit %(limit)s)"
            ),
            "groupbuy_same_device": _(
                "%(value)s group members on this device or address (limit %(limit)s)"
            ),
            "abnormal_quantity": _("%(value)s units of one product (limit %(limit)s)"),
            "new_account_flash_sale": _(
                "An account %(value)s hours old buys flash-sale stock "
                "(limit %(limit)s hours)"
            ),
        }

    @api.depends("kind", "value", "limit", "detail")
    @api.depends_context("lang")
    def _compute_reason(self):
        formats = self._reason_formats()
        for hit in self:
            text = formats.get(hit.kind)
            if text:
                hit.reason = text % {
                    "value": _number(hit.value),
                    "limit": _number(hit.limit),
                }
            else:
                hit.reason = hit.detail or hit.code
