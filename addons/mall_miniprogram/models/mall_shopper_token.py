# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import secrets
from datetime import timedelta

from odoo import api, fields, models

DEFAULT_TTL = timedelta(days=7)


def _hash(token):
    # Tokens carry 256 random bits: a plain SHA-256 is enough to make a leaked
    # table useless, no slow password hash needed.
    return hashlib.sha256(token.encode()).hexdigest()


class MallShopperToken(models.Model):
    """A shopper's API token. Only its hash is stored."""

    _name = "mall.shopper.token"
    _description = "Mall Shopper API Token"
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade"
    )
    token_hash = fields.Char(required=True, index=True, readonly=True)
    platform = fields.Selection(
        [("weixin", "WeChat"), ("alipay", "Alipay"), ("h5", "H5")]
    )
    expires_at = fields.Datetime(required=True)
    revoked = fields.Boolean(readonly=True)

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "Token hashes are unique."),
    ]

    @api.model
    def _issue(self, partner, platform=None, ttl=DEFAULT_TTL):
        """A new token for ``partner``: its clear text is returned once."""
        token = secrets.token_urlsafe(32)
        self.sudo().create(
            {
                "partner_id": partner.id,
                "token_hash": _hash(token),
                "platform": platform,
                "expires_at": fields.Datetime.now() + ttl,
            }
        )
        return token

    @api.model
    def _find_valid(self, token):
        """The live token record for ``token``, or an empty recordset."""
        if not token or len(token) > 512:
            return self.browse()
        return self.sudo().search(
            [
                *self._live_domain(),
                ("token_hash", "=", _hash(token)),
                ("partner_id.active", "=", True),
                ("partner_id.mall_frozen", "=", False),
            ],
            limit=1,
        )

    @api.model
    def _live_tokens_of(self, partner):
        return self.sudo().search(
            [*self._live_domain(), ("partner_id", "=", partner.id)]
        )

    @api.model
    def _live_domain(self):
        return [("revoked", "=", False), ("expires_at", ">", fields.Datetime.now())]

    def _revoke(self):
        self.sudo().write({"revoked": True})

    @api.autovacuum
    def _gc_expired(self):
        """Drop tokens dead for more than a week."""
        limit = fields.Datetime.now() - timedelta(days=7)
        self.sudo().search([("expires_at", "<", limit)]).unlink()
