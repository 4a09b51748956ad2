# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MallCatalogCommon


@tagged("post_install", "-at_install")
class TestStockAlert(MallCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchant = cls.env["res.users"].create(
            {"name": "店长", "login": "mall_stock_alert_merchant"}
        )
        cls.shop.user_id = cls.merchant
        cls.product.write({"mall_published": True, "mall_stock_alert_threshold": 5})
        cls.stock = cls.warehouse.lot_stock_id
        cls.variant = cls.product.product_variant_id

    def _set_stock(self, quantity):
        # Quants change behind qty_available's dependencies: read it afresh.
        self.env.invalidate_all()
        self.env["stock.quant"]._update_available_quantity(
            self.variant, self.stock, quantity - self.variant.qty_available
        )
        self.env.invalidate_all()

    def _alerts(self):
        return self.product.activity_ids.filtered(lambda a: a.user_id == self.merchant)

    def test_one_activity_per_crossing(self):
        self._set_stock(20)
        self.env["product.template"]._cron_mall_stock_alerts()
        self.assertFalse(self.product.mall_stock_low)
        self.assertFalse(self._alerts())

        self._set_stock(3)
        self.env["product.template"]._cron_mall_stock_alerts()
        self.assertTrue(self.product.mall_stock_low)
        self.assertEqual(len(self._alerts()), 1)
        self.assertIn("3", str(self._alerts().note))
        # Checking again while it stays low does not spam the merchant.
        self._set_stock(2)
        self.env["product.template"]._cron_mall_stock_alerts()
        self.assertEqual(len(self._alerts()), 1)
        low = self.env["product.template"].search([("mall_stock_low", "=", True)])
        self.assertIn(self.product, low)

        # Replenished: the flag and the activity go; the next drop alerts again.
        self._set_stock(50)
        self.env["product.template"]._cron_mall_stock_alerts()
        self.assertFalse(self.product.mall_stock_low)
        self.assertFalse(self._alerts())
        self._set_stock(1)
        self.env["product.template"]._cron_mall_stock_alerts()
        self.assertEqual(len(self._alerts()), 1)

    def test_default_threshold_from_settings(self):
        self.product.mall_stock_alert_threshold = 0
        self.env["ir.config_parameter"].set_param("mall.stock_alert_threshold", 30)
        self._set_stock(20)
        self.env["product.template"]._cron_mall_stock_alerts()
        self.assertTrue(self.product.mall_stock_low)
