# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestFlashApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        warehouse = env.ref("stock.warehouse0")
        cls.shop = env["mall.shop"].create(
            {"name": "秒杀店", "code": "FLASH", "warehouse_id": warehouse.id}
        )
        cls.category = env["mall.category"].create({"name": "秒杀专区"})
        cls.product = env["product.template"].create(
            {
                "name": "秒杀保温杯",
                "list_price": 59.9,
                "mall_published": True,
                "sale_ok": True,
                "is_storable": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
                "mall_category_id": cls.category.id,
            }
        )
        cls.variant = cls.product.product_variant_id
        env["stock.quant"]._update_available_quantity(
            cls.variant, warehouse.lot_stock_id, 100
        )
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "秒杀快递",
                "delivery_type": "fixed",
                "fixed_price": 0.0,
                "product_id": env["product.product"]
                .create({"name": "运费", "type": "service", "taxes_id": False})
                .id,
            }
        )
        cls.address = env["res.partner"].create(
            {
                "name": "李四",
                "type": "delivery",
                "parent_id": cls.shopper.id,
                "phone": "13800002222",
                "street": "文三路 2 号",
                "city": "杭州",
                "country_id": env.ref("base.cn").id,
            }
        )
        cls.other = env["res.partner"].create({"name": "别人", "mall_is_shopper": True})
        cls.other_address = cls.address.copy({"parent_id": cls.other.id})
        cls.now = fields.Datetime.now()

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper, "weixin")
        self.other_token = Token._issue(self.other, "weixin")

    def _discount(self, start_hours=-1, end_hours=2, **line):
        values = {"product_tmpl_id": self.product.id, "price": 39.9, **line}
        return self.env["mall.flash.discount"].create(
            {
                "name": "限时秒杀",
                "date_start": self.now + timedelta(hours=start_hours),
                "date_end": self.now + timedelta(hours=end_hours),
                "line_ids": [(0, 0, values)],
            }
        )

    def _call(self, method, path, body=None, token=None):
        return self.api(method, path, token=token or self.token, json_body=body)

    def _card(self):
        status, body, _response = self._call(
            "GET", f"/products?category_id={self.category.id}"
        )
        self.assertEqual(status, 200, body)
        return body["data"][0]

    def _detail(self):
        status, body, _response = self._call("GET", f"/products/{self.product.id}")
        self.assertEqual(status, 200, body)
        return body["data"]

    def _buy(self, quantity, token=None, address=None, checkout=True):
        """Add to the cart, preview, check out: the three line prices."""
        token = token or self.token
        status, body, _response = self._call(
            "POST",
            "/cart/lines",
            {"variant_id": self.variant.id, "quantity": quantity},
            token=token,
        )
        self.assertEqual(status, 200, body)
        cart_price = body["data"]["lines"][0]["price"]
        request = {
            "address_id": (address or self.address).id,
            "carriers": {str(self.shop.id): self.carrier.id},
        }
        status, body, _response = self._call(
            "POST", "/checkout/preview", request, token=token
        )
        self.assertEqual(status, 200, body)
        preview_line = body["data"]["orders"][0]["lines"][0]
        self.last_note = preview_line["note"]
        if not checkout:
            return cart_price, preview_line["price"], None
        status, body, _response = self._call("POST", "/checkout", request, token=token)
        self.assertEqual(status, 201, body)
        checkout = self.env["mall.checkout"].browse(body["data"]["id"])
        return cart_price, preview_line["price"], checkout

    def test_card_only_while_running(self):
        self.assertIsNone(self._card()["flash"])
        self._discount(start_hours=-3, end_hours=-1)
        discount = self._discount(start_hours=1, end_hours=3, cap=10)
        self.assertIsNone(self._card()["flash"])
        self.assertIsNone(self._detail()["flash"])
        # The clock reaches the start: no record changed, the cache is warm.
        with freeze_time(self.now + timedelta(hours=1, minutes=1)):
            flash = self._card()["flash"]
            self.assertEqual(
                flash,
                {
                    "price": "39.90",
                    "original_price": "59.90",
                    "ends_at": fields.Datetime.to_string(discount.date_end),
                    "remaining": 10,
                },
            )
            self.assertEqual(self._detail()["flash"]["price"], "39.90")
        with freeze_time(self.now + timedelta(hours=3)):
            self.assertIsNone(self._card()["flash"])

    def test_cart_preview_checkout_pay_the_card_price(self):
        line = self._discount(cap=10).line_ids
        card_price = self._card()["flash"]["price"]
        cart_price, preview_price, checkout = self._buy(10)
        self.assertIsNone(self.last_note)
        self.assertEqual((cart_price, preview_price), (card_price, card_price))
        order_line = checkout.order_ids.order_line.filtered(
            lambda x: x.product_id == self.variant
        )
        self.assertEqual(order_line.mall_flash_discount_line_id, line)
        self.assertEqual(order_line.price_unit, 39.9)
        self.assertEqual(order_line.discount, 0.0)
        # Exact to the fen: 10 x 39.90, not 10 x 59.90 x (1 - 33.39 %).
        self.assertEqual(order_line.price_subtotal, 399.0)
        self.assertEqual(checkout.amount_total, 399.0)
        self.assertEqual(line.sold, 10)
        self.assertIsNone(self._card()["flash"])  # cap reached

    def test_percent_off(self):
        self._discount(discount_type="percent", percent=33)
        card_price = self._card()["flash"]["price"]
        self.assertEqual(card_price, "40.13")  # 59.90 x 0.67 = 40.133
        cart_price, preview_price, checkout = self._buy(3)
        self.assertEqual((cart_price, preview_price), (card_price, card_price))
        self.assertEqual(checkout.amount_total, 120.39)

    def test_cap_reached_normal_price(self):
        line = self._discount(cap=2).line_ids
        self._buy(2)
        self.assertEqual(line.sold, 2)
        cart_price, preview_price, checkout = self._buy(1)
        self.assertEqual((cart_price, preview_price), ("59.90", "59.90"))
        self.assertFalse(checkout.order_ids.order_line.mall_flash_discount_line_id)
        self.assertEqual(line.sold, 2)

    def test_cart_follows_the_clock(self):
        discount = self._discount(cap=10)
        cart_price, _preview, _checkout = self._buy(1, checkout=False)
        self.assertEqual(cart_price, self._card()["flash"]["price"])
        discount.date_end = self.now - timedelta(minutes=1)
        status, body, _response = self._call("GET", "/cart")
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["lines"][0]["price"], "59.90")

    def test_held_order_keeps_its_units(self):
        """An order held for risk review stays a draft until reviewed: its
        discounted units are taken all the same, until it is cancelled."""
        line = self._discount(cap=2).line_ids
        SaleOrder = type(self.env["sale.order"])

        def hold(orders):
            orders.write({"mall_risk_hold": True})

        with patch.object(SaleOrder, "_mall_assess_risk", hold):
            _cart, _preview, held = self._buy(2)
        self.assertEqual(held.order_ids.state, "draft")
        self.assertEqual(line.sold, 2)
        _cart, _preview, checkout = self._buy(1)
        self.assertFalse(checkout.order_ids.order_line.mall_flash_discount_line_id)
        held.order_ids._action_cancel()
        line.invalidate_recordset(["sold"])
        self.assertEqual(line.sold, 0)

    def test_more_than_left_normal_price(self):
        self._discount(cap=2)
        cart_price, preview_price, checkout = self._buy(3, checkout=True)
        self.assertEqual((cart_price, preview_price), ("59.90", "59.90"))
        # A note says why (in the request's language): 2 units left.
        self.assertIn("2", self.last_note or "")
        self.assertEqual(checkout.amount_total, 179.7)

    def test_last_unit_claimed_once(self):
        """Two shoppers priced with the last discounted unit: the one who
        checks out second pays the normal price (the claim recounts)."""
        line = self._discount(cap=1).line_ids
        Order = self.env["sale.order"].sudo()

        def draft(partner):
            return Order.create(
                {
                    "partner_id": partner.id,
                    "mall_shop_id": self.shop.id,
                    "order_line": [
                        (0, 0, {"product_id": self.variant.id, "product_uom_qty": 1})
                    ],
                }
            )

        first, second = draft(self.shopper), draft(self.other)
        self.assertEqual(second.order_line.mall_flash_discount_line_id, line)
        self.assertFalse(first.order_line._mall_flash_claim())
        first.action_confirm()
        fallback = second.order_line._mall_flash_claim()
        self.assertEqual(fallback, second.order_line)
        self.assertFalse(second.order_line.mall_flash_discount_line_id)
        self.assertEqual(second.order_line.price_unit, 59.9)
        self.assertEqual(second.amount_total, 59.9)
        self.assertEqual(first.order_line.price_unit, 39.9)

    def test_member_discount_when_better(self):
        """Tier and limited-time discounts do not stack: the better one."""
        self._discount(discount_type="percent", percent=5)
        partner_model = type(self.env["res.partner"])
        original = partner_model._mall_member_discount

        def member_discount(partner, moment=None, company=None, product=None):
            if partner == self.shopper:
                return 10.0
            return original(partner, moment, company, product)

        partner_model._mall_member_discount = member_discount
        try:
            cart_price, preview_price, checkout = self._buy(1)
        finally:
            partner_model._mall_member_discount = original
        self.assertEqual((cart_price, preview_price), ("53.91", "53.91"))
        order_line = checkout.order_ids.order_line.filtered(
            lambda x: x.product_id == self.variant
        )
        self.assertFalse(order_line.mall_flash_discount_line_id)
        self.assertEqual(order_line.discount, 10.0)
