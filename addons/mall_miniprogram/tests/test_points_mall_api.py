# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from decimal import Decimal

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
        # Delivery: free, a fixed fee, and free above 30.
        cls.free_carrier = cls._create_carrier("积分包邮", sequence=1)
        cls.express = cls._create_carrier("积分快递", fee=8.0)
        cls.free_over = cls._create_carrier(
            "满三十包邮", fee=12.0, free_over=True, amount=30.0
        )
        cls.address = cls._create_address()
        cls.other = env["res.partner"].create(
            {"name": "另一位会员", "mall_is_shopper": True}
        )
        cls.other_address = cls._create_address(partner=cls.other)
        cls.Points = env["mall.member.points"]
        cls.Item = env["mall.points.item"]
        cls.Item.search([]).active = False  # the demo items
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

    def _redeem(
        self, item, token=None, quantity=1, address=None, headers=None, carrier=None
    ):
        body = {"quantity": quantity}
        if item.kind == "product":
            body["address_id"] = (address or self.address).id
        if carrier:
            body["carrier_id"] = carrier.id
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
        goods = order.order_line.filtered(lambda line: not line.is_delivery)
        self.assertEqual(goods.product_id, self.cup)
        self.assertEqual(goods.product_uom_qty, 2)
        # Shipped like any order: the cheapest delivery method, free here.
        delivery = order.order_line.filtered("is_delivery")
        self.assertTrue(order.carrier_id)
        self.assertEqual(delivery.product_id, order.carrier_id.product_id)
        self.assertEqual((len(delivery), delivery.price_total), (1, 0))
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
        # Nothing to ship: no order, no delivery line.
        self.assertIsNone(data["redemption"]["order_id"])
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.shopper.id)])
        )

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
        self.assertApiError(
            self._preview(item, token=self.theirs, address=self.address),
            404,
            "NOT_FOUND",
        )

    def _preview(self, item, token=None, address=None, **body):
        if item.kind == "product":
            body.setdefault("address_id", (address or self.address).id)
        return self.api(
            "POST",
            f"/points-mall/items/{item.id}/preview",
            token=token or self.mine,
            json_body=body,
        )

    def test_preview_lists_delivery_methods(self):
        item = self._item(cash_price=19.9)
        status, body, _response = self._preview(item, quantity=1)
        self.assertEqual(status, 200, body)
        data = body["data"]
        fees = {row["id"]: row["fee"] for row in data["carriers"]}
        self.assertEqual(
            [fees[c.id] for c in (self.free_carrier, self.express, self.free_over)],
            ["0.00", "8.00", "12.00"],
        )
        self.assertEqual(fees[data["carrier_id"]], "0.00")
        self.assertEqual(
            (data["lines"][0]["variant_id"], data["amount_total"]),
            (self.cup.id, "19.90"),
        )
        # The shopper's choice; two units reach the free shipping threshold.
        status, body, _response = self._preview(
            item, quantity=2, carrier_id=self.free_over.id
        )
        data = body["data"]
        self.assertEqual(
            (data["carrier_id"], data["delivery_fee"], data["amount_total"]),
            (self.free_over.id, "0.00", "39.80"),
        )
        status, body, _response = self._preview(item, carrier_id=self.express.id)
        self.assertEqual(
            (body["data"]["delivery_fee"], body["data"]["amount_total"]),
            ("8.00", "27.90"),
        )
        # Nothing spent, nothing made.
        self.assertEqual((self._balance(), item.redeemed_qty), (1000, 0))
        self.assertFalse(self.env["mall.points.redemption"].search([]))
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.shopper.id)])
        )
        # A product needs the address; a coupon ships nothing.
        self.assertApiError(
            self._preview(item, address_id=None), 422, "VALIDATION_ERROR"
        )
        coupon = self._item(
            kind="coupon", product_id=False, coupon_program_id=self.coupons.id
        )
        self.assertApiError(self._preview(coupon), 409, "BUSINESS_RULE")

    def _pay(self, checkout):
        status, body, _response = self.api(
            "POST",
            f"/checkouts/{checkout.id}/pay",
            token=self.mine,
            json_body={"provider": "mall_balance"},
        )
        self.assertEqual((status, body["data"]["state"]), (200, "done"), body)

    def assertAmounts(self, currency, amounts, expected):
        self.assertEqual(
            tuple(Decimal(str(currency.round(a))) for a in amounts),
            tuple(Decimal(e) for e in expected),
        )

    def test_delivery_fee_of_points_only_is_paid(self):
        """Points only, shipped by a paid delivery method: the fee makes it a
        points + money checkout; the item shipped free, it is confirmed."""
        item = self._item()
        status, body, _response = self._redeem(item, carrier=self.express)
        self.assertEqual(status, 201, body)
        data = body["data"]
        self.assertEqual(
            (data["redemption"]["state"], data["checkout"]["amount_total"]),
            ("to_pay", "8.00"),
        )
        checkout = self.env["mall.checkout"].browse(data["checkout"]["id"])
        order = checkout.order_ids
        delivery = order.order_line.filtered("is_delivery")
        self.assertEqual((order.carrier_id, delivery.price_total), (self.express, 8))
        self.assertEqual((order.state, self._balance()), ("draft", 700))
        self._pay(checkout)
        redemption = self.env["mall.points.redemption"].browse(data["redemption"]["id"])
        self.assertEqual((order.state, redemption.state), ("sale", "done"))
        # The merchant ships the item free: points only again.
        item.free_shipping = True
        status, body, _response = self._redeem(item, carrier=self.express)
        data = body["data"]
        self.assertEqual(
            (data["redemption"]["state"], data["checkout"]["amount_total"]),
            ("done", "0.00"),
        )
        order = self.env["sale.order"].browse(data["redemption"]["order_id"])
        self.assertEqual(order.carrier_id, self.express)
        self.assertEqual(order.order_line.filtered("is_delivery").price_total, 0)
        self.assertEqual(order.state, "sale")
        # A delivery method that does not serve the address changes nothing.
        self.express.country_ids = self.env.ref("base.us")
        self.assertApiError(
            self._redeem(item, carrier=self.express), 422, "VALIDATION_ERROR"
        )
        self.assertEqual((self._balance(), item.redeemed_qty), (400, 2))

    def test_member_card_ships_points_orders_free(self):
        plan = self.env["mall.member.card.plan"].create(
            {"name": "包邮卡", "price": 9.9, "free_shipping": True}
        )
        today = fields.Date.today()
        self.env["mall.member.card"].create(
            {
                "partner_id": self.shopper.id,
                "company_id": self.company.id,
                "plan_id": plan.id,
                "date_start": today - timedelta(days=1),
                "date_end": today + timedelta(days=30),
            }
        )
        status, body, _response = self._redeem(self._item(), carrier=self.express)
        self.assertEqual(status, 201, body)
        order = self.env["sale.order"].browse(body["data"]["redemption"]["order_id"])
        self.assertEqual(order.carrier_id, self.express)
        self.assertEqual(order.order_line.filtered("is_delivery").price_total, 0)
        self.assertEqual(
            (order.state, body["data"]["redemption"]["state"]), ("sale", "done")
        )

    def test_money_part_is_taxed_and_invoiced(self):
        """The money part is a sale of the product with its taxes, price
        included or not; the invoice of the paid order shows the VAT."""
        Tax = self.env["account.tax"]
        vat = {
            mode: Tax.create(
                {
                    "name": f"增值税 {rate}% {mode}",
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "price_include_override": mode,
                    "company_id": self.company.id,
                }
            )
            for mode, rate in (("tax_included", 13), ("tax_excluded", 6))
        }
        cases = (
            # tax, cash price, quantity: untaxed, tax, total.
            ("tax_included", 19.9, 2, ("35.22", "4.58", "39.80")),
            ("tax_excluded", 3.33, 3, ("9.99", "0.60", "10.59")),
        )
        for mode, cash, quantity, expected in cases:
            with self.subTest(mode=mode):
                product = self.env["product.product"].create(
                    {
                        "name": f"含税兑换品 {mode}",
                        "is_storable": True,
                        "invoice_policy": "order",
                        "taxes_id": [(6, 0, vat[mode].ids)],
                        "mall_shop_id": self.shop.id,
                    }
                )
                self.env["stock.quant"]._update_available_quantity(
                    product, self.env.ref("stock.warehouse0").lot_stock_id, 10
                )
                item = self._item(product_id=product.id, points=100, cash_price=cash)
                # Above 30 (or not), the carrier's free shipping rule applies.
                status, body, _response = self._redeem(
                    item, quantity=quantity, carrier=self.free_over
                )
                self.assertEqual(status, 201, body)
                data = body["data"]
                fee = "0.00" if mode == "tax_included" else "12.00"
                checkout = self.env["mall.checkout"].browse(data["checkout"]["id"])
                order = checkout.order_ids
                goods = order.order_line.filtered(lambda line: not line.is_delivery)
                delivery = order.order_line - goods
                self.assertEqual(goods.tax_id, vat[mode])
                self.assertAmounts(
                    order.currency_id,
                    (goods.price_subtotal, goods.price_tax, goods.price_total),
                    expected,
                )
                self.assertAmounts(
                    order.currency_id, delivery.mapped("price_total"), (fee,)
                )
                total = Decimal(expected[2]) + Decimal(fee)
                self.assertEqual(data["checkout"]["amount_total"], str(total))
                self._pay(checkout)
                self.assertEqual(order.state, "sale")
                # The payment posted the invoice (Odoo's automatic invoice),
                # else it is made as the mall's invoice requests make it.
                invoice = order.invoice_ids.filtered(
                    lambda move: move.move_type == "out_invoice"
                )
                if not invoice:
                    invoice = order._create_invoices(grouped=True)
                if invoice.state == "draft":
                    invoice.action_post()
                self.assertEqual(invoice.state, "posted")
                self.assertAmounts(
                    invoice.currency_id,
                    (invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total),
                    (
                        str(Decimal(expected[0]) + Decimal(fee)),
                        expected[1],
                        str(total),
                    ),
                )
                tax_line = invoice.line_ids.filtered(
                    lambda line: line.display_type == "tax"
                )
                self.assertEqual(tax_line.tax_line_id, vat[mode])
                self.assertAmounts(
                    invoice.currency_id,
                    (-tax_line.amount_currency,),
                    (expected[1],),
                )
