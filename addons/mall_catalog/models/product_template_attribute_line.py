# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductTemplateAttributeLine(models.Model):
    # Shown in the catalog API: a change retires its cached pages.
    _name = "product.template.attribute.line"
    _inherit = ["product.template.attribute.line", "mall.catalog.cached"]
