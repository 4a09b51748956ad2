# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import MallApiCommon, PaymentSetup


@tagged("post_install", "-at_install")
class TestGroupbuyApi(PaymentSetup, MallApiCommon):
    """Opening, joining and paying group buys over the API, with the balance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls._setup_campaign_shop(
            ("拼团测试店", "GBT"),
            "拼团测试车厘子",
            50.0,
            "拼团测试快递",
            ("李四", "王五", "赵六"),
            points=100,
        )
        cls.campaign = env["mall.groupbuy.campaign"].create(
            {
                "name": "三人拼团 API",
                "product_tmpl_id": cls.product.id,
                "group_price": 30.0,
                "group_size": 3,
                "date_start": fields.Datetime.now() - timedelta(days=1),
                "date_end": fields.Datetime.now() + timedelta(days=5),
                "state": "running",
            }
        )
        # The result's subscription message (团购结果通知) on WeChat.
        env["ir.config_parameter"].sudo().set_param("mall.weixin_appid", "wx-gb-test")
        env["mall.notification.template"].create(
            {
                "name": "拼团结果通知",
                "event": "groupbuy_result",
                "platform": "weixin",
                "template_id": "tmpl-groupbuy-1",
                "page": "pages/order/detail?id={order_id}",
                "mapping": json.dumps({"thing1": "groupbuy_result"}),
            }
        )
        env["mall.shopper.identity"].create(
            [
                {
                    "partner_id": p.id,
                    "platform": "weixin",
                    "appid": "wx-gb-test",
                    "openid": f"o-gb-{p.id}",
                }
                for p in cls.shoppers
            ]
        )

    def call(self, shopper, method, path, body=None, expect=None):
        token = self.env["mall.shopper.token"]._issue(shopper, "weixin")
        status, data, _response = self.api(method, path, token=token, json_body=body)
        if expect:
            self.assertEqual(status, expect, data)
        else:
            self.assertLess(status, 300, data)
        return data.get("data") if status < 300 else data

    def _seat(self, shopper, path, expect=201):
        body = {"address_id": self.addresses[shopper].id, "carrier_id": self.carrier.id}
        return self.call(shopper, "POST", path, body, expect=expect)

    def _pay(self, shopper, seat):
        payment = self.call(
            shopper,
            "POST",
            f"/checkouts/{seat['checkout']['id']}/pay",
            {"provider": "mall_balance"},
        )
        self.assertEqual(payment["state"], "done")
        self.assertEqual(payment["amount"], "30.00")
        return payment

    def _told(self, shopper):
        """The group-buy results queued for ``shopper``."""
        messages = self.env["mall.notification"].search(
            [("partner_id", "=", shopper.id), ("event", "=", "groupbuy_result")]
        )
        return [json.loads(m.payload) for m in messages]

    def _card(self, shopper):
        return self.env["loyalty.card"].search(
            [("program_id", "=", self.program.id), ("partner_id", "=", shopper.id)]
        )

    def test_open_join_fill(self):
        leader, first, second, late = self.shoppers
        listed = self.call(leader, "GET", "/groupbuys")
        self.assertIn(self.campaign.id, [c["id"] for c in listed])
        seat = self._seat(leader, f"/groupbuys/{self.campaign.id}/groups")
        self.assertEqual(seat["group"]["state"], "draft")
        self.assertEqual(seat["checkout"]["amount_total"], "30.00")
        self._pay(leader, seat)
        group = self.env["mall.groupbuy.group"].browse(seat["group"]["id"])
        self.assertEqual(group.state, "open")
        # Paid, waiting for the group (待成团): not to ship yet.
        leader_order = seat["checkout"]["orders"][0]["id"]
        order = self.call(leader, "GET", f"/orders/{leader_order}")
        self.assertEqual(order["status"], "grouping")
        self.assertEqual(self.call(leader, "GET", "/orders?status=to_ship"), [])
        detail = self.call(leader, "GET", f"/groupbuys/{self.campaign.id}")
        self.assertEqual(detail["group_price"], "30.00")
        [listed_group] = detail["open_groups"]
        self.assertEqual(
            (listed_group["id"], listed_group["seats_left"]), (group.id, 2)
        )
        self.assertEqual(listed_group["leader"], "测**")

        join = f"/groupbuy-groups/{group.id}/join"
        self._pay(first, self._seat(first, join))
        # Twice in the same group: refused, nothing made.
        orders = self.env["sale.order"].search_count([])
        again = self._seat(first, join, expect=409)
        self.assertEqual(again["error"]["details"][0]["type"], "already_joined")
        self.assertEqual(self.env["sale.order"].search_count([]), orders)

        self._pay(second, self._seat(second, join))
        self.assertEqual(group.state, "succeeded")
        orders = group.member_ids.order_id
        self.assertEqual(set(orders.mapped("state")), {"sale"})
        self.assertEqual(set(orders.mapped("mall_payment_state")), {"paid"})
        self.assertEqual(self._card(leader).points, 70.0)
        order = self.call(leader, "GET", f"/orders/{leader_order}")
        self.assertEqual(order["status"], "to_ship")
        to_ship = self.call(leader, "GET", "/orders?status=to_ship")
        self.assertEqual([o["id"] for o in to_ship], [leader_order])
        self.assertEqual(self._told(leader), [{"thing1": "拼团成功"}])
        # The group is closed to others.
        closed = self._seat(late, join, expect=409)
        self.assertEqual(closed["error"]["details"][0]["type"], "group_closed")
        [mine] = self.call(leader, "GET", "/groupbuy-groups/mine")
        self.assertEqual((mine["state"], mine["is_leader"]), ("paid", True))
        self.assertEqual(mine["group"]["state"], "succeeded")
        self.assertEqual(self.call(late, "GET", "/groupbuy-groups/mine"), [])

    def test_expiry_refunds_to_the_balance(self):
        leader, first = self.shoppers[:2]
        seat = self._seat(leader, f"/groupbuys/{self.campaign.id}/groups")
        self._pay(leader, seat)
        group = self.env["mall.groupbuy.group"].browse(seat["group"]["id"])
        self._pay(first, self._seat(first, f"/groupbuy-groups/{group.id}/join"))
        self.assertEqual(self._card(first).points, 70.0)
        group.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.env["mall.groupbuy.group"]._cron_expire()
        self.assertEqual(group.state, "failed")
        for order in group.member_ids.order_id:
            self.assertEqual(order.state, "cancel")
            self.assertEqual(order.mall_payment_state, "refunded")
            self.assertEqual(order.mall_refunded_amount, 30.0)
        self.assertEqual(self._card(leader).points, 100.0)
        self.assertEqual(self._card(first).points, 100.0)
        self.assertEqual(self._told(first), [{"thing1": "拼团失败，已退款"}])
        [mine] = self.call(first, "GET", "/groupbuy-groups/mine")
        self.assertEqual(
            (mine["state"], mine["group"]["state"]), ("refunded", "failed")
        )

    def test_last_seat_goes_to_one_buyer(self):
        self.campaign.group_size = 2
        leader, first, second = self.shoppers[:3]
        seat = self._seat(leader, f"/groupbuys/{self.campaign.id}/groups")
        self._pay(leader, seat)
        join = f"/groupbuy-groups/{seat['group']['id']}/join"
        won = self._seat(first, join)
        lost = self._seat(second, join, expect=409)
        self.assertEqual(lost["error"]["details"][0]["type"], "group_full")
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", second.id)])
        )
        self._pay(first, won)
        group = self.env["mall.groupbuy.group"].browse(seat["group"]["id"])
        self.assertEqual(group.state, "succeeded")

    def test_another_shoppers_address_or_seat(self):
        leader, other = self.shoppers[:2]
        foreign = {"address_id": self.addresses[other].id}
        path = f"/groupbuys/{self.campaign.id}/groups"
        self.call(leader, "POST", path, foreign, expect=404)
        seat = self._seat(leader, path)
        self._pay(leader, seat)
        join = f"/groupbuy-groups/{seat['group']['id']}/join"
        self.call(other, "POST", join, {"address_id": self.addresses[leader].id}, 404)
        # Another shopper's seat is neither listed nor paid by them.
        self.assertEqual(self.call(other, "GET", "/groupbuy-groups/mine"), [])
        self.assertFalse(
            self.env["mall.groupbuy.member"].search([("partner_id", "=", other.id)])
        )

    def test_unknown_campaign(self):
        self.campaign.state = "closed"
        self.call(self.shopper, "GET", f"/groupbuys/{self.campaign.id}", expect=404)
        self._seat(self.shopper, f"/groupbuys/{self.campaign.id}/groups", expect=404)

    def test_unpaid_seat_is_released(self):
        self.campaign.group_size = 2
        leader, first, second = self.shoppers[:3]
        seat = self._seat(leader, f"/groupbuys/{self.campaign.id}/groups")
        self._pay(leader, seat)
        join = f"/groupbuy-groups/{seat['group']['id']}/join"
        unpaid = self._seat(first, join)
        self._seat(second, join, expect=409)
        # The first buyer never pays: their checkout lapses and is cancelled.
        checkout = self.env["mall.checkout"].browse(unpaid["checkout"]["id"])
        checkout.pay_before = fields.Datetime.now() - timedelta(minutes=1)
        self.env["mall.checkout"]._cron_cancel_unpaid()
        member = self.env["mall.groupbuy.member"].browse(unpaid["member_id"])
        self.assertEqual(member.state, "cancel")
        self.assertEqual(member.order_id.state, "cancel")
        # Too late to pay; the seat is free for the second buyer.
        self.call(
            first,
            "POST",
            f"/checkouts/{checkout.id}/pay",
            {"provider": "mall_balance"},
            expect=409,
        )
        self._pay(second, self._seat(second, join))
        self.assertEqual(member.group_id.state, "succeeded")
