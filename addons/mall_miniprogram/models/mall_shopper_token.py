# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import secrets
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models

DEFAULT_TTL = timedelta(days=7)
REFRESH_TTL = timedelta(days=30)


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
    refresh_hash = fields.Char(index=True, readonly=True, copy=False)
    refresh_expires_at = fields.Datetime(readonly=True)
    refreshed = fields.Boolean(
        readonly=True, help="Exchanged for a new token through its refresh token."
    )
    device_id = fields.Char(index=True, readonly=True)
    revoked = fields.Boolean(readonly=True)

    _sql_constraints = [
        ("token_hash_uniq", "unique(token_hash)", "Token hashes are unique."),
    ]

    @api.model
    def _issue(self, partner, platform=None, ttl=DEFAULT_TTL, device_id=None):
        """A new token for ``partner``: its clear text is returned once."""
        return self._issue_pair(partner, platform, ttl, device_id)["token"]

    @api.model
    def _issue_pair(self, partner, platform=None, ttl=DEFAULT_TTL, device_id=None):
        """A token and the refresh token that renews it, in clear, once."""
        token, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = fields.Datetime.now()
        record = self.sudo().create(
            {
                "partner_id": partner.id,
                "token_hash": _hash(token),
                "refresh_hash": _hash(refresh),
                "platform": platform,
                "device_id": (device_id or "")[:128] or False,
                "expires_at": now + ttl,
                "refresh_expires_at": now + REFRESH_TTL,
            }
        )
        return {
            "token": token,
            "refresh_token": refresh,
            "expires_at": record.expires_at,
            "refresh_expires_at": record.refresh_expires_at,
            "record": record,
        }

    @api.model
    def _refresh(self, refresh_token):
        """A new pair for a refresh token, which then stops working.

        A refresh token presented twice was stolen or replayed: every session
        of its shopper is closed. Returns None when it cannot be used.
        """
        if not refresh_token or len(refresh_token) > 512:
            return None
        record = (
            self.sudo()
            .with_context(active_test=False)
            .search([("refresh_hash", "=", _hash(refresh_token))], limit=1)
        )
        if not record:
            return None
        self.env.cr.execute(
            "SELECT id FROM mall_shopper_token WHERE id = %s FOR UPDATE", [record.id]
        )
        record.invalidate_recordset()
        partner = record.partner_id
        if record.refreshed:
            self._revoke_all_durably(partner)
            return None
        if (
            record.revoked
            or record.refresh_expires_at < fields.Datetime.now()
            or not partner.active
            or partner.mall_frozen
        ):
            return None
        record.write({"refreshed": True, "revoked": True})
        return self._issue_pair(partner, record.platform, device_id=record.device_id)

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

    @api.model
    def _revoke_all_durably(self, partner):
        """Close every session of ``partner``, even if the request that found
        out fails and rolls back (it answers with an error)."""
        self._live_tokens_of(partner)._revoke()
        registry, partner_id = self.env.registry, partner.id

        def revoke_again():
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                tokens = env["mall.shopper.token"]
                tokens._live_tokens_of(env["res.partner"].browse(partner_id))._revoke()

        self.env.cr.postrollback.add(revoke_again)

    def _revoke(self):
        self.sudo().write({"revoked": True})

    @api.autovacuum
    def _gc_expired(self):
        """Drop tokens dead for more than a week."""
        limit = fields.Datetime.now() - timedelta(days=7)
        self.sudo().search([("expires_at", "<", limit)]).unlink()
