# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MallCatalogCommon


@tagged("post_install", "-at_install")
class TestMallShop(MallCatalogCommon):
    def test_form_and_product_count(self):
        with Form(self.env["mall.shop"]) as form:
            form.name = "鲜果生鲜馆"
            form.code = "FRUIT"
            form.warehouse_id = self.warehouse
        shop = form.save()
        self.assertEqual(shop.product_count, 0)
        self.product.mall_shop_id = shop
        shop.invalidate_recordset(["product_count"])
        self.assertEqual(shop.product_count, 1)
        action = shop.action_view_products()
        self.assertEqual(action["domain"], [("mall_shop_id", "=", shop.id)])

    @mute_logger("odoo.sql_db")
    def test_code_unique_per_company(self):
        with self.assertRaises(IntegrityError):
            self.env["mall.shop"].create(
                {"name": "重复", "code": "TEST", "warehouse_id": self.warehouse.id}
            )

    def test_shop_time_zone(self):
        """The shop's time zone is the company's, Beijing when it says none."""
        company = self.env.company
        company.partner_id.tz = False
        self.assertEqual(company._mall_tz(), "Asia/Shanghai")
        for tz in ("Asia/Urumqi", "Europe/Paris"):
            company.partner_id.tz = tz
            self.assertEqual(company._mall_tz(), tz)
            # Read as the API reads it: the public user, who may not read
            # the company's partner.
            public = company.with_user(self.env.ref("base.public_user"))
            self.assertEqual(public._mall_tz(), tz)
