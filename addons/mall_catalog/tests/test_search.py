# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MallCatalogCommon


@tagged("post_install", "-at_install")
class TestSearch(MallCatalogCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        brand = cls.env["product.brand"].create({"name": "云裳"})
        shirts = cls.env["mall.category"].create(
            {"name": "衬衫", "parent_id": cls.category_mid.id}
        )
        common = {"mall_published": True, "sale_ok": True, "mall_shop_id": cls.shop.id}
        cls.product.write(
            {**common, "product_brand_id": brand.id, "mall_sales_base": 5}
        )
        cls.long_dress = Template.create(
            {
                **common,
                "name": "真丝长款连衣裙",
                "mall_category_id": cls.category_leaf.id,
                "mall_sales_base": 900,
            }
        )
        cls.skirt = Template.create(
            {
                **common,
                "name": "百褶半身裙",
                "mall_subtitle": "可搭配连衣裙外套",
                "mall_category_id": cls.category_mid.id,
                # The best seller: a match in the subtitle must still rank last.
                "mall_sales_base": 4000,
            }
        )
        cls.in_dress_category = Template.create(
            {
                **common,
                "name": "雪纺吊带",
                "mall_category_id": cls.category_leaf.id,
                "mall_sales_base": 3000,
            }
        )
        cls.shirt = Template.create(
            {
                **common,
                "name": "亚麻短袖衬衫",
                "mall_category_id": shirts.id,
                "product_brand_id": brand.id,
            }
        )
        cls.ours = (
            cls.product | cls.long_dress | cls.skirt | cls.in_dress_category | cls.shirt
        )

    def _search(self, query, **kwargs):
        page, _total = self.env["product.template"]._mall_search(
            query=query, limit=50, **kwargs
        )
        return [t for t in page if t in self.ours]

    def test_name_matches_rank_first_then_category_then_text(self):
        found = self._search("连衣裙")
        # Both dresses carry the word in their name; among them the best
        # seller leads. Then a product only filed under 连衣裙, then one that
        # only mentions it in its subtitle.
        self.assertEqual(
            found,
            [self.long_dress, self.product, self.in_dress_category, self.skirt],
        )

    def test_more_matching_words_rank_higher(self):
        found = self._search("碎花 连衣裙")
        self.assertEqual(found[0], self.product)

    def test_pinyin_and_initials(self):
        self.assertEqual(self._search("lianyiqun")[:2], [self.long_dress, self.product])
        self.assertIn(self.product, self._search("lyq"))
        self.assertEqual(self._search("chenshan"), [self.shirt])

    def test_homophone_typo(self):
        # 群 for 裙, 沉衫 for 衬衫: same sound, wrong character.
        self.assertEqual(self._search("连衣群")[:2], [self.long_dress, self.product])
        self.assertEqual(self._search("沉衫"), [self.shirt])

    def test_prefix_while_typing(self):
        self.assertIn(self.product, self._search("连衣"))
        self.assertIn(self.shirt, self._search("亚"))
        self.assertIn(self.shirt, self._search("yam"))

    def test_brand_and_filters(self):
        self.assertEqual(set(self._search("云裳")), {self.product, self.shirt})
        self.assertEqual(
            self._search("云裳", category=self.category_leaf), [self.product]
        )
        self.assertEqual(self._search("连衣裙", sort="sales")[0], self.skirt)

    def test_no_match(self):
        self.assertEqual(self._search("羽绒服"), [])
        self.assertEqual(self._search("！！！"), [])

    def test_renamed_product_is_found_by_its_new_name(self):
        self.shirt.name = "亚麻短袖衬衣"
        self.assertEqual(self._search("衬衣"), [self.shirt])

    def test_unpublished_products_are_not_found(self):
        self.long_dress.mall_published = False
        self.assertNotIn(self.long_dress, self._search("连衣裙"))


@tagged("post_install", "-at_install")
class TestSearchDemoCatalog(MallCatalogCommon):
    """What a shopper types, on the demo shop's catalog."""

    def setUp(self):
        super().setUp()
        if not self.env.ref(
            "mall_catalog.mall_shop_flagship", raise_if_not_found=False
        ):
            self.skipTest("needs the demo data")

    def _first_names(self, query, count):
        page, _total = self.env["product.template"]._mall_search(
            query=query, limit=count
        )
        return page.mapped("name")

    def test_common_words_find_their_products_first(self):
        for query, expected, count in [
            ("车厘子", "智利车厘子", 1),
            ("chelizi", "智利车厘子", 1),
            ("充电器", "充电器", 2),
            ("连衣裙", "连衣裙", 2),  # the third dress is not published
            ("lianyiqun", "连衣裙", 2),
        ]:
            with self.subTest(query=query):
                names = self._first_names(query, count)
                self.assertEqual(len(names), count, f"too little found for {query}")
                for name in names:
                    self.assertIn(expected, name)
