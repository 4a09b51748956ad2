# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestBundleApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]

        def product(name, price):
            return Template.create(
                {"name": name, "list_price": price, "mall_published": True}
            )

        cls.coffee = product("测试套餐咖啡豆", 49.90)
        cls.creamer = product("测试套餐奶精", 29.90)
        cls.mug = product("测试套餐马克杯", 39.00)
        cls.bundle = cls.env["mall.bundle"].create(
            {
                "name": "咖啡入门套装",
                "price": 99.00,
                "line_ids": [
                    (0, 0, {"product_id": t.product_variant_id.id, "quantity": 1})
                    for t in (cls.coffee, cls.creamer, cls.mug)
                ],
            }
        )

    def _bundles(self, template):
        status, body, _response = self.api("GET", f"/products/{template.id}/bundles")
        self.assertEqual(status, 200, body)
        return body["data"]

    def test_bundle_on_product_page(self):
        [bundle] = self._bundles(self.creamer)
        self.assertEqual(bundle["id"], self.bundle.id)
        self.assertEqual(bundle["price"], "99.00")
        self.assertEqual(bundle["list_total"], "118.80")
        self.assertEqual(bundle["saving"], "19.80")
        units = [item["unit_price"] for item in bundle["items"]]
        self.assertEqual(units, ["41.58", "24.92", "32.50"])
        self.assertEqual(sum(Decimal(u) for u in units), Decimal("99.00"))
        self.assertEqual(
            [item["product"]["id"] for item in bundle["items"]],
            [self.coffee.id, self.creamer.id, self.mug.id],
        )

    def test_changes_show_at_once(self):
        self.assertEqual(self._bundles(self.coffee)[0]["price"], "99.00")
        self.bundle.price = 100.0
        [bundle] = self._bundles(self.coffee)
        self.assertEqual(bundle["price"], "100.00")
        units = [Decimal(item["unit_price"]) for item in bundle["items"]]
        self.assertEqual(sum(units), Decimal("100.00"))
        # A bundle whose product is withdrawn is not offered any more.
        self.mug.mall_published = False
        self.assertEqual(self._bundles(self.coffee), [])
        self.assertEqual(self.api("GET", f"/products/{self.mug.id}/bundles")[0], 404)
        self.mug.mall_published = True
        self.bundle.active = False
        self.assertEqual(self._bundles(self.coffee), [])

    def test_price_must_split_to_the_cent(self):
        with self.assertRaises(ValidationError):
            self.env["mall.bundle"].create(
                {
                    "name": "两件装",
                    "price": 20.01,
                    "line_ids": [
                        (0, 0, {"product_id": t.product_variant_id.id, "quantity": 2})
                        for t in (self.coffee, self.creamer)
                    ],
                }
            )


@tagged("post_install", "-at_install")
class TestBundleCart(MallApiCommon):
    """A bundle in the cart keeps its price through checkout, as one group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.shop = env["mall.shop"].create(
            {
                "name": "套餐测试店",
                "code": "BNDL",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        Template = env["product.template"]

        def product(name, price):
            return Template.create(
                {
                    "name": name,
                    "list_price": price,
                    "mall_published": True,
                    "taxes_id": False,
                    "mall_shop_id": cls.shop.id,
                }
            )

        cls.coffee = product("购物车套餐咖啡豆", 49.90)
        cls.creamer = product("购物车套餐奶精", 29.90)
        cls.mug = product("购物车套餐马克杯", 39.00)
        cls.bundle = env["mall.bundle"].create(
            {
                "name": "购物车咖啡套装",
                "price": 99.00,
                "line_ids": [
                    (0, 0, {"product_id": t.product_variant_id.id, "quantity": 1})
                    for t in (cls.coffee, cls.creamer, cls.mug)
                ],
            }
        )
        cls.carrier = cls._create_carrier("套餐快递")
        cls.address = cls._create_address()

    def setUp(self):
        super().setUp()
        self.token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")

    def call(self, method, path, body=None, expect=None):
        status, data, _response = self.api(
            method, path, token=self.token, json_body=body
        )
        if expect:
            self.assertEqual(status, expect, data)
            return data
        self.assertLess(status, 300, data)
        return data["data"]

    def test_bundle_in_cart_and_checkout(self):
        cart = self.call(
            "POST", "/cart/bundles", {"bundle_id": self.bundle.id, "quantity": 2}
        )
        bundle_lines = [line for line in cart["lines"] if line["bundle"]]
        self.assertEqual(
            [(line["price"], line["quantity"]) for line in bundle_lines],
            [("41.58", 2), ("24.92", 2), ("32.50", 2)],
        )
        self.assertEqual(cart["selected_amount"], "198.00")
        # The same product bought alone is another line, at its own price.
        cart = self.call(
            "POST",
            "/cart/lines",
            {"variant_id": self.coffee.product_variant_id.id, "quantity": 1},
        )
        alone = [line for line in cart["lines"] if not line["bundle"]]
        self.assertEqual([(a["price"], a["quantity"]) for a in alone], [("49.90", 1)])
        # A bundle changes as a whole.
        first = bundle_lines[0]["id"]
        error = self.call("PATCH", f"/cart/lines/{first}", {"quantity": 3}, expect=409)
        self.assertEqual(error["error"]["code"], "BUSINESS_RULE")
        cart = self.call("PATCH", f"/cart/lines/{first}", {"selected": False})
        self.assertEqual(
            {line["selected"] for line in cart["lines"] if line["bundle"]}, {False}
        )
        self.assertEqual(cart["selected_amount"], "49.90")
        self.call("PATCH", f"/cart/lines/{first}", {"selected": True})

        checkout = self.call(
            "POST",
            "/checkout",
            {
                "address_id": self.address.id,
                "carriers": {str(self.shop.id): self.carrier.id},
            },
        )
        self.assertEqual(checkout["amount_total"], "247.90")
        order = self.env["mall.checkout"].browse(checkout["id"]).order_ids
        lines = order.order_line.filtered("mall_bundle_id")
        self.assertEqual(len(lines), 3)
        self.assertEqual(sorted(lines.mapped("price_unit")), [24.92, 32.5, 41.58])
        self.assertEqual(sum(lines.mapped("price_subtotal")), 198.0)

        # Removing one line of a bundle removes the bundle.
        cart = self.call(
            "POST", "/cart/bundles", {"bundle_id": self.bundle.id, "quantity": 1}
        )
        self.assertEqual(len(cart["lines"]), 3)
        cart = self.call("DELETE", f"/cart/lines/{cart['lines'][1]['id']}")
        self.assertEqual(cart["lines"], [])
        error = self.call(
            "POST", "/cart/bundles", {"bundle_id": 999999, "quantity": 1}, expect=404
        )
        self.assertEqual(error["error"]["code"], "NOT_FOUND")
