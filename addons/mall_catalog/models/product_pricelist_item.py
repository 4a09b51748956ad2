# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductPricelistItem(models.Model):
    # Shown in the catalog API: a change retires its cached pages.
    _name = "product.pricelist.item"
    _inherit = ["product.pricelist.item", "mall.catalog.cached"]
