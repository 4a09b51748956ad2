# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MallCatalogCommon


@tagged("post_install", "-at_install")
class TestProductTemplate(MallCatalogCommon):
    def test_publish_sets_date_once(self):
        self.assertFalse(self.product.mall_published)
        self.assertFalse(self.product.mall_publish_date)
        with freeze_time("2026-11-11 10:00:00"):
            self.product.action_mall_publish()
        self.assertTrue(self.product.mall_published)
        self.assertEqual(self.product.mall_publish_date, datetime(2026, 11, 11, 10, 0))
        # Publishing again keeps the first date: the product is not "new" again.
        with freeze_time("2026-11-20 10:00:00"):
            self.product.action_mall_publish()
        self.assertEqual(self.product.mall_publish_date, datetime(2026, 11, 11, 10, 0))
        self.product.action_mall_unpublish()
        self.assertFalse(self.product.mall_published)
        with freeze_time("2026-12-01 10:00:00"):
            self.product.action_mall_publish()
        self.assertEqual(self.product.mall_publish_date, datetime(2026, 11, 11, 10, 0))

    def test_create_published(self):
        with freeze_time("2026-06-18 00:00:00"):
            product = self.env["product.template"].create(
                {"name": "纯棉圆领T恤", "mall_published": True}
            )
        self.assertEqual(product.mall_publish_date, datetime(2026, 6, 18))
