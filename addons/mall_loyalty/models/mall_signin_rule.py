# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import signin


class MallSigninRule(models.Model):
    """The points of the daily sign-in (签到) of a company: some points every
    day, bonuses on given days of a streak, repeated every cycle."""

    _name = "mall.signin.rule"
    _description = "Mall Sign-in Rule"
    _order = "id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    base_points = fields.Integer(
        string="Points per Day", default=5, help="Points of every sign-in."
    )
    cycle_days = fields.Integer(
        string="Cycle (days)",
        default=7,
        help="The bonuses repeat every this many days of a streak (7: day 8 "
        "of a streak counts as day 1 again); 0: the bonuses come once.",
    )
    bonus_ids = fields.One2many(
        "mall.signin.rule.bonus", "rule_id", string="Streak Bonuses"
    )

    _sql_constraints = [
        (
            "points_positive",
            "CHECK(base_points >= 0 AND cycle_days >= 0)",
            "Sign-in points and cycle cannot be negative.",
        ),
    ]

    @api.constrains("active", "company_id")
    def _check_one_active(self):
        for rule in self.filtered("active"):
            if (
                self.search_count(
                    [("company_id", "=", rule.company_id.id), ("active", "=", True)]
                )
                > 1
            ):
                raise ValidationError(
                    _("A company has one active sign-in rule; archive the other.")
                )

    @api.model
    def _mall_rule(self, company=None):
        company = company or self.env.company
        return self.sudo().search([("company_id", "=", company.id)], limit=1)

    def _mall_bonuses(self):
        return [(b.streak_day, b.points) for b in self.bonus_ids]

    def _mall_reward(self, streak):
        """Points of streak day ``streak`` (0 without a rule)."""
        if not self:
            return 0
        self.ensure_one()
        return signin.reward(
            streak, self.base_points, self._mall_bonuses(), self.cycle_days
        )

    def _mall_upcoming(self, streak, days=7):
        if not self:
            return []
        self.ensure_one()
        return signin.upcoming(
            streak, self.base_points, self._mall_bonuses(), self.cycle_days, days
        )
