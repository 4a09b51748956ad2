# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestContentApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["mall.content"].search([]).active = False
        now = fields.Datetime.now()
        cls.product = cls.env["product.template"].create(
            {"name": "测试真丝围巾", "mall_published": True, "sale_ok": True}
        )
        cls.hidden_product = cls.env["product.template"].create({"name": "测试未上架"})
        Content = cls.env["mall.content"]
        cls.tutorial = Content.create(
            {
                "name": "真丝怎么洗",
                "kind": "tutorial",
                "published": True,
                "summary": "三步护理",
                "body": "<p>冷水手洗</p><script>alert(1)</script>",
                "product_tmpl_ids": [(6, 0, [cls.product.id, cls.hidden_product.id])],
                "date_start": now - timedelta(days=1),
            }
        )
        cls.story = Content.create(
            {"name": "品牌故事", "kind": "story", "published": True, "sequence": 20}
        )
        cls.future = Content.create(
            {
                "name": "下周新品",
                "kind": "preview",
                "published": True,
                "date_start": now + timedelta(days=7),
            }
        )
        cls.expired = Content.create(
            {
                "name": "过期活动",
                "kind": "preview",
                "published": True,
                "date_start": now - timedelta(days=10),
                "date_end": now - timedelta(days=1),
            }
        )
        cls.draft = Content.create({"name": "草稿", "kind": "story"})

    def test_list_shows_what_is_published_now(self):
        status, body, _response = self.api("GET", "/contents")
        self.assertEqual(status, 200)
        self.assertEqual([c["title"] for c in body["data"]], ["真丝怎么洗", "品牌故事"])
        self.assertEqual(body["meta"]["total"], 2)
        _status, body, _response = self.api("GET", "/contents?kind=story")
        self.assertEqual([c["title"] for c in body["data"]], ["品牌故事"])
        self.assertApiError(
            self.api("GET", "/contents?kind=news"), 422, "VALIDATION_ERROR"
        )

    def test_detail(self):
        status, body, _response = self.api("GET", f"/contents/{self.tutorial.id}")
        self.assertEqual(status, 200)
        detail = body["data"]
        self.assertIn("冷水手洗", detail["body"])
        self.assertNotIn("<script", detail["body"])
        self.assertEqual([p["id"] for p in detail["products"]], [self.product.id])
        for content in (self.future, self.expired, self.draft):
            with self.subTest(content=content.name):
                self.assertApiError(
                    self.api("GET", f"/contents/{content.id}"), 404, "NOT_FOUND"
                )
        self.assertApiError(self.api("GET", "/contents/999999999"), 404, "NOT_FOUND")

    def test_unpublishing_shows_at_once(self):
        self.api("GET", f"/contents/{self.story.id}")  # now cached
        self.story.action_unpublish()
        self.assertApiError(
            self.api("GET", f"/contents/{self.story.id}"), 404, "NOT_FOUND"
        )

    def test_window_must_be_ordered(self):
        with self.assertRaises(ValidationError):
            self.story.write(
                {
                    "date_start": fields.Datetime.now(),
                    "date_end": fields.Datetime.now() - timedelta(hours=1),
                }
            )
