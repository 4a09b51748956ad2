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
