# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo import _, fields, models

from ..tools import coupon_optimizer as co


def _decimal(value):
    return co.money(Decimal(str(value or 0)))


class LoyaltyReward(models.Model):
    _inherit = "loyalty.reward"

    def _mall_coupon_kind(self):
        """The optimiser's kind of this reward, or None when the mall does
        not price it (free products, cheapest line, per point)."""
        self.ensure_one()
        if self.reward_type == "shipping":
            return co.SHIPPING
        if self.reward_type != "discount" or self.discount_applicability not in (
            "order",
            "specific",
        ):
            return None
        return {"percent": co.PERCENT, "per_order": co.FIXED}.get(self.discount_mode)

    def _mall_coupon_values(self, order):
        """The optimiser's view of this reward on ``order``: the keyword
        arguments of :class:`coupon_optimizer.Coupon` (without the id), or
        None when the mall does not price it."""
        self.ensure_one()
        kind = self._mall_coupon_kind()
        if not kind:
            return None
        program = self.program_id
        values = {
            "kind": kind,
            "name": program.name,
            "max_discount": _decimal(self.discount_max_amount) or None,
            "stack_group": program.mall_stack_group or None,
            "program_id": program.id,
        }
        if kind == co.PERCENT:
            values["percent"] = Decimal(str(self.discount))
        elif kind == co.FIXED:
            values["amount"] = _decimal(self.discount)
        if kind != co.SHIPPING and self.discount_applicability == "specific":
            domain = self._get_discount_product_domain()
            products = order.order_line.product_id.filtered_domain(domain)
            # A scope that matches nothing here still is a scope.
            values["product_ids"] = frozenset(products.ids) or frozenset({0})
        # Odoo checks the rules of programs for the current order (not the
        # next-order coupons, whose rules are how they were earned).
        if program.applies_on == "current" and program.rule_ids:
            values["threshold"] = _decimal(
                min(program.rule_ids.mapped("minimum_amount"))
            )
        return values

    mall_coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Coupon Given",
        domain="[('program_type', 'in', ('coupons', 'gift_card'))]",
        help="In the member programme: redeeming this reward in the member "
        "centre spends its points and gives a coupon of this program (a "
        "discount, or a free product).",
    )

    def _mall_is_redeemable(self, company=None):
        """Whether shoppers can redeem this reward in the member centre."""
        self.ensure_one()
        program = self.env["mall.member.points"]._mall_program(company)
        return bool(
            program
            and self.program_id == program
            and self.active
            and self.required_points > 0
            and self.mall_coupon_program_id
        )

    def _mall_redeem(self, partner, company=None):
        """Spend this reward's points of ``partner`` for a coupon: the new
        ``loyalty.card``. Raises ``NotEnoughPoints``."""
        self.ensure_one()
        reward = self.sudo()
        coupon_program = reward.mall_coupon_program_id
        # Points first: a member short of points gets no coupon.
        self.env["mall.member.points"]._mall_spend(
            partner,
            int(reward.required_points),
            _("Redeemed: %(reward)s", reward=reward.description or coupon_program.name),
            company,
        )
        return (
            self.env["loyalty.card"]
            .sudo()
            .create(
                {
                    "program_id": coupon_program.id,
                    "partner_id": partner.id,
                    "points": max(coupon_program.reward_ids[:1].required_points, 1),
                }
            )
        )
