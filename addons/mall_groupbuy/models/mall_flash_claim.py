# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import datetime

from odoo import api, fields, models

from odoo.addons.mall_catalog.tools import redis_store

_logger = logging.getLogger(__name__)


class MallFlashClaim(models.Model):
    """An accepted flash-sale claim; its order awaits payment for the sale's
    payment window. The unique ``uid`` makes materialisation idempotent."""

    _name = "mall.flash.claim"
    _description = "Mall Flash Sale Claim"
    _order = "id desc"
    _rec_name = "uid"

    sale_id = fields.Many2one(
        "mall.flash.sale", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", required=True, index=True)
    qty = fields.Integer(string="Quantity", required=True, default=1)
    uid = fields.Char(string="Claim UID", required=True, readonly=True)
    state = fields.Selection(
        [
            ("accepted", "Accepted"),
            ("ordered", "Ordered"),
            ("paid", "Paid"),
            ("expired", "Expired"),
        ],
        default="accepted",
        required=True,
        index=True,
    )
    order_id = fields.Many2one("sale.order", index="btree_not_null", readonly=True)
    claimed_at = fields.Datetime(required=True, readonly=True)
    expires_at = fields.Datetime(required=True, readonly=True, index=True)

    _sql_constraints = [
        ("uid_uniq", "unique(uid)", "A claim is recorded once."),
        ("qty_positive", "CHECK(qty > 0)", "The quantity must be positive."),
    ]

    @api.model
    def _flash_insert(self, sale, entries, from_redis=False):
        """Insert claims of ``sale`` (dicts uid, partner_id, qty, at), skipping
        uids already recorded. From Redis, the stock taken there is also taken
        from the sale's ``remaining``. Returns the new claims."""
        if not entries:
            return self.browse()
        rows = []
        for entry in entries:
            at = entry["at"]
            if not isinstance(at, datetime):
                at = datetime.utcfromtimestamp(int(at))
            deadline = self.env["mall.flash.sale"]._flash_payment_deadline(sale, at)
            rows.append((entry["uid"], entry["partner_id"], entry["qty"], at, deadline))
        self.env.flush_all()
        cr = self.env.cr
        values = ",".join(["(%s, %s, %s, %s, %s)"] * len(rows))
        params = [value for row in rows for value in row]
        cr.execute(
            f"""
            INSERT INTO mall_flash_claim
                (sale_id, uid, partner_id, qty, claimed_at, expires_at, state,
                 create_uid, write_uid, create_date, write_date)
            SELECT %s, v.uid, v.partner_id, v.qty, v.claimed_at, v.expires_at,
                   'accepted', %s, %s, now() at time zone 'utc',
                   now() at time zone 'utc'
            FROM (VALUES {values}) AS v(uid, partner_id, qty, claimed_at, expires_at)
            ON CONFLICT (uid) DO NOTHING
            RETURNING id, qty
            """,  # noqa: S608 - placeholders only
            [sale.id, self.env.uid, self.env.uid, *params],
        )
        inserted = cr.fetchall()
        sale.invalidate_recordset(["claim_ids", "claim_count"])
        if from_redis and inserted:
            cr.execute(
                "UPDATE mall_flash_sale SET remaining = GREATEST(remaining - %s, 0) "
                "WHERE id = %s",
                [sum(qty for _id, qty in inserted), sale.id],
            )
            sale.invalidate_recordset(["remaining"])
        return self.browse([row[0] for row in inserted])

    def _flash_create_orders(self):
        """One quotation per claim, all created in one ``create`` call."""
        claims = self.filtered(lambda c: c.state == "accepted" and not c.order_id)
        if not claims:
            return self.env["sale.order"]
        Order = (
            self.env["sale.order"]
            .sudo()
            .with_context(
                tracking_disable=True, mail_create_nolog=True, mail_notrack=True
            )
        )
        orders = Order.create(
            [
                {
                    "partner_id": claim.partner_id.id,
                    "company_id": claim.sale_id.company_id.id,
                    "origin": claim.sale_id.name,
                    "client_order_ref": claim.uid,
                    "validity_date": claim.expires_at.date(),
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": claim.sale_id.product_id.id,
                                "product_uom_qty": claim.qty,
                                "price_unit": claim.sale_id.flash_price,
                            },
                        )
                    ],
                }
                for claim in claims
            ]
        )
        self.env.flush_all()
        cr = self.env.cr
        pairs = list(zip(claims.ids, orders.ids, strict=True))
        cr.execute(
            "UPDATE mall_flash_claim c SET order_id = v.order_id, state = 'ordered' "
            "FROM (VALUES "
            + ",".join(["(%s, %s)"] * len(pairs))
            + ") AS v(id, order_id) WHERE c.id = v.id",
            [value for pair in pairs for value in pair],
        )
        claims.invalidate_recordset(["order_id", "state"])
        claims.sale_id.invalidate_recordset(["claim_ids"])
        return orders

    @api.model
    def _flash_materialize_pending(self, batch_size=500):
        """Orders for accepted claims without one (PostgreSQL path, or a
        Redis batch whose orders failed); concurrent runs skip locked rows."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT id FROM mall_flash_claim WHERE state = 'accepted' "
            "AND order_id IS NULL ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            [batch_size],
        )
        claims = self.browse([row[0] for row in self.env.cr.fetchall()])
        return claims._flash_create_orders()

    @api.model
    def _cron_flash_expire(self, batch_size=500):
        """Paid orders mark their claims paid; unpaid ones past the payment
        window are cancelled and their units go back on sale."""
        ordered = self.search([("state", "=", "ordered")])
        ordered.filtered(lambda c: c.order_id.state in ("sale", "done")).write(
            {"state": "paid"}
        )
        expired = self.search(
            [
                ("state", "in", ("accepted", "ordered")),
                ("expires_at", "<", fields.Datetime.now()),
            ],
            limit=batch_size,
        )
        expired._flash_expire()
        return expired

    def _flash_expire(self):
        orders = self.order_id.filtered(lambda o: o.state in ("draft", "sent"))
        if orders:
            orders.with_context(disable_cancel_warning=True)._action_cancel()
        self.write({"state": "expired"})
        self.env.flush_all()
        client = redis_store.get_client()
        for sale in self.sale_id:
            claims = self.filtered(lambda c, sale=sale: c.sale_id == sale)
            self.env.cr.execute(
                "UPDATE mall_flash_sale SET remaining = LEAST(remaining + %s, quota) "
                "WHERE id = %s",
                [sum(claims.mapped("qty")), sale.id],
            )
            sale.invalidate_recordset(["remaining"])
            if client is not None and sale.state == "published":
                redis_claims = sale._flash_claims(client)
                for claim in claims:
                    redis_claims.release(claim.uid, claim.partner_id.id, claim.qty)
