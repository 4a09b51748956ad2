# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallSigninRuleBonus(models.Model):
    _name = "mall.signin.rule.bonus"
    _description = "Mall Sign-in Streak Bonus"
    _order = "streak_day"

    rule_id = fields.Many2one(
        "mall.signin.rule", required=True, index=True, ondelete="cascade"
    )
    streak_day = fields.Integer(
        required=True,
        help="The day of the streak (of the cycle) earning the bonus, e.g. 3 or 7.",
    )
    points = fields.Integer(string="Extra Points", required=True)

    _sql_constraints = [
        (
            "day_uniq",
            "unique(rule_id, streak_day)",
            "One bonus per streak day.",
        ),
        (
            "day_positive",
            "CHECK(streak_day >= 1 AND points >= 0)",
            "A bonus is for day 1 or later and cannot be negative.",
        ),
    ]
