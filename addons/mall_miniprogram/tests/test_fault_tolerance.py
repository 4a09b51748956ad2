# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Faults that can be provoked in-process (issue 12): payment notifications
in bulk, duplicated, out of order and late; the clock crossing a coupon's
expiry during a checkout. The faults needing real process kills are bench
scenarios (bench/purchase_path.py --fault, docs/benchmarks.md)."""

import random
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime

import requests

from odoo.fields import Command
from odoo.tests import TransactionCase, freeze_time, tagged

from odoo.addons.mall_miniprogram.models.mall_cart import CartError

from .common import MallApiCommon, PaymentSetup

EXPIRY = date(2026, 6, 18)


@tagged("post_install", "-at_install")
class TestNotificationStorm(PaymentSetup, MallApiCommon):
    """200 signed WeChat Pay notifications for 50 checkouts (each sent four
    times, shuffled, four at a time): each order paid once, one
    account.payment per transaction, one "paid" message per order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls._setup_cny_pricelist(cls.shopper)
        cls._setup_wechatpay(cls.shopper, "o-storm-shopper")
        cls.shop = env["mall.shop"].create(
            {
                "name": "风暴店",
                "code": "STRM",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.pot = env["product.template"].create(
            {
                "name": "风暴茶壶",
                "list_price": 12.5,
                "mall_published": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        cls.carrier = cls._create_carrier("风暴快递")
        cls.address = cls._create_address()

    def setUp(self):
        super().setUp()
        self.token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")

    def _checkout_and_pay(self):
        """A checkout, and its WeChat Pay transaction (reference, fen)."""
        Cart = self.env["mall.cart"]
        Cart._add(Cart._get(self.shopper), self.pot.product_variant_id.id, 1)
        checkout = (
            self.env["mall.checkout"]
            .sudo()
            ._mall_checkout(self.shopper, self.address, {self.shop.id: self.carrier.id})
        )
        status, body, _response = self.api(
            "POST", f"/checkouts/{checkout.id}/pay", token=self.token, json_body={}
        )
        self.assertEqual(status, 200, body)
        return checkout, body["data"]["reference"], 1250

    def test_duplicate_and_out_of_order_notifications(self):
        checkouts, notifications = [], []
        for _i in range(50):
            checkout, reference, fen = self._checkout_and_pay()
            self.wechatpay.pay(reference)
            checkouts.append((checkout, reference))
            # Every copy freshly signed (WeChat Pay retries with new nonces).
            notifications += [
                self.wechatpay.notification(reference, fen) for _copy in range(4)
            ]
        random.Random(12).shuffle(notifications)
        url = self.base_url() + "/payment/wechatpay/notify"

        def send(notification):
            headers, body = notification
            return requests.post(url, data=body, headers=headers, timeout=60)

        with ThreadPoolExecutor(4) as pool:
            statuses = [r.status_code for r in pool.map(send, notifications)]
        self.assertEqual(statuses, [200] * 200)

        self.env.invalidate_all()
        Tx = self.env["payment.transaction"]
        for checkout, reference in checkouts:
            self.assertEqual(checkout.state, "paid")
            order = checkout.order_ids
            self.assertEqual(order.mall_payment_state, "paid")
            tx = Tx.search([("reference", "=", reference)])
            self.assertEqual(tx.state, "done")
            payments = self.env["account.payment"].search(
                [("payment_transaction_id", "=", tx.id)]
            )
            self.assertEqual(len(payments), 1, reference)
            self.assertEqual(payments.amount, 12.5)
            # At most one "paid" message per template: never one per copy.
            messages = self.env["mall.notification"].search(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    ("event", "=", "order_paid"),
                ]
            )
            self.assertEqual(len(messages), len(messages.template_id))

    def test_late_notification_of_a_cancelled_checkout(self):
        """Paid in WeChat, but the notification comes after the checkout was
        cancelled for want of payment: acknowledged (WeChat Pay stops
        retrying), the money recorded, the cancelled order not revived."""
        checkout, reference, fen = self._checkout_and_pay()
        checkout._mall_cancel_unpaid()
        self.assertEqual(checkout.order_ids.state, "cancel")
        self.wechatpay.pay(reference)
        headers, body = self.wechatpay.notification(reference, fen)
        response = self.url_open(
            "/payment/wechatpay/notify", data=body, headers=headers
        )
        self.env.invalidate_all()
        self.assertEqual(checkout.state, "cancel")
        self.assertEqual(checkout.order_ids.state, "cancel")
        self.assertNotEqual(checkout.order_ids.mall_payment_state, "paid")
        # What the shop must settle by hand (or a refund): the transaction
        # shows the money arrived.
        tx = self.env["payment.transaction"].search([("reference", "=", reference)])
        self.assertIn(response.status_code, (200, 400), response.text)
        self.assertIn(tx.state, ("done", "pending"))


class CouponExpirySetup:
    """A coupon of 10.00 off (``card``) valid until 18 June, its last day,
    a 30.00 mug and what a checkout of it needs. The shop says no time zone
    of its own: Beijing's."""

    @classmethod
    def _setup_coupon_expiry(cls):
        env = cls.env
        env["loyalty.program"].search([]).write({"active": False})
        env.company.partner_id.tz = False
        cls.shop = env["mall.shop"].create(
            {
                "name": "跨夜店",
                "code": "NITE",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        cls.mug = (
            env["product.template"]
            .create(
                {
                    "name": "跨夜马克杯",
                    "list_price": 30.0,
                    "mall_published": True,
                    "taxes_id": False,
                    "mall_shop_id": cls.shop.id,
                }
            )
            .product_variant_id
        )
        fee = env["product.product"].create(
            {"name": "跨夜运费", "type": "service", "taxes_id": False}
        )
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "跨夜快递",
                "delivery_type": "fixed",
                "fixed_price": 0.0,
                "product_id": fee.id,
            }
        )
        cls.address = env["res.partner"].create(
            {
                "name": "张三",
                "type": "delivery",
                "parent_id": cls.shopper.id,
                "phone": "13800001111",
                "street": "文三路 1 号",
                "city": "杭州",
                "country_id": env.ref("base.cn").id,
            }
        )
        cls.program = env["loyalty.program"].create(
            {
                "name": "立减 10 元",
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_order",
                            "discount": 10,
                            "required_points": 1,
                        }
                    )
                ],
            }
        )
        cls.card = env["loyalty.card"].create(
            {
                "program_id": cls.program.id,
                "partner_id": cls.shopper.id,
                "points": 1,
                "expiration_date": EXPIRY,
            }
        )


