# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.mall_catalog.tools.crypto import normalize_phone

from ..tools import points as pts
from ..tools import share as share_rules

OUTCOMES = [
    (share_rules.REWARDED, "Both Rewarded"),
    (share_rules.NEWCOMER_ONLY, "Newcomer Rewarded"),
    (share_rules.REFUSED, "Not Rewarded"),
    (share_rules.FLAGGED, "Flagged"),
]


class MallShareReferral(models.Model):
    """A shopper who signed in for the first time through a share, and what
    the campaign's rules made of it."""

    _name = "mall.share.referral"
    _description = "Mall Share Referral"
    _order = "id desc"

    share_id = fields.Many2one(
        "mall.share", required=True, index=True, ondelete="cascade"
    )
    campaign_id = fields.Many2one(
        related="share_id.campaign_id", store=True, index=True
    )
    sharer_id = fields.Many2one(
        related="share_id.partner_id", store=True, index=True, string="Sharer"
    )
    newcomer_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade"
    )
    date = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True, index=True
    )
    device_id = fields.Char(index=True)
    ip_address = fields.Char(string="IP Address", index=True)
    state = fields.Selection(OUTCOMES, required=True, index=True)
    reason = fields.Char(help="The rule that decided, for the merchant.")
    newcomer_card_id = fields.Many2one("loyalty.card", ondelete="set null")
    sharer_card_id = fields.Many2one("loyalty.card", ondelete="set null")

    @api.model
    def _mall_register(
        self,
        share,
        newcomer,
        is_new,
        device_id=None,
        ip_address=None,
        sharer_device_ids=(),
    ):
        """Judge the arrival of ``newcomer`` through ``share`` and give the
        coupons it earns; returns the referral record."""
        campaign = share.campaign_id
        # One referral of a campaign at a time: caps and budget hold under
        # concurrent sign-ins.
        self.env.cr.execute(
            "SELECT id FROM mall_share_campaign WHERE id = %s FOR UPDATE",
            [campaign.id],
        )
        sharer = share.partner_id
        facts = self._mall_facts(
            share, newcomer, is_new, device_id, ip_address, sharer_device_ids
        )
        decision = share_rules.judge(facts, campaign._mall_limits())
        values = {
            "share_id": share.id,
            "newcomer_id": newcomer.id,
            "date": facts.now,
            "device_id": (device_id or "")[:128] or False,
            "ip_address": ip_address or False,
            "state": decision.outcome,
            "reason": decision.reason or False,
        }
        Card = self.env["loyalty.card"].sudo().with_context(loyalty_no_mail=True)
        if decision.reward_newcomer:
            values["newcomer_card_id"] = Card.create(
                campaign.newcomer_program_id._mall_share_card_values(newcomer)
            ).id
        if decision.reward_sharer and campaign.sharer_program_id:
            values["sharer_card_id"] = Card.create(
                campaign.sharer_program_id._mall_share_card_values(sharer)
            ).id
        if decision.outcome == share_rules.FLAGGED and not sharer.mall_share_flagged:
            sharer.sudo().mall_share_flagged = True
        return self.sudo().create(values)

    @api.model
    def _mall_check_same_phone(self, newcomers):
        """Flag the referrals of ``newcomers`` whose phone is their sharer's:
        the sharer's coupon is taken back if unused, and the sharer flagged."""
        referrals = self.sudo().search(
            [
                ("newcomer_id", "in", newcomers.ids),
                ("state", "in", (share_rules.REWARDED, share_rules.NEWCOMER_ONLY)),
            ]
        )
        for referral in referrals:
            phones = {
                normalize_phone(number)
                for number in (referral.newcomer_id.phone, referral.newcomer_id.mobile)
                if number
            }
            sharer = referral.sharer_id
            sharer_phones = {
                normalize_phone(number)
                for number in (sharer.phone, sharer.mobile)
                if number
            }
            if not phones & sharer_phones:
                continue
            card = referral.sharer_card_id
            if card and card.points > 0:
                card.points = 0
            referral.write({"state": share_rules.FLAGGED, "reason": "same_phone"})
            if not sharer.mall_share_flagged:
                sharer.mall_share_flagged = True

    @api.model
    def _mall_facts(
        self, share, newcomer, is_new, device_id, ip_address, sharer_device_ids
    ):
        campaign = share.campaign_id
        sharer = share.partner_id
        now = fields.Datetime.now()
        # Caps count the shop's days and months, in naive UTC as Odoo stores.
        tz = (campaign.company_id or self.env.company)._mall_tz()
        today = pts.shop_date(now, tz)
        day = pts.day_start(today, tz)
        month = pts.day_start(today.replace(day=1), tz)
        Referral = self.sudo()
        of_sharer = [("sharer_id", "=", sharer.id)]
        rewarded = of_sharer + [("sharer_card_id", "!=", False)]
        recent = of_sharer + [
            ("date", ">=", now - timedelta(hours=campaign.farm_hours or 24))
        ]
        return share_rules.ReferralFacts(
            now=now,
            sharer_id=sharer.id,
            newcomer_id=newcomer.id,
            newcomer_is_new=bool(is_new),
            sharer_flagged=sharer.mall_share_flagged,
            sharer_device_ids=frozenset(d for d in sharer_device_ids if d),
            newcomer_device_id=device_id or None,
            sharer_phone=sharer.phone or None,
            newcomer_phone=newcomer.phone or None,
            already_referred=bool(
                Referral.search_count([("newcomer_id", "=", newcomer.id)], limit=1)
            ),
            sharer_rewards_today=Referral.search_count(
                rewarded + [("date", ">=", day)]
            ),
            sharer_rewards_month=Referral.search_count(
                rewarded + [("date", ">=", month)]
            ),
            campaign_rewarded=Referral.search_count(
                [
                    ("campaign_id", "=", campaign.id),
                    ("state", "in", (share_rules.REWARDED, share_rules.NEWCOMER_ONLY)),
                ]
            ),
            recent_same_device=Referral.search_count(
                recent + [("device_id", "=", device_id)]
            )
            if device_id
            else 0,
            recent_same_ip=Referral.search_count(
                recent + [("ip_address", "=", ip_address)]
            )
            if ip_address
            else 0,
        )
