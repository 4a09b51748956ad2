# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models


class MallCartTransaction(models.Model):
    """A cart change made by the mini-program (possibly offline), by its
    client id: applied once, however often the client replays it."""

    _name = "mall.cart.transaction"
    _description = "Mall Cart Client Transaction"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade"
    )
    client_id = fields.Char(required=True)

    _sql_constraints = [
        (
            "partner_client_uniq",
            "unique(partner_id, client_id)",
            "A cart transaction is applied once.",
        ),
    ]

    @api.autovacuum
    def _gc_old(self):
        limit = fields.Datetime.now() - timedelta(days=30)
        self.search([("create_date", "<", limit)]).unlink()
