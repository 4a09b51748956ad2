# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from ..tools import cache

CATALOG_NAMESPACE = "catalog"


class MallImageChecksums(models.AbstractModel):
    """Content hashes of image fields, for links that can be cached forever."""

    _name = "mall.image.checksums"
    _description = "Mall Image Content Hashes"

    def _mall_checksums(self, field_name):
        """``{record id: content hash}`` of an image field of ``self``."""
        if not self:
            return {}
        # Resized images are computed fields: write pending ones first.
        self.flush_recordset([field_name])
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search_read(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", field_name),
                    ("res_id", "in", self.ids),
                ],
                ["res_id", "checksum"],
            )
        )
        return {a["res_id"]: a["checksum"] for a in attachments}


class MallCatalogCached(models.AbstractModel):
    """Records shown in the catalog API: any change retires its cached pages.

    Prices, stock, publication and content all go through here, so that the
    next API call never answers from a copy older than the change.
    """

    _name = "mall.catalog.cached"
    _inherit = "mall.image.checksums"
    _description = "Mall Catalog Cache Invalidation"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        cache.bump(self.env, CATALOG_NAMESPACE)
        return records

    def write(self, vals):
        result = super().write(vals)
        cache.bump(self.env, CATALOG_NAMESPACE)
        return result

    def unlink(self):
        result = super().unlink()
        cache.bump(self.env, CATALOG_NAMESPACE)
        return result
