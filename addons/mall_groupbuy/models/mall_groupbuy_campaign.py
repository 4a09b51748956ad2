# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class MallGroupbuyCampaign(models.Model):
    """A group-buy campaign: N shoppers together buy a product at the group price."""

    _name = "mall.groupbuy.campaign"
    _description = "Mall Group Buy Campaign"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        domain="[('sale_ok', '=', True)]",
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    list_price = fields.Float(
        related="product_tmpl_id.list_price", string="Regular Price"
    )
    group_price = fields.Monetary(required=True, tracking=True)
    group_size = fields.Integer(default=3, required=True, tracking=True)
    duration_hours = fields.Integer(
        string="Group Duration (hours)",
        default=24,
        required=True,
        help="An opened group that is not full after this time fails and is refunded.",
    )
    per_shopper_limit = fields.Integer(
        default=1, help="Groups one shopper may join in this campaign; 0 for no limit."
    )
    stock_cap = fields.Integer(
        help="Units sold through this campaign at most; 0 for the product's stock."
    )
    auto_fill = fields.Boolean(
        help="At expiry, a group missing members succeeds anyway (模拟成团)."
    )
    date_start = fields.Datetime(
        required=True, default=fields.Datetime.now, tracking=True
    )
    date_end = fields.Datetime(required=True, tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )

    @api.constrains(
        "group_size", "group_price", "date_start", "date_end", "duration_hours"
    )
    def _check_campaign(self):
        for campaign in self:
            if campaign.group_size < 2:
                raise ValidationError(_("A group needs at least 2 members."))
            if campaign.group_price <= 0:
                raise ValidationError(_("The group price must be positive."))
            if campaign.date_end <= campaign.date_start:
                raise ValidationError(_("The campaign must end after it starts."))
            if campaign.duration_hours <= 0:
                raise ValidationError(_("A group must last at least one hour."))

    def action_start(self):
        self.write({"state": "running"})

    def action_close(self):
        self.write({"state": "closed"})
