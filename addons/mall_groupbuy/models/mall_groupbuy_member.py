# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

DEFAULT_PAYMENT_MINUTES = 30


class MallGroupbuyMember(models.Model):
    """A shopper's seat in a group, and the order that pays for it."""

    _name = "mall.groupbuy.member"
    _description = "Mall Group Buy Member"
    _order = "group_id, id"

    group_id = fields.Many2one(
        "mall.groupbuy.group",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    campaign_id = fields.Many2one(
        related="group_id.campaign_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, readonly=True
    )
    is_leader = fields.Boolean(readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True, index=True, copy=False)
    currency_id = fields.Many2one(related="order_id.currency_id")
    amount_total = fields.Monetary(related="order_id.amount_total")
    quantity = fields.Integer(default=1, readonly=True)
    state = fields.Selection(
        [
            ("pending_payment", "Pending Payment"),
            ("paid", "Paid"),
            ("refunded", "Refunded"),
            ("cancel", "Cancelled"),
        ],
        default="pending_payment",
        required=True,
        index=True,
        readonly=True,
    )
    reserved_until = fields.Datetime(
        readonly=True, help="Unpaid by then, the seat goes back to the group."
    )
    paid_at = fields.Datetime(readonly=True)

    def init(self):
        # One live seat per shopper and group; a cancelled reservation does
        # not keep the shopper from joining again.
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS mall_groupbuy_member_group_partner_uniq"
            " ON mall_groupbuy_member (group_id, partner_id)"
            " WHERE state != 'cancel'"
        )

    def _holds_seat(self, now):
        self.ensure_one()
        if self.state == "paid":
            return True
        return self.state == "pending_payment" and (
            not self.reserved_until or self.reserved_until > now
        )

    @api.model
    def _groupbuy_payment_minutes(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mall.payment_minutes", DEFAULT_PAYMENT_MINUTES)
        )

    @api.model
    def _groupbuy_create(self, group, partner, variant=None, order_values=None):
        """The seat of ``partner`` in ``group`` (locked by the caller) and
        its order at the group price, a quotation until the group succeeds."""
        campaign = group.campaign_id
        variant = campaign._groupbuy_variant(variant)
        order = (
            self.env["sale.order"]
            .sudo()
            .create(
                dict(
                    {
                        "partner_id": partner.id,
                        "company_id": campaign.company_id.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": variant.id,
                                    "product_uom_qty": 1,
                                    "price_unit": campaign.group_price,
                                },
                            )
                        ],
                    },
                    **(order_values or {}),
                )
            )
        )
        # A pricelist may price the line again on creation: the group price.
        order.order_line.filtered(lambda line: line.product_id == variant).write(
            {"price_unit": campaign.group_price}
        )
        member = self.sudo().create(
            {
                "group_id": group.id,
                "partner_id": partner.id,
                "is_leader": partner == group.leader_id,
                "order_id": order.id,
                "reserved_until": fields.Datetime.now()
                + timedelta(minutes=self._groupbuy_payment_minutes()),
            }
        )
        order.mall_groupbuy_member_id = member
        return member

    def _groupbuy_on_paid(self):
        """The member's order was paid: the seat is theirs, unless their
        reservation lapsed and the group filled (or closed) meanwhile; then
        they are refunded at once."""
        # A payment in flight may complete after its reservation was dropped
        # (cancelled): it is refunded too.
        waiting = self.filtered(lambda m: m.state in ("pending_payment", "cancel"))
        for member in waiting:
            group = member.group_id
            group._lock()
            now = fields.Datetime.now()
            taken = group.member_ids.filtered(
                lambda m, me=member, at=now: m != me and m._holds_seat(at)
            )
            lapsed_and_lost = (
                member.state == "cancel"
                or group.state not in ("draft", "open")
                or len(taken) >= group.group_size
            )
            member.write({"state": "paid", "paid_at": now})
            if lapsed_and_lost:
                _logger.info(
                    "Group buy %s: the payment of %s found no seat; refunded",
                    group.name,
                    member.partner_id.display_name,
                )
                member._groupbuy_refund()
                continue
            group._groupbuy_on_member_paid(member)

    def _groupbuy_cancel(self):
        """Drop unpaid reservations and their orders."""
        if not self:
            return
        self.write({"state": "cancel"})
        self.order_id.filtered(lambda o: o.state != "cancel").sudo()._action_cancel()
        # A group whose leader never paid never opened.
        for group in self.group_id.filtered(lambda g: g.state == "draft"):
            if not group.member_ids.filtered(lambda m: m.state != "cancel"):
                group.state = "cancel"

    def _groupbuy_refund(self):
        """Refund each paid member in full through the payment that paid the
        order (the balance goes back to the balance), cancel the order and
        tell the shopper."""
        for member in self.filtered(lambda m: m.state == "paid"):
            order = member.order_id.sudo()
            payments = order.transaction_ids.filtered(
                lambda tx: tx.state == "done" and tx.operation != "refund"
            )
            refunds = self.env["payment.transaction"]
            for tx in payments:
                if tx.provider_id.support_refund in ("partial", "full_only"):
                    refunds |= tx._send_refund_request(amount_to_refund=tx.amount)
            member.state = "refunded"
            order._action_cancel()
            order._mall_groupbuy_refunded(payments, refunds)
            member._groupbuy_tell("refunded")

    def _groupbuy_tell(self, event):
        """Tell the shopper how their group ended, in their language
        (Chinese by default), on the order's chatter."""
        for member in self:
            # The mini-program speaks Chinese, whatever the partner record says.
            lang = "zh_CN"
            env = member.with_context(lang=lang).env
            message = {
                "succeeded": env._(
                    "Your group buy succeeded! Order %(order)s is confirmed "
                    "and will ship soon.",
                    order=member.order_id.name,
                ),
                "refunded": env._(
                    "Your group buy did not fill in time: order %(order)s is "
                    "cancelled and your payment refunded to where it came from.",
                    order=member.order_id.name,
                ),
            }[event]
            member.order_id.sudo().message_post(
                body=message,
                partner_ids=member.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            member.order_id.sudo()._mall_groupbuy_notify(event)
