# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

HISTORY_SIZE = 20


class MallSearchLog(models.Model):
    """A search made in the mini-program: the source of hot searches and of
    the shopper's own search history."""

    _name = "mall.search.log"
    _description = "Mall Search Log"
    _order = "create_date desc, id desc"

    query = fields.Char(required=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Shopper", index=True, ondelete="cascade"
    )
    result_count = fields.Integer(string="Results")
    hidden = fields.Boolean(
        help="Cleared from the shopper's history; still counts for hot searches."
    )

    @api.model
    def _normalize(self, query):
        return " ".join((query or "").split())[:50]

    @api.model
    def _log(self, query, partner, result_count):
        query = self._normalize(query)
        if query:
            self.sudo().create(
                {"query": query, "partner_id": partner.id, "result_count": result_count}
            )

    @api.model
    def _hot(self, limit=10, days=7):
        """The queries the most shoppers made lately and that found something."""
        since = fields.Datetime.now() - timedelta(days=days)
        self.env.cr.execute(
            """
            SELECT query, count(DISTINCT coalesce(partner_id, -id)) AS people
              FROM mall_search_log
             WHERE create_date >= %s AND result_count > 0
             GROUP BY query
             ORDER BY people DESC, max(create_date) DESC
             LIMIT %s
            """,
            [since, limit],
        )
        return [query for query, _people in self.env.cr.fetchall()]

    @api.model
    def _history(self, partner, limit=HISTORY_SIZE):
        """The shopper's distinct recent queries, latest first."""
        self.env.cr.execute(
            """
            SELECT query FROM mall_search_log
             WHERE partner_id = %s AND NOT coalesce(hidden, false)
             GROUP BY query
             ORDER BY max(create_date) DESC, max(id) DESC
             LIMIT %s
            """,
            [partner.id, limit],
        )
        return [query for (query,) in self.env.cr.fetchall()]

    @api.model
    def _clear_history(self, partner):
        logs = self.sudo().search(
            [("partner_id", "=", partner.id), ("hidden", "=", False)]
        )
        logs.hidden = True
        return len(logs)
