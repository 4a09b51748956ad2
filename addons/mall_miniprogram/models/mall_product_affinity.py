# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from odoo.addons.mall_catalog.tools import recommend


class MallProductAffinity(models.Model):
    _inherit = "mall.product.affinity"

    @api.model
    def _mall_interactions(self, since, partner=None):
        """Purchases, and the products shoppers viewed (footprints), which
        count less."""
        rows = super()._mall_interactions(since, partner=partner)
        domain = [("viewed_at", ">=", since)]
        if partner is not None:
            domain.append(("partner_id", "=", partner.id))
        groups = (
            self.env["mall.footprint"]
            .sudo()
            ._read_group(domain, ["partner_id", "product_tmpl_id"], ["viewed_at:max"])
        )
        rows += [
            (shopper.id, template.id, recommend.VIEW_WEIGHT, viewed_at)
            for shopper, template, viewed_at in groups
        ]
        return rows