@tagged("post_install", "-at_install")
class TestCouponExpiryClock(CouponExpirySetup, TransactionCase):
    """A coupon valid until 18 June (its last day) and a checkout around
    midnight: it is judged once, when the orders are built, and then held
    to. Never half-applied: a discount line without the card's points
    spent, or the points spent without the discount.

    The API acts as the public user, who has no time zone, in the shop's
    (``res.company._mall_tz``, Beijing here): a coupon's last day ends at
    midnight Beijing time, 16:00 UTC (docs/benchmarks.md). These tests act
    as the API does; the clock is frozen in UTC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.shopper = env["res.partner"].create(
            {"name": "跨夜顾客", "mall_is_shopper": True}
        )
        cls._setup_coupon_expiry()
        # What the API's requests run as: the public user, in superuser
        # mode, in the shop's time zone.
        public = env(user=env.ref("base.public_user"), su=True)
        cls.api_env = public(context=dict(public.context, tz=public.company._mall_tz()))
        cls.card = cls.card.with_env(cls.api_env)

    def _fill_cart(self):
        Cart = self.api_env["mall.cart"]
        Cart._add(Cart._get(self.shopper), self.mug.id, 1)

    def _checkout(self, coupon_ids):
        return (
            self.api_env["mall.checkout"]
            .sudo()
            .with_context(mall_coupon_ids=coupon_ids)
            ._mall_checkout(self.shopper, self.address, {self.shop.id: self.carrier.id})
        )

    def _orders(self):
        return self.env["sale.order"].search(
            [("partner_id", "=", self.shopper.id), ("mall_is_cart", "=", False)]
        )

    def assertWhole(self, order, discounted):
        """The discount line and the card's point go together."""
        reward_lines = order.order_line.filtered("is_reward_line")
        if discounted:
            self.assertEqual(reward_lines.coupon_id, self.card)
            self.assertEqual(order.amount_total, 20.0)
            self.assertEqual(self.card.points, 0)
        else:
            self.assertFalse(reward_lines)
            self.assertEqual(order.amount_total, 30.0)
            self.assertEqual(self.card.points, 1)

    def test_chosen_coupon_expired_at_checkout_is_refused_whole(self):
        self._fill_cart()
        with freeze_time(datetime(2026, 6, 18, 15, 59, 59)):
            self.card.invalidate_recordset(["mall_wallet_state"])
            self.assertEqual(self.card.mall_wallet_state, "usable")
        with freeze_time(datetime(2026, 6, 18, 16, 0, 1)):
            self.card.invalidate_recordset(["mall_wallet_state"])
            self.assertEqual(self.card.mall_wallet_state, "expired")
            with self.assertRaises(CartError) as caught:
                with self.env.cr.savepoint():
                    self._checkout([self.card.id])
        self.assertEqual(caught.exception.code, "BUSINESS_RULE")
        # Nothing of the checkout stayed: no order, the point, the cart line.
        self.assertFalse(self._orders())
        self.assertFalse(
            self.env["mall.checkout"].search([("partner_id", "=", self.shopper.id)])
        )
        self.assertEqual(self.card.points, 1)
        self.assertEqual(len(self.env["mall.cart"]._get(self.shopper).order_line), 1)
        # Checking out without choosing: the best of what is valid, none.
        with freeze_time(datetime(2026, 6, 18, 16, 0, 2)):
            checkout = self._checkout(None)
        self.assertWhole(checkout.order_ids, discounted=False)

    def test_coupon_taken_before_midnight_is_honoured_when_paid_after(self):
        self._fill_cart()
        with freeze_time(datetime(2026, 6, 18, 15, 59, 58)):
            checkout = self._checkout([self.card.id])
        order = checkout.order_ids
        self.assertWhole(order, discounted=True)
        with freeze_time(datetime(2026, 6, 18, 16, 0, 5)):
            checkout._mall_mark_paid()
        self.assertEqual(checkout.state, "paid")
        self.assertEqual(order.mall_payment_state, "paid")
        self.assertWhole(order, discounted=True)

    def test_expired_unpaid_checkout_gives_nothing_back_twice(self):
        """Cancelled for want of payment after the expiry: the point comes
        back (to an expired card, unusable) and the discount goes with the
        order; cancelling again changes nothing."""
        self._fill_cart()
        with freeze_time(datetime(2026, 6, 18, 15, 59, 58)):
            checkout = self._checkout([self.card.id])
        with freeze_time(datetime(2026, 6, 18, 17, 0, 0)):
            checkout._mall_cancel_unpaid()
            checkout._mall_cancel_unpaid()
            self.card.invalidate_recordset(["mall_wallet_state"])
            self.assertEqual(self.card.mall_wallet_state, "expired")
        self.assertEqual(checkout.order_ids.state, "cancel")
        self.assertEqual(self.card.points, 1)


