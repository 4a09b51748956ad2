# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MallCatalogCommon


@tagged("post_install", "-at_install")
class TestMallCategory(MallCatalogCommon):
    def test_levels_and_names(self):
        self.assertEqual(
            (
                self.category_root.level,
                self.category_mid.level,
                self.category_leaf.level,
            ),
            (1, 2, 3),
        )
        self.assertEqual(self.category_leaf.complete_name, "服装 / 女装 / 连衣裙")
        self.category_root.name = "服饰"
        self.assertEqual(self.category_leaf.complete_name, "服饰 / 女装 / 连衣裙")

    def test_no_fourth_level(self):
        with self.assertRaises(ValidationError):
            self.env["mall.category"].create(
                {"name": "长款", "parent_id": self.category_leaf.id}
            )

    def test_moving_a_subtree_keeps_three_levels(self):
        other_root = self.env["mall.category"].create({"name": "数码"})
        other_mid = self.env["mall.category"].create(
            {"name": "手机", "parent_id": other_root.id}
        )
        # 女装 carries a child: under 手机 its child would be on level 4.
        with self.assertRaises(ValidationError):
            self.category_mid.parent_id = other_mid
        # Under a root it stays within three levels, and levels follow.
        self.category_mid.parent_id = other_root
        self.assertEqual(self.category_leaf.level, 3)
        self.assertEqual(self.category_leaf.complete_name, "数码 / 女装 / 连衣裙")

    def test_no_cycle(self):
        with self.assertRaises(UserError):
            self.category_root.parent_id = self.category_leaf

    def test_product_count_includes_descendants(self):
        self.env["product.template"].create(
            {"name": "真丝衬衫", "mall_category_id": self.category_mid.id}
        )
        self.assertEqual(self.category_leaf.product_count, 1)
        self.assertEqual(self.category_mid.product_count, 2)
        self.assertEqual(self.category_root.product_count, 2)

    def test_form_creates_subcategory(self):
        with Form(self.env["mall.category"]) as form:
            form.name = "半身裙"
            form.parent_id = self.category_mid
        category = form.save()
        self.assertEqual(category.level, 3)
        self.assertIn(category, self.category_mid.child_ids)
