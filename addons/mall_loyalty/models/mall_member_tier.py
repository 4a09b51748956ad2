# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class MallMemberTier(models.Model):
    """A membership tier (普通/银卡/金卡/钻石): reached by points, gives a discount."""

    _name = "mall.member.tier"
    _description = "Mall Member Tier"
    _order = "min_points, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    min_points = fields.Integer(
        string="Points Needed",
        required=True,
        help="Points earned over the rolling window that reach this tier.",
    )
    discount_percent = fields.Float(
        string="Tier Discount (%)",
        digits=(5, 2),
        help="Applied to product prices in the cart for members of this tier.",
    )
    color = fields.Integer()
    perks = fields.Html(translate=True, help="Shown to shoppers in the member centre.")

    _sql_constraints = [
        (
            "min_points_company_uniq",
            "unique(min_points, company_id)",
            "Two tiers cannot start at the same number of points.",
        ),
    ]

    @api.constrains("discount_percent", "min_points")
    def _check_values(self):
        for tier in self:
            if not 0 <= tier.discount_percent < 100:
                raise ValidationError(
                    _("A tier discount is between 0 and 100%% (%s).", tier.name)
                )
            if tier.min_points < 0:
                raise ValidationError(
                    _("Points needed cannot be negative (%s).", tier.name)
                )

    @api.model
    def _tier_for_points(self, points, company=None):
        """The highest active tier reached with ``points``."""
        company = company or self.env.company
        return self.search(
            [("company_id", "=", company.id), ("min_points", "<=", points)],
            order="min_points desc",
            limit=1,
        )
