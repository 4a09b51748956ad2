# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Merchant bulk operations with Odoo's own tools: product import from a
spreadsheet (with a category, a price and an image), setting the stock of
selected products, pick lists and delivery slips of mall orders, and the
order export."""

import base64

from odoo.tests import TransactionCase, tagged

from .common import picture_base64
from .test_aftersale import AftersaleSetup


@tagged("post_install", "-at_install")
class TestBulkOperations(AftersaleSetup, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_aftersale()

    def test_import_products_from_spreadsheet(self):
        category = self.env["product.category"].create({"name": "批量导入分类"})
        image = picture_base64()
        csv = (
            "name,categ_id,list_price,is_storable,image_1920\n"
            f"批量导入保温杯,批量导入分类,59.90,1,{image}\n"
            f"批量导入茶具,批量导入分类,128.00,0,{image}\n"
        )
        importer = self.env["base_import.import"].create(
            {
                "res_model": "product.template",
                "file": csv.encode(),
                "file_name": "products.csv",
                "file_type": "text/csv",
            }
        )
        columns = ["name", "categ_id", "list_price", "is_storable", "image_1920"]
        result = importer.execute_import(
            columns,
            columns,
            {
                "has_headers": True,
                "quoting": '"',
                "separator": ",",
                "encoding": "utf-8",
            },
        )
        self.assertFalse(result["messages"], result["messages"])
        products = self.env["product.template"].search(
            [("name", "like", "批量导入")], order="list_price"
        )
        self.assertEqual(products.mapped("list_price"), [59.9, 128.0])
        self.assertEqual(products.categ_id, category)
        self.assertEqual(products.mapped("is_storable"), [True, False])
        self.assertTrue(all(products.mapped("image_1920")))
        self.assertEqual(base64.b64decode(products[0].image_1920)[:4], b"\x89PNG")

    def test_set_stock_quantities(self):
        other = self.env["product.product"].create(
            {"name": "批量库存茶杯", "is_storable": True}
        )
        service = self.env["product.product"].create(
            {"name": "批量库存服务", "type": "service"}
        )
        templates = (self.product + other + service).product_tmpl_id
        wizard = (
            self.env["mall.stock.set.wizard"]
            .with_context(active_model="product.template", active_ids=templates.ids)
            .create({"quantity": 7})
        )
        self.assertEqual(wizard.product_ids, self.product + other)
        self.assertEqual(wizard.location_id, self.warehouse.lot_stock_id)
        wizard.action_apply()
        self.assertEqual(self.product.qty_available, 7)
        self.assertEqual(other.qty_available, 7)
        # The change is an inventory adjustment.
        moves = self.env["stock.move"].search(
            [("product_id", "=", other.id), ("is_inventory", "=", True)]
        )
        self.assertEqual(sum(moves.mapped("quantity")), 7)

    def test_pick_list_and_delivery_slip_of_mall_orders(self):
        order = self._paid_order(self.buyer, qty=2, deliver=False)
        picking = order.picking_ids
        self.assertTrue(picking)
        action = self.env.ref("mall_miniprogram.sale_order_action_print_picking")
        result = action.with_context(
            active_model="sale.order", active_ids=order.ids, active_id=order.id
        ).run()
        self.assertEqual(result["report_name"], "stock.report_picking")
        self.assertEqual(result["context"]["active_ids"], picking.ids)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "stock.action_report_picking", picking.ids
        )
        self.assertIn(picking.name, html.decode())
        self.assertIn("售后测试保温杯", html.decode())
        action = self.env.ref("mall_miniprogram.sale_order_action_print_delivery_slip")
        result = action.with_context(
            active_model="sale.order", active_ids=order.ids, active_id=order.id
        ).run()
        self.assertEqual(result["report_name"], "stock.report_deliveryslip")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "stock.action_report_delivery", picking.ids
        )
        self.assertIn(picking.name, html.decode())

    def test_export_orders(self):
        order = self._paid_order(self.buyer, qty=1, deliver=False)
        rows = order.export_data(
            ["name", "partner_id/name", "mall_shop_id/name", "amount_total"]
        )["datas"]
        self.assertEqual(
            rows, [[order.name, "售后顾客", self.shop.name, order.amount_total]]
        )
