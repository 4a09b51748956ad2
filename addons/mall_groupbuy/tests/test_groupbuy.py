# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_groupbuy.exceptions import GroupbuyError

from .common import MallGroupbuyPaymentCommon


@tagged("post_install", "-at_install")
class TestGroupbuy(MallGroupbuyPaymentCommon):
    def _open_and_pay(self, leader=None):
        member = self.campaign._groupbuy_open(leader or self.shoppers[0])
        self._pay(member)
        return member.group_id

    def test_group_fills_and_orders_are_confirmed(self):
        leader, first, second = self.shoppers[:3]
        member = self.campaign._groupbuy_open(leader)
        group = member.group_id
        self.assertEqual(group.state, "draft")
        self.assertEqual(member.order_id.state, "draft")
        self.assertEqual(member.order_id.amount_total, 30.0)
        self._pay(member)
        self.assertEqual(group.state, "open")
        self.assertTrue(group.expires_at)
        # Paid, yet held until the group forms: not confirmed.
        self.assertEqual(member.state, "paid")
        self.assertEqual(member.order_id.state, "draft")
        self.assertEqual(self.cards[0].points, 70.0)
        members = member
        for shopper in (first, second):
            joined = group._groupbuy_join(shopper)
            self._pay(joined)
            members |= joined
        self.assertEqual(group.state, "succeeded")
        self.assertEqual(group.paid_count, 3)
        self.assertEqual(set(members.order_id.mapped("state")), {"sale"})
        self.assertTrue(members.order_id.picking_ids)
        self.assertEqual(self.campaign.group_succeeded_count, 1)
        self.assertEqual(self.campaign.success_rate, 100.0)
        self.assertIn("拼团成功", members[1].order_id.message_ids[:1].body or "")

    def test_expiry_refunds_every_member(self):
        group = self._open_and_pay()
        joined = group._groupbuy_join(self.shoppers[1])
        self._pay(joined)
        pending = group._groupbuy_join(self.shoppers[2])
        self.assertEqual(group.seats_left, 0)
        group.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.env["mall.groupbuy.group"]._cron_expire()
        self.assertEqual(group.state, "failed")
        paid = group.member_ids - pending
        self.assertEqual(set(paid.mapped("state")), {"refunded"})
        self.assertEqual(pending.state, "cancel")
        self.assertEqual(set((group.member_ids.order_id).mapped("state")), {"cancel"})
        for member in paid:
            refunds = member.order_id.transaction_ids.child_transaction_ids
            self.assertEqual(refunds.state, "done")
            self.assertEqual(refunds.amount, -30.0)
            self.assertIn("退", member.order_id.message_ids[:1].body)
        # The balance is back where it was.
        self.assertEqual(self.cards[:2].mapped("points"), [100.0, 100.0])
        self.assertEqual(self.cards[2].points, 100.0)
        self.assertEqual(self.campaign.group_failed_count, 1)
        self.assertEqual(self.campaign.success_rate, 0.0)

    def test_auto_fill_succeeds_at_expiry(self):
        self.campaign.auto_fill = True
        group = self._open_and_pay()
        group.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.env["mall.groupbuy.group"]._cron_expire()
        self.assertEqual(group.state, "succeeded")
        self.assertTrue(group.auto_filled)
        self.assertEqual(group.member_ids.order_id.state, "sale")

    def test_double_join_is_refused(self):
        group = self._open_and_pay()
        joined = group._groupbuy_join(self.shoppers[1])
        with self.assertRaises(GroupbuyError) as caught:
            group._groupbuy_join(self.shoppers[1])
        self.assertEqual(caught.exception.code, "already_joined")
        # The leader cannot take a second seat either.
        with self.assertRaises(GroupbuyError):
            group._groupbuy_join(self.shoppers[0])
        self.assertEqual(len(group.member_ids), 2)
        # An unpaid reservation that lapsed frees the shopper to join again.
        joined.order_id._action_cancel()
        self.assertEqual(joined.state, "cancel")
        again = group._groupbuy_join(self.shoppers[1])
        self.assertEqual(again.state, "pending_payment")

    def test_last_seat_goes_to_one_buyer(self):
        group = self._open_and_pay()
        self._pay(group._groupbuy_join(self.shoppers[1]))
        orders_before = self.env["sale.order"].search_count([])
        # Two buyers of the last seat: the group's row lock queues them; the
        # first one reserves it, the second one is refused with nothing made.
        with patch.object(
            type(group), "_lock", autospec=True, side_effect=lambda g: None
        ) as lock:
            last = group._groupbuy_join(self.shoppers[2])
            with self.assertRaises(GroupbuyError) as caught:
                group._groupbuy_join(self.shoppers[3])
        self.assertEqual(lock.call_count, 2)
        self.assertEqual(caught.exception.code, "group_full")
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before + 1)
        self.assertNotIn(self.shoppers[3], group.member_ids.partner_id)
        self._pay(last)
        self.assertEqual(group.state, "succeeded")

    def test_late_payment_without_seat_is_refunded(self):
        group = self._open_and_pay()
        late = group._groupbuy_join(self.shoppers[1])
        late.reserved_until = fields.Datetime.now() - timedelta(minutes=1)
        for shopper in self.shoppers[2:4]:
            self._pay(group._groupbuy_join(shopper))
        self.assertEqual(group.state, "succeeded")
        self._pay(late)
        self.assertEqual(late.state, "refunded")
        self.assertEqual(late.order_id.state, "cancel")
        self.assertEqual(self.cards[1].points, 100.0)

    def test_limits(self):
        self.campaign.write({"per_shopper_limit": 1, "stock_cap": 2})
        group = self._open_and_pay()
        with self.assertRaises(GroupbuyError) as caught:
            self.campaign._groupbuy_open(self.shoppers[0])
        self.assertEqual(caught.exception.code, "limit_reached")
        group._groupbuy_join(self.shoppers[1])
        with self.assertRaises(GroupbuyError) as caught:
            group._groupbuy_join(self.shoppers[2])
        self.assertEqual(caught.exception.code, "sold_out")
        self.campaign.state = "closed"
        with self.assertRaises(GroupbuyError) as caught:
            self.campaign._groupbuy_open(self.shoppers[3])
        self.assertEqual(caught.exception.code, "campaign_closed")
