# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import quote

from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestSearchApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        common = {"mall_published": True, "sale_ok": True}
        cls.dress = Template.create({**common, "name": "测搜碎花连衣裙"})
        cls.tea = Template.create({**common, "name": "测搜西湖龙井"})
        cls.other = cls.env["res.partner"].create(
            {"name": "路人", "mall_is_shopper": True}
        )

    def setUp(self):
        super().setUp()
        self.token = self.env["mall.shopper.token"]._issue(self.shopper)
        self.other_token = self.env["mall.shopper.token"]._issue(self.other)

    def _search(self, words, token=None):
        status, body, _response = self.api(
            "GET", f"/products?q={quote(words)}", token=token
        )
        self.assertEqual(status, 200, body)
        return [card["name"] for card in body["data"]]

    def test_keyword_search_route(self):
        self.assertEqual(self._search("测搜 连衣裙")[0], "测搜碎花连衣裙")
        # Pinyin: the demo shop sells another 西湖龙井, a better seller.
        self.assertEqual(self._search("cesou xihulongjing")[0], "测搜西湖龙井")

    def test_suggestions_while_typing(self):
        status, body, _response = self.api(
            "GET", f"/search/suggest?q={quote('测搜 连衣')}"
        )
        self.assertEqual(status, 200)
        self.assertEqual(
            body["data"][0], {"text": "测搜碎花连衣裙", "product_id": self.dress.id}
        )
        for query in ("", "x" * 51):
            with self.subTest(query=query):
                self.assertApiError(
                    self.api("GET", f"/search/suggest?q={query}"),
                    422,
                    "VALIDATION_ERROR",
                )
        self.assertApiError(self.api("GET", "/search/suggest"), 422, "VALIDATION_ERROR")

    def test_history_is_per_shopper_and_clearable(self):
        for words in ("测搜 连衣裙", "测搜龙井", "测搜 连衣裙"):
            self._search(words, token=self.token)
        self._search("测搜 私密", token=self.other_token)
        self._search("测搜 匿名")  # no shopper: not in anybody's history
        status, body, _response = self.api("GET", "/search/history", token=self.token)
        self.assertEqual((status, body["data"]), (200, ["测搜 连衣裙", "测搜龙井"]))
        status, body, _response = self.api(
            "DELETE", "/search/history", token=self.token
        )
        self.assertEqual((status, body["data"]), (200, {"deleted": 3}))
        _status, body, _response = self.api("GET", "/search/history", token=self.token)
        self.assertEqual(body["data"], [])
        _status, body, _response = self.api(
            "GET", "/search/history", token=self.other_token
        )
        self.assertEqual(body["data"], ["测搜 私密"])
        self.assertApiError(self.api("GET", "/search/history"), 401, "AUTH_REQUIRED")

    def test_hot_searches(self):
        Log = self.env["mall.search.log"]
        Log.search([]).unlink()
        shoppers = self.env["res.partner"].create(
            [{"name": f"顾客{i}", "mall_is_shopper": True} for i in range(3)]
        )
        for shopper in shoppers:
            Log._log("连衣裙", shopper, 5)
        for _repeat in range(5):  # one shopper repeating counts once
            Log._log("羽绒服", shoppers[0], 2)
        Log._log("羽绒服", shoppers[1], 2)
        Log._log("不存在的东西", shoppers[2], 0)  # found nothing: not hot
        status, body, _response = self.api("GET", "/search/hot")
        self.assertEqual((status, body["data"]), (200, ["连衣裙", "羽绒服"]))
