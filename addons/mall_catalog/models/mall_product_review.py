# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

MAX_PHOTOS = 9


class MallProductReview(models.Model):
    """A shopper's review of a product received, with rating and photos."""

    _name = "mall.product.review"
    _inherit = ["mall.catalog.cached", "mail.thread"]
    _description = "Mall Product Review"
    _order = "create_date desc, id desc"
    _rec_name = "product_tmpl_id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        required=True,
        ondelete="cascade",
        help="The purchase reviewed: one review per order line.",
    )
    rating = fields.Integer(required=True, tracking=True)
    text = fields.Text()
    photo_ids = fields.One2many(
        "mall.product.review.photo", "review_id", string="Photos"
    )
    photo_count = fields.Integer(compute="_compute_photo_count", store=True)
    state = fields.Selection(
        [("published", "Published"), ("hidden", "Hidden")],
        default="published",
        required=True,
        tracking=True,
    )
    reply = fields.Text(string="Merchant Reply", tracking=True)
    reply_date = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("sale_line_uniq", "unique(sale_line_id)", "An order line is reviewed once."),
        ("rating_range", "CHECK(rating BETWEEN 1 AND 5)", "A rating is 1 to 5 stars."),
    ]

    @api.depends("photo_ids")
    def _compute_photo_count(self):
        for review in self:
            review.photo_count = len(review.photo_ids)

    @api.constrains("photo_ids")
    def _check_photos(self):
        for review in self:
            if len(review.photo_ids) > MAX_PHOTOS:
                raise ValidationError(_("A review has at most %s photos.", MAX_PHOTOS))

    def write(self, vals):
        if "reply" in vals:
            vals["reply_date"] = fields.Datetime.now() if vals["reply"] else False
        return super().write(vals)

    def action_hide(self):
        self.state = "hidden"

    def action_publish(self):
        self.state = "published"

    @api.model
    def _reviewable_line(self, partner, template):
        """``(line, None)``: the shopper's oldest received, not yet reviewed
        purchase of ``template``; or ``(None, reason)``, the reason being
        "not_received" or "already_reviewed"."""
        lines = (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    (
                        "order_id.partner_id.commercial_partner_id",
                        "=",
                        partner.commercial_partner_id.id,
                    ),
                    ("order_id.state", "=", "sale"),
                    ("product_id.product_tmpl_id", "=", template.id),
                    ("qty_delivered", ">", 0),
                ],
                order="id",
            )
        )
        reviewed = self.sudo().search([("sale_line_id", "in", lines.ids)]).sale_line_id
        candidates = lines - reviewed
        if not lines:
            return None, "not_received"
        if not candidates:
            return None, "already_reviewed"
        return candidates[0], None
