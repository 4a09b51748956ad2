# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MallCatalogCommon


@tagged("post_install", "-at_install")
class TestFlashDiscount(MallCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product.write({"mall_published": True, "taxes_id": False})
        cls.now = fields.Datetime.now()

    def _discount(self, start_hours=-1, end_hours=2, **line):
        values = {"product_tmpl_id": self.product.id, "price": 199.0, **line}
        return self.env["mall.flash.discount"].create(
            {
                "name": "秒杀",
                "date_start": self.now + timedelta(hours=start_hours),
                "date_end": self.now + timedelta(hours=end_hours),
                "line_ids": [(0, 0, values)],
            }
        )

    def test_rules(self):
        with self.assertRaises(ValidationError):
            self._discount(start_hours=2, end_hours=1)
        with self.assertRaises(ValidationError):
            self._discount(price=299.0)  # not below the list price
        with self.assertRaises(ValidationError):
            self._discount(price=0.0)
        for percent in (0.0, 100.0, 120.0):
            with self.assertRaises(ValidationError):
                self._discount(discount_type="percent", percent=percent)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self._discount(cap=-1)

    def test_state(self):
        running = self._discount()
        scheduled = self._discount(start_hours=1, end_hours=3)
        ended = self._discount(start_hours=-3, end_hours=-1)
        self.assertEqual(
            (running + scheduled + ended).mapped("state"),
            ["running", "scheduled", "ended"],
        )
        Discount = self.env["mall.flash.discount"]
        self.assertEqual(Discount.search([("state", "=", "running")]), running)

    def test_active_only_in_window_and_lowest_price(self):
        Line = self.env["mall.flash.discount.line"]
        self._discount(start_hours=1, end_hours=3, price=99.0)
        self._discount(start_hours=-3, end_hours=-1, price=99.0)
        self.assertFalse(Line._mall_active_for(self.product))
        fixed = self._discount(price=199.0, cap=5).line_ids
        percent = self._discount(discount_type="percent", percent=20).line_ids
        # 299 x 0.8 = 239.20, above 199.00.
        self.assertEqual(
            Line._mall_active_for(self.product), {self.product.id: (fixed, 5)}
        )
        self.assertEqual(str(percent._mall_unit_price(299.0, 2)), "239.20")
        # The clock moves: the scheduled one starts.
        later = self.now + timedelta(hours=2, minutes=30)
        active = Line._mall_active_for(self.product, now=later)
        self.assertEqual(active[self.product.id][0].price, 99.0)

    def test_card_and_detail_payloads(self):
        card = self.product._mall_card_payloads()[0]
        self.assertIsNone(card["flash"])
        discount = self._discount(price=199.0, cap=10)
        card = self.product._mall_card_payloads()[0]
        self.assertEqual(
            card["flash"],
            {
                "price": "199.00",
                "original_price": "299.00",
                "ends_at": fields.Datetime.to_string(discount.date_end),
                "remaining": 10,
            },
        )
        detail = self.product._mall_detail_payload()
        self.assertEqual(detail["flash"]["price"], "199.00")
        discount.active = False
        self.assertIsNone(self.product._mall_card_payloads()[0]["flash"])

    def test_sold_count(self):
        SaleLine = self.env["sale.order.line"]
        if "mall_flash_discount_line_id" not in SaleLine._fields:
            self.skipTest("order lines carry discounts with mall_miniprogram")
        line = self._discount(cap=3).line_ids
        partner = self.env["res.partner"].create({"name": "买家"})
        variant = self.product.product_variant_id

        def order(quantity):
            return self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": variant.id,
                                "product_uom_qty": quantity,
                                "mall_flash_discount_line_id": line.id,
                            },
                        )
                    ],
                }
            )

        confirmed = order(2)
        order(1)  # a quotation: not sold
        confirmed.action_confirm()
        line.invalidate_recordset(["sold"])
        self.assertEqual(line.sold, 2)
        Line = self.env["mall.flash.discount.line"]
        self.assertEqual(Line._mall_active_for(self.product)[self.product.id][1], 1)
        confirmed._action_cancel()
        line.invalidate_recordset(["sold"])
        self.assertEqual(line.sold, 0)
