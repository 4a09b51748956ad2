# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("preview", "New Product Preview"),
    ("tutorial", "Tutorial"),
    ("story", "Brand Story"),
]


class MallContent(models.Model):
    """An article shown in the mini-program: a new-product preview, a
    tutorial or a brand story, published within a window."""

    _name = "mall.content"
    _inherit = ["mall.catalog.cached", "image.mixin"]
    _description = "Mall Content"
    _order = "sequence, date_start desc, id desc"

    name = fields.Char(string="Title", required=True, translate=True)
    kind = fields.Selection(KINDS, required=True, default="tutorial")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    published = fields.Boolean(copy=False)
    date_start = fields.Datetime(
        string="Publish From", help="Shown from this moment; empty: at once."
    )
    date_end = fields.Datetime(string="Publish Until", help="Empty: no end.")
    summary = fields.Text(translate=True)
    body = fields.Html(translate=True, sanitize=True)
    image_1920 = fields.Image(string="Cover")
    product_tmpl_ids = fields.Many2many("product.template", string="Products")
    product_brand_id = fields.Many2one("product.brand", string="Brand")

    @api.constrains("date_start", "date_end")
    def _check_window(self):
        for content in self:
            if (
                content.date_start
                and content.date_end
                and content.date_end <= content.date_start
            ):
                raise ValidationError(_("“%s” must end after it starts.", content.name))

    @api.model
    def _mall_visible_domain(self):
        now = fields.Datetime.now()
        return [
            ("published", "=", True),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", now),
            "|",
            ("date_end", "=", False),
            ("date_end", ">", now),
        ]

    def action_publish(self):
        self.published = True

    def action_unpublish(self):
        self.published = False
