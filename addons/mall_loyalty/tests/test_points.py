# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_loyalty.models.mall_member_points import NotEnoughPoints

from .common import MallLoyaltyCommon, setup_member_program

# 2026-06-08 is a member day (the 8th); 10:00 in Beijing is 02:00 UTC.
MEMBER_DAY = datetime(2026, 6, 8, 2, 0)
OTHER_DAY = datetime(2026, 6, 9, 2, 0)


@tagged("post_install", "-at_install")
class TestMemberPoints(MallLoyaltyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, lang="en_US")
        )
        cls.env.user.company_ids |= cls.company
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        cls.program, cls.coupons, cls.reward = setup_member_program(
            cls.env, cls.company
        )
        cls.Points = cls.env["mall.member.points"]
        cls.member = cls.env["res.partner"].create({"name": "会员甲"})
        cls.product = cls.env["product.product"].create(
            {"name": "积分测试商品", "list_price": 100.0, "taxes_id": False}
        )

    def _order(self, amount=100.0, qty=1):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.member.id,
                "company_id": self.company.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": qty,
                            "price_unit": amount / qty,
                            "tax_id": False,
                        },
                    )
                ],
            }
        )
        return order

    def _card(self):
        return self.Points._mall_card(self.member, self.company, create=False)

    def _history(self):
        return self._card().history_ids.sorted("id")

    def test_welcome_points_once(self):
        self.member._mall_member_welcome()
        self.member._mall_member_welcome()
        card = self._card()
        self.assertEqual(card.points, 100)
        self.assertEqual(self._history().mapped("issued"), [100])
        self.assertEqual(self.member.mall_tier_id, self.tier_regular)

    def test_order_points_doubled_on_member_day(self):
        order, other = self._order(199.9), self._order(50)
        self.Points._mall_earn_order(order, 199.9, MEMBER_DAY)
        self.Points._mall_earn_order(order, 199.9, MEMBER_DAY)  # once only
        self.Points._mall_earn_order(other, 50, OTHER_DAY)
        self.assertEqual(self._card().points, 399 + 50)
        lines = self._history()
        self.assertEqual(lines.mapped("issued"), [399, 50])
        self.assertEqual(lines[0].order_id, order.id)
        self.assertIn("member day", lines[0].description)

    def test_refunds_take_back_points_proportionally(self):
        order = self._order(200)
        self.Points._mall_earn_order(order, 200, OTHER_DAY)
        self.assertEqual(self.Points._mall_reverse_order(order, 0, 50), 50)
        self.assertEqual(self._card().points, 150)
        self.assertEqual(self.Points._mall_reverse_order(order, 50, 150), 150)
        self.assertEqual(self._card().points, 0)
        self.assertEqual(self._history().mapped("used"), [0, 50, 150])
        lot = self.Points.search([("order_id", "=", order.id)])
        self.assertEqual((lot.reversed_points, lot.remaining), (200, 0))
        self.assertEqual(lot.refunded_amount, 200)

    def test_expiry_fifo(self):
        self.company.mall_points_expiry_months = 6
        old, recent = self._order(100), self._order(300)
        now = fields.Datetime.now()
        self.Points._mall_earn_order(old, 100, now - timedelta(days=200))
        self.Points._mall_earn_order(recent, 300, now - timedelta(days=10))
        # Spending takes from the lot expiring first.
        self.Points._mall_spend(self.member, 60, "test", self.company)
        self.Points._cron_mall_expire()
        card = self._card()
        self.assertEqual(card.points, 300)
        lots = self.Points.search([("card_id", "=", card.id)])
        by_order = {lot.order_id: lot for lot in lots}
        self.assertEqual(
            (by_order[old].remaining, by_order[old].expired_points), (0, 40)
        )
        self.assertEqual(by_order[recent].remaining, 300)
        self.assertEqual(self._history()[-1].used, 40)
        # Expiring again finds nothing.
        self.Points._cron_mall_expire()
        self.assertEqual(self._card().points, 300)

    def test_redeem_reward_for_a_coupon(self):
        self.Points._mall_earn_order(self._order(600), 600, OTHER_DAY)
        coupon = self.reward._mall_redeem(self.member, self.company)
        self.assertEqual(coupon.program_id, self.coupons)
        self.assertEqual(coupon.partner_id, self.member)
        self.assertEqual(coupon.points, 1)
        self.assertEqual(self._card().points, 100)
        self.assertEqual(self._history()[-1].used, 500)
        with self.assertRaises(NotEnoughPoints):
            self.reward._mall_redeem(self.member, self.company)
        self.assertEqual(self._card().points, 100)

    def test_tiers_up_and_down_over_the_window(self):
        self.company.mall_points_expiry_months = 0
        now = fields.Datetime.now()
        self.Points._mall_earn_order(self._order(1200), 1200, now)
        self.assertEqual(self.member.mall_tier_id, self.tier_silver)
        self.env["res.partner"]._cron_mall_recompute_tiers()
        self.assertEqual(self.member.mall_tier_id, self.tier_silver)
        # A year later, the window holds nothing any more.
        changed = self.member._mall_recompute_tier(now=now + timedelta(days=400))
        self.assertEqual(changed, self.member)
        self.assertEqual(self.member.mall_tier_id, self.tier_regular)

    def test_tiers_by_amount_spent(self):
        self.company.mall_tier_basis = "spend"
        self.company.mall_points_per_unit = 0.1
        order = self._order(6000)
        self.Points._mall_earn_order(order, 6000, OTHER_DAY + timedelta(days=3650))
        self.member._mall_recompute_tier(now=OTHER_DAY + timedelta(days=3650))
        self.assertEqual(self.member.mall_tier_id, self.tier_gold)
        self.Points._mall_reverse_order(order, 0, 3000)
        self.member._mall_recompute_tier(now=OTHER_DAY + timedelta(days=3650))
        self.assertEqual(self.member.mall_tier_id, self.tier_silver)

    def test_member_discount(self):
        self.assertEqual(self.member._mall_member_discount(OTHER_DAY, self.company), 0)
        self.Points._mall_earn_order(self._order(1200), 1200, fields.Datetime.now())
        self.assertEqual(self.member.mall_tier_id, self.tier_silver)
        self.assertEqual(self.member._mall_member_discount(OTHER_DAY, self.company), 2)
        # Silver's 2% then the member day's 10%.
        self.assertEqual(
            self.member._mall_member_discount(MEMBER_DAY, self.company), 11.8
        )

    def test_days_switch_at_the_shop_midnight(self):
        # A Paris shop (UTC+2 in June): the 8th begins at 22:00 UTC on the
        # 7th (already the 8th at 16:00 UTC in Beijing).
        self.company.partner_id.tz = "Europe/Paris"
        evening, midnight = datetime(2026, 6, 7, 21, 59), datetime(2026, 6, 7, 22)
        Signin = self.env["mall.signin"]
        first = Signin._mall_sign_in(self.member, self.company, now=evening)
        self.assertEqual(first.date, fields.Date.to_date("2026-06-07"))
        second = Signin._mall_sign_in(self.member, self.company, now=midnight)
        self.assertEqual(
            (second.date, second.streak), (fields.Date.to_date("2026-06-08"), 2)
        )
        # Member day (the 8th) doubles points from the Paris midnight on.
        self.Points._mall_earn_order(self._order(100), 100, evening)
        self.Points._mall_earn_order(self._order(100), 100, midnight)
        self.assertEqual(self._history().mapped("issued")[-2:], [100, 200])
        # Points earned at 23:30 in Paris on March 31 (already April 1 in
        # Beijing) expire at the end of September 30.
        self.company.mall_points_expiry_months = 6
        lot = self.Points._mall_earn_order(
            self._order(100), 100, datetime(2026, 3, 31, 21, 30)
        )
        self.assertEqual(lot.expires_on, fields.Date.to_date("2026-09-30"))

    def test_photo_review_points_once_per_purchase(self):
        order = self._order(10)
        order.action_confirm()
        line = order.order_line
        Review = self.env["mall.product.review"]
        photo = {"image_1920": _PIXEL}
        review = Review.create(
            {
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "partner_id": self.member.id,
                "sale_line_id": line.id,
                "rating": 5,
                "state": "hidden",
                "photo_ids": [(0, 0, photo)],
            }
        )
        self.assertFalse(self._card())
        review.action_publish()
        review.action_hide()
        review.action_publish()
        self.assertEqual(self._card().points, 20)
        # A review without photos earns nothing.
        other = self._order(10)
        other.action_confirm()
        Review.create(
            {
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "partner_id": self.member.id,
                "sale_line_id": other.order_line.id,
                "rating": 4,
            }
        )
        self.assertEqual(self._card().points, 20)


# A 1x1 PNG.
_PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)
