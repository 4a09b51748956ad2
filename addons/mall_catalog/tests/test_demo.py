# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

# China's bounding box (latitude, longitude).
CHINA_LATITUDE = (18.0, 54.0)
CHINA_LONGITUDE = (73.0, 135.0)


@tagged("post_install", "-at_install")
class TestMallDemo(TransactionCase):
    """The demo shop is complete enough to show the mini-program with."""

    def setUp(self):
        super().setUp()
        if not self.env.ref(
            "mall_catalog.mall_shop_flagship", raise_if_not_found=False
        ):
            self.skipTest("mall_catalog was installed without demo data")
        demo = self.env["mall.demo"]
        self.templates = demo._demo_records("product.template")
        self.categories = demo._demo_records("mall.category")
        self.variants = self.templates.product_variant_ids

    def test_shops(self):
        flagship = self.env.ref("mall_catalog.mall_shop_flagship")
        fresh = self.env.ref("mall_catalog.mall_shop_fresh")
        self.assertEqual(flagship.warehouse_id, self.env.ref("stock.warehouse0"))
        self.assertEqual(fresh.warehouse_id.code, "FRSH")
        self.assertTrue(flagship.product_count and fresh.product_count)
        self.assertEqual(self.templates.mall_shop_id, flagship | fresh)

    def test_products_hang_on_leaf_categories(self):
        on_leaves = self.templates.filtered(lambda t: t.mall_category_id.level == 3)
        self.assertGreaterEqual(len(on_leaves), 60)
        self.assertTrue(self.templates.filtered("mall_published"))
        self.assertTrue(self.templates.filtered(lambda t: not t.mall_published))
        leaves = self.categories.filtered(lambda c: c.level == 3)
        for leaf in leaves:
            self.assertGreaterEqual(
                len(leaf.product_tmpl_ids), 2, f"{leaf.complete_name} has no products"
            )

    def test_categories_span_three_levels(self):
        self.assertEqual(set(self.categories.mapped("level")), {1, 2, 3})
        roots = self.categories.filtered(lambda c: c.level == 1)
        self.assertEqual(len(roots), 5)
        for category in self.categories.filtered(lambda c: c.level < 3):
            self.assertTrue(category.child_ids, f"{category.complete_name} is empty")

    def test_brands(self):
        self.assertTrue(all(template.product_brand_id for template in self.templates))
        self.assertGreaterEqual(len(self.templates.product_brand_id), 10)

    def test_variants(self):
        with_variants = self.templates.filtered(lambda t: t.product_variant_count > 1)
        self.assertGreaterEqual(len(with_variants), 15)
        codes = self.variants.mapped("default_code")
        self.assertTrue(all(codes), "every variant has an internal reference")
        self.assertEqual(len(codes), len(set(codes)))
        self.assertTrue(all(self.variants.mapped("weight")))

    def test_stock(self):
        storable = self.variants.filtered("is_storable")
        self.assertEqual(storable, self.variants)
        in_stock = storable.filtered(lambda p: p.qty_available > 0)
        self.assertGreaterEqual(len(in_stock), 0.75 * len(storable))
        self.assertTrue(storable - in_stock, "some variants are out of stock")
        # Each shop's products are stocked in the shop's own warehouse.
        for variant in storable:
            warehouse = variant.mall_shop_id.warehouse_id
            self.assertEqual(
                variant.with_context(warehouse_id=warehouse.id).qty_available,
                variant.qty_available,
            )

    def test_stock_generation_is_idempotent(self):
        # Other modules' demo data may have moved stock since: set it again once.
        generate = self.env["mall.demo"]._generate_demo_stock_and_images
        generate()
        self.env.invalidate_all()
        before = {variant: variant.qty_available for variant in self.variants}
        moves = self.env["stock.move"].search_count([])
        generate()
        self.env.invalidate_all()
        self.assertEqual(self.env["stock.move"].search_count([]), moves)
        for variant, quantity in before.items():
            self.assertEqual(variant.qty_available, quantity)

    def test_images(self):
        self.assertTrue(all(self.templates.mapped("image_1920")))
        self.assertTrue(all(self.categories.mapped("icon")))

    def test_stores_are_in_china(self):
        stores = self.env["mall.demo"]._demo_records("mall.store")
        self.assertGreaterEqual(len(stores), 4)
        for store in stores:
            self.assertTrue(CHINA_LATITUDE[0] <= store.latitude <= CHINA_LATITUDE[1])
            self.assertTrue(CHINA_LONGITUDE[0] <= store.longitude <= CHINA_LONGITUDE[1])
            self.assertEqual(store.state_id.country_id.code, "CN")
