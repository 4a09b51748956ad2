# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import images

# What the image links may show: model, field (per size or fixed), and the
# condition for a record to be public.
IMAGE_KINDS = {
    "product": ("product.template", "image_{size}", [("mall_published", "=", True)]),
    "variant": (
        "product.product",
        "image_variant_{size}",
        [("product_tmpl_id.mall_published", "=", True)],
    ),
    "gallery": (
        "mall.product.image",
        "image_{size}",
        [("product_tmpl_id.mall_published", "=", True)],
    ),
    "content": (
        "mall.content",
        "image_{size}",
        [("published", "=", True)],
    ),
    "review": (
        "mall.product.review.photo",
        "image_{size}",
        [("review_id.state", "=", "published")],
    ),
    "avatar": ("res.partner", "image_{size}", [("mall_is_shopper", "=", True)]),
    "category_icon": ("mall.category", "icon", []),
    "category_banner": ("mall.category", "banner", []),
    "points_item": ("mall.points.item", "image_512", [("active", "=", True)]),
}


class MallImageController(http.Controller):
    @http.route(
        f"{images.ROUTE}/<string:kind>/<int:record_id>/<int:size>/<string:checksum>",
        type="http",
        auth="public",
        methods=["GET"],
        readonly=True,
        save_session=False,
    )
    def image(self, kind, record_id, size, checksum):
        """An image of a public catalog record, by content hash: the link of
        a changed image changes, so answers are cached for a year."""
        if kind not in IMAGE_KINDS or size not in images.SIZES:
            raise NotFound()
        model, field_pattern, domain = IMAGE_KINDS[kind]
        field = field_pattern.format(size=size)
        record = request.env[model].sudo().search([("id", "=", record_id), *domain])
        current = record._mall_checksums(field).get(record.id) if record else None
        if not current or current[: images.HASH_LENGTH] != checksum:
            raise NotFound()
        stream = request.env["ir.binary"]._get_image_stream_from(record, field)
        stream.public = True  # the same for every visitor: CDNs may keep it
        return stream.get_response(immutable=True)  # max-age of a year
