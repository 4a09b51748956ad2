# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestCouponsApi(MallApiCommon):
    """Two shops: 甲店 sells mugs (30.00, delivery 10.00), 乙店 tea (120.00,
    delivery 10.00). The shopper's wallet: 满 100 减 20, 9 折, free shipping."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["loyalty.program"].search([]).write({"active": False})
        main = env.ref("stock.warehouse0")
        second = env["stock.warehouse"].create({"name": "券仓", "code": "QC"})
        cls.shop_a = env["mall.shop"].create(
            {"name": "甲店", "code": "QA", "warehouse_id": main.id}
        )
        cls.shop_b = env["mall.shop"].create(
            {"name": "乙店", "code": "QB", "warehouse_id": second.id}
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
                "name": "券马克杯",
                "list_price": 30.0,
                "mall_shop_id": cls.shop_a.id,
            }
        ).product_variant_id
        cls.tea = Template.create(
            {
                **common,
                "name": "券龙井",
                "list_price": 120.0,
                "mall_shop_id": cls.shop_b.id,
            }
        ).product_variant_id
        Quant = env["stock.quant"]
        Quant._update_available_quantity(cls.mug, main.lot_stock_id, 10)
        Quant._update_available_quantity(cls.tea, second.lot_stock_id, 5)
        cls.carrier = cls._create_carrier("券快递", 10.0)
        cls.address = cls._create_address()
        cls.other = env["res.partner"].create({"name": "别人", "mall_is_shopper": True})
        cls.manjian = cls._program(
            "满 100 减 20",
            {"discount_mode": "per_order", "discount": 20},
            minimum_amount=100,
        )
        cls.ninety = cls._program("9 折", {"discount_mode": "percent", "discount": 10})
        cls.free_shipping = cls._program(
            "包邮", {"reward_type": "shipping"}, mall_stack_group="shipping"
        )
        Card = env["loyalty.card"]
        cls.card_manjian, cls.card_ninety, cls.card_shipping = (
            Card.create({"program_id": p.id, "partner_id": cls.shopper.id, "points": 1})
            for p in (cls.manjian, cls.ninety, cls.free_shipping)
        )
        cls.card_other = Card.create(
            {"program_id": cls.manjian.id, "partner_id": cls.other.id, "points": 1}
        )

    @classmethod
    def _program(cls, name, reward, minimum_amount=0, **values):
        rules = (
            [Command.create({"minimum_amount": minimum_amount, "minimum_qty": 0})]
            if minimum_amount
            else []
        )
        return cls.env["loyalty.program"].create(
            {
                "name": name,
                "program_type": "coupons",
                "trigger": "with_code",
                "applies_on": "current",
                "rule_ids": rules,
                "reward_ids": [
                    Command.create(
                        {"reward_type": "discount", "required_points": 1, **reward}
                    )
                ],
                **values,
            }
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper, "weixin")
        self.other_token = Token._issue(self.other, "weixin")

    def _call(self, method, path, body=None, token=None):
        return self.api(method, path, token=token or self.token, json_body=body)

    def _fill_cart(self):
        for variant, quantity in ((self.mug, 1), (self.tea, 1)):
            status, body, _response = self._call(
                "POST", "/cart/lines", {"variant_id": variant.id, "quantity": quantity}
            )
            self.assertEqual(status, 200, body)

    def _request(self, coupon_ids=None):
        body = {
            "address_id": self.address.id,
            "carriers": {
                str(s.id): self.carrier.id for s in (self.shop_a, self.shop_b)
            },
        }
        if coupon_ids is not None:
            body["coupon_ids"] = coupon_ids
        return body

    def _orders(self, checkout):
        return self.env["mall.checkout"].browse(checkout["id"]).order_ids

    def test_best_choice_previewed_and_applied(self):
        self._fill_cart()
        status, body, _response = self._call(
            "POST", "/checkout/preview", self._request()
        )
        self.assertEqual(status, 200, body)
        preview = body["data"]
        selected = {c["id"]: c for c in preview["coupons"] if c["selected"]}
        # 9 折 and 满 100 减 20 share the stacking group "discount". Best:
        # 9 折 on 甲店 (10 % of 30 + 10 delivery: -4.00), free shipping and
        # 满 100 减 20 on 乙店 (130 - 10 - 20): 36 + 100, better than the
        # shipping and 9 折 on 甲店 and 满减 on 乙店 (27 + 110).
        self.assertEqual(
            set(selected),
            {self.card_manjian.id, self.card_ninety.id, self.card_shipping.id},
        )
        self.assertEqual(selected[self.card_manjian.id]["discount"], "20.00")
        self.assertEqual(selected[self.card_ninety.id]["discount"], "4.00")
        self.assertEqual(selected[self.card_ninety.id]["shop_id"], self.shop_a.id)
        self.assertEqual(selected[self.card_shipping.id]["explanation"], "包邮: -10.00")
        self.assertEqual(preview["coupons_saved"], "34.00")
        self.assertEqual(preview["amount_total"], "136.00")
        status, body, _response = self._call("POST", "/checkout", self._request())
        self.assertEqual(status, 201, body)
        self.assertEqual(body["data"]["amount_total"], "136.00")
        orders = self._orders(body["data"])
        tea_order = orders.filtered(lambda o: o.mall_shop_id == self.shop_b)
        self.assertEqual(
            tea_order.order_line.coupon_id, self.card_manjian | self.card_shipping
        )
        self.assertEqual(tea_order.amount_total, 100.0)
        self.assertEqual(tea_order.state, "sale")
        # Confirmed: the coupons are used, the wallet says so.
        status, body, _response = self._call("GET", "/coupons?state=used")
        self.assertEqual(
            {c["id"] for c in body["data"]},
            {self.card_manjian.id, self.card_ninety.id, self.card_shipping.id},
        )

    def test_override_and_none(self):
        self._fill_cart()
        status, body, _response = self._call(
            "POST", "/checkout/preview", self._request([self.card_shipping.id])
        )
        self.assertEqual(status, 200, body)
        selected = [c["id"] for c in body["data"]["coupons"] if c["selected"]]
        self.assertEqual(selected, [self.card_shipping.id])
        self.assertEqual(body["data"]["amount_total"], "160.00")
        status, body, _response = self._call(
            "POST", "/checkout/preview", self._request([])
        )
        self.assertEqual(body["data"]["amount_total"], "170.00")
        self.assertFalse([c for c in body["data"]["coupons"] if c["selected"]])
        # The others are offered with what they save alone.
        offered = {c["id"]: c["discount"] for c in body["data"]["coupons"]}
        self.assertEqual(offered[self.card_manjian.id], "20.00")
        status, body, _response = self._call(
            "POST", "/checkout", self._request([self.card_ninety.id])
        )
        self.assertEqual(status, 201, body)
        orders = self._orders(body["data"])
        self.assertEqual(orders.order_line.coupon_id, self.card_ninety)

    def test_foreign_or_unusable_coupon_refused(self):
        self._fill_cart()
        self.assertApiError(
            self._call(
                "POST", "/checkout/preview", self._request([self.card_other.id])
            ),
            422,
            "VALIDATION_ERROR",
        )
        self.assertApiError(
            self._call("POST", "/checkout", self._request([self.card_other.id])),
            422,
            "VALIDATION_ERROR",
        )
        self.card_ninety.expiration_date = fields.Date.today() - timedelta(days=1)
        self.assertApiError(
            self._call("POST", "/checkout", self._request([self.card_ninety.id])),
            409,
            "BUSINESS_RULE",
        )
        self.assertFalse(
            self.env["sale.order"].search(
                [("partner_id", "=", self.shopper.id), ("state", "!=", "draft")]
            )
        )
        # The other shopper's wallet does not show this shopper's coupons.
        status, body, _response = self._call(
            "GET", "/coupons?state=usable", token=self.other_token
        )
        self.assertEqual(status, 200, body)
        self.assertEqual([c["id"] for c in body["data"]], [self.card_other.id])
        status, body, _response = self._call("GET", "/coupons?state=expired")
        self.assertEqual([c["id"] for c in body["data"]], [self.card_ninety.id])

    def test_cancelled_checkout_gives_coupons_back(self):
        self._fill_cart()
        status, body, _response = self._call(
            "POST", "/checkout", self._request([self.card_manjian.id])
        )
        self.assertEqual(status, 201, body)
        checkout = self.env["mall.checkout"].browse(body["data"]["id"])
        self.assertEqual(self.card_manjian.points, 0)
        status, body, _response = self._call("GET", "/coupons?state=usable")
        self.assertNotIn(self.card_manjian.id, [c["id"] for c in body["data"]])
        checkout._mall_cancel_unpaid()
        self.assertEqual(self.card_manjian.points, 1)
        status, body, _response = self._call("GET", "/coupons?state=usable")
        self.assertIn(self.card_manjian.id, [c["id"] for c in body["data"]])
