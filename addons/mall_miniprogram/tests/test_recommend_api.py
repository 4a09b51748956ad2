# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestRecommendApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Template = cls.env["product.template"]
        cls.category = cls.env["mall.category"].create({"name": "测试咖啡"})

        def product(name, **vals):
            return Template.create(
                {
                    "name": name,
                    "list_price": 20.0,
                    "mall_published": True,
                    "mall_category_id": cls.category.id,
                    **vals,
                }
            )

        cls.coffee = product("测试咖啡豆")
        cls.creamer = product("测试奶精")
        cls.mug = product("测试马克杯")
        cls.kettle = product("测试手冲壶", mall_sales_base=500)
        cls.hidden = product("测试下架滤纸", mall_published=False)
        cls.others = cls.env["res.partner"].create(
            [{"name": f"顾客{i}", "mall_is_shopper": True} for i in range(4)]
        )
        baskets = [
            (cls.coffee, cls.creamer, cls.hidden),
            (cls.coffee, cls.creamer, cls.mug),
            (cls.coffee, cls.creamer),
        ]
        for partner, basket in zip(cls.others, baskets, strict=False):
            cls._buy(partner, basket)
        # A fourth shopper only looked at the coffee and the mug.
        Footprint = cls.env["mall.footprint"]
        Footprint._record(cls.others[3], cls.coffee)
        Footprint._record(cls.others[3], cls.mug)
        cls.stranger = cls.env["res.partner"].create(
            {"name": "新顾客", "mall_is_shopper": True}
        )

    @classmethod
    def _buy(cls, partner, templates):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": template.product_variant_id.id})
                    for template in templates
                ],
            }
        )
        order.action_confirm()
        return order

    def setUp(self):
        super().setUp()
        self.env["mall.product.affinity"]._cron_mall_recompute()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper)
        self.stranger_token = Token._issue(self.stranger)

    def _affinity(self, left, right):
        return self.env["mall.product.affinity"].search(
            [("product_tmpl_id", "=", left.id), ("related_tmpl_id", "=", right.id)]
        )

    def _ids(self, path, token=None):
        status, body, _response = self.api("GET", path, token=token)
        self.assertEqual(status, 200, body)
        return [card["id"] for card in body["data"]]

    def test_cron_scores_co_purchases_over_views(self):
        creamer = self._affinity(self.coffee, self.creamer)
        mug = self._affinity(self.coffee, self.mug)
        self.assertTrue(creamer and mug)
        # Three shoppers bought coffee and creamer; one bought coffee and a
        # mug, one only looked at both.
        self.assertGreater(creamer.score, mug.score)
        self.assertEqual(self._affinity(self.mug, self.coffee).score, mug.score)
        self.assertFalse(self._affinity(self.coffee, self.kettle))
        # Recomputing replaces the table rather than adding to it.
        count = self.env["mall.product.affinity"].search_count([])
        self.env["mall.product.affinity"]._cron_mall_recompute()
        self.assertEqual(self.env["mall.product.affinity"].search_count([]), count)

    def test_recommendations_after_a_purchase(self):
        self._buy(self.shopper, self.coffee)
        ids = self._ids("/recommendations?limit=4", self.token)
        # Related products first, then best sellers of the category; never
        # the unpublished filter paper, nor the coffee already bought.
        self.assertEqual(ids[:3], [self.creamer.id, self.mug.id, self.kettle.id])
        self.assertNotIn(self.coffee.id, ids)
        self.assertNotIn(self.hidden.id, ids)
        self.assertEqual(len(ids), 4)
        # Coffee bought regularly is offered again.
        self.coffee.mall_repeat_purchase = True
        self.assertIn(self.coffee.id, self._ids("/recommendations?limit=4", self.token))

    def test_recommendations_from_views(self):
        self.env["mall.footprint"]._record(self.shopper, self.creamer)
        ids = self._ids("/recommendations?limit=2", self.token)
        self.assertEqual(ids, [self.coffee.id, self.mug.id])

    def test_recommendations_are_the_shoppers_own(self):
        self._buy(self.shopper, self.coffee)
        mine = self._ids("/recommendations?limit=3", self.token)
        theirs = self._ids("/recommendations?limit=3", self.stranger_token)
        self.assertEqual(mine[0], self.creamer.id)
        # Nothing known about the stranger: the shop's best sellers.
        best = self.env["product.template"]._mall_best_sellers(3)
        self.assertEqual(theirs, best.ids)
        self.assertEqual(self.api("GET", "/recommendations")[0], 401)

    def test_related_products(self):
        ids = self._ids(f"/products/{self.coffee.id}/related?limit=3")
        self.assertEqual(ids, [self.creamer.id, self.mug.id, self.kettle.id])
        status, _body, _response = self.api(
            "GET", f"/products/{self.hidden.id}/related"
        )
        self.assertEqual(status, 404)
        # A new affinity shows at once: the nightly job retires cached pages.
        ids = self._ids(f"/products/{self.kettle.id}/related?limit=1")
        self.assertEqual(ids, [self.creamer.id])
        self._buy(self.stranger, (self.coffee, self.kettle))
        self._buy(self.stranger, (self.coffee, self.kettle))
        self.env["mall.product.affinity"]._cron_mall_recompute()
        ids = self._ids(f"/products/{self.kettle.id}/related?limit=1")
        self.assertEqual(ids, [self.coffee.id])

    def test_demo_shopper_is_offered_creamer(self):
        lina = self.env.ref("mall_miniprogram.res_partner_shopper_lina", False)
        if not lina:
            self.skipTest("no demo data")
        creamer = self.env.ref("mall_miniprogram.product_product_coffee_creamer")
        drip = self.env.ref("mall_miniprogram.product_product_coffee_drip")
        recommended = self.env["product.template"]._mall_recommend_for(lina, limit=5)
        self.assertEqual(recommended[0], creamer.product_tmpl_id)
        related = drip.product_tmpl_id._mall_related_by_affinity(limit=1)
        self.assertEqual(related, creamer.product_tmpl_id)
