# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    """A shopper is a partner, never an internal user."""

    _inherit = "res.partner"

    mall_is_shopper = fields.Boolean(
        string="Mini-program Shopper", index=True, copy=False
    )
    mall_token_ids = fields.One2many(
        "mall.shopper.token",
        "partner_id",
        string="API Tokens",
        groups="base.group_system",
    )
