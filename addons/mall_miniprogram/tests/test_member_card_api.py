# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_loyalty.tests.common import setup_member_program
from odoo.addons.mall_loyalty.tools import member_card as mc

from .common import MallApiCommon, PaymentSetup


@tagged("post_install", "-at_install")
class TestMemberCardApi(PaymentSetup, MallApiCommon):
    """The paid member card through the API: plans, buying it with the
    balance or WeChat Pay, renewal, member prices at checkout, expiry and
    the renewal reminder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cny = env.ref("base.CNY")
        cls.pricelist = cls._setup_cny_pricelist(cls.shopper)
        cls._setup_wechatpay(cls.shopper, "o-card-shopper")
        cls.program = cls._setup_balance(cny)
        cls.wallet = env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.shopper.id, "points": 500}
        )
        cls.other = env["res.partner"].create({"name": "别人", "mall_is_shopper": True})
        cls.coupons = env["loyalty.program"].create(
            {
                "name": "会员月券",
                "program_type": "coupons",
                "trigger": "with_code",
                "reward_ids": [
                    (
                        0,
                        0,
                        {
                            "reward_type": "discount",
                            "discount": 5,
                            "discount_mode": "per_order",
                            "required_points": 1,
                        },
                    )
                ],
            }
        )
        Plan = env["mall.member.card.plan"]
        Plan.search([]).active = False
        cls.category = env["mall.category"].create({"name": "会员专区"})
        cls.plan = Plan.create(
            {
                "name": "年卡",
                "duration": "yearly",
                "price": 99.0,
                "currency_id": cny.id,
                "discount_percent": 10.0,
                "free_shipping": True,
                "free_shipping_min": 50.0,
                "coupon_program_id": cls.coupons.id,
                "points_multiplier": 2.0,
            }
        )
        cls.monthly = Plan.create(
            {
                "name": "月卡",
                "duration": "monthly",
                "price": 15.0,
                "currency_id": cny.id,
                "discount_percent": 5.0,
                "category_ids": [(6, 0, cls.category.ids)],
            }
        )
        cls.shop = env["mall.shop"].create(
            {
                "name": "会员卡店",
                "code": "CARD",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.teapot = env["product.template"].create(
            {
                "name": "会员卡茶壶",
                "list_price": 100.0,
                "mall_published": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        cls.carrier = cls._create_carrier("会员卡快递", 10.0)
        cls.address = cls._create_address()
        cls.Card = env["mall.member.card"]

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper, "weixin")
        self.other_token = Token._issue(self.other, "weixin")

    def call(self, method, path, body=None, expect=200, token=None):
        status, data, _response = self.api(
            method, path, token=token or self.token, json_body=body
        )
        self.assertEqual(status, expect, data)
        return data.get("data") if status < 300 else data

    def _today(self):
        return self.Card._mall_today()

    def _buy(self, plan, provider="mall_balance"):
        bought = self.call("POST", "/member-card/purchases", {"plan_id": plan.id}, 201)
        payment = self.call(
            "POST", f"/checkouts/{bought['id']}/pay", {"provider": provider}
        )
        return bought, payment, self.env["mall.checkout"].browse(bought["id"])

    def _card(self, partner=None):
        return self.Card.search([("partner_id", "=", (partner or self.shopper).id)])

    def _coupons(self):
        return self.env["loyalty.card"].search(
            [("program_id", "=", self.coupons.id), ("partner_id", "=", self.shopper.id)]
        )

    def test_plans_are_public_with_examples(self):
        status, body, _response = self.api("GET", "/member-card/plans")
        self.assertEqual(status, 200, body)
        plans = {p["id"]: p for p in body["data"]}
        yearly = plans[self.plan.id]
        self.assertEqual((yearly["price"], yearly["months"]), ("99.00", 12))
        self.assertEqual(yearly["monthly_coupon"], "会员月券")
        # 500 a month for a year at 10 % off: 600.00 saved, 501.00 net.
        example = next(e for e in yearly["examples"] if e["monthly_spend"] == "500.00")
        self.assertEqual((example["saved"], example["net"]), ("600.00", "501.00"))
        self.assertEqual(plans[self.monthly.id]["category_ids"], self.category.ids)
        # The product page hints the card price (the yearly card's 10 %; the
        # monthly card does not cover the teapot's category).
        status, body, _response = self.api("GET", f"/products/{self.teapot.id}")
        self.assertEqual(status, 200, body)
        hint = body["data"]["card_price"]
        self.assertEqual((hint["plan_id"], hint["price"]), (self.plan.id, "90.00"))
        self.teapot.mall_category_id = self.category
        self.monthly.discount_percent = 15.0
        status, body, _response = self.api("GET", f"/products/{self.teapot.id}")
        hint = body["data"]["card_price"]
        self.assertEqual((hint["plan_id"], hint["price"]), (self.monthly.id, "85.00"))

    def test_buy_with_balance_then_renew(self):
        mine = self.call("GET", "/member-card")
        self.assertFalse(mine["active"])
        today = self._today()
        bought, payment, checkout = self._buy(self.plan)
        self.assertEqual(checkout.kind, "card")
        self.assertFalse(bought["renewal"])
        self.assertEqual(bought["amount_total"], "99.00")
        self.assertEqual(payment["state"], "done")
        self.assertEqual(payment["balance_remaining"], "401.00")
        order = checkout.order_ids
        self.assertEqual(order.state, "sale")
        card = self._card()
        end = mc.period_end(today, 12)
        self.assertEqual(
            (card.state, card.date_start, card.date_end, card.plan_id),
            ("active", today, end, self.plan),
        )
        self.assertEqual(bought["new_date_end"], end.isoformat())
        self.assertEqual(order.mall_member_card_id, card)
        self.assertEqual(len(self._coupons()), 1, "the first monthly coupon")
        mine = self.call("GET", "/member-card")
        self.assertTrue(mine["active"])
        self.assertEqual(mine["date_end"], end.isoformat())
        self.assertEqual(mine["days_left"], (end - today).days + 1)
        # Not an order of the shop.
        self.assertNotIn(order.id, [o["id"] for o in self.call("GET", "/orders")])

        # Renewing while valid extends from the end date, not from today.
        bought, _payment, checkout = self._buy(self.plan)
        self.assertTrue(bought["renewal"])
        new_end = mc.period_end(end + timedelta(days=1), 12)
        self.assertEqual(bought["new_date_end"], new_end.isoformat())
        self.assertEqual(card.date_start, today)
        self.assertEqual(card.date_end, new_end)
        self.assertEqual(card.order_ids, order | checkout.order_ids)
        self.assertEqual(len(self._coupons()), 1, "next month's comes by the cron")
        self.assertEqual(self.wallet.points, 302.0)

        # Another shopper holds no card and sees none of this one.
        theirs = self.call("GET", "/member-card", token=self.other_token)
        self.assertFalse(theirs["active"])
        self.assertIsNone(theirs["state"])
        self.call(
            "POST",
            f"/checkouts/{checkout.id}/pay",
            {"provider": "mall_balance"},
            expect=404,
            token=self.other_token,
        )
        self.call("POST", "/member-card/purchases", {"plan_id": 0}, expect=404)

    def test_duplicate_payment_notification(self):
        today = self._today()
        bought = self.call(
            "POST", "/member-card/purchases", {"plan_id": self.monthly.id}, 201
        )
        payment = self.call("POST", f"/checkouts/{bought['id']}/pay", {})
        self.assertEqual(payment["state"], "pending")
        self._wechatpay_notify(payment["reference"], 1500)
        card = self._card()
        end = mc.period_end(today, 1)
        self.assertEqual(card.date_end, end)
        # WeChat sends the notification again, the job retries: once only.
        self._wechatpay_notify(payment["reference"], 1500)
        checkout = self.env["mall.checkout"].browse(bought["id"])
        checkout._mall_mark_paid()
        self.Card._mall_activate_orders(checkout.order_ids)
        card.invalidate_recordset()
        self.assertEqual(card.date_end, end)
        self.assertEqual(len(card.order_ids), 1)
        self.assertEqual(self.Card.search_count([]), 1)

    def test_member_price_and_free_shipping_at_checkout(self):
        variant = self.teapot.product_variant_id
        partner = self.shopper.sudo()
        self.assertEqual(partner._mall_member_discount(product=variant), 0.0)
        cart = self.call(
            "POST", "/cart/lines", {"variant_id": variant.id, "quantity": 1}
        )
        self.assertEqual(cart["lines"][0]["price"], "100.00")
        self._buy(self.plan)
        self.assertEqual(partner._mall_member_discount(product=variant), 10.0)
        # The monthly card discounts its category only.
        self.assertTrue(self.plan._mall_applies_to(variant))
        self.assertFalse(self.monthly._mall_applies_to(variant))
        # The cart shows the member price at once.
        cart = self.call("GET", "/cart")
        self.assertEqual(cart["lines"][0]["price"], "90.00")
        request = {
            "address_id": self.address.id,
            "carriers": {str(self.shop.id): self.carrier.id},
        }
        preview = self.call("POST", "/checkout/preview", request)
        order = preview["orders"][0]
        # 10 % off, 90.00 of goods ship free for card holders, and the
        # card's monthly coupon takes 5.00 off.
        self.assertEqual(order["lines"][0]["price"], "90.00")
        self.assertEqual(order["delivery_fee"], "0.00")
        self.assertEqual(order["amount_total"], "85.00")
        checkout = self.call("POST", "/checkout", request, 201)
        self.call(
            "POST", f"/checkouts/{checkout['id']}/pay", {"provider": "mall_balance"}
        )
        paid = self.env["mall.checkout"].browse(checkout["id"])
        self.assertEqual(paid.amount_total, 85.0)
        self.assertEqual(paid.state, "paid")
        self.assertEqual(self.call("GET", "/member-card")["savings"], "10.00")

    def test_expiry_cron_and_one_reminder(self):
        self.env["mall.notification.template"].create(
            {
                "name": "会员卡到期提醒",
                "event": "card_expiring",
                "platform": "weixin",
                "template_id": "tpl-card",
                "mapping": '{"thing1": "card_name", "date2": "card_end"}',
            }
        )
        self.env["ir.config_parameter"].set_param(
            "mall.weixin_appid", self.wechatpay.appid
        )
        self._buy(self.plan)
        card = self._card()
        today = self._today()
        Notification = self.env["mall.notification"]

        def reminders():
            return Notification.search(
                [("partner_id", "=", self.shopper.id), ("event", "=", "card_expiring")]
            )

        self.Card._cron_mall_member_cards()
        self.assertFalse(reminders(), "a year left: no reminder")
        card.date_end = today + timedelta(days=3)
        self.Card._cron_mall_member_cards()
        self.Card._cron_mall_member_cards()
        self.assertEqual(len(reminders()), 1)
        self.assertIn('"thing1": "年卡"', reminders().payload)
        self.assertEqual(card.reminded_for, card.date_end)
        # Monthly coupons: none due again before next month.
        self.assertEqual(len(self._coupons()), 1)
        self.Card._cron_mall_member_cards(today=today + timedelta(days=3))
        self.assertEqual(len(reminders()), 1)

        # Ended yesterday: the cron expires it; no member price any more.
        card.date_end = today - timedelta(days=1)
        self.assertFalse(
            self.shopper.sudo()._mall_member_discount(
                product=self.teapot.product_variant_id
            )
        )
        self.Card._cron_mall_member_cards()
        self.assertEqual(card.state, "expired")
        mine = self.call("GET", "/member-card")
        self.assertEqual((mine["active"], mine["state"]), (False, "expired"))

        # Bought again after it ended: a new period from today.
        bought, _payment, _checkout = self._buy(self.plan)
        self.assertFalse(bought["renewal"])
        self.assertEqual((card.state, card.date_start), ("active", today))
        self.assertEqual(card.date_end, mc.period_end(today, 12))

    def test_card_days_are_the_shop_days(self):
        # A Paris shop (UTC+2 in June): a card ending on June 7 is valid until
        # 22:00 UTC (it ended at 16:00 UTC in Beijing).
        self.env.company.partner_id.tz = "Europe/Paris"
        end = fields.Date.to_date("2026-06-07")
        card = self.Card.create(
            {
                "partner_id": self.shopper.id,
                "plan_id": self.plan.id,
                "state": "active",
                "date_start": end - timedelta(days=30),
                "date_end": end,
                "next_coupon_date": end + timedelta(days=1),
                "reminded_for": end,
            }
        )
        active = self.Card._mall_active_card
        evening, midnight = datetime(2026, 6, 7, 21, 59), datetime(2026, 6, 7, 22)
        self.assertEqual(active(self.shopper, self.env.company, evening), card)
        self.assertFalse(active(self.shopper, self.env.company, midnight))
        with freeze_time(evening):
            self.assertEqual(card._mall_today(), end)
            self.Card._cron_mall_member_cards()
            self.assertEqual(card.state, "active")
        with freeze_time(midnight):
            self.Card._cron_mall_member_cards()
            self.assertEqual(card.state, "expired")

    def test_points_multiplier(self):
        # Keep today (in UTC and in Beijing) off the member day.
        off_day = (fields.Datetime.now().day + 9) % 28 + 1
        setup_member_program(self.env, self.env.company, mall_member_day=off_day)
        Points = self.env["mall.member.points"]
        self.env["mall.member.tier"].search([]).discount_percent = 0.0

        def order_points(amount):
            order = self.env["sale.order"].create(
                {
                    "partner_id": self.shopper.id,
                    "order_line": [
                        (0, 0, {"product_id": self.teapot.product_variant_id.id})
                    ],
                }
            )
            return sum(Points._mall_earn_order(order, amount).mapped("points"))

        self.assertEqual(order_points(100), 100)
        self._buy(self.plan)
        # The yearly card doubles the points of paid orders.
        self.assertEqual(order_points(100), 200)
