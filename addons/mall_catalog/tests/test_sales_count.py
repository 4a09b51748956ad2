# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MallCatalogCommon


@tagged("post_install", "-at_install")
class TestSalesCount(MallCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "王小明"})
        cls.variant = cls.product.product_variant_id
        cls.product.mall_sales_base = 100

    def _order(self, quantity, product=None, uom=None):
        line = {"product_id": (product or self.variant).id, "product_uom_qty": quantity}
        if uom:
            line["product_uom"] = uom.id
        return self.env["sale.order"].create(
            {"partner_id": self.customer.id, "order_line": [(0, 0, line)]}
        )

    def test_only_confirmed_orders_count(self):
        order = self._order(3)
        self.assertEqual(self.product.mall_sold_qty, 0)
        self.assertEqual(self.product.mall_sales_count, 100)
        order.action_confirm()
        self.assertEqual(self.product.mall_sold_qty, 3)
        self.assertEqual(self.product.mall_sales_count, 103)
        self._order(2).action_confirm()
        self.assertEqual(self.product.mall_sales_count, 105)

    def test_cancel_and_refund_take_units_back(self):
        order = self._order(4)
        order.action_confirm()
        self.assertEqual(self.product.mall_sold_qty, 4)
        order.order_line.mall_refunded_qty = 1
        self.assertEqual(self.product.mall_sold_qty, 3)
        # A refund can never make the count negative or exceed the line.
        order.order_line.mall_refunded_qty = 9
        self.assertEqual(self.product.mall_sold_qty, 0)
        order.order_line.mall_refunded_qty = 0
        order._action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(self.product.mall_sold_qty, 0)
        self.assertEqual(self.product.mall_sales_count, 100)

    def test_quantity_change_and_new_line_on_confirmed_order(self):
        order = self._order(2)
        order.action_confirm()
        order.order_line.product_uom_qty = 5
        self.assertEqual(self.product.mall_sold_qty, 5)
        other = self.env["product.template"].create({"name": "真丝围巾"})
        order.order_line = [(0, 0, {"product_id": other.product_variant_id.id})]
        self.assertEqual(other.mall_sold_qty, 1)
        self.assertEqual(self.product.mall_sold_qty, 5)

    def test_units_of_measure_and_archived_variants(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        self._order(2, uom=dozen).action_confirm()
        self.assertEqual(self.product.mall_sold_qty, 24)
        self.variant.active = False
        self.product._mall_update_sold_qty()
        self.assertEqual(self.product.mall_sold_qty, 24)

    def test_sales_sort_follows_orders(self):
        rival = self.product.copy({"name": "复古波点连衣裙", "mall_sales_base": 101})
        Template = self.env["product.template"]
        domain = [("id", "in", (self.product | rival).ids)]
        self.assertEqual(
            Template.search(domain, order="mall_sales_count desc")[0], rival
        )
        self._order(2).action_confirm()
        self.assertEqual(
            Template.search(domain, order="mall_sales_count desc")[0], self.product
        )
