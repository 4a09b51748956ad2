# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallBargainHelp(models.Model):
    """A friend's help (帮砍) of a bargain: the cut of its slot of the plan."""

    _name = "mall.bargain.help"
    _description = "Mall Bargain Help"
    _order = "bargain_id, sequence"

    bargain_id = fields.Many2one(
        "mall.bargain", required=True, index=True, readonly=True, ondelete="cascade"
    )
    campaign_id = fields.Many2one(
        related="bargain_id.campaign_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="bargain_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Friend", required=True, index=True, readonly=True
    )
    sequence = fields.Integer(string="Slot", required=True, readonly=True)
    amount = fields.Monetary(string="Cut", required=True, readonly=True)

    _sql_constraints = [
        (
            "bargain_partner_uniq",
            "UNIQUE(bargain_id, partner_id)",
            "A friend helps a bargain once.",
        ),
        (
            "bargain_slot_uniq",
            "UNIQUE(bargain_id, sequence)",
            "Each cut of a bargain is taken once.",
        ),
        ("amount_positive", "CHECK(amount > 0)", "A cut must be positive."),
    ]
