# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, fields, models

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    mall_groupbuy_member_id = fields.Many2one(
        "mall.groupbuy.member",
        string="Group Buy Seat",
        index="btree_not_null",
        copy=False,
        readonly=True,
    )
    mall_groupbuy_group_id = fields.Many2one(
        related="mall_groupbuy_member_id.group_id", string="Group Buy"
    )

    def _mall_groupbuy_held(self):
        """A group buy order waits, paid, for its group to succeed."""
        self.ensure_one()
        member = self.mall_groupbuy_member_id
        return bool(member) and member.group_id.state != "succeeded"

    def _is_confirmation_amount_reached(self):
        # The hold of group buys: the payment's post-processing must not
        # confirm the order; the group's success does.
        if self.mall_groupbuy_member_id and self._mall_groupbuy_held():
            return False
        return super()._is_confirmation_amount_reached()

    def _confirmation_error_message(self):
        if self.mall_groupbuy_member_id and self._mall_groupbuy_held():
            return _(
                "Order %(order)s waits for its group buy to succeed.",
                order=self.name,
            )
        return super()._confirmation_error_message()

    def _action_cancel(self):
        res = super()._action_cancel()
        # The cancelled (unpaid) order frees its seat.
        unpaid = self.mall_groupbuy_member_id.filtered(
            lambda m: m.state == "pending_payment"
        )
        if unpaid:
            unpaid._groupbuy_cancel()
        return res

    def _mall_groupbuy_refunded(self, payments, refunds):
        """Hook: the group failed and ``refunds`` (refund transactions) gave
        back ``payments``; the mini-program records it on the order."""
        # Accrued only when the group succeeds: normally nothing to take back.
        for order in self:
            order._mall_commission_reverse(0.0, order.amount_total)
        return True

    # ------------------------------------------------------------------
    # Distribution (分销)
    # ------------------------------------------------------------------
    mall_commission_ids = fields.One2many(
        "mall.commission", "order_id", string="Commissions", readonly=True
    )

    def _mall_commission_accrue(self):
        """The orders are paid: their promoters earn their commission. A
        commission never stops a payment from being recorded."""
        Commission = self.env["mall.commission"].sudo()
        for order in self.filtered(lambda o: o.state != "cancel"):
            try:
                with self.env.cr.savepoint():
                    Commission._mall_accrue(order)
            except Exception:
                _logger.exception("Could not accrue the commission of %s", order.name)

    def _mall_commission_reverse(self, refunded_before, refund):
        """A refund of ``refund`` takes back its share of the commission."""
        self.ensure_one()
        return (
            self.env["mall.commission"]
            .sudo()
            ._mall_reverse(self, refunded_before, refund)
        )

    def _mall_commission_on_hold(self):
        """Hook: whether the anti-fraud rules hold the order, so that its
        commission waits (the mini-program's risk review)."""
        return False

    def _mall_commission_window_start(self, accrued_at):
        """Hook: when the after-sales window of the order starts; ``False``:
        not yet (the mini-program counts from the receipt)."""
        return accrued_at

    def _mall_groupbuy_notify(self, event):
        """Hook: tell the shopper how the group of this order ended
        (``event``: ``succeeded`` or ``refunded``) beyond the order's
        chatter; the mini-program queues its subscription message."""
        return True
