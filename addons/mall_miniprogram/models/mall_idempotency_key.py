# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

KEEP = timedelta(days=1)


class MallIdempotencyKey(models.Model):
    """The answer given to a write request carrying an ``Idempotency-Key``.

    The key is stored in the request's own transaction, with its answer: a
    request that fails leaves no key, so its retry runs; a request that
    succeeded answers its retries with the same answer, never twice the
    effect. A retry arriving while the first is running waits on the key's
    row and then answers from it.
    """

    _name = "mall.idempotency.key"
    _description = "Mall API Idempotency Key"
    _log_access = False

    scope = fields.Char(required=True, help="The shopper, or the caller's IP.")
    key = fields.Char(required=True)
    fingerprint = fields.Char(required=True, help="Method, path and body hash.")
    status = fields.Integer()
    body = fields.Text()
    created_at = fields.Datetime(required=True, index=True)

    _sql_constraints = [
        ("scope_key_uniq", "unique(scope, key)", "An idempotency key is used once."),
    ]

    @api.model
    def _claim(self, scope, key, fingerprint):
        """``(record, None)`` when this request is the first with the key,
        ``(None, record)`` of the earlier request otherwise."""
        self.env.cr.execute(
            """
            INSERT INTO mall_idempotency_key (scope, key, fingerprint, created_at)
            VALUES (%s, %s, %s, now() at time zone 'UTC')
            ON CONFLICT (scope, key) DO NOTHING
            RETURNING id
            """,
            [scope, key, fingerprint],
        )
        row = self.env.cr.fetchone()
        if row:
            return self.browse(row[0]), None
        earlier = self.search([("scope", "=", scope), ("key", "=", key)], limit=1)
        return None, earlier

    def _store(self, status, body):
        self.ensure_one()
        self.write({"status": status, "body": body})

    @api.autovacuum
    def _gc_old_keys(self):
        self.search([("created_at", "<", fields.Datetime.now() - KEEP)]).unlink()
