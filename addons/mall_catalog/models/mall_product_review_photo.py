# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallProductReviewPhoto(models.Model):
    """A photo attached to a review (晒单)."""

    _name = "mall.product.review.photo"
    _inherit = ["mall.catalog.cached", "image.mixin"]
    _description = "Mall Product Review Photo"
    _order = "sequence, id"

    review_id = fields.Many2one(
        "mall.product.review", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    image_1920 = fields.Image(required=True)
