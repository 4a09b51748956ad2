# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
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

    def lose_redis(self, sale):
        """Redis loses the sale's keys (restart without AOF, failover)."""
        self.client.delete(*sale._flash_claims().keys.values())

    def cron(self):
        # The cron commits each batch: not in a test's transaction.
        with patch.object(self.env.cr, "commit"):
            self.env["mall.flash.sale"]._cron_flash_materialize(batch_size=3)

    def run_cron(self):
        """The cron, asserting that it restores without logging an ERROR."""
        with self.assertLogs(level="WARNING") as logs:
            self.cron()
        self.assertFalse([r for r in logs.records if r.levelno >= logging.ERROR])
        return logs

    def sold(self, sale):
        claims = sale.claim_ids.filtered(lambda c: c.state != "expired")
        return sum(claims.mapped("qty"))

    def test_redis_loss_restored_from_database(self):
        sale = self.make_sale(quota=6, limit=2)
        # Other sales of the database are in Redis too (under this prefix).
        self.env["mall.flash.sale"].search(
            [("state", "=", "published"), ("id", "!=", sale.id)]
        )._flash_publish_redis()
        buyers = self.buyers
        self.assertTrue(sale._flash_claim(buyers[0], qty=2)[0])
        self.assertTrue(sale._flash_claim(buyers[1])[0])
        self.cron()
        self.assertEqual(sale.remaining, 3)
        # Accepted, not yet an order when Redis goes: lost with it.
        self.assertTrue(sale._flash_claim(buyers[2])[0])
        self.lose_redis(sale)
        logs = self.run_cron()
        restored = [line for line in logs.output if f"Flash sale {sale.id} " in line]
        self.assertEqual(len(restored), 1)
        self.assertIn("WARNING", restored[0])
        self.assertIn("with 3 units in stock", restored[0])
        self.assertIn("AOF", restored[0])
        redis_claims = sale._flash_claims()
        self.assertEqual(redis_claims.stock(), sale.remaining)
        self.assertEqual(redis_claims.pending_count(), 0)  # the group is back
        # The per-shopper limit held through the loss.
        self.assertEqual(sale._flash_claim(buyers[0]), (False, "LIMIT"))
        self.assertTrue(sale._flash_claim(buyers[1])[0])
        results = [sale._flash_claim(buyer) for buyer in buyers[2:6]]
        self.assertEqual([ok for ok, _r in results], [True, True, False, False])
        self.assertEqual({r for ok, r in results if not ok}, {"SOLD_OUT"})
        self.cron()
        self.assertEqual(sale.remaining, 0)
        self.assertEqual(redis_claims.stock(), 0)
        self.assertEqual(set(sale.claim_ids.mapped("state")), {"ordered"})
        self.assertEqual(len(sale.claim_ids.order_id), 5)
        self.assertEqual(self.sold(sale), sale.quota)  # no oversell

    def test_redis_loss_claim_and_worker_restore(self):
        sale = self.make_sale(quota=3, limit=1)
        self.assertTrue(sale._flash_claim(self.buyers[0])[0])
        self.drain(sale)
        closed = self.make_sale(quota=2)
        closed.action_close()
        self.lose_redis(sale)
        self.lose_redis(closed)
        # A claim on the Odoo side finds the sale gone: restored, then claimed.
        with self.assertLogs("odoo.addons.mall_groupbuy", "WARNING") as logs:
            self.assertEqual(sale._flash_claim(self.buyers[0]), (False, "LIMIT"))
        self.assertIn(f"Flash sale {sale.id} was missing in Redis", logs.output[0])
        self.assertTrue(sale._flash_claim(self.buyers[1])[0])
        self.assertEqual(sale._flash_claims().stock(), 1)
        # A worker reading a stream Redis lost: restored, read again; a closed
        # sale gets an empty stream (nothing to read, no error).
        self.lose_redis(sale)
        with self.assertLogs("odoo.addons.mall_groupbuy", "WARNING"):
            self.assertEqual(sale._flash_worker_batch("w1", commit=False), 0)
        self.assertEqual(closed._flash_worker_batch("w1", commit=False), 0)
        self.assertEqual(sale._flash_claims().stock(), sale.remaining)
        self.assertEqual(sale._flash_claims().stock(), 2)
        self.assertFalse(closed._flash_claims().exists())
        # Nothing missing: nothing restored, nothing logged.
        self.assertFalse((sale | closed)._flash_restore_redis())
        self.assertEqual(self.sold(sale), 1)


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
