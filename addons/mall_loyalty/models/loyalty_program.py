# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

# The programs whose cards are coupons in a shopper's wallet.
WALLET_PROGRAM_TYPES = ("coupons", "next_order_coupons", "promotion")


class LoyaltyProgram(models.Model):
    """Coupons are Odoo's coupon programs: the kind is the reward (a fixed
    amount or a percentage, on the order or on some products, or free
    shipping), the threshold (满减) the rule's minimum amount, the validity
    the program's dates and the card's expiration date."""

    _inherit = "loyalty.program"

    mall_stack_group = fields.Char(
        string="Stacking Group",
        default="discount",
        help="Coupons of the same stacking group cannot be used together on "
        "an order; coupons of different groups can (e.g. one coupon of the "
        "group 'discount' and one of the group 'shipping'). Leave empty for a "
        "coupon that stacks with any other. Whatever the groups, an order "
        "takes at most one coupon per program, one free shipping and one "
        "discount on the whole order, fixed or percentage (Odoo keeps one "
        "global discount); coupons on products stack with it. "
        "At checkout the mall picks the combination that costs the shopper "
        "least, applied in this order: free shipping, percentages, fixed "
        "amounts.",
    )
    mall_limit_per_partner = fields.Integer(
        string="Limit per Customer",
        help="How many coupons of this program one customer may hold and "
        "use (orders not cancelled count as uses). 0: no limit.",
    )

    @api.model
    def _mall_wallet_program_domain(self):
        return [("program_type", "in", WALLET_PROGRAM_TYPES)]

    def _mall_use_count(self, partner, exclude_orders=None):
        """How many orders of ``partner`` (not cancelled, nor these) use a
        coupon of this program."""
        self.ensure_one()
        domain = [
            ("coupon_id.program_id", "=", self.id),
            ("order_id.partner_id", "=", partner.id),
            ("order_id.state", "!=", "cancel"),
        ]
        if exclude_orders:
            domain.append(("order_id", "not in", exclude_orders.ids))
        lines = self.env["sale.order.line"].sudo().search(domain)
        return len(lines.order_id)

    def _mall_share_card_values(self, partner):
        """A coupon of this program for ``partner``: enough points for its
        cheapest reward, as Odoo's coupon generator gives."""
        self.ensure_one()
        points = min(self.reward_ids.mapped("required_points") or [1])
        return {"program_id": self.id, "partner_id": partner.id, "points": points}
