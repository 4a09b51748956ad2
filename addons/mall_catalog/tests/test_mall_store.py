# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.mall_catalog.models.mall_store import STORE_CACHE_KEY
from odoo.addons.mall_catalog.tools import redis_store

from .common import MallCatalogCommon, redis_url


@tagged("post_install", "-at_install")
class TestMallStore(MallCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Store = cls.env["mall.store"]
        cls.store_jingan = Store.create(
            {
                "name": "静安店",
                "shop_id": cls.shop.id,
                "city": "上海市",
                "street": "南京西路1266号",
                "latitude": 31.2286,
                "longitude": 121.4547,
            }
        )
        cls.store_pudong = Store.create(
            {
                "name": "浦东店",
                "shop_id": cls.shop.id,
                "city": "上海市",
                "street": "世纪大道100号",
                "latitude": 31.2353,
                "longitude": 121.5057,
            }
        )
        cls.store_beijing = Store.create(
            {
                "name": "国贸店",
                "shop_id": cls.shop.id,
                "city": "北京市",
                "street": "建国门外大街1号",
                "latitude": 39.9087,
                "longitude": 116.4605,
            }
        )
        cls.our_stores = cls.store_jingan | cls.store_pudong | cls.store_beijing
        # Store creation above belongs to this test transaction; commit-less
        # tests see it as "changed here", so simulate a fresh transaction.
        cls.env.cr.precommit.data.pop("mall_cache.dirty", None)

    def _cache_key(self):
        return f"mall:{self.env.cr.dbname}:{STORE_CACHE_KEY}:{self.env.lang or 'en_US'}"

    def _rename_behind_the_orm(self, store, name):
        self.env.cr.execute(
            "UPDATE mall_store SET name = jsonb_build_object('en_US', %s) "
            "WHERE id = %s",
            [name, store.id],
        )
        self.env.invalidate_all()

    def test_coordinates_checked(self):
        with self.assertRaises(ValidationError):
            self.store_jingan.latitude = 91

    def test_nearby_sorted_by_distance(self):
        # From People's Square: Jing'an (≈1.8 km), Pudong (≈3 km), Beijing (≈1070 km).
        stores = self.env["mall.store"]._mall_nearby(31.2304, 121.4737)
        ours = [s for s in stores if s["id"] in self.our_stores.ids]
        self.assertEqual(
            [s["id"] for s in ours],
            [self.store_jingan.id, self.store_pudong.id, self.store_beijing.id],
        )
        self.assertAlmostEqual(ours[0]["distance_km"], 1.8, delta=0.5)
        self.assertAlmostEqual(ours[2]["distance_km"], 1068, delta=15)
        within = self.env["mall.store"]._mall_nearby(31.2304, 121.4737, radius_km=50)
        self.assertNotIn(self.store_beijing.id, [s["id"] for s in within])

    def test_cached_in_redis_and_invalidated_by_writes(self):
        client = redis_store.get_client()
        self.assertIsNotNone(client, "the test configuration names a Redis server")
        Store = self.env["mall.store"]
        first = Store._mall_cached_store_payload()
        cached = json.loads(client.get(self._cache_key()))
        self.assertEqual(cached, first)
        self.assertIn(self.store_jingan.id, [s["id"] for s in cached])
        # A change behind the ORM's back is not seen: the answer is the cache's.
        self._rename_behind_the_orm(self.store_jingan, "SQL")
        names = {s["id"]: s["name"] for s in Store._mall_cached_store_payload()}
        self.assertEqual(names[self.store_jingan.id], "静安店")
        # A write through the ORM drops the cached copy.
        self.store_jingan.name = "静安旗舰店"
        self.assertIsNone(client.get(self._cache_key()))
        names = {s["id"]: s["name"] for s in Store._mall_cached_store_payload()}
        self.assertEqual(names[self.store_jingan.id], "静安旗舰店")
        # ... and this transaction, which may still roll back, does not refill it.
        self.assertIsNone(client.get(self._cache_key()))

    def test_without_redis_reads_the_database(self):
        with redis_url(""):
            self.assertIsNone(redis_store.get_client())
            self.assertEqual(redis_store.status()["configured"], False)
            self._rename_behind_the_orm(self.store_jingan, "SQL")
            names = {
                s["id"]: s["name"]
                for s in self.env["mall.store"]._mall_cached_store_payload()
            }
        self.assertEqual(names[self.store_jingan.id], "SQL")

    def test_unreachable_redis_falls_back(self):
        # Port 9 (discard) on loopback: nothing listens, connections are refused.
        with redis_url("redis://127.0.0.1:9/0"):
            status = redis_store.status()
            self.assertEqual((status["configured"], status["ok"]), (True, False))
            stores = self.env["mall.store"]._mall_cached_store_payload()
        self.assertIn(self.store_pudong.id, [s["id"] for s in stores])
