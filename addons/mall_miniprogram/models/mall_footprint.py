# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class MallFootprint(models.Model):
    """A product a shopper looked at (足迹): one row per product and day."""

    _name = "mall.footprint"
    _description = "Mall Shopper Footprint"
    _order = "viewed_at desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, ondelete="cascade"
    )
    product_tmpl_id = fields.Many2one(
        "product.template", string="Product", required=True, ondelete="cascade"
    )
    day = fields.Date(required=True, index=True)  # the dashboard counts visits by day
    viewed_at = fields.Datetime(string="Last Viewed", required=True)

    _sql_constraints = [
        (
            "partner_product_day_uniq",
            "unique(partner_id, product_tmpl_id, day)",
            "One footprint per product and day.",
        ),
    ]

    @api.model
    def _record(self, partner, template, when=None):
        """Note that ``partner`` viewed ``template``; a second view on the
        same day only moves that day's footprint to the top."""
        when = when or fields.Datetime.now()
        self.env.cr.execute(
            """
            INSERT INTO mall_footprint
                (partner_id, product_tmpl_id, day, viewed_at,
                 create_uid, create_date, write_uid, write_date)
            VALUES (%(partner)s, %(template)s, %(day)s, %(when)s,
                    %(uid)s, now(), %(uid)s, now())
            ON CONFLICT (partner_id, product_tmpl_id, day)
            DO UPDATE SET viewed_at = EXCLUDED.viewed_at, write_date = now()
            RETURNING id
            """,
            {
                "partner": partner.id,
                "template": template.id,
                "day": fields.Date.context_today(self, when),
                "when": when,
                "uid": self.env.uid,
            },
        )
        [footprint_id] = self.env.cr.fetchone()
        self.env.invalidate_all()
        return self.browse(footprint_id)

    def _mall_merge_key(self):
        """What makes this record a duplicate when two shoppers merge."""
        return (self.product_tmpl_id.id, self.day)
