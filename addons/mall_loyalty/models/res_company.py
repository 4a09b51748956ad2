# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    mall_member_program_id = fields.Many2one(
        "loyalty.program",
        string="Member Programme",
        domain="[('program_type', '=', 'loyalty')]",
        help="The loyalty program holding members' points: its cards are the "
        "members' points accounts, its rewards what points buy.",
    )
    mall_signup_points = fields.Integer(
        string="Welcome Points", help="Given once to each new shopper."
    )
    mall_points_per_unit = fields.Float(
        string="Points per Currency Unit",
        default=1.0,
        digits=(12, 2),
        help="Points earned per currency unit paid for mall orders.",
    )
    mall_review_photo_points = fields.Integer(
        string="Photo Review Points",
        help="Points for a published review with photos (晒单有礼), once per "
        "purchase reviewed.",
    )
    mall_points_expiry_months = fields.Integer(
        string="Points Validity (months)",
        default=12,
        help="Points expire this many months after they are earned; 0: never.",
    )
    mall_tier_basis = fields.Selection(
        [("points", "Points Earned"), ("spend", "Amount Spent")],
        string="Tiers By",
        default="points",
        required=True,
        help="What reaches a tier, over the rolling window: the points "
        "earned, or the amount paid (net of refunds) in currency units.",
    )
    mall_tier_window_days = fields.Integer(
        string="Tier Window (days)",
        default=365,
        help="Tiers are recomputed daily from the last this many days.",
    )
    mall_member_day = fields.Integer(
        string="Member Day",
        help="Day of the month (Beijing time) when members earn more points "
        "and get member prices; 0: no member day.",
    )
    mall_member_day_multiplier = fields.Float(
        string="Member Day Points Multiplier", default=2.0, digits=(4, 2)
    )
    mall_member_day_discount = fields.Float(
        string="Member Day Discount (%)",
        digits=(5, 2),
        help="Extra discount for members on the member day.",
    )

    @api.constrains(
        "mall_member_day",
        "mall_member_day_multiplier",
        "mall_member_day_discount",
        "mall_points_expiry_months",
        "mall_tier_window_days",
        "mall_signup_points",
        "mall_review_photo_points",
        "mall_points_per_unit",
    )
    def _check_mall_points_settings(self):
        for company in self:
            if not 0 <= company.mall_member_day <= 31:
                raise ValidationError(_("The member day is a day of the month (1-31)."))
            if not 0 <= company.mall_member_day_discount < 100:
                raise ValidationError(
                    _("The member day discount is between 0 and 100%.")
                )
            if company.mall_member_day_multiplier < 1:
                raise ValidationError(
                    _("The member day points multiplier is at least 1.")
                )
            if company.mall_tier_window_days < 1:
                raise ValidationError(_("The tier window is at least one day."))
            if (
                min(
                    company.mall_points_expiry_months,
                    company.mall_signup_points,
                    company.mall_review_photo_points,
                    company.mall_points_per_unit,
                )
                < 0
            ):
                raise ValidationError(_("Points settings cannot be negative."))
