# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MallFavorite(models.Model):
    """A product a shopper keeps (收藏)."""

    _name = "mall.favorite"
    _description = "Mall Shopper Favorite"
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, ondelete="cascade"
    )
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", required=True, ondelete="cascade"
    )

    _sql_constraints = [
        (
            "partner_product_uniq",
            "unique(partner_id, product_tmpl_id)",
            "A product is kept once.",
        ),
    ]

    @api.model
    def _add(self, partner, template):
        """Keep ``template`` for ``partner``; keeping it again changes nothing."""
        self.env.cr.execute(
            """
            INSERT INTO mall_favorite
                (partner_id, product_tmpl_id,
                 create_uid, create_date, write_uid, write_date)
            VALUES (%(partner)s, %(template)s, %(uid)s, now(), %(uid)s, now())
            ON CONFLICT (partner_id, product_tmpl_id) DO NOTHING
            """,
            {"partner": partner.id, "template": template.id, "uid": self.env.uid},
        )
        self.env.invalidate_all()

    def _mall_merge_key(self):
        """What makes this record a duplicate when two shoppers merge."""
        return (self.product_tmpl_id.id,)
