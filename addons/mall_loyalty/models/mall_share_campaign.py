# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.share import ReferralLimits

COUPON_DOMAIN = [("program_type", "=", "coupons")]


class MallShareCampaign(models.Model):
    """Share-to-get-coupon / invite-a-friend (分享有礼, 邀请有礼): a new
    shopper arriving through a shopper's share gets a coupon, and so does
    the sharer, within the campaign's limits."""

    _name = "mall.share.campaign"
    _description = "Mall Share Campaign"
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    newcomer_program_id = fields.Many2one(
        "loyalty.program",
        string="Coupon for the Newcomer",
        required=True,
        domain=COUPON_DOMAIN,
        ondelete="restrict",
    )
    sharer_program_id = fields.Many2one(
        "loyalty.program",
        string="Coupon for the Sharer",
        domain=COUPON_DOMAIN,
        ondelete="restrict",
        help="Leave empty to reward only the newcomer.",
    )
    date_start = fields.Datetime(string="Start")
    date_end = fields.Datetime(string="End")
    max_per_day = fields.Integer(
        string="Sharer Rewards per Day", default=5, help="0: no limit"
    )
    max_per_month = fields.Integer(
        string="Sharer Rewards per Month", default=30, help="0: no limit"
    )
    budget = fields.Integer(
        string="Total Budget",
        help="Referrals the campaign rewards in all; 0: no limit.",
    )
    farm_hours = fields.Integer(
        string="Farm Window (hours)",
        default=24,
        help="Newcomers of this window are counted against the farm limits.",
    )
    farm_per_device = fields.Integer(
        string="Newcomers per Device",
        default=3,
        help="Newcomers from one device through one sharer in the farm window "
        "that stop the sharer's rewards and flag them; 0: no limit.",
    )
    farm_per_ip = fields.Integer(
        string="Newcomers per IP Address",
        default=5,
        help="Newcomers from one IP address through one sharer in the farm "
        "window that stop the sharer's rewards and flag them; 0: no limit.",
    )
    share_ids = fields.One2many("mall.share", "campaign_id")
    referral_ids = fields.One2many("mall.share.referral", "campaign_id")
    referral_count = fields.Integer(compute="_compute_counts")
    rewarded_count = fields.Integer(compute="_compute_counts")
    flagged_count = fields.Integer(compute="_compute_counts")

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if (
                campaign.date_start
                and campaign.date_end
                and campaign.date_end < campaign.date_start
            ):
                raise ValidationError(_("A campaign cannot end before it starts."))

    @api.constrains(
        "max_per_day", "max_per_month", "budget", "farm_per_device", "farm_per_ip"
    )
    def _check_limits(self):
        for campaign in self:
            limits = (
                campaign.max_per_day,
                campaign.max_per_month,
                campaign.budget,
                campaign.farm_per_device,
                campaign.farm_per_ip,
                campaign.farm_hours,
            )
            if min(limits) < 0:
                raise ValidationError(_("Campaign limits cannot be negative."))

    def _compute_counts(self):
        Referral = self.env["mall.share.referral"]
        data = {
            (campaign.id, state): count
            for campaign, state, count in Referral._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"]
            )
        }
        for campaign in self:
            counts = {
                state: data.get((campaign.id, state), 0)
                for state in ("rewarded", "newcomer_only", "refused", "flagged")
            }
            campaign.referral_count = sum(counts.values())
            campaign.rewarded_count = counts["rewarded"] + counts["newcomer_only"]
            campaign.flagged_count = counts["flagged"]

    @api.model
    def _mall_current(self, company=None):
        """The campaign running now, if any (the latest started)."""
        now = fields.Datetime.now()
        domain = [
            ("company_id", "=", (company or self.env.company).id),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", now),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", now),
        ]
        return self.sudo().search(domain, limit=1)

    def _mall_limits(self):
        self.ensure_one()
        return ReferralLimits(
            per_day=self.max_per_day,
            per_month=self.max_per_month,
            budget=self.budget,
            start=self.date_start or None,
            end=self.date_end or None,
            farm_per_device=self.farm_per_device,
            farm_per_ip=self.farm_per_ip,
        )

    def action_view_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_loyalty.mall_share_referral_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        return action
