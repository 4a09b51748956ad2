# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.mall_catalog.tools import redis_store


class FlashCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.variant = cls.env["product.product"].create(
            {"name": "秒杀 茅台 500ml", "list_price": 1499.0}
        )
        cls.buyers = cls.env["res.partner"].create(
            [{"name": f"Buyer {i}"} for i in range(8)]
        )

    def make_sale(self, quota=5, start=None, limit=1, publish=True):
        sale = self.env["mall.flash.sale"].create(
            {
                "name": "Flash",
                "product_id": self.variant.id,
                "flash_price": 999.0,
                "quota": quota,
                "per_shopper_limit": limit,
                "date_start": start or fields.Datetime.now() - timedelta(minutes=1),
                "payment_minutes": 15,
            }
        )
        if publish:
            sale.action_publish()
        return sale

    def expire_all(self, sale):
        sale.claim_ids.write(
            {"expires_at": fields.Datetime.now() - timedelta(seconds=1)}
        )
        return self.env["mall.flash.claim"]._cron_flash_expire()


@tagged("post_install", "-at_install")
class TestFlashSaleRedis(FlashCommon):
    def setUp(self):
        super().setUp()
        self.client = redis_store.get_client()
        try:
            self.client.ping()
        except Exception:  # noqa: BLE001
            self.skipTest("Redis is not configured or not running")
        prefix = f"test:flash:{secrets.token_hex(4)}:"
        self.env = self.env(context=dict(self.env.context, mall_flash_prefix=prefix))
        self.addCleanup(
            lambda: [self.client.delete(k) for k in self.client.scan_iter(f"{prefix}*")]
        )

    def drain(self, sale, consumer="w1"):
        while sale._flash_worker_batch(consumer, count=3, commit=False):
            pass

    def test_beyond_stock_rejected(self):
        sale = self.make_sale(quota=5)
        results = [sale._flash_claim(buyer) for buyer in self.buyers]
        self.assertEqual([ok for ok, _ in results].count(True), 5)
        self.assertEqual({r for ok, r in results if not ok}, {"SOLD_OUT"})
        self.assertEqual(sale._flash_claims().stock(), 0)
        self.drain(sale)
        self.assertEqual(len(sale.claim_ids), 5)
        self.assertEqual(set(sale.claim_ids.mapped("state")), {"ordered"})
        orders = sale.claim_ids.order_id
        self.assertEqual(len(orders), 5)
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        self.assertEqual(orders.order_line.mapped("price_unit"), [999.0] * 5)
        self.assertEqual(sale.remaining, 0)
        self.assertEqual(sale._flash_claims().pending_count(), 0)

    def test_per_shopper_limit_and_not_started(self):
        sale = self.make_sale(quota=5, limit=1)
        self.assertTrue(sale._flash_claim(self.buyers[0])[0])
        self.assertEqual(sale._flash_claim(self.buyers[0]), (False, "LIMIT"))
        later = self.make_sale(start=fields.Datetime.now() + timedelta(hours=1))
        self.assertEqual(later._flash_claim(self.buyers[0]), (False, "NOT_STARTED"))

    def test_expiry_returns_stock(self):
        sale = self.make_sale(quota=1)
        self.assertTrue(sale._flash_claim(self.buyers[0])[0])
        self.assertEqual(sale._flash_claim(self.buyers[1]), (False, "SOLD_OUT"))
        self.drain(sale)
        order = sale.claim_ids.order_id
        self.expire_all(sale)
        self.assertEqual(sale.claim_ids.state, "expired")
        self.assertEqual(order.state, "cancel")
        self.assertEqual(sale.remaining, 1)
        self.assertEqual(sale._flash_claims().stock(), 1)
        # The returned unit can be claimed again, by the same shopper too.
        self.assertTrue(sale._flash_claim(self.buyers[0])[0])

    def test_paid_claim_does_not_expire(self):
        sale = self.make_sale(quota=1)
        sale._flash_claim(self.buyers[0])
        self.drain(sale)
        sale.claim_ids.order_id.action_confirm()
        self.expire_all(sale)
        self.assertEqual(sale.claim_ids.state, "paid")
        self.assertEqual(sale.remaining, 0)

    def test_worker_crash_and_recovery(self):
        sale = self.make_sale(quota=5, limit=0)
        for buyer in self.buyers[:4]:
            sale._flash_claim(buyer)
        redis_claims = sale._flash_claims()
        # Worker 1 reads a batch, then dies before its commit and XACK.
        batch = redis_claims.read_batch("w1", count=10, min_idle_ms=None)
        self.assertEqual(len(batch), 4)
        # Worker 2 sees nothing new while the entries are fresh...
        self.assertEqual(sale._flash_worker_batch("w2", commit=False), 0)
        time.sleep(0.02)
        # ... then takes them over once idle long enough.
        self.assertEqual(
            sale._flash_worker_batch("w2", min_idle_ms=10, commit=False), 4
        )
        self.assertEqual(redis_claims.pending_count(), 0)
        self.assertEqual(len(sale.claim_ids.order_id), 4)
        # The same entries processed again (a worker died after its commit,
        # before its XACK) create nothing twice.
        again = sale._flash_materialize_entries([entry for _eid, entry in batch])
        self.assertFalse(again)
        self.assertEqual(len(sale.claim_ids), 4)
        self.assertEqual(len(sale.claim_ids.order_id), 4)
        self.assertEqual(sale.remaining, 1)


@tagged("post_install", "-at_install")
class TestFlashSalePostgres(FlashCommon):
    def setUp(self):
        super().setUp()
        patcher = patch.object(redis_store, "get_client", return_value=None)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_beyond_stock_rejected(self):
        sale = self.make_sale(quota=5)
        results = [sale._flash_claim(buyer) for buyer in self.buyers]
        self.assertEqual([ok for ok, _ in results].count(True), 5)
        self.assertEqual({r for ok, r in results if not ok}, {"SOLD_OUT"})
        self.assertEqual(sale.remaining, 0)
        self.assertEqual(len(sale.claim_ids), 5)
        orders = self.env["mall.flash.claim"]._flash_materialize_pending()
        self.assertEqual(len(orders), 5)
        self.assertFalse(self.env["mall.flash.claim"]._flash_materialize_pending())

    def test_limit_not_started_and_expiry(self):
        sale = self.make_sale(quota=2, limit=1)
        self.assertTrue(sale._flash_claim(self.buyers[0])[0])
        self.assertEqual(sale._flash_claim(self.buyers[0]), (False, "LIMIT"))
        self.assertEqual(sale.remaining, 1)
        later = self.make_sale(start=fields.Datetime.now() + timedelta(hours=1))
        self.assertEqual(later._flash_claim(self.buyers[0]), (False, "NOT_STARTED"))
        self.env["mall.flash.claim"]._flash_materialize_pending()
        self.expire_all(sale)
        self.assertEqual(sale.remaining, 2)
        self.assertEqual(sale.claim_ids.order_id.state, "cancel")
        self.assertTrue(sale._flash_claim(self.buyers[0])[0])
