# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallProductImage(models.Model):
    """An extra picture of a product's gallery, after its main image."""

    _name = "mall.product.image"
    _inherit = ["mall.catalog.cached", "image.mixin"]
    _description = "Mall Product Gallery Image"
    _order = "sequence, id"

    name = fields.Char(translate=True)
    sequence = fields.Integer(default=10)
    product_tmpl_id = fields.Many2one(
        "product.template", required=True, index=True, ondelete="cascade"
    )
    image_1920 = fields.Image(required=True)
