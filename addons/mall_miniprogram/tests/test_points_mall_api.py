# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_loyalty.tests.common import setup_member_program

from .common import MallApiCommon, PaymentSetup, picture_base64


@tagged("post_install", "-at_install")
class TestPointsMallApi(PaymentSetup, MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        off_day = (fields.Datetime.now().day + 9) % 28 + 1
        cls.program, cls.coupons, _reward = setup_member_program(
            env, cls.company, mall_member_day=off_day
        )
        cny = env.ref("base.CNY")
        cls._setup_cny_pricelist(cls.shopper)
        cls.balance = cls._setup_balance(cny)
        env["loyalty.card"].create(
            {"program_id": cls.balance.id, "partner_id": cls.shopper.id, "points": 500}
        )
        warehouse = env.ref("stock.warehouse0")
        cls.shop = env["mall.shop"].create(
            {"name": "积分商城店", "code": "PTS", "warehouse_id": warehouse.id}
        )
        cls.cup = env["product.product"].create(
            {
                "name": "积分保温杯",
                "list_price": 99.0,
                "is_storable": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        env["stock.quant"]._update_available_quantity(
            cls.cup, warehouse.lot_stock_id, 50
        )
        cls.address = cls._create_address()
        cls.other = env["res.partner"].create(
            {"name": "另一位会员", "mall_is_shopper": True}
        )
        cls.other_address = cls._create_address(partner=cls.other)
        cls.Points = env["mall.member.points"]
        cls.Item = env["mall.points.item"]
        for partner in (cls.shopper, cls.other):
            cls.Points._mall_earn(partner, 1000, "signup", "测试积分", cls.company)

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.mine = Token._issue(self.shopper, "weixin")
        self.theirs = Token._issue(self.other, "weixin")

    def _item(self, **values):
        return self.Item.create(
            {
                "name": "保温杯兑换",
                "kind": "product",
                "product_id": self.cup.id,
                "points": 300,
                "stock_qty": 10,
                **values,
            }
        )

    def _balance(self, partner=None):
        card = self.Points._mall_card(partner or self.shopper, create=False)
        card.invalidate_recordset(["points"])
        return int(card.points)

    def _redeem(self, item, token=None, quantity=1, address=None, headers=None):
        body = {"quantity": quantity}
        if item.kind == "product":
            body["address_id"] = (address or self.address).id
        return self.api(
            "POST",
            f"/points-mall/items/{item.id}/redeem",
            token=token or self.mine,
            json_body=body,
            headers=headers,
        )

    def test_items_listed_while_open(self):
        item = self._item(image_1920=picture_base64(), per_shopper_limit=2)
        self._item(name="将来的", date_start=fields.Datetime.now() + timedelta(days=1))
        self._item(name="已结束", date_end=fields.Datetime.now() - timedelta(hours=1))
        self._item(name="已下架", active=False)
        coupon = self._item(
            name="十元券",
            kind="coupon",
            product_id=False,
            coupon_program_id=self.coupons.id,
        )
        status, body, _response = self.api("GET", "/points-mall/items")
        self.assertEqual(status, 200, body)
        self.assertEqual({row["id"] for row in body["data"]}, {item.id, coupon.id})
        row = next(row for row in body["data"] if row["id"] == item.id)
        self.assertEqual(
            (
                row["points"],
                row["cash_price"],
                row["remaining"],
                row["per_shopper_limit"],
            ),
            (300, "0.00", 10, 2),
        )
        self.assertIn("/points_item/", row["image"])
        status, body, _response = self.api("GET", "/points-mall/items?kind=coupon")
        self.assertEqual([row["id"] for row in body["data"]], [coupon.id])
        status, body, _response = self.api("GET", f"/points-mall/items/{item.id}")
        self.assertEqual((status, body["data"]["product_id"]), (200, self.cup.id))
        closed = self.Item.with_context(active_test=False).search(
            [("name", "=", "已下架")]
        )
        self.assertApiError(
            self.api("GET", f"/points-mall/items/{closed.id}"), 404, "NOT_FOUND"
        )

    def test_redeem_points_only(self):
        item = self._item()
        status, body, _response = self._redeem(item, quantity=2)
        self.assertEqual(status, 201, body)
        data = body["data"]
        self.assertEqual(data["points_left"], 400)
        self.assertEqual(self._balance(), 400)
        redemption = self.env["mall.points.redemption"].browse(data["redemption"]["id"])
        self.assertEqual(
            (redemption.state, redemption.points, redemption.cash_amount),
            ("done", 600, 0),
        )
        order = redemption.order_id
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.mall_payment_state, "paid")
        self.assertEqual(order.partner_shipping_id, self.address)
        self.assertEqual(order.amount_total, 0)
        self.assertEqual(order.order_line.product_id, self.cup)
        self.assertEqual(order.order_line.product_uom_qty, 2)
        self.assertEqual(data["checkout"]["amount_total"], "0.00")
        self.assertEqual(item.redeemed_qty, 2)
        # The points history says what the points bought.
        history = self.env["loyalty.history"].search(
            [("card_id", "=", self.Points._mall_card(self.shopper).id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(history.used, 600)
        self.assertIn("保温杯兑换", history.description)
        self.assertIn(redemption.name, history.description)
        status, body, _response = self.api(
            "GET", "/points-mall/redemptions", token=self.mine
        )
        self.assertEqual(body["meta"]["total"], 1)
        self.assertEqual(body["data"][0]["order_id"], order.id)

    def test_redeem_points_and_money(self):
        item = self._item(cash_price=19.9)
        status, body, _response = self._redeem(item)
        self.assertEqual(status, 201, body)
        data = body["data"]
        self.assertEqual(data["redemption"]["state"], "to_pay")
        self.assertEqual(data["redemption"]["cash_amount"], "19.90")
        self.assertEqual(self._balance(), 700)
        checkout = self.env["mall.checkout"].browse(data["checkout"]["id"])
        self.assertEqual((checkout.kind, checkout.amount_total), ("points", 19.9))
        status, body, _response = self.api(
            "POST",
            f"/checkouts/{checkout.id}/pay",
            token=self.mine,
            json_body={"provider": "mall_balance"},
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["state"], "done")
        order = checkout.order_ids
        self.assertEqual((order.state, order.mall_payment_state), ("sale", "paid"))
        redemption = self.env["mall.points.redemption"].browse(data["redemption"]["id"])
        self.assertEqual(redemption.state, "done")
        # Paying the cash part earns no order points; the points stay spent.
        self.assertEqual(self._balance(), 700)

    def test_unpaid_cancel_returns_points_and_stock(self):
        item = self._item(cash_price=5.0)
        status, body, _response = self._redeem(item)
        self.assertEqual(status, 201, body)
        self.assertEqual((self._balance(), item.redeemed_qty), (700, 1))
        checkout = self.env["mall.checkout"].browse(body["data"]["checkout"]["id"])
        checkout.pay_before = fields.Datetime.now() - timedelta(minutes=1)
        self.assertEqual(self.env["mall.checkout"]._cron_cancel_unpaid(), checkout)
        redemption = self.env["mall.points.redemption"].browse(
            body["data"]["redemption"]["id"]
        )
        self.assertEqual(checkout.order_ids.state, "cancel")
        self.assertEqual(
            (redemption.state, redemption.points_returned), ("cancel", True)
        )
        self.assertEqual((self._balance(), item.redeemed_qty), (1000, 0))
        lot = self.Points.search(
            [("partner_id", "=", self.shopper.id), ("kind", "=", "return")]
        )
        self.assertEqual(lot.points, 300)
        # Returned points do not count twice for tiers.
        self.assertEqual(self.Points._mall_tier_value(self.shopper), 1000)
        # Cancelling again gives nothing more.
        redemption._points_cancel()
        self.assertEqual(self._balance(), 1000)
        # A cancelled redemption does not count for the limit.
        item.per_shopper_limit = 1
        self.assertEqual(self._redeem(item)[0], 201)

    def test_insufficient_points_changes_nothing(self):
        item = self._item(points=1500)
        self.assertApiError(self._redeem(item), 409, "POINTS_INSUFFICIENT")
        self.assertEqual((self._balance(), item.redeemed_qty), (1000, 0))
        self.assertFalse(self.env["mall.points.redemption"].search([]))
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.shopper.id)])
        )
        # A shopper without a points account is short of points too.
        nobody = self.env["res.partner"].create(
            {"name": "新人", "mall_is_shopper": True}
        )
        token = self.env["mall.shopper.token"]._issue(nobody, "weixin")
        cheap = item.copy({"points": 1})
        self.assertApiError(
            self._redeem(cheap, token=token, address=self._create_address(nobody)),
            409,
            "POINTS_INSUFFICIENT",
        )
        self.assertEqual(cheap.redeemed_qty, 0)

    def test_stock_and_limit(self):
        item = self._item(stock_qty=2, per_shopper_limit=1)
        self.assertEqual(self._redeem(item)[0], 201)
        self.assertApiError(self._redeem(item), 409, "POINTS_LIMIT")
        # Another shopper takes the last unit; none is left for anybody.
        status, body, _response = self._redeem(
            item, token=self.theirs, address=self.other_address
        )
        self.assertEqual(status, 201, body)
        item.per_shopper_limit = 0
        self.assertApiError(self._redeem(item), 409, "POINTS_SOLD_OUT")
        self.assertEqual(item.redeemed_qty, 2)
        self.assertEqual(self._balance(), 700)
        # More than the stock at once is refused whole.
        item.write({"stock_qty": 4, "points": 100})
        self.assertApiError(self._redeem(item, quantity=3), 409, "POINTS_SOLD_OUT")
        self.assertEqual((item.redeemed_qty, self._balance()), (2, 700))

    def test_stock_guard_beats_a_stale_read(self):
        """The last unit taken by a concurrent redemption after this one read
        the item: the guarded UPDATE refuses it all the same."""
        item = self._item(stock_qty=1)
        self.assertEqual(item.remaining_qty, 1)
        self.env.cr.execute(
            "UPDATE mall_points_item SET redeemed_qty = 1 WHERE id = %s", [item.id]
        )
        # The ORM's cache still says one is left.
        self.assertEqual(item.remaining_qty, 1)
        self.assertFalse(item._points_take_stock(1))
        self.assertEqual(item.redeemed_qty, 1)

    def test_redeem_coupon(self):
        item = self._item(
            name="十元券",
            kind="coupon",
            product_id=False,
            coupon_program_id=self.coupons.id,
        )
        status, body, _response = self._redeem(item, quantity=2)
        self.assertEqual(status, 201, body)
        data = body["data"]
        self.assertIsNone(data["checkout"])
        self.assertEqual(data["redemption"]["state"], "done")
        self.assertEqual(len(data["redemption"]["coupon_codes"]), 2)
        cards = self.env["loyalty.card"].search(
            [("partner_id", "=", self.shopper.id), ("program_id", "=", self.coupons.id)]
        )
        self.assertEqual(len(cards), 2)
        self.assertEqual(self._balance(), 400)
        status, body, _response = self.api("GET", "/coupons", token=self.mine)
        self.assertEqual(body["meta"]["total"], 2)

    def test_idempotent_redeem(self):
        item = self._item()
        headers = {"Idempotency-Key": "redeem-1"}
        first = self._redeem(item, headers=headers)
        again = self._redeem(item, headers=headers)
        self.assertEqual(first[0], 201)
        self.assertEqual(again[1], first[1])
        self.assertEqual(again[2].headers.get("Idempotent-Replayed"), "true")
        self.assertEqual((self._balance(), item.redeemed_qty), (700, 1))

    def test_product_needs_own_address(self):
        item = self._item()
        status, body, _response = self.api(
            "POST",
            f"/points-mall/items/{item.id}/redeem",
            token=self.mine,
            json_body={"quantity": 1},
        )
        self.assertApiError((status, body, _response), 422, "VALIDATION_ERROR")
        self.assertApiError(
            self._redeem(item, address=self.other_address), 404, "NOT_FOUND"
        )
        self.assertEqual((self._balance(), item.redeemed_qty), (1000, 0))

    def test_redemptions_are_the_shoppers_own(self):
        item = self._item()
        self.assertEqual(self._redeem(item)[0], 201)
        status, body, _response = self.api(
            "GET", "/points-mall/redemptions", token=self.theirs
        )
        self.assertEqual((status, body["data"], body["meta"]["total"]), (200, [], 0))
        # Redeeming with another shopper's address is refused, their points kept.
        self.assertApiError(
            self._redeem(item, token=self.theirs, address=self.address),
            404,
            "NOT_FOUND",
        )
        self.assertEqual(self._balance(self.other), 1000)
