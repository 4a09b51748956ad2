# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import timedelta

from PIL import Image

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_catalog.tests.common import redis_url

from .common import MallApiCommon, picture_base64


@tagged("post_install", "-at_install")
class TestCatalogApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.shop = env["mall.shop"].create(
            {
                "name": "测试店",
                "code": "CATTEST",
                "warehouse_id": env.ref("stock.warehouse0").id,
            }
        )
        Category = env["mall.category"]
        cls.root = Category.create({"name": "测试服装"})
        cls.mid = Category.create({"name": "测试女装", "parent_id": cls.root.id})
        cls.leaf = Category.create({"name": "测试连衣裙", "parent_id": cls.mid.id})
        cls.other_leaf = Category.create({"name": "测试衬衫", "parent_id": cls.mid.id})
        cls.brand = env["product.brand"].create({"name": "测试品牌"})
        cls.label_hot = env["mall.product.label"].create({"name": "测试热卖"})
        Template = env["product.template"]
        common = {
            "is_storable": True,
            "mall_shop_id": cls.shop.id,
            "mall_published": True,
            "sale_ok": True,
        }
        cls.dress = Template.create(
            {
                **common,
                "name": "测试碎花连衣裙",
                "list_price": 299.0,
                "mall_category_id": cls.leaf.id,
                "product_brand_id": cls.brand.id,
                "mall_label_ids": [(4, cls.label_hot.id)],
                "mall_sales_base": 50,
                "image_1920": picture_base64("red"),
                "mall_spec_ids": [(0, 0, {"name": "面料", "value": "真丝"})],
                "mall_image_ids": [
                    (0, 0, {"name": "背面", "image_1920": picture_base64("blue")})
                ],
            }
        )
        cls.shirt = Template.create(
            {
                **common,
                "name": "测试亚麻衬衫",
                "list_price": 129.0,
                "mall_category_id": cls.other_leaf.id,
                "mall_sales_base": 80,
            }
        )
        cls.old_shirt = Template.create(
            {
                **common,
                "name": "测试牛津衬衫",
                "list_price": 99.9,
                "mall_category_id": cls.other_leaf.id,
                "mall_sales_base": 10,
                "mall_publish_date": fields.Datetime.now() - timedelta(days=90),
            }
        )
        cls.hidden = Template.create(
            {**common, "name": "测试未上架", "mall_category_id": cls.leaf.id}
        )
        cls.hidden.mall_published = False
        # Colour × size variants for the dress, the large one costs more.
        colour = env["product.attribute"].create(
            {"name": "测试颜色", "display_type": "color", "create_variant": "always"}
        )
        size = env["product.attribute"].create(
            {"name": "测试尺码", "create_variant": "always"}
        )
        red, blue = env["product.attribute.value"].create(
            [
                {"name": "红", "attribute_id": colour.id, "html_color": "#FF0000"},
                {"name": "蓝", "attribute_id": colour.id, "html_color": "#0000FF"},
            ]
        )
        small, large = env["product.attribute.value"].create(
            [
                {"name": "S", "attribute_id": size.id},
                {"name": "L", "attribute_id": size.id},
            ]
        )
        cls.dress.attribute_line_ids = [
            (
                0,
                0,
                {"attribute_id": colour.id, "value_ids": [(6, 0, [red.id, blue.id])]},
            ),
            (
                0,
                0,
                {"attribute_id": size.id, "value_ids": [(6, 0, [small.id, large.id])]},
            ),
        ]
        cls.dress.attribute_line_ids[1].product_template_value_ids.filtered(
            lambda v: v.name == "L"
        ).price_extra = 20
        cls.red_small = cls.dress.product_variant_ids.filtered(
            lambda p: (
                p.product_template_attribute_value_ids.mapped("name") == ["红", "S"]
            )
        )
        stock = env.ref("stock.warehouse0").lot_stock_id
        for variant, qty in zip(
            cls.dress.product_variant_ids, (5, 0, 7, 3), strict=True
        ):
            if qty:  # Odoo refuses a zero move
                env["stock.quant"]._update_available_quantity(variant, stock, qty)
        env["stock.quant"]._update_available_quantity(
            cls.shirt.product_variant_id, stock, 12
        )

    def _names(self, path):
        status, body, _response = self.api("GET", path)
        self.assertEqual(status, 200, body)
        return [card["name"] for card in body["data"]]

    # -- categories ----------------------------------------------------
    def test_category_tree(self):
        status, body, _response = self.api("GET", "/categories")
        self.assertEqual(status, 200)
        root = next(c for c in body["data"] if c["id"] == self.root.id)
        self.assertEqual(root["level"], 1)
        [mid] = root["children"]
        self.assertEqual(
            [c["name"] for c in mid["children"]], ["测试连衣裙", "测试衬衫"]
        )
        self.assertEqual(mid["children"][0]["children"], [])

    # -- product list --------------------------------------------------
    def test_list_filters(self):
        base = f"/products?category_id={self.root.id}&sort=price_asc"
        self.assertEqual(
            self._names(base), ["测试牛津衬衫", "测试亚麻衬衫", "测试碎花连衣裙"]
        )
        self.assertEqual(
            self._names(f"/products?category_id={self.other_leaf.id}&sort=price_asc"),
            ["测试牛津衬衫", "测试亚麻衬衫"],
        )
        self.assertEqual(
            self._names(f"/products?brand_id={self.brand.id}"), ["测试碎花连衣裙"]
        )
        self.assertEqual(
            self._names(f"/products?label_id={self.label_hot.id}"), ["测试碎花连衣裙"]
        )
        self.assertEqual(
            self._names(f"{base}&price_min=100&price_max=200"), ["测试亚麻衬衫"]
        )
        self.assertEqual(
            self._names(f"{base}&in_stock=true"), ["测试亚麻衬衫", "测试碎花连衣裙"]
        )
        self.assertEqual(
            self._names(f"{base}&new=true"), ["测试亚麻衬衫", "测试碎花连衣裙"]
        )
        self.assertEqual(self._names(f"{base}&q=亚麻"), ["测试亚麻衬衫"])
        self.assertEqual(self._names(f"{base}&q=测试品牌"), ["测试碎花连衣裙"])
        self.assertNotIn(
            "测试未上架", self._names(f"/products?category_id={self.leaf.id}")
        )

    def test_list_sorting_and_paging(self):
        base = f"/products?category_id={self.root.id}"
        self.assertEqual(
            self._names(f"{base}&sort=sales"),
            ["测试亚麻衬衫", "测试碎花连衣裙", "测试牛津衬衫"],
        )
        self.assertEqual(
            self._names(f"{base}&sort=price_desc"),
            ["测试碎花连衣裙", "测试亚麻衬衫", "测试牛津衬衫"],
        )
        self.assertEqual(self._names(f"{base}&sort=newest")[-1], "测试牛津衬衫")
        _status, body, _response = self.api(
            "GET", f"{base}&sort=sales&page=2&page_size=2"
        )
        self.assertEqual([c["name"] for c in body["data"]], ["测试牛津衬衫"])
        self.assertEqual(
            body["meta"], {"page": 2, "page_size": 2, "total": 3, "pages": 2}
        )

    def test_card_shows_only_what_a_card_needs(self):
        _status, body, _response = self.api(
            "GET", f"/products?brand_id={self.brand.id}&image_size=256"
        )
        [card] = body["data"]
        self.assertEqual(
            set(card),
            {
                "id",
                "name",
                "subtitle",
                "price",
                "currency",
                "image",
                "labels",
                "is_new",
                "sales_count",
                "in_stock",
                "flash",
            },
        )
        self.assertEqual(card["price"], "299.00")
        self.assertEqual(card["labels"][0]["name"], "测试热卖")
        self.assertTrue(card["is_new"] and card["in_stock"])
        self.assertRegex(
            card["image"], rf"/mall/img/product/{self.dress.id}/256/[0-9a-f]{{16}}$"
        )

    def test_list_bad_input(self):
        for query, field in [
            ("category_id=999999999", "query.category_id"),
            ("category_id=abc", "query.category_id"),
            ("price_min=300&price_max=100", "query"),
            ("price_min=-1", "query.price_min"),
            ("page_size=1000", "query.page_size"),
            ("page=0", "query.page"),
            ("sort=cheapest", "query.sort"),
            ("image_size=300", "query.image_size"),
            ("brand_id=x", "query.brand_id.0"),
            ("in_stock=perhaps", "query.in_stock"),
            ("q=" + "长" * 51, "query.q"),
        ]:
            with self.subTest(query=query):
                error = self.assertApiError(
                    self.api("GET", f"/products?{query}"), 422, "VALIDATION_ERROR"
                )
                self.assertEqual(error["details"][0]["field"], field)

    # -- product detail ------------------------------------------------
    def test_detail(self):
        status, body, _response = self.api(
            "GET", f"/products/{self.dress.id}?image_size=128"
        )
        self.assertEqual(status, 200)
        detail = body["data"]
        self.assertEqual(
            (detail["price_min"], detail["price_max"]), ("299.00", "319.00")
        )
        self.assertEqual(
            [c["name"] for c in detail["categories"]],
            ["测试服装", "测试女装", "测试连衣裙"],
        )
        self.assertEqual(detail["specs"], [{"name": "面料", "value": "真丝"}])
        self.assertEqual(len(detail["images"]), 2)
        self.assertIn(f"/mall/img/product/{self.dress.id}/128/", detail["images"][0])
        self.assertIn("/mall/img/gallery/", detail["images"][1])
        colour, size = detail["attributes"]
        self.assertEqual(colour["display_type"], "color")
        self.assertEqual(
            [v["html_color"] for v in colour["values"]], ["#FF0000", "#0000FF"]
        )
        variants = {v["id"]: v for v in detail["variants"]}
        self.assertEqual(len(variants), 4)
        red_small = variants[self.red_small.id]
        self.assertEqual((red_small["price"], red_small["stock"]), ("299.00", 5))
        self.assertEqual(
            sorted(v["price"] for v in variants.values()),
            ["299.00", "299.00", "319.00", "319.00"],
        )
        self.assertEqual(sorted(v["stock"] for v in variants.values()), [0, 3, 5, 7])
        value_ids = {v["id"] for a in detail["attributes"] for v in a["values"]}
        for variant in variants.values():
            self.assertEqual(len(variant["value_ids"]), 2)
            self.assertLessEqual(set(variant["value_ids"]), value_ids)
        self.assertEqual(detail["brand"], {"id": self.brand.id, "name": "测试品牌"})

    def test_related_products(self):
        _status, body, _response = self.api("GET", f"/products/{self.shirt.id}")
        self.assertEqual([c["name"] for c in body["data"]["related"]], ["测试牛津衬衫"])

    def test_detail_unknown_or_hidden(self):
        for product_id in (999999999, self.hidden.id):
            with self.subTest(product_id=product_id):
                self.assertApiError(
                    self.api("GET", f"/products/{product_id}"), 404, "NOT_FOUND"
                )
        self.assertApiError(self.api("GET", "/products/abc"), 404, "NOT_FOUND")

    # -- Redis cache ---------------------------------------------------
    def _price(self):
        _status, body, _response = self.api("GET", f"/products/{self.shirt.id}")
        return body["data"]["price_min"]

    def test_cache_serves_and_every_change_is_visible_at_once(self):
        self.assertEqual(self._price(), "129.00")
        # Behind the ORM's back nothing retires the cache: the copy answers.
        self.env.cr.execute(
            "UPDATE product_template SET list_price = 1 WHERE id = %s", [self.shirt.id]
        )
        self.env.invalidate_all()
        self.assertEqual(self._price(), "129.00")
        # A price change through Odoo is visible to the very next call...
        self.shirt.list_price = 139
        self.assertEqual(self._price(), "139.00")
        # ... and so are stock, publication and content changes.
        stock = self.env.ref("stock.warehouse0").lot_stock_id
        self.env["stock.quant"]._update_available_quantity(
            self.shirt.product_variant_id, stock, -12
        )
        _status, body, _response = self.api(
            "GET", f"/products?category_id={self.other_leaf.id}"
        )
        shirt_card = next(c for c in body["data"] if c["id"] == self.shirt.id)
        self.assertFalse(shirt_card["in_stock"])
        self.shirt.name = "测试亚麻衬衫（新款）"
        self.assertIn(
            "测试亚麻衬衫（新款）",
            self._names(f"/products?category_id={self.other_leaf.id}"),
        )
        self.shirt.mall_published = False
        self.assertApiError(
            self.api("GET", f"/products/{self.shirt.id}"), 404, "NOT_FOUND"
        )

    def test_same_answers_without_redis(self):
        paths = [
            "/categories",
            f"/products?category_id={self.root.id}&sort=price_desc",
            f"/products/{self.dress.id}",
        ]
        with_redis = [self.api("GET", p)[1] for p in paths]
        with_redis_again = [self.api("GET", p)[1] for p in paths]  # from the cache
        with redis_url(""):
            without = [self.api("GET", p)[1] for p in paths]
        self.assertEqual(with_redis, without)
        self.assertEqual(with_redis_again, without)

    # -- images --------------------------------------------------------
    def test_image_links(self):
        _status, body, _response = self.api(
            "GET", f"/products/{self.dress.id}?image_size=256"
        )
        main, gallery = body["data"]["images"]
        for url in (main, gallery):
            response = self.url_open(url.replace(self.base_url(), ""))
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.headers["Content-Type"], "image/png")
            self.assertIn("immutable", response.headers["Cache-Control"])
            self.assertIn("max-age=31536000", response.headers["Cache-Control"])
            self.assertEqual(Image.open(io.BytesIO(response.content)).size, (256, 256))
        path = main.replace(self.base_url(), "")
        self.assertEqual(self.url_open(path[:-16] + "0" * 16).status_code, 404)
        self.dress.image_1920 = picture_base64("green")
        self.assertEqual(self.url_open(path).status_code, 404, "the old link is gone")
        _status, body, _response = self.api(
            "GET", f"/products/{self.dress.id}?image_size=256"
        )
        self.assertNotEqual(body["data"]["images"][0], main)
        self.dress.mall_published = False
        new_path = body["data"]["images"][0].replace(self.base_url(), "")
        self.assertEqual(self.url_open(new_path).status_code, 404)

    def test_variant_image(self):
        self.red_small.image_variant_1920 = picture_base64("red")
        _status, body, _response = self.api(
            "GET", f"/products/{self.dress.id}?image_size=128"
        )
        images_by_variant = {v["id"]: v["image"] for v in body["data"]["variants"]}
        url = images_by_variant.pop(self.red_small.id)
        self.assertIn(f"/mall/img/variant/{self.red_small.id}/128/", url)
        self.assertEqual(set(images_by_variant.values()), {None})
        response = self.url_open(url.replace(self.base_url(), ""))
        self.assertEqual(response.status_code, 200)
        picture = Image.open(io.BytesIO(response.content)).convert("RGB")
        self.assertEqual(picture.size, (128, 128))
        self.assertEqual(picture.getpixel((64, 64)), (255, 0, 0))

    def test_cdn_base_url(self):
        self.env["ir.config_parameter"].set_param(
            "mall.cdn_base_url", "https://cdn.example.cn/"
        )
        _status, body, _response = self.api(
            "GET", f"/products?brand_id={self.brand.id}"
        )
        self.assertTrue(
            body["data"][0]["image"].startswith("https://cdn.example.cn/mall/img/")
        )
