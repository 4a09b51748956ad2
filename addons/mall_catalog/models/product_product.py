# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductProduct(models.Model):
    # Shown in the catalog API: a change retires its cached pages.
    _name = "product.product"
    _inherit = ["product.product", "mall.catalog.cached"]
