# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..exceptions import GroupbuyError
from ..tools import seats

LIVE_SEAT_STATES = ("pending_payment", "paid")


class MallGroupbuyCampaign(models.Model):
    """A group-buy campaign: N shoppers together buy a product at the group price."""

    _name = "mall.groupbuy.campaign"
    _description = "Mall Group Buy Campaign"
    _inherit = ["mall.campaign.mixin"]

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        domain="[('sale_ok', '=', True)]",
        tracking=True,
    )
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

    group_ids = fields.One2many("mall.groupbuy.group", "campaign_id", string="Groups")
    group_open_count = fields.Integer(
        string="Open Groups", compute="_compute_group_stats"
    )
    group_succeeded_count = fields.Integer(
        string="Succeeded Groups", compute="_compute_group_stats"
    )
    group_failed_count = fields.Integer(
        string="Failed Groups", compute="_compute_group_stats"
    )
    success_rate = fields.Float(
        string="Success Rate (%)",
        compute="_compute_group_stats",
        digits=(5, 1),
        help="Succeeded groups among the closed ones (succeeded or failed).",
    )

    def _compute_group_stats(self):
        counts = self._campaign_state_counts("mall.groupbuy.group")
        for campaign in self:
            succeeded = counts.get((campaign.id, "succeeded"), 0)
            failed = counts.get((campaign.id, "failed"), 0)
            campaign.group_open_count = counts.get((campaign.id, "open"), 0)
            campaign.group_succeeded_count = succeeded
            campaign.group_failed_count = failed
            campaign.success_rate = seats.success_rate(succeeded, failed)

    @api.constrains(
        "group_size", "group_price", "date_start", "date_end", "duration_hours"
    )
    def _check_campaign(self):
        for campaign in self:
            if campaign.group_size < 2:
                raise ValidationError(_("A group needs at least 2 members."))
            if campaign.group_price <= 0:
                raise ValidationError(_("The group price must be positive."))
            campaign._check_campaign_window()
            if campaign.duration_hours <= 0:
                raise ValidationError(_("A group must last at least one hour."))

    def action_view_groups(self):
        return self._campaign_records_action("mall_groupbuy.mall_groupbuy_group_action")

    # ------------------------------------------------------------------
    # Shoppers
    # ------------------------------------------------------------------
    def _groupbuy_variant(self, variant=None):
        """The variant bought: ``variant`` if it is the campaign's product,
        else the product's only variant."""
        self.ensure_one()
        variants = self.product_tmpl_id.product_variant_ids
        if variant:
            if variant not in variants:
                raise GroupbuyError(
                    "bad_variant", _("This variant is not part of the group buy.")
                )
            return variant
        if len(variants) != 1:
            raise GroupbuyError("bad_variant", _("Choose a variant of the product."))
        return variants

    def _groupbuy_live_members(self):
        self.ensure_one()
        now = fields.Datetime.now()
        return (
            self.env["mall.groupbuy.member"]
            .sudo()
            .search(
                [
                    ("campaign_id", "=", self.id),
                    ("state", "in", LIVE_SEAT_STATES),
                ]
            )
            .filtered(lambda m: m._holds_seat(now))
        )

    def _groupbuy_shopper_groups(self, partner):
        """Groups of this campaign ``partner`` holds a seat in."""
        members = self._groupbuy_live_members().filtered(
            lambda m: m.partner_id == partner
        )
        return len(members.group_id)

    def _groupbuy_units_taken(self):
        """Units of this campaign held by paid seats and live reservations."""
        return sum(self._groupbuy_live_members().mapped("quantity"))

    def _groupbuy_open(self, partner, variant=None, order_values=None):
        """``partner`` opens a group: it exists at once, to pay its leader's
        order, and opens to friends when that order is paid."""
        self.ensure_one()
        if not self._campaign_is_running():
            raise GroupbuyError("campaign_closed", _("This group buy is not running."))
        self._campaign_lock()
        refusal = seats.join_refusal(
            group_open=True,
            group_size=self.group_size,
            seats_taken=0,
            already_member=False,
            shopper_groups=self._groupbuy_shopper_groups(partner),
            per_shopper_limit=self.per_shopper_limit,
            units_taken=self._groupbuy_units_taken(),
            units_wanted=1,
            stock_cap=self.stock_cap,
        )
        if refusal:
            raise GroupbuyError(
                refusal,
                self.env["mall.groupbuy.group"]._groupbuy_refusal_message(refusal),
            )
        group = (
            self.env["mall.groupbuy.group"]
            .sudo()
            .create(
                {
                    "campaign_id": self.id,
                    "leader_id": partner.id,
                    "group_size": self.group_size,
                }
            )
        )
        return self.env["mall.groupbuy.member"]._groupbuy_create(
            group, partner, variant, order_values
        )
