# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

import psycopg2
import redis

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.mall_catalog.tools import redis_store

from ..tools import flash_claims

_logger = logging.getLogger(__name__)


def _epoch(value):
    return int(value.timestamp()) if value else 0


class MallFlashSale(models.Model):
    """A flash sale (秒杀): ``quota`` units of a variant at the flash price
    from ``date_start``. With Redis, claims are taken in Redis (see
    ``tools/flash_claims.py``) and turned into orders by the flash workers;
    without it, by a row lock on ``remaining`` in PostgreSQL."""

    _name = "mall.flash.sale"
    _description = "Mall Flash Sale"
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one(
        "product.product",
        string="Product Variant",
        required=True,
        domain="[('sale_ok', '=', True)]",
    )
    flash_price = fields.Monetary(required=True)
    quota = fields.Integer(required=True, help="Units sold at the flash price.")
    remaining = fields.Integer(
        readonly=True, help="Units not claimed yet (returned by expired claims)."
    )
    per_shopper_limit = fields.Integer(
        default=1, required=True, help="Units one shopper may claim; 0: no limit."
    )
    date_start = fields.Datetime(string="Start", required=True)
    date_end = fields.Datetime(string="End")
    payment_minutes = fields.Integer(
        string="Payment Window (minutes)",
        default=15,
        required=True,
        help="An order not paid within this time is cancelled and its units "
        "go back on sale.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
    )
    claim_ids = fields.One2many("mall.flash.claim", "sale_id", string="Claims")
    claim_count = fields.Integer(compute="_compute_claim_count")

    _sql_constraints = [
        ("quota_positive", "CHECK(quota > 0)", "The quota must be positive."),
        ("remaining_positive", "CHECK(remaining >= 0)", "Stock cannot go negative."),
    ]

    @api.depends("claim_ids")
    def _compute_claim_count(self):
        groups = self.env["mall.flash.claim"]._read_group(
            [("sale_id", "in", self.ids)], ["sale_id"], ["__count"]
        )
        counts = {sale.id: count for sale, count in groups}
        for sale in self:
            sale.claim_count = counts.get(sale.id, 0)

    @api.constrains("date_start", "date_end", "per_shopper_limit", "payment_minutes")
    def _check_dates(self):
        for sale in self:
            if sale.date_end and sale.date_end <= sale.date_start:
                raise ValidationError(_("A flash sale must end after it starts."))
            if sale.per_shopper_limit < 0 or sale.payment_minutes <= 0:
                raise ValidationError(
                    _("The limit per shopper and the payment window must be positive.")
                )

    # ------------------------------------------------------------------
    # Back office
    # ------------------------------------------------------------------
    def action_publish(self):
        for sale in self:
            if sale.state != "draft":
                raise UserError(_("Only draft flash sales can be published."))
            sale.write({"state": "published", "remaining": sale.quota})
            sale._flash_publish_redis(reset=True)

    def action_close(self):
        self.write({"state": "closed"})
        client = redis_store.get_client()
        if client is not None:
            for sale in self:
                client.hset(sale._flash_claims(client).keys["sale"], "end", 1)

    def action_view_claims(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_groupbuy.mall_flash_claim_action"
        )
        action["domain"] = [("sale_id", "in", self.ids)]
        return action

    # ------------------------------------------------------------------
    # Redis
    # ------------------------------------------------------------------
    def _flash_claims(self, client=None):
        self.ensure_one()
        client = client or redis_store.get_client()
        prefix = self.env.context.get("mall_flash_prefix", flash_claims.PREFIX)
        return flash_claims.FlashClaims(client, self.id, prefix=prefix)

    def _flash_publish_redis(self, reset=False):
        """Put the sale's rules and stock in Redis (when configured)."""
        client = redis_store.get_client()
        if client is None:
            return False
        for sale in self:
            sale._flash_claims(client).publish(
                sale.remaining,
                _epoch(sale.date_start),
                _epoch(sale.date_end),
                sale.per_shopper_limit,
                reset=reset,
            )
        return True

    def _flash_restore_redis(self, wait=False):
        """Put back in Redis the published sales of ``self`` whose keys it
        lost (restart without AOF, failover to an empty replica), from
        PostgreSQL: see ``flash_claims.restore_from_db``. One round trip when
        nothing is missing. Returns the sales restored."""
        restored = self.browse()
        client = redis_store.get_client()
        sales = self.filtered(lambda s: s.state == "published")
        if client is None or not sales:
            return restored
        pipe = client.pipeline(transaction=False)
        for sale in sales:
            pipe.exists(sale._flash_claims(client).keys["sale"])
        found = pipe.execute()
        missing = [sale for sale, ok in zip(sales, found, strict=True) if not ok]
        if missing:
            self.env.flush_all()
        for sale in missing:
            try:
                with self.env.cr.savepoint():
                    stock = flash_claims.restore_from_db(
                        self.env.cr, sale._flash_claims(client), wait=wait
                    )
            except psycopg2.errors.SerializationFailure:
                # ``remaining`` changed since this transaction began: the
                # next run (a new transaction) restores the sale.
                _logger.info("flash sale %s: restore postponed", sale.id)
                continue
            if stock is not None:
                restored |= sale
        return restored

    # ------------------------------------------------------------------
    # Claims
    # ------------------------------------------------------------------
    def _flash_claim(self, partner, qty=1):
        """Claim ``qty`` units for ``partner``: ``(True, uid)`` or
        ``(False, reason)`` (see ``flash_claims.REFUSALS``)."""
        self.ensure_one()
        if qty <= 0:
            return False, "LIMIT"
        if self.state != "published":
            return False, "NOT_FOUND" if self.state == "draft" else "ENDED"
        client = redis_store.get_client()
        if client is not None:
            uid = flash_claims.new_uid()
            claims = self._flash_claims(client)
            ok, reason = claims.claim(partner.id, qty, uid=uid)
            if reason == "NOT_FOUND" and self._flash_restore_redis(wait=True):
                ok, reason = claims.claim(partner.id, qty, uid=uid)
            return (True, uid) if ok else (False, reason)
        return self._flash_claim_pg(partner, qty)

    def _flash_claim_pg(self, partner, qty=1):
        """The claim through PostgreSQL alone: the sale's row is locked by
        the conditional decrement until the transaction ends, which also
        serialises the per-shopper count."""
        self.ensure_one()
        now = fields.Datetime.now()
        if now < self.date_start:
            return False, "NOT_STARTED"
        if self.date_end and now >= self.date_end:
            return False, "ENDED"
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "UPDATE mall_flash_sale SET remaining = remaining - %s "
            "WHERE id = %s AND state = 'published' AND remaining >= %s RETURNING id",
            [qty, self.id, qty],
        )
        taken = bool(cr.fetchone())
        self.invalidate_recordset(["remaining"])
        if self.per_shopper_limit and self._flash_claimed_by(partner) + qty > (
            self.per_shopper_limit
        ):
            if taken:  # the row is still locked by this transaction
                cr.execute(
                    "UPDATE mall_flash_sale SET remaining = remaining + %s "
                    "WHERE id = %s",
                    [qty, self.id],
                )
            return False, "LIMIT"
        if not taken:
            return False, "SOLD_OUT"
        uid = flash_claims.new_uid()
        self.env["mall.flash.claim"]._flash_insert(
            self, [{"uid": uid, "partner_id": partner.id, "qty": qty, "at": now}]
        )
        self.invalidate_recordset(["remaining"])
        return True, uid

    def _flash_claimed_by(self, partner):
        self.env.cr.execute(
            "SELECT COALESCE(SUM(qty), 0) FROM mall_flash_claim "
            "WHERE sale_id = %s AND partner_id = %s AND state != 'expired'",
            [self.id, partner.id],
        )
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    def _flash_materialize_entries(self, entries):
        """Record the claims of Redis stream entries and create their orders.
        Entries already recorded (same uid) are skipped: a batch processed
        twice creates nothing twice. Returns the new claims."""
        self.ensure_one()
        Claim = self.env["mall.flash.claim"]
        claims = Claim._flash_insert(self, entries, from_redis=True)
        claims._flash_create_orders()
        return claims

    def _flash_worker_batch(
        self,
        consumer,
        count=500,
        min_idle_ms=30000,
        block_ms=None,
        commit=True,
        linger_ms=None,
    ):
        """One batch of a flash worker: read, materialise, COMMIT, then XACK
        (a worker dying before the XACK leaves its entries pending for
        another one). Returns the number of entries handled."""
        self.ensure_one()
        claims = self._flash_claims()
        read = {
            "count": count,
            "block_ms": block_ms,
            "min_idle_ms": min_idle_ms,
            "linger_ms": linger_ms,
        }
        try:
            batch = claims.read_batch(consumer, **read)
        except redis.ResponseError as exc:
            if not flash_claims.is_nogroup(exc):
                raise
            # Redis lost the stream: put the sale back (or, closed or being
            # restored elsewhere, an empty stream), then read once more.
            self._flash_restore_redis()
            claims.ensure_group()
            batch = claims.read_batch(consumer, **read)
        if not batch:
            return 0
        self._flash_materialize_entries([entry for _eid, entry in batch])
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        claims.ack([eid for eid, _entry in batch])
        return len(batch)

    @api.model
    def _cron_flash_materialize(self, batch_size=500):
        """Orders for accepted claims: Redis stream entries, and claims taken
        through PostgreSQL."""
        client = redis_store.get_client()
        if client is not None:
            sales = self.search([("state", "!=", "draft")])
            sales._flash_restore_redis()
            for sale in sales:
                while sale._flash_worker_batch("cron", count=batch_size):
                    pass
        self.env["mall.flash.claim"]._flash_materialize_pending(batch_size)

    @api.model
    def _flash_payment_deadline(self, sale, at):
        return at + timedelta(minutes=sale.payment_minutes)
