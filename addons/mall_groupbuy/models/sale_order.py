# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


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
        return True

    def _mall_groupbuy_notify(self, event):
        """Hook: tell the shopper how the group of this order ended
        (``event``: ``succeeded`` or ``refunded``) beyond the order's
        chatter; the mini-program queues its subscription message."""
        return True
