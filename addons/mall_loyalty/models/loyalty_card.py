# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    mall_wallet_state = fields.Selection(
        [("usable", "Usable"), ("used", "Used"), ("expired", "Expired")],
        string="Wallet State",
        compute="_compute_mall_wallet_state",
        help="Expired: past the card's expiration date or the program's end "
        "date; used: no points left for a reward; usable otherwise.",
    )

    @api.depends(
        "expiration_date",
        "points",
        "program_id.date_to",
        "program_id.active",
        "program_id.reward_ids.required_points",
    )
    def _compute_mall_wallet_state(self):
        today = fields.Date.context_today(self)
        for card in self:
            program = card.program_id
            needed = min(program.reward_ids.mapped("required_points") or [0])
            if (card.expiration_date and card.expiration_date < today) or (
                program.date_to and program.date_to < today
            ):
                card.mall_wallet_state = "expired"
            elif not program.active or card.points < needed or not needed:
                card.mall_wallet_state = "used"
            else:
                card.mall_wallet_state = "usable"

    @api.constrains("partner_id", "program_id")
    def _check_mall_limit_per_partner(self):
        for card in self.filtered("partner_id"):
            limit = card.program_id.mall_limit_per_partner
            if not limit:
                continue
            held = self.search_count(
                [
                    ("program_id", "=", card.program_id.id),
                    ("partner_id", "=", card.partner_id.id),
                ]
            )
            if held > limit:
                raise ValidationError(
                    _(
                        "%(partner)s may hold at most %(limit)s coupons of "
                        "%(program)s.",
                        partner=card.partner_id.display_name,
                        limit=limit,
                        program=card.program_id.name,
                    )
                )
