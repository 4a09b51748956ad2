# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

DEFAULT_DAYS = 30
DEFAULT_VALID_DAYS = 14
PAID_STATES = ("paid", "partially_refunded", "refunded")


class MallWinback(models.Model):
    """A comeback gift pack (回流礼包) sent to a shopper not seen for a
    while: one per partner and lapse, and whether it worked."""

    _name = "mall.winback"
    _description = "Mall Win-back Gift"
    _order = "id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, ondelete="cascade"
    )
    sent_at = fields.Datetime(
        default=fields.Datetime.now, required=True, readonly=True, index=True
    )
    last_seen = fields.Datetime(
        required=True,
        readonly=True,
        help="The last sign-in or order before the lapse this gift answers.",
    )
    card_id = fields.Many2one("loyalty.card", string="Gift", ondelete="set null")
    notified = fields.Boolean(
        readonly=True, help="A subscription message was queued to the shopper."
    )
    state = fields.Selection(
        [("sent", "Gift Sent"), ("came_back", "Came Back"), ("ordered", "Ordered")],
        default="sent",
        required=True,
        index=True,
        readonly=True,
    )
    came_back_at = fields.Datetime(readonly=True)
    ordered_at = fields.Datetime(readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True, ondelete="set null")

    _sql_constraints = [
        (
            "partner_lapse_uniq",
            "unique(partner_id, last_seen)",
            "One win-back gift per shopper and lapse.",
        ),
    ]

    @api.model
    def _mall_settings(self):
        params = self.env["ir.config_parameter"].sudo()
        days = int(params.get_param("mall.winback_days") or DEFAULT_DAYS)
        valid = int(params.get_param("mall.winback_valid_days") or DEFAULT_VALID_DAYS)
        program_id = int(params.get_param("mall.winback_program_id") or 0)
        program = self.env["loyalty.program"].sudo().browse(program_id).exists()
        return days, valid, program

    @api.model
    def _cron_winback(self, batch_size=500):
        self._mall_track_results()
        days, valid, program = self._mall_settings()
        if not program or days <= 0:
            return self.browse()
        now = fields.Datetime.now()
        lapsed = self._mall_lapsed(now - timedelta(days=days), batch_size)
        gifts = self.browse()
        for partner_id, last_seen in lapsed:
            partner = self.env["res.partner"].sudo().browse(partner_id)
            with self.env.cr.savepoint():
                gifts |= self._mall_send_gift(partner, last_seen, program, valid)
        return gifts

    @api.model
    def _mall_lapsed(self, cutoff, limit):
        """``[(partner id, last seen)]`` of shoppers whose last sign-in and
        last order are older than ``cutoff`` and who got no gift since."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            WITH seen AS (
                SELECT p.id AS partner_id,
                       GREATEST(
                           (SELECT max(i.last_login) FROM mall_shopper_identity i
                             WHERE i.partner_id = p.id),
                           (SELECT max(o.date_order) FROM sale_order o
                             WHERE o.partner_id = p.id)
                       ) AS last_seen
                  FROM res_partner p
                 WHERE p.active AND p.mall_is_shopper
                   AND NOT COALESCE(p.mall_frozen, FALSE)
                   AND EXISTS (SELECT 1 FROM mall_shopper_identity i
                                WHERE i.partner_id = p.id)
            )
            SELECT seen.partner_id, seen.last_seen
              FROM seen
             WHERE seen.last_seen < %s
               AND NOT EXISTS (SELECT 1 FROM mall_winback w
                                WHERE w.partner_id = seen.partner_id
                                  AND w.last_seen >= seen.last_seen)
             ORDER BY seen.last_seen, seen.partner_id
             LIMIT %s
            """,
            [cutoff, limit],
        )
        return self.env.cr.fetchall()

    @api.model
    def _mall_send_gift(self, partner, last_seen, program, valid_days):
        expires = fields.Date.context_today(self) + timedelta(days=valid_days)
        values = program._mall_share_card_values(partner)
        values["expiration_date"] = expires
        card = (
            self.env["loyalty.card"]
            .sudo()
            .with_context(loyalty_no_mail=True)
            .create(values)
        )
        messages = self.env["mall.notification"]._mall_notify(
            "winback",
            partner,
            {
                "gift_name": program.name,
                "gift_expires": fields.Date.to_string(expires),
            },
        )
        return self.sudo().create(
            {
                "partner_id": partner.id,
                "last_seen": last_seen,
                "sent_at": fields.Datetime.now(),
                "card_id": card.id,
                "notified": bool(messages),
            }
        )

    @api.model
    def _mall_track_results(self, days=90):
        """Whether the shoppers of recent gifts signed in, then paid an order,
        after their gift."""
        since = fields.Datetime.now() - timedelta(days=days)
        open_gifts = self.sudo().search(
            [("state", "!=", "ordered"), ("sent_at", ">=", since)]
        )
        Identity = self.env["mall.shopper.identity"].sudo()
        Order = self.env["sale.order"].sudo()
        for gift in open_gifts:
            values = {}
            if gift.state == "sent":
                login = Identity.search(
                    [
                        ("partner_id", "=", gift.partner_id.id),
                        ("last_login", ">", gift.sent_at),
                    ],
                    order="last_login desc",
                    limit=1,
                )
                if login:
                    values.update(state="came_back", came_back_at=login.last_login)
            order = Order.search(
                [
                    ("partner_id", "=", gift.partner_id.id),
                    ("mall_payment_state", "in", PAID_STATES),
                    ("mall_paid_at", ">", gift.sent_at),
                ],
                order="mall_paid_at",
                limit=1,
            )
            if order:
                values.update(
                    state="ordered", ordered_at=order.mall_paid_at, order_id=order.id
                )
                if not gift.came_back_at and "came_back_at" not in values:
                    values["came_back_at"] = order.mall_paid_at
            if values:
                gift.write(values)
