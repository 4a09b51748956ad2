# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..exceptions import BargainError
from ..tools import bargain_cuts

LIVE_BARGAIN_STATES = ("open", "success", "bought")


class MallBargainCampaign(models.Model):
    """A bargain campaign (砍价): a shopper starts a bargain on the variant
    at ``start_price`` and ``helpers_needed`` friends, each cutting a random
    amount, bring it down to ``floor_price``. The shopper may buy at any
    point at the price reached."""

    _name = "mall.bargain.campaign"
    _description = "Mall Bargain Campaign"
    _inherit = ["mall.campaign.mixin"]

    product_id = fields.Many2one(
        "product.product",
        string="Product Variant",
        required=True,
        domain="[('sale_ok', '=', True)]",
        tracking=True,
    )
    start_price = fields.Monetary(
        required=True,
        tracking=True,
        help="The price a bargain starts from, usually the regular price.",
    )
    floor_price = fields.Monetary(
        required=True,
        tracking=True,
        help="The price reached when all the friends needed have helped.",
    )
    helpers_needed = fields.Integer(
        string="Friends Needed",
        default=5,
        required=True,
        tracking=True,
        help="Friends whose cuts together bring the price to the floor.",
    )
    duration_hours = fields.Integer(
        string="Bargain Duration (hours)",
        default=24,
        required=True,
        help="A bargain not bought after this time expires.",
    )
    stock_limit = fields.Integer(
        help="Units sold through this campaign at most; 0 for no limit."
    )
    per_shopper_limit = fields.Integer(
        default=1,
        help="Bargains one shopper may have in this campaign (expired ones "
        "excepted); 0 for no limit.",
    )

    bargain_ids = fields.One2many("mall.bargain", "campaign_id", string="Bargains")
    bargain_count = fields.Integer(string="Bargains Started", compute="_compute_stats")
    bargain_open_count = fields.Integer(string="In Progress", compute="_compute_stats")
    bargain_success_count = fields.Integer(
        string="Floor Reached", compute="_compute_stats"
    )
    bargain_bought_count = fields.Integer(string="Bought", compute="_compute_stats")
    bargain_expired_count = fields.Integer(string="Expired", compute="_compute_stats")
    help_count = fields.Integer(string="Friends' Helps", compute="_compute_stats")
    conversion_rate = fields.Float(
        string="Conversion (%)",
        compute="_compute_stats",
        digits=(5, 1),
        help="Bargains bought among the bargains started.",
    )

    _sql_constraints = [
        (
            "stock_limit_positive",
            "CHECK(stock_limit >= 0)",
            "The stock limit cannot be negative.",
        ),
    ]

    def _compute_stats(self):
        counts = self._campaign_state_counts("mall.bargain")
        helps = {
            campaign.id: count
            for campaign, count in self.env["mall.bargain.help"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
            )
        }
        for campaign in self:
            by_state = {
                state: counts.get((campaign.id, state), 0)
                for state in ("open", "success", "bought", "expired")
            }
            total = sum(by_state.values())
            campaign.bargain_count = total
            campaign.bargain_open_count = by_state["open"]
            campaign.bargain_success_count = by_state["success"]
            campaign.bargain_bought_count = by_state["bought"]
            campaign.bargain_expired_count = by_state["expired"]
            campaign.help_count = helps.get(campaign.id, 0)
            campaign.conversion_rate = (
                round(by_state["bought"] * 100.0 / total, 1) if total else 0.0
            )

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id and not self.start_price:
            self.start_price = self.product_id.lst_price

    @api.constrains(
        "start_price",
        "floor_price",
        "helpers_needed",
        "date_start",
        "date_end",
        "duration_hours",
        "per_shopper_limit",
    )
    def _check_campaign(self):
        for campaign in self:
            if campaign.floor_price < 0:
                raise ValidationError(_("The floor price cannot be negative."))
            if campaign.helpers_needed < 1:
                raise ValidationError(_("A bargain needs at least one friend."))
            refusal = bargain_cuts.plan_refusal(
                campaign._bargain_gap_minor(), campaign.helpers_needed
            )
            if refusal == bargain_cuts.NO_GAP:
                raise ValidationError(
                    _("The floor price must be below the start price.")
                )
            if refusal == bargain_cuts.GAP_TOO_SMALL:
                raise ValidationError(
                    _(
                        "The gap between the start and floor prices is too small: "
                        "each of the %(count)s friends must cut at least one cent.",
                        count=campaign.helpers_needed,
                    )
                )
            campaign._check_campaign_window()
            if campaign.duration_hours <= 0:
                raise ValidationError(_("A bargain must last at least one hour."))
            if campaign.per_shopper_limit < 0:
                raise ValidationError(_("The limit per shopper cannot be negative."))

    def _bargain_digits(self):
        return self.currency_id.decimal_places

    def _bargain_gap_minor(self):
        self.ensure_one()
        digits = self._bargain_digits()
        return bargain_cuts.to_minor(self.start_price, digits) - bargain_cuts.to_minor(
            self.floor_price, digits
        )

    def action_view_bargains(self):
        return self._campaign_records_action("mall_groupbuy.mall_bargain_action")

    # ------------------------------------------------------------------
    # Shoppers
    # ------------------------------------------------------------------
    def _bargain_units_taken(self):
        """Units bought, or being paid for, through this campaign."""
        self.ensure_one()
        bargains = (
            self.env["mall.bargain"]
            .sudo()
            .search([("campaign_id", "=", self.id), ("order_id", "!=", False)])
        )
        return len(
            bargains.filtered(
                lambda b: b.state == "bought" or b.order_id.state != "cancel"
            )
        )

    def _bargain_check_stock(self):
        self.ensure_one()
        if self.stock_limit and self._bargain_units_taken() >= self.stock_limit:
            raise BargainError(
                "sold_out", _("This bargain is sold out: no unit is left.")
            )

    def _bargain_start(self, partner, rng=None):
        """``partner`` starts a bargain: its cuts are planned now (see
        ``tools/bargain_cuts.py``)."""
        self.ensure_one()
        now = fields.Datetime.now()
        if not self._campaign_is_running(now):
            raise BargainError("campaign_closed", _("This bargain is not running."))
        self._campaign_lock()
        if self.per_shopper_limit:
            started = (
                self.env["mall.bargain"]
                .sudo()
                .search_count(
                    [
                        ("campaign_id", "=", self.id),
                        ("partner_id", "=", partner.id),
                        ("state", "in", LIVE_BARGAIN_STATES),
                    ]
                )
            )
            if started >= self.per_shopper_limit:
                raise BargainError(
                    "limit_reached",
                    _("You have started as many bargains as this campaign allows."),
                )
        self._bargain_check_stock()
        gap = self._bargain_gap_minor()
        try:
            cuts = bargain_cuts.plan_cuts(
                gap, self.helpers_needed, rng or secrets.SystemRandom()
            )
        except ValueError as exc:
            raise BargainError(
                "bad_config", _("This bargain is misconfigured; try again later.")
            ) from exc
        expires_at = min(now + timedelta(hours=self.duration_hours), self.date_end)
        return (
            self.env["mall.bargain"]
            .sudo()
            .create(
                {
                    "campaign_id": self.id,
                    "partner_id": partner.id,
                    "start_price": self.start_price,
                    "floor_price": self.floor_price,
                    "current_price": self.start_price,
                    "helpers_needed": self.helpers_needed,
                    "cut_plan": bargain_cuts.dumps(cuts),
                    "expires_at": expires_at,
                }
            )
        )