@tagged("post_install", "-at_install")
class TestCouponExpiryOverHttp(CouponExpirySetup, MallApiCommon):
    """The same coupon through the real routes: every API request runs in
    the shop's time zone, so the coupon's last day ends at the shop's
    midnight (Beijing: 16:00 UTC), in the wallet as at the checkout."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_coupon_expiry()

    def setUp(self):
        super().setUp()
        self.token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")
        status, body, _response = self.api(
            "POST",
            "/cart/lines",
            token=self.token,
            json_body={"variant_id": self.mug.id, "quantity": 1},
        )
        self.assertEqual(status, 200, body)

    def _wallet(self, state):
        status, body, _response = self.api(
            "GET", f"/coupons?state={state}", token=self.token
        )
        self.assertEqual(status, 200, body)
        return [c["id"] for c in body["data"]]

    def _checkout(self, path, coupon_ids):
        return self.api(
            "POST",
            path,
            token=self.token,
            json_body={
                "address_id": self.address.id,
                "carriers": {str(self.shop.id): self.carrier.id},
                "coupon_ids": coupon_ids,
            },
        )

    def _offered(self):
        """The coupons the preview offers when the shopper chooses none."""
        status, body, _response = self._checkout("/checkout/preview", [])
        self.assertEqual(status, 200, body)
        return [c["id"] for c in body["data"]["coupons"]]

    def assertExpiresAt(self, last_second, first_second):
        """Usable and offered at ``last_second`` (UTC); expired, not offered
        and refused at a checkout at ``first_second``."""
        with freeze_time(last_second):
            self.assertEqual(self._wallet("usable"), [self.card.id])
            self.assertEqual(self._wallet("expired"), [])
            self.assertEqual(self._offered(), [self.card.id])
            status, body, _response = self._checkout(
                "/checkout/preview", [self.card.id]
            )
            self.assertEqual(status, 200, body)
            self.assertEqual(body["data"]["amount_total"], "20.00")
        with freeze_time(first_second):
            self.assertEqual(self._wallet("usable"), [])
            self.assertEqual(self._wallet("expired"), [self.card.id])
            self.assertEqual(self._offered(), [])
            self.assertApiError(
                self._checkout("/checkout", [self.card.id]), 409, "BUSINESS_RULE"
            )
        # Nothing of the refused checkout stayed; the point is still there.
        self.assertFalse(
            self.env["mall.checkout"].search([("partner_id", "=", self.shopper.id)])
        )
        self.assertEqual(self.card.points, 1)

    def test_coupon_expires_at_beijing_midnight(self):
        self.assertExpiresAt(
            datetime(2026, 6, 18, 15, 59, 59), datetime(2026, 6, 18, 16, 0, 1)
        )

    def test_coupon_expires_at_the_shop_zone_midnight(self):
        """A shop in Paris (summer time, UTC+2): its midnight, 22:00 UTC."""
        self.env.company.partner_id.tz = "Europe/Paris"
        self.assertExpiresAt(
            datetime(2026, 6, 18, 21, 59, 59), datetime(2026, 6, 18, 22, 0, 1)
        )
