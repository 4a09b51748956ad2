# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.mall_loyalty.models.mall_points_redemption import PointsMallError

from .common import setup_member_program


@tagged("post_install", "-at_install")
class TestPointsMallStock(TransactionCase):
    def test_two_transactions_cannot_both_take_the_last_unit(self):
        """Two real transactions redeem the last unit: the second, whose
        snapshot saw it free, fails to serialize (Odoo retries it) and, on
        its retry, finds it gone. Shown outside the test cursor."""
        registry = self.registry
        # A TransactionCase's registry gives real cursors (not in test mode).
        self.assertIsNone(getattr(registry, "test_cr", None))
        ids = {}
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                product = env["product.product"].create({"name": "并发测试商品"})
                item = env["mall.points.item"].create(
                    {
                        "name": "最后一件",
                        "product_id": product.id,
                        "points": 10,
                        "stock_qty": 1,
                    }
                )
                ids = {"product": product.id, "item": item.id}
            with registry.cursor() as cr1, registry.cursor() as cr2:
                env1 = api.Environment(cr1, SUPERUSER_ID, {})
                env2 = api.Environment(cr2, SUPERUSER_ID, {})
                second = env2["mall.points.item"].browse(ids["item"])
                # The second transaction starts and sees one unit left.
                self.assertEqual(second.remaining_qty, 1)
                first = env1["mall.points.item"].browse(ids["item"])
                self.assertTrue(first._points_take_stock(1))
                cr1.commit()
                with (
                    mute_logger("odoo.sql_db"),
                    self.assertRaises(SerializationFailure),
                ):
                    second._points_take_stock(1)
                cr2.rollback()
                env2.invalidate_all()
                # Odoo's retry: a new snapshot, the unit is gone.
                self.assertFalse(second._points_take_stock(1))
                self.assertEqual(second.redeemed_qty, 1)
        finally:
            if ids:
                with registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["mall.points.item"].browse(ids["item"]).unlink()
                    env["product.product"].browse(ids["product"]).unlink()


@tagged("post_install", "-at_install")
class TestPointsMallRedeem(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        setup_member_program(cls.env, cls.company, mall_member_day=0)
        cls.member = cls.env["res.partner"].create({"name": "兑换会员"})
        cls.Points = cls.env["mall.member.points"]
        cls.Points._mall_earn(cls.member, 1000, "signup", "测试积分", cls.company)
        cls.product = cls.env["product.product"].create(
            {"name": "兑换商品", "taxes_id": False}
        )
        cls.item = cls.env["mall.points.item"].create(
            {
                "name": "兑换商品",
                "product_id": cls.product.id,
                "points": 200,
                "stock_qty": 5,
                "per_shopper_limit": 2,
            }
        )

    def _redeem(self, qty=1):
        return self.env["mall.points.redemption"]._points_redeem(
            self.member, self.item, qty
        )

    def test_refusals_leave_everything_as_it_was(self):
        card = self.Points._mall_card(self.member, create=False)
        for qty, code in ((6, "POINTS_INSUFFICIENT"), (0, "VALIDATION_ERROR")):
            with self.assertRaises(PointsMallError) as caught:
                self._redeem(qty)
            self.assertEqual(caught.exception.code, code)
        self.assertEqual((card.points, self.item.redeemed_qty), (1000, 0))
        redemption = self._redeem(2)
        self.assertEqual(redemption.order_id.amount_total, 0)
        self.assertEqual(redemption.order_id.state, "draft")
        with self.assertRaises(PointsMallError) as caught:
            self._redeem(1)
        self.assertEqual(caught.exception.code, "POINTS_LIMIT")
        self.assertEqual((card.points, self.item.redeemed_qty), (600, 2))

    def test_order_cancelled_returns_points(self):
        redemption = self._redeem(1)
        redemption.order_id._action_cancel()
        card = self.Points._mall_card(self.member, create=False)
        self.assertEqual((redemption.state, card.points), ("cancel", 1000))
        self.assertEqual(self.item.redeemed_qty, 0)
