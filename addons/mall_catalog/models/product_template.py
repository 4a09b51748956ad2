# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    mall_shop_id = fields.Many2one(
        "mall.shop",
        string="Shop",
        index=True,
        help="The shop that sells and ships this product in the mini-program.",
    )
    mall_category_id = fields.Many2one(
        "mall.category", string="Shop Category", index=True
    )
    mall_subtitle = fields.Char(string="Subtitle", translate=True)
    mall_published = fields.Boolean(
        string="Published in Mini-program",
        copy=False,
        help="Only published products are shown to shoppers.",
    )
    mall_publish_date = fields.Datetime(
        string="Published On",
        copy=False,
        help="Products are “new” for a while after this date.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("mall_published") and not vals.get("mall_publish_date"):
                vals["mall_publish_date"] = fields.Datetime.now()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("mall_published") and "mall_publish_date" not in vals:
            # The first publication dates a product; republishing it after a
            # pause does not make it "new" again.
            first_time = self.filtered(lambda t: not t.mall_publish_date)
            if first_time:
                super(ProductTemplate, first_time).write(
                    {"mall_publish_date": fields.Datetime.now()}
                )
        return super().write(vals)

    def action_mall_publish(self):
        self.write({"mall_published": True})

    def action_mall_unpublish(self):
        self.write({"mall_published": False})
