# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestFavoritesAndFootprints(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        cls.tea, cls.coffee, cls.hidden = Template.create(
            [
                {"name": f"测试{name}", "mall_published": True, "sale_ok": True}
                for name in ("龙井茶", "挂耳咖啡", "下架商品")
            ]
        )
        cls.hidden.mall_published = False
        cls.other = cls.env["res.partner"].create(
            {"name": "别的顾客", "mall_is_shopper": True}
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper)
        self.other_token = Token._issue(self.other)

    def _list(self, path, token=None):
        status, body, _response = self.api("GET", path, token=token or self.token)
        self.assertEqual(status, 200, body)
        return body

    def test_favorites(self):
        for product in (self.tea, self.coffee, self.tea):
            status, body, _response = self.api(
                "PUT", f"/favorites/{product.id}", token=self.token
            )
            self.assertEqual(
                (status, body["data"]),
                (200, {"product_id": product.id, "favorite": True}),
            )
        favorites = self.env["mall.favorite"].search(
            [("partner_id", "=", self.shopper.id)]
        )
        self.assertEqual(favorites.product_tmpl_id, self.tea | self.coffee)
        body = self._list("/favorites")
        self.assertEqual(body["meta"]["total"], 2)
        self.assertEqual(
            {f["product"]["name"] for f in body["data"]}, {"测试龙井茶", "测试挂耳咖啡"}
        )
        self.assertRegex(body["data"][0]["added_at"], r"(Z|\+00:00)$")
        # Another shopper sees none of them.
        self.assertEqual(self._list("/favorites", self.other_token)["meta"]["total"], 0)
        self.api("DELETE", f"/favorites/{self.tea.id}", token=self.token)
        self.assertEqual(
            [f["product"]["id"] for f in self._list("/favorites")["data"]],
            [self.coffee.id],
        )
        # A product unpublished later disappears from the list, not with an error.
        self.coffee.mall_published = False
        self.assertEqual(self._list("/favorites")["meta"]["total"], 0)

    def test_favorite_errors(self):
        self.assertApiError(
            self.api("PUT", f"/favorites/{self.hidden.id}", token=self.token),
            404,
            "NOT_FOUND",
        )
        self.assertApiError(
            self.api("PUT", "/favorites/999999999", token=self.token), 404, "NOT_FOUND"
        )
        self.assertApiError(
            self.api("PUT", f"/favorites/{self.tea.id}"), 401, "AUTH_REQUIRED"
        )
        self.assertApiError(
            self.api("GET", "/favorites?page_size=500", token=self.token),
            422,
            "VALIDATION_ERROR",
        )

    def test_footprints_one_per_product_and_day(self):
        day1 = datetime(2026, 11, 11, 2, 0)
        for when, product in [
            (day1, self.tea),
            (day1 + timedelta(hours=1), self.coffee),
            (day1 + timedelta(hours=2), self.tea),  # same day: moves up
            (day1 + timedelta(days=1), self.tea),  # next day: a new footprint
        ]:
            with freeze_time(when):
                status, body, _response = self.api(
                    "POST",
                    "/footprints",
                    token=self.token,
                    json_body={"product_id": product.id},
                )
            self.assertEqual(status, 200, body)
        body = self._list("/footprints")
        self.assertEqual(
            [(f["day"], f["product"]["name"]) for f in body["data"]],
            [
                ("2026-11-12", "测试龙井茶"),
                ("2026-11-11", "测试龙井茶"),
                ("2026-11-11", "测试挂耳咖啡"),
            ],
        )
        self.assertEqual(
            self._list("/footprints", self.other_token)["meta"]["total"], 0
        )
        status, body, _response = self.api("DELETE", "/footprints", token=self.token)
        self.assertEqual((status, body["data"]), (200, {"deleted": 3}))
        self.assertEqual(self._list("/footprints")["meta"]["total"], 0)

    def test_footprint_errors(self):
        for payload, status, code in [
            ({"product_id": self.hidden.id}, 404, "NOT_FOUND"),
            ({"product_id": 0}, 422, "VALIDATION_ERROR"),
            ({}, 422, "VALIDATION_ERROR"),
        ]:
            with self.subTest(payload=payload):
                self.assertApiError(
                    self.api(
                        "POST", "/footprints", token=self.token, json_body=payload
                    ),
                    status,
                    code,
                )
        self.assertFalse(
            self.env["mall.footprint"].search([("partner_id", "=", self.shopper.id)])
        )
