# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestCartCheckoutApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        main = env.ref("stock.warehouse0")
        second = env["stock.warehouse"].create({"name": "杭州仓", "code": "HZ"})
        cls.shop_a = env["mall.shop"].create(
            {"name": "甲店", "code": "SA", "warehouse_id": main.id}
        )
        cls.shop_b = env["mall.shop"].create(
            {"name": "乙店", "code": "SB", "warehouse_id": second.id}
        )
        common = {
            "mall_published": True,
            "sale_ok": True,
            "is_storable": True,
            "taxes_id": False,
        }
        Template = env["product.template"]
        cls.mug = Template.create(
            {
                **common,
                "name": "测购马克杯",
                "list_price": 30.0,
                "mall_shop_id": cls.shop_a.id,
            }
        )
        cls.tea = Template.create(
            {
                **common,
                "name": "测购龙井",
                "list_price": 120.0,
                "mall_shop_id": cls.shop_b.id,
            }
        )
        cls.mug_variant = cls.mug.product_variant_id
        cls.tea_variant = cls.tea.product_variant_id
        Quant = env["stock.quant"]
        Quant._update_available_quantity(cls.mug_variant, main.lot_stock_id, 10)
        Quant._update_available_quantity(cls.tea_variant, second.lot_stock_id, 5)
        cls.carrier = cls._create_carrier("测购快递", 10.0, free_over=True, amount=99.0)
        cls.address = cls._create_address()
        cls.other = env["res.partner"].create({"name": "别人", "mall_is_shopper": True})

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper, "weixin")
        self.other_token = Token._issue(self.other, "weixin")

    def _call(self, method, path, body=None, token=None, headers=None):
        return self.api(
            method, path, token=token or self.token, json_body=body, headers=headers
        )

    def _add(self, variant, quantity):
        return self._call(
            "POST", "/cart/lines", {"variant_id": variant.id, "quantity": quantity}
        )

    def _line_of(self, cart, variant):
        return next(line for line in cart["lines"] if line["variant_id"] == variant.id)

    def _free(self, variant, shop):
        return variant.with_context(warehouse_id=shop.warehouse_id.id).free_qty

    def _checkout(self, key=None):
        headers = {"Idempotency-Key": key} if key else None
        return self._call("POST", "/checkout", self._request(), headers=headers)

    def _request(self):
        carriers = {
            str(shop.id): self.carrier.id for shop in (self.shop_a, self.shop_b)
        }
        return {"address_id": self.address.id, "carriers": carriers}

    def test_cart_lines(self):
        status, body, _response = self._add(self.mug_variant, 2)
        self.assertEqual(status, 200, body)
        status, body, _response = self._add(self.mug_variant, 1)
        line = self._line_of(body["data"], self.mug_variant)
        self.assertEqual(
            (line["quantity"], line["price"], line["subtotal"]), (3, "30.00", "90.00")
        )
        self.assertEqual(line["shop"]["name"], "甲店")
        self.assertEqual(line["available"], 10)
        cart = self.env["mall.cart"]._get(self.shopper, create=False)
        self.assertTrue(cart.mall_is_cart)
        self.assertEqual(cart.state, "draft")
        self.assertEqual(cart.order_line.product_uom_qty, 3)
        # Quantity, selection, removal.
        _status, body, _response = self._call(
            "PATCH", f"/cart/lines/{line['id']}", {"quantity": 5, "selected": False}
        )
        line = self._line_of(body["data"], self.mug_variant)
        self.assertEqual((line["quantity"], line["selected"]), (5, False))
        self.assertEqual(body["data"]["selected_amount"], "0.00")
        self._call("POST", "/cart/select", {"selected": True})
        _status, body, _response = self._call("GET", "/cart")
        self.assertEqual(body["data"]["selected_amount"], "150.00")
        # More than the shop has: refused with what is left.
        error = self.assertApiError(
            self._call("PATCH", f"/cart/lines/{line['id']}", {"quantity": 11}),
            409,
            "OUT_OF_STOCK",
        )
        self.assertEqual(error["details"][0]["available"], 10)
        self.assertEqual(cart.order_line.product_uom_qty, 5)
        self.assertApiError(self._add(self.mug_variant, 0), 422, "VALIDATION_ERROR")
        self.mug.mall_published = False
        self.assertApiError(self._add(self.mug_variant, 1), 404, "NOT_FOUND")
        # Another shopper neither sees nor touches this cart.
        _status, body, _response = self._call("GET", "/cart", token=self.other_token)
        self.assertEqual(body["data"]["lines"], [])
        self.assertApiError(
            self._call("DELETE", f"/cart/lines/{line['id']}", token=self.other_token),
            404,
            "NOT_FOUND",
        )
        self._call("DELETE", f"/cart/lines/{line['id']}")
        self.assertFalse(cart.order_line)

    def test_offline_transactions_apply_once_in_order(self):
        batch = {
            "transactions": [
                {
                    "id": "t1",
                    "action": "add",
                    "variant_id": self.mug_variant.id,
                    "quantity": 2,
                },
                {
                    "id": "t2",
                    "action": "set",
                    "variant_id": self.mug_variant.id,
                    "quantity": 4,
                },
                {
                    "id": "t3",
                    "action": "add",
                    "variant_id": self.tea_variant.id,
                    "quantity": 9,
                },
                {
                    "id": "t4",
                    "action": "add",
                    "variant_id": self.tea_variant.id,
                    "quantity": 1,
                },
            ]
        }
        status, body, _response = self._call("POST", "/cart/sync", batch)
        self.assertEqual(status, 200, body)
        self.assertEqual(
            [(r["id"], r["status"], r.get("error")) for r in body["data"]["results"]],
            [
                ("t1", "applied", None),
                ("t2", "applied", None),
                ("t3", "rejected", "OUT_OF_STOCK"),
                ("t4", "applied", None),
            ],
        )
        # The weak network sends it again: nothing applies twice.
        _status, body, _response = self._call("POST", "/cart/sync", batch)
        self.assertEqual(
            [r["status"] for r in body["data"]["results"]],
            ["duplicate", "duplicate", "rejected", "duplicate"],
        )
        cart = self.env["mall.cart"]._get(self.shopper, create=False)
        quantities = {line.product_id: line.product_uom_qty for line in cart.order_line}
        self.assertEqual(quantities, {self.mug_variant: 4, self.tea_variant: 1})

    def test_preview_creates_nothing(self):
        self._add(self.mug_variant, 2)
        self._add(self.tea_variant, 1)
        Order = self.env["sale.order"]
        before = Order.search_count([])
        status, body, _response = self._call(
            "POST", "/checkout/preview", self._request()
        )
        self.assertEqual(status, 200, body)
        preview = body["data"]
        by_shop = {o["shop"]["name"]: o for o in preview["orders"]}
        # 60.00 of mugs pay the delivery fee; 120.00 of tea ships free.
        self.assertEqual(
            (by_shop["甲店"]["delivery_fee"], by_shop["甲店"]["amount_total"]),
            ("10.00", "70.00"),
        )
        self.assertEqual(
            (by_shop["乙店"]["delivery_fee"], by_shop["乙店"]["amount_total"]),
            ("0.00", "120.00"),
        )
        self.assertEqual(preview["amount_total"], "190.00")
        self.assertIn(self.carrier.id, [c["id"] for c in by_shop["甲店"]["carriers"]])
        self.assertEqual(Order.search_count([]), before)
        # Another shopper's address is not found, for preview or checkout.
        foreign = {"address_id": self.address.id}
        for path in ("/checkout/preview", "/checkout"):
            self.assertApiError(
                self._call("POST", path, foreign, token=self.other_token),
                404,
                "NOT_FOUND",
            )
        self.assertEqual(Order.search_count([]), before)

    def test_checkout_two_shops_one_payment(self):
        self._add(self.mug_variant, 2)
        self._add(self.tea_variant, 1)
        status, body, _response = self._checkout(key="checkout-1")
        self.assertEqual(status, 201, body)
        checkout = self.env["mall.checkout"].browse(body["data"]["id"])
        self.assertEqual(body["data"]["amount_total"], "190.00")
        self.assertEqual(len(checkout.order_ids), 2)
        for order in checkout.order_ids:
            self.assertEqual(order.state, "sale")
            self.assertEqual(order.mall_payment_state, "unpaid")
            self.assertEqual(order.partner_shipping_id, self.address)
            self.assertEqual(order.warehouse_id, order.mall_shop_id.warehouse_id)
            self.assertEqual(order.picking_ids.move_ids.mapped("state"), ["assigned"])
        self.assertEqual(self._free(self.mug_variant, self.shop_a), 8)
        self.assertEqual(self._free(self.tea_variant, self.shop_b), 4)
        self.assertFalse(
            self.env["mall.cart"]._get(self.shopper, create=False).order_line
        )
        # Unpaid orders do not count as sales yet.
        self.assertEqual(self.mug.mall_sold_qty, 0)
        checkout._mall_mark_paid()
        self.assertEqual(self.mug.mall_sold_qty, 2)
        self.assertEqual(set(checkout.order_ids.mapped("mall_payment_state")), {"paid"})

    def test_retried_checkout_places_orders_once(self):
        self._add(self.mug_variant, 1)
        Order = self.env["sale.order"]
        status, first, _response = self._checkout(key="k-1")
        self.assertEqual(status, 201)
        count = Order.search_count([("mall_checkout_id", "!=", False)])
        status, again, response = self._checkout(key="k-1")
        self.assertEqual(status, 201)
        self.assertEqual(again, first)
        self.assertEqual(response.headers.get("Idempotent-Replayed"), "true")
        self.assertEqual(Order.search_count([("mall_checkout_id", "!=", False)]), count)
        # The same key for another request is a client bug, said so.
        self.assertApiError(
            self._call(
                "POST",
                "/checkout/preview",
                {"address_id": self.address.id},
                headers={"Idempotency-Key": "k-1"},
            ),
            422,
            "IDEMPOTENCY_KEY_REUSED",
        )
        # Without items left, a new key checks out nothing.
        self.assertApiError(self._checkout(key="k-2"), 409, "CART_EMPTY")

    def test_stock_gone_at_checkout(self):
        self._add(self.tea_variant, 3)
        # Someone else bought them meanwhile.
        self.env["stock.quant"]._update_available_quantity(
            self.tea_variant, self.shop_b.warehouse_id.lot_stock_id, -4
        )
        error = self.assertApiError(self._checkout(), 409, "OUT_OF_STOCK")
        self.assertEqual(error["details"][0]["available"], 1)
        self.assertFalse(
            self.env["sale.order"].search([("mall_checkout_id", "!=", False)])
        )
        self.assertEqual(
            self.env["mall.cart"]._get(self.shopper).order_line.product_uom_qty, 3
        )

    def test_unpaid_orders_cancel_themselves(self):
        self._add(self.mug_variant, 3)
        _status, body, _response = self._checkout()
        checkout = self.env["mall.checkout"].browse(body["data"]["id"])
        self.assertEqual(self._free(self.mug_variant, self.shop_a), 7)
        Checkout = self.env["mall.checkout"]
        with freeze_time(fields.Datetime.now() + timedelta(minutes=29)):
            self.assertFalse(Checkout._cron_cancel_unpaid())
        with freeze_time(fields.Datetime.now() + timedelta(minutes=31)):
            self.assertEqual(Checkout._cron_cancel_unpaid(), checkout)
        self.assertEqual(checkout.state, "cancel")
        self.assertEqual(checkout.order_ids.state, "cancel")
        self.assertEqual(self._free(self.mug_variant, self.shop_a), 10)
        # Paid orders are never cancelled by the timer.
        self._add(self.mug_variant, 1)
        _status, body, _response = self._checkout()
        paid = Checkout.browse(body["data"]["id"])
        paid._mall_mark_paid()
        with freeze_time(fields.Datetime.now() + timedelta(hours=2)):
            self.assertFalse(Checkout._cron_cancel_unpaid())
        self.assertEqual(paid.order_ids.state, "sale")

    def test_orders_by_tab_cancel_and_rebuy(self):
        self._add(self.mug_variant, 2)
        _status, body, _response = self._checkout()
        order = self.env["mall.checkout"].browse(body["data"]["id"]).order_ids
        _status, body, _response = self._call("GET", "/orders?status=to_pay")
        self.assertEqual([o["id"] for o in body["data"]], [order.id])
        _status, body, _response = self._call("GET", "/orders?status=to_ship")
        self.assertEqual(body["data"], [])
        _status, body, _response = self._call("GET", f"/orders/{order.id}")
        self.assertEqual(body["data"]["status"], "to_pay")
        self.assertEqual(body["data"]["lines"][0]["quantity"], 2)
        # Another shopper: not found, not cancelled.
        for method, path in (
            ("GET", f"/orders/{order.id}"),
            ("POST", f"/orders/{order.id}/cancel"),
            ("POST", f"/orders/{order.id}/rebuy"),
        ):
            self.assertApiError(
                self._call(method, path, token=self.other_token), 404, "NOT_FOUND"
            )
        self.assertEqual(order.state, "sale")
        _status, body, _response = self._call("POST", f"/orders/{order.id}/cancel")
        self.assertEqual(body["data"]["status"], "cancelled")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(self._free(self.mug_variant, self.shop_a), 10)
        self.assertApiError(
            self._call("POST", f"/orders/{order.id}/cancel"), 409, "ORDER_STATE"
        )
        _status, body, _response = self._call("POST", f"/orders/{order.id}/rebuy")
        self.assertEqual(self._line_of(body["data"], self.mug_variant)["quantity"], 2)
