# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestStoresApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        shop = cls.env["mall.shop"].create(
            {
                "name": "测试店",
                "code": "APITEST",
                "warehouse_id": cls.env.ref("stock.warehouse0").id,
            }
        )
        cls.env["mall.store"].search([]).active = False
        cls.stores = cls.env["mall.store"].create(
            [
                {
                    "name": f"门店{i}",
                    "shop_id": shop.id,
                    "latitude": 31.20 + i * 0.01,
                    "longitude": 121.40,
                }
                for i in range(5)
            ]
        )

    def test_nearest_first_with_paging(self):
        status, body, _response = self.api(
            "GET", "/stores?latitude=31.245&longitude=121.40&page_size=2&page=1"
        )
        self.assertEqual(status, 200)
        self.assertEqual([s["name"] for s in body["data"]], ["门店4", "门店3"])
        self.assertEqual(
            body["meta"], {"page": 1, "page_size": 2, "total": 5, "pages": 3}
        )
        self.assertAlmostEqual(body["data"][0]["distance_km"], 0.56, delta=0.05)
        _status, body, _response = self.api(
            "GET", "/stores?latitude=31.245&longitude=121.40&page_size=2&page=3"
        )
        self.assertEqual([s["name"] for s in body["data"]], ["门店0"])

    def test_without_position_in_merchant_order(self):
        _status, body, _response = self.api("GET", "/stores")
        self.assertEqual(
            [s["name"] for s in body["data"]], [f"门店{i}" for i in range(5)]
        )
        self.assertIsNone(body["data"][0]["distance_km"])

    def test_radius(self):
        _status, body, _response = self.api(
            "GET", "/stores?latitude=31.20&longitude=121.40&radius_km=2.5"
        )
        self.assertEqual([s["name"] for s in body["data"]], ["门店0", "门店1", "门店2"])

    def test_invalid_queries(self):
        for query, field in [
            ("latitude=91&longitude=0", "query.latitude"),
            ("latitude=abc&longitude=0", "query.latitude"),
            ("latitude=nan&longitude=0", "query.latitude"),
            ("latitude=31", "query"),
            ("page=0", "query.page"),
            ("page_size=51", "query.page_size"),
            ("radius_km=5", "query"),
        ]:
            with self.subTest(query=query):
                error = self.assertApiError(
                    self.api("GET", f"/stores?{query}"), 422, "VALIDATION_ERROR"
                )
                self.assertEqual(error["details"][0]["field"], field)

    def test_unknown_query_parameters_are_ignored(self):
        status, body, _response = self.api("GET", "/stores?_t=1732500000")
        self.assertEqual((status, body["meta"]["total"]), (200, 5))
