# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from ..tools import points as pts


class ResPartner(models.Model):
    _inherit = "res.partner"

    mall_tier_id = fields.Many2one(
        "mall.member.tier",
        string="Member Tier",
        readonly=True,
        tracking=True,
        index="btree_not_null",
        help="Recomputed daily from the points earned (or amount spent) over "
        "the rolling window set in the settings.",
    )
    mall_tier_since = fields.Datetime(string="Tier Since", readonly=True)
    mall_points = fields.Integer(string="Member Points", compute="_compute_mall_points")

    def _compute_mall_points(self):
        Points = self.env["mall.member.points"]
        for partner in self:
            card = Points._mall_card(partner, create=False)
            partner.mall_points = int(card.points)

    def _mall_member_welcome(self):
        """Open the member account of new shoppers, with the welcome points."""
        Points = self.env["mall.member.points"].sudo()
        company = self.env.company
        for partner in self:
            if not Points._mall_card(partner, company):
                continue
            if Points.search_count(
                [("partner_id", "=", partner.id), ("kind", "=", "signup")]
            ):
                continue
            Points._mall_earn(
                partner,
                company.mall_signup_points,
                "signup",
                _("Welcome bonus"),
                company,
            )
            partner._mall_recompute_tier()

    def _mall_is_member(self, company=None):
        self.ensure_one()
        Points = self.env["mall.member.points"]
        return bool(Points._mall_card(self, company, create=False))

    def _mall_member_discount(self, moment=None, company=None, product=None):
        """The discount (%) of this shopper's tier, with the member day's
        extra discount on that day (0 for non-members), and then the paid
        member card's on ``product`` (without a product: when the card
        discounts every product)."""
        self.ensure_one()
        company = company or self.env.company
        partner = self.commercial_partner_id.sudo()
        percents = []
        if partner._mall_is_member(company):
            percents = [partner.mall_tier_id.discount_percent]
            if pts.is_member_day(
                moment or fields.Datetime.now(),
                company.mall_member_day,
                company._mall_tz(),
            ):
                percents.append(company.mall_member_day_discount)
        percents.append(
            self.env["mall.member.card"]._mall_card_percent(
                partner, company, product, moment
            )
        )
        return pts.combined_discount(*percents)

    def _mall_recompute_tier(self, now=None):
        """Set the tier each partner's window reaches; returns the partners
        whose tier changed."""
        Points = self.env["mall.member.points"].sudo()
        Tier = self.env["mall.member.tier"].sudo()
        company = self.env.company
        changed = self.browse()
        for partner in self.sudo():
            value = Points._mall_tier_value(partner, company, now)
            tier = Tier._tier_for_points(value, company)
            if tier == partner.mall_tier_id:
                continue
            old = partner.mall_tier_id
            partner.write(
                {"mall_tier_id": tier.id, "mall_tier_since": fields.Datetime.now()}
            )
            partner._mall_on_tier_changed(old)
            changed |= partner
        return changed

    def _mall_on_tier_changed(self, old_tier):
        """Hook: this partner's tier changed from ``old_tier`` (the change
        itself is tracked in the chatter)."""

    @api.model
    def _cron_mall_recompute_tiers(self):
        """Daily: upgrade and downgrade members by their rolling window."""
        program = self.env["mall.member.points"]._mall_program()
        if not program:
            return self.browse()
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search([("program_id", "=", program.id), ("partner_id", "!=", False)])
        )
        partners = cards.partner_id | self.sudo().search(
            [("mall_tier_id", "!=", False)]
        )
        return partners._mall_recompute_tier()

    mall_share_flagged = fields.Boolean(
        string="Referral Fraud Suspected",
        help="Set when referrals through this shopper's shares looked like a "
        "farm or a self-invite: their shares earn nothing more until cleared.",
    )
    mall_channel_code_id = fields.Many2one(
        "mall.channel.code",
        string="First Channel",
        readonly=True,
        index="btree_not_null",
        help="The store code, KOL or campaign code the shopper first came "
        "through; kept.",
    )
    mall_channel_date = fields.Datetime(string="Channel Date", readonly=True)

    def write(self, vals):
        res = super().write(vals)
        if {"phone", "mobile"} & set(vals):
            # A newcomer who binds the sharer's own phone after signing in
            # was the sharer all along.
            self.env["mall.share.referral"].sudo()._mall_check_same_phone(self)
        return res

    def _mall_set_first_channel(self, channel):
        """Tag the shoppers with ``channel`` unless they came through one."""
        untagged = self.filtered(lambda p: not p.mall_channel_code_id)
        if channel and untagged:
            untagged.sudo().write(
                {
                    "mall_channel_code_id": channel.id,
                    "mall_channel_date": fields.Datetime.now(),
                }
            )
