# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import datetime

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_loyalty.tests.common import setup_member_program

from .common import MallApiCommon

OTHER_DAY = datetime(2026, 6, 9, 2, 0)


@tagged("post_install", "-at_install")
class TestMemberApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        # Keep today (in UTC and in Beijing) off the member day.
        off_day = (fields.Datetime.now().day + 9) % 28 + 1
        cls.program, cls.coupons, cls.reward = setup_member_program(
            env, cls.company, mall_member_day=off_day
        )
        Tier = env["mall.member.tier"]
        Tier.search([("company_id", "=", cls.company.id)]).unlink()
        cls.tier_regular = Tier.create({"name": "普通会员", "min_points": 0})
        cls.tier_silver = Tier.create(
            {"name": "银卡会员", "min_points": 1000, "discount_percent": 2}
        )
        cls.tier_gold = Tier.create(
            {"name": "金卡会员", "min_points": 5000, "discount_percent": 5}
        )
        cls.other = env["res.partner"].create({"name": "别人", "mall_is_shopper": True})
        cls.Points = env["mall.member.points"]
        cls.shop = env["mall.shop"].create(
            {
                "name": "会员店",
                "code": "MB",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.mug = env["product.template"].create(
            {
                "name": "会员马克杯",
                "list_price": 30.0,
                "mall_published": True,
                "sale_ok": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        cls.carrier = cls._create_carrier("会员快递", 0.0)
        cls.address = cls._create_address()

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.mine = Token._issue(self.shopper, "weixin")
        self.theirs = Token._issue(self.other, "weixin")

    def _earn(self, partner, amount):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [(0, 0, {"product_id": self.mug.product_variant_id.id})],
            }
        )
        return self.Points._mall_earn_order(order, amount, fields.Datetime.now())

    def _card(self, partner):
        return self.Points._mall_card(partner, create=False)

    def test_member_centre(self):
        self.shopper._mall_member_welcome()
        self._earn(self.shopper, 1100)
        status, body, _response = self.api("GET", "/member", token=self.mine)
        self.assertEqual(status, 200, body)
        data = body["data"]
        self.assertEqual(data["points"], 1200)
        self.assertEqual(data["tier"]["name"], "银卡会员")
        self.assertEqual(data["next_tier"]["name"], "金卡会员")
        self.assertEqual(data["to_next_tier"], 3800)
        self.assertEqual(data["progress_percent"], 5)
        self.assertEqual(data["discount_percent"], 2)
        self.assertEqual(data["member_day"]["day"], self.company.mall_member_day)
        self.assertFalse(data["member_day"]["today"])
        self.assertEqual(data["member_day"]["discount_percent"], 10)
        # Another shopper sees their own (empty) account.
        status, body, _response = self.api("GET", "/member", token=self.theirs)
        self.assertEqual(status, 200, body)
        self.assertEqual((body["data"]["points"], body["data"]["tier"]), (0, None))
        self.assertEqual(body["data"]["discount_percent"], 0)

    def test_member_day_in_the_shop_time_zone(self):
        # A Paris shop (UTC+2 in June): its member day (the 8th) begins at
        # 22:00 UTC on the 7th (16:00 UTC in Beijing).
        self.company.partner_id.tz = "Europe/Paris"
        self.company.mall_member_day = 8
        for moment, today, next_date in [
            ("2026-06-07 21:59:00", False, "2026-06-08"),
            ("2026-06-07 22:00:00", True, "2026-06-08"),
            ("2026-06-08 22:00:00", False, "2026-07-08"),
        ]:
            with freeze_time(moment):
                token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")
                status, body, _response = self.api("GET", "/member", token=token)
            self.assertEqual(status, 200, body)
            day = body["data"]["member_day"]
            self.assertEqual((day["today"], day["next_date"]), (today, next_date))

    def test_points_history(self):
        self.shopper._mall_member_welcome()
        self._earn(self.shopper, 50)
        status, body, _response = self.api(
            "GET", "/member/points?page_size=1", token=self.mine
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(body["meta"]["total"], 2)
        self.assertEqual(body["data"][0]["points"], 50)
        _status, body, _response = self.api("GET", "/member/points", token=self.theirs)
        self.assertEqual((body["data"], body["meta"]["total"]), ([], 0))

    def test_rewards_and_redeem(self):
        self.shopper._mall_member_welcome()
        status, body, _response = self.api("GET", "/member/rewards", token=self.mine)
        self.assertEqual(status, 200, body)
        self.assertEqual(
            [(r["id"], r["required_points"], r["redeemable"]) for r in body["data"]],
            [(self.reward.id, 500, False)],
        )
        path = f"/member/rewards/{self.reward.id}/redeem"
        self.assertApiError(
            self.api("POST", path, token=self.mine), 409, "BUSINESS_RULE"
        )
        self._earn(self.shopper, 450)
        status, body, _response = self.api("POST", path, token=self.mine)
        self.assertEqual(status, 201, body)
        coupon = self.env["loyalty.card"].browse(body["data"]["id"])
        self.assertEqual(
            (coupon.partner_id, coupon.program_id), (self.shopper, self.coupons)
        )
        self.assertEqual(body["data"]["points_left"], 50)
        self.assertEqual(self._card(self.shopper).points, 50)
        # Another shopper spends their own points, which they do not have.
        self.assertApiError(
            self.api("POST", path, token=self.theirs), 409, "BUSINESS_RULE"
        )
        self.assertEqual(self._card(self.shopper).points, 50)
        self.assertApiError(
            self.api("POST", "/member/rewards/999999/redeem", token=self.mine),
            404,
            "NOT_FOUND",
        )

    def test_sign_up_bonus(self):
        identity, is_new = self.env["mall.shopper.identity"]._sign_in(
            "weixin", "wx-member-test", "openid-new-member"
        )
        self.assertTrue(is_new)
        self.assertEqual(self._card(identity.partner_id).points, 100)
        # Signing in again gives nothing more.
        self.env["mall.shopper.identity"]._sign_in(
            "weixin", "wx-member-test", "openid-new-member"
        )
        self.assertEqual(self._card(identity.partner_id).points, 100)

    def _checkout(self):
        status, body, _response = self.api(
            "POST",
            "/cart/lines",
            token=self.mine,
            json_body={"variant_id": self.mug.product_variant_id.id, "quantity": 2},
        )
        self.assertEqual(status, 200, body)
        return self.env["mall.checkout"]._mall_checkout(
            self.shopper, self.address, {self.shop.id: self.carrier.id}
        )

    def test_paid_orders_earn_refunds_take_back(self):
        self.shopper._mall_member_welcome()
        unpaid = self._checkout()
        unpaid._mall_cancel_unpaid()
        self.assertEqual(self._card(self.shopper).points, 100)
        checkout = self._checkout()
        order = checkout.order_ids
        self.assertEqual(order.amount_total, 60)
        checkout._mall_mark_paid()
        checkout._mall_mark_paid()
        self.assertEqual(self._card(self.shopper).points, 160)
        aftersale = self.env["mall.aftersale"].new({"name": "AS-TEST"})
        order._mall_refund(30, "test", aftersale)
        self.assertEqual(self._card(self.shopper).points, 130)
        history = self._card(self.shopper).history_ids.sorted("id")
        self.assertEqual(
            [(h.issued, h.used) for h in history], [(100, 0), (60, 0), (0, 30)]
        )

    def test_tier_discount_in_preview_and_orders(self):
        self.shopper._mall_member_welcome()
        self._earn(self.shopper, 1000)
        self.assertEqual(self.shopper.mall_tier_id, self.tier_silver)
        self.api(
            "POST",
            "/cart/lines",
            token=self.mine,
            json_body={"variant_id": self.mug.product_variant_id.id, "quantity": 1},
        )
        status, body, _response = self.api(
            "POST",
            "/checkout/preview",
            token=self.mine,
            json_body={
                "address_id": self.address.id,
                "carriers": {str(self.shop.id): self.carrier.id},
            },
        )
        self.assertEqual(status, 200, body)
        line = body["data"]["orders"][0]["lines"][0]
        self.assertEqual((line["price"], line["subtotal"]), ("29.40", "29.40"))
        checkout = self.env["mall.checkout"]._mall_checkout(
            self.shopper, self.address, {self.shop.id: self.carrier.id}
        )
        goods = checkout.order_ids.order_line.filtered(lambda ln: not ln.is_delivery)
        self.assertEqual(goods.discount, 2)

    def test_tier_change_notifies(self):
        self.env["mall.notification.template"].create(
            {
                "name": "会员等级变更",
                "event": "tier_changed",
                "platform": "weixin",
                "template_id": "tmpl-tier-1",
                "page": "pages/member/index",
                "mapping": json.dumps({"thing1": "tier_name"}),
            }
        )
        self.env["mall.shopper.identity"].create(
            {
                "partner_id": self.shopper.id,
                "platform": "weixin",
                "appid": "wx-member-test",
                "openid": "openid-tier",
            }
        )
        self._earn(self.shopper, 1200)
        messages = self.env["mall.notification"].search(
            [("partner_id", "=", self.shopper.id), ("event", "=", "tier_changed")]
        )
        self.assertEqual(len(messages), 1)
        self.assertIn("银卡会员", messages.payload)
