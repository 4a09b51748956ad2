# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import images

from ..http_api import MallApiError, Page, api_route, checked_picture, current_shopper
from ..schemas.review import Review, ReviewQuery, ReviewRequest
from .favorite import visible_product

REFUSALS = {
    "not_received": "REVIEW_NOT_ALLOWED",
    "already_reviewed": "ALREADY_REVIEWED",
}


def mask_name(name):
    """李娜 → 李*: enough to feel real, not enough to find the shopper."""
    name = (name or "").strip()
    return f"{name[0]}*" if name else "*"


def review_payloads(reviews, size):
    base = request.env["product.template"]._mall_image_base()
    field = images.size_field("image", size)
    checksums = reviews.photo_ids._mall_checksums(field)
    return [
        {
            "id": review.id,
            "rating": review.rating,
            "text": review.text or "",
            "photos": [
                images.image_url(
                    base, "review", photo.id, size, checksums.get(photo.id)
                )
                for photo in review.photo_ids
                if checksums.get(photo.id)
            ],
            "author": mask_name(review.partner_id.name),
            "created_at": review.create_date.replace(tzinfo=timezone.utc).isoformat(),
            "reply": review.reply or None,
        }
        for review in reviews
    ]


class MallReviewController(http.Controller):
    @api_route(
        "/products/<int:product_id>/reviews",
        summary="Published reviews of a product, latest first",
        tags=["reviews"],
        query=ReviewQuery,
        response=Review,
        paginated=True,
        errors=("NOT_FOUND",),
    )
    def reviews(self, product_id, query):
        template = visible_product(product_id)
        domain = [("product_tmpl_id", "=", template.id), ("state", "=", "published")]
        if query.with_photos:
            domain.append(("photo_count", ">", 0))
        if query.rating:
            domain.append(("rating", "=", query.rating))
        Review_ = request.env["mall.product.review"].sudo()
        page = Review_.search(domain, offset=query.offset, limit=query.page_size)
        return Page.for_query(
            query, review_payloads(page, query.image_size), Review_.search_count(domain)
        )

    @api_route(
        "/products/<int:product_id>/reviews",
        method="POST",
        summary="Review a product the shopper received",
        tags=["reviews"],
        auth="shopper",
        body=ReviewRequest,
        response=Review,
        status=201,
        errors=("NOT_FOUND", "REVIEW_NOT_ALLOWED", "ALREADY_REVIEWED"),
    )
    def post_review(self, product_id, body):
        """One review per order line received; photos are checked for type
        (JPEG, PNG, WebP), size (2 MiB) and pixels."""
        template = visible_product(product_id)
        shopper = current_shopper()
        Review_ = request.env["mall.product.review"].sudo()
        line, refusal = Review_._reviewable_line(shopper, template)
        if refusal:
            raise MallApiError(REFUSALS[refusal])
        photos = [
            checked_picture(data, f"body.photos.{index}")
            for index, data in enumerate(body.photos)
        ]
        review = Review_.create(
            {
                "product_tmpl_id": template.id,
                "partner_id": shopper.id,
                "sale_line_id": line.id,
                "rating": body.rating,
                "text": body.text,
                "photo_ids": [
                    (0, 0, {"sequence": i, "image_1920": photo})
                    for i, photo in enumerate(photos)
                ],
            }
        )
        return review_payloads(review, images.DEFAULT_SIZE)[0]
