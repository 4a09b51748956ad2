# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io

from PIL import Image

from odoo.tests import tagged

from odoo.addons.mall_catalog.tests.common import flush_mall_cache

from .common import MallApiCommon, picture_base64


def _picture(fmt="PNG"):
    return picture_base64("orange", (300, 300), fmt)


@tagged("post_install", "-at_install")
class TestReviewApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.product = env["product.template"].create(
            {
                "name": "测评保温杯",
                "is_storable": True,
                "list_price": 99,
                "mall_published": True,
                "sale_ok": True,
            }
        )
        cls.variant = cls.product.product_variant_id
        warehouse = env.ref("stock.warehouse0")
        env["stock.quant"]._update_available_quantity(
            cls.variant, warehouse.lot_stock_id, 10
        )
        cls.delivered = cls._order(cls.shopper, deliver=True)
        cls.stranger = env["res.partner"].create(
            {"name": "没买过", "mall_is_shopper": True}
        )
        cls.waiting = env["res.partner"].create(
            {"name": "未收货", "mall_is_shopper": True}
        )
        cls._order(cls.waiting, deliver=False)

    @classmethod
    def _order(cls, partner, deliver):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": cls.variant.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        if deliver:
            picking = order.picking_ids
            picking.move_ids.quantity = 1
            picking.button_validate()
        return order

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper)
        self.stranger_token = Token._issue(self.stranger)
        self.waiting_token = Token._issue(self.waiting)

    def _post(self, token, **body):
        return self.api(
            "POST", f"/products/{self.product.id}/reviews", token=token, json_body=body
        )

    def test_a_buyer_reviews_with_photos_once(self):
        status, body, _response = self._post(
            self.token,
            rating=5,
            text="保温效果很好",
            photos=[_picture(), _picture("JPEG")],
        )
        self.assertEqual(status, 201, body)
        review = self.env["mall.product.review"].browse(body["data"]["id"])
        self.assertEqual(review.sale_line_id, self.delivered.order_line)
        self.assertEqual((review.rating, review.photo_count), (5, 2))
        self.assertEqual(body["data"]["author"], "测*")
        self.assertEqual(len(body["data"]["photos"]), 2)
        photo = self.url_open(body["data"]["photos"][0].replace(self.base_url(), ""))
        self.assertEqual(photo.status_code, 200)
        self.assertEqual(
            (self.product.mall_review_count, self.product.mall_rating_avg), (1, 5)
        )
        self.assertApiError(self._post(self.token, rating=4), 409, "ALREADY_REVIEWED")

    def test_only_shoppers_who_received_it(self):
        self.assertApiError(
            self._post(self.stranger_token, rating=1), 403, "REVIEW_NOT_ALLOWED"
        )
        self.assertApiError(
            self._post(self.waiting_token, rating=1), 403, "REVIEW_NOT_ALLOWED"
        )
        self.assertApiError(self._post(None, rating=1), 401, "AUTH_REQUIRED")
        self.assertFalse(self.product.mall_review_ids)

    def test_bad_reviews_are_refused_whole(self):
        gif = io.BytesIO()
        Image.new("RGB", (10, 10)).save(gif, format="GIF")
        for body, field in [
            ({"rating": 6}, "body.rating"),
            ({"rating": 0}, "body.rating"),
            ({"rating": 5, "text": "好" * 501}, "body.text"),
            ({"rating": 5, "photos": ["not base64!"]}, "body.photos.0"),
            (
                {
                    "rating": 5,
                    "photos": [_picture(), base64.b64encode(b"MZ\x90").decode()],
                },
                "body.photos.1",
            ),
            (
                {"rating": 5, "photos": [base64.b64encode(gif.getvalue()).decode()]},
                "body.photos.0",
            ),
            ({"rating": 5, "photos": [_picture()] * 10}, "body.photos"),
        ]:
            with self.subTest(field=field, body=str(body)[:40]):
                error = self.assertApiError(
                    self._post(self.token, **body), 422, "VALIDATION_ERROR"
                )
                self.assertEqual(error["details"][0]["field"], field)
        self.assertFalse(self.product.mall_review_ids, "nothing half-created")

    def test_list_filters_moderation_and_reply(self):
        self._post(self.token, rating=4, text="不错", photos=[_picture()])
        review = self.product.mall_review_ids
        status, body, _response = self.api(
            "GET", f"/products/{self.product.id}/reviews?with_photos=true&rating=4"
        )
        self.assertEqual((status, body["meta"]["total"]), (200, 1))
        _status, body, _response = self.api(
            "GET", f"/products/{self.product.id}/reviews?rating=5"
        )
        self.assertEqual(body["meta"]["total"], 0)
        review.reply = "感谢支持！"
        self.assertTrue(review.reply_date)
        _status, body, _response = self.api(
            "GET", f"/products/{self.product.id}/reviews"
        )
        self.assertEqual(body["data"][0]["reply"], "感谢支持！")
        # The product page carries the summary and the first reviews.
        _status, body, _response = self.api("GET", f"/products/{self.product.id}")
        self.assertEqual(body["data"]["rating"], {"average": 4.0, "count": 1})
        self.assertEqual(body["data"]["reviews"][0]["text"], "不错")
        review.action_hide()
        _status, body, _response = self.api(
            "GET", f"/products/{self.product.id}/reviews"
        )
        self.assertEqual(body["meta"]["total"], 0)
        _status, body, _response = self.api("GET", f"/products/{self.product.id}")
        self.assertEqual(body["data"]["rating"], {"average": 0.0, "count": 0})
        self.assertApiError(
            self.api("GET", "/products/999999999/reviews"), 404, "NOT_FOUND"
        )
        flush_mall_cache(self.env.cr.dbname)
