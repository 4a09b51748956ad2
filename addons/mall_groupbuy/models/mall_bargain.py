# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models

from ..exceptions import BargainError
from ..tools import bargain_cuts

_logger = logging.getLogger(__name__)


class MallBargain(models.Model):
    """One shopper's bargain (砍价): friends help, each taking the next cut
    of the plan made at the start (``cut_plan``), until the floor price. The
    shopper may buy at the current price until ``expires_at``."""

    _name = "mall.bargain"
    _description = "Mall Bargain"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    campaign_id = fields.Many2one(
        "mall.bargain.campaign",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    product_id = fields.Many2one(related="campaign_id.product_id", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, readonly=True
    )
    start_price = fields.Monetary(readonly=True, required=True)
    floor_price = fields.Monetary(readonly=True, required=True)
    current_price = fields.Monetary(readonly=True, required=True, tracking=True)
    helpers_needed = fields.Integer(string="Friends Needed", readonly=True)
    cut_plan = fields.Char(
        readonly=True,
        copy=False,
        groups="mall_catalog.group_mall_manager",
        help="The cuts planned at the start, in cents, first friend first.",
    )
    help_ids = fields.One2many(
        "mall.bargain.help", "bargain_id", string="Friends' Helps", readonly=True
    )
    help_count = fields.Integer(string="Friends Helped", compute="_compute_progress")
    cut_amount = fields.Monetary(string="Amount Cut", compute="_compute_progress")
    progress = fields.Float(
        string="Progress (%)", compute="_compute_progress", digits=(5, 1)
    )
    state = fields.Selection(
        [
            ("open", "In Progress"),
            ("success", "Floor Reached"),
            ("bought", "Bought"),
            ("expired", "Expired"),
        ],
        default="open",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
    )
    expires_at = fields.Datetime(readonly=True, required=True, index=True)
    success_at = fields.Datetime(string="Floor Reached At", readonly=True)
    order_id = fields.Many2one("sale.order", readonly=True, index=True, copy=False)
    bought_at = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "current_price_floor",
            "CHECK(current_price >= floor_price)",
            "A bargain's price cannot go below its floor.",
        ),
    ]

    @api.depends("help_ids.amount", "start_price", "floor_price", "current_price")
    def _compute_progress(self):
        for bargain in self:
            bargain.help_count = len(bargain.help_ids)
            bargain.cut_amount = bargain.start_price - bargain.current_price
            digits = bargain.currency_id.decimal_places
            gap = bargain_cuts.to_minor(
                bargain.start_price, digits
            ) - bargain_cuts.to_minor(bargain.floor_price, digits)
            cut = bargain_cuts.to_minor(
                bargain.start_price, digits
            ) - bargain_cuts.to_minor(bargain.current_price, digits)
            bargain.progress = bargain_cuts.progress(gap, cut)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("mall.bargain")
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Helps
    # ------------------------------------------------------------------
    def _bargain_lock(self):
        """Take the bargain's row lock until the end of the transaction.

        A no-op UPDATE, not a mere ``SELECT ... FOR UPDATE``: under Odoo's
        REPEATABLE READ, a second friend helping at the same moment waits for
        the first one's commit, then fails to serialize and is retried (as
        Odoo retries requests) on a snapshot that sees the first help, so it
        takes the next cut of the plan. The unique (bargain, slot) and
        (bargain, friend) constraints hold even without the lock.
        """
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE mall_bargain SET write_date = write_date WHERE id = %s",
            [self.id],
        )
        self.invalidate_recordset()
        self.help_ids.invalidate_recordset()

    def _bargain_pending_order(self):
        """The quotation being paid for, if any."""
        self.ensure_one()
        return self.order_id.filtered(lambda o: o.state in ("draft", "sent"))

    def _bargain_refuse_closed(self, now):
        if self.state == "bought":
            raise BargainError("bought", _("This bargain has been bought."))
        if self.state == "expired" or self.expires_at <= now:
            raise BargainError("expired", _("This bargain has expired."))

    def _bargain_plan(self):
        self.ensure_one()
        return bargain_cuts.loads(self.sudo().cut_plan)

    def _bargain_help(self, partner):
        """``partner``, a friend, helps: they take the next cut of the plan.
        Returns the ``mall.bargain.help``."""
        self.ensure_one()
        self._bargain_lock()
        now = fields.Datetime.now()
        if partner == self.partner_id:
            raise BargainError(
                "own_bargain", _("You cannot help your own bargain: share it.")
            )
        if partner in self.help_ids.partner_id:
            raise BargainError(
                "already_helped", _("You have already helped this bargain.")
            )
        self._bargain_refuse_closed(now)
        cuts = self._bargain_plan()
        slot = len(self.help_ids)
        if self.state == "success" or slot >= len(cuts):
            raise BargainError(
                "complete", _("This bargain has reached its lowest price.")
            )
        if self._bargain_pending_order():
            raise BargainError(
                "purchase_pending",
                _("The price is frozen: this bargain is being paid for."),
            )
        digits = self.currency_id.decimal_places
        start = bargain_cuts.to_minor(self.start_price, digits)
        floor = bargain_cuts.to_minor(self.floor_price, digits)
        price = bargain_cuts.price_after(start, cuts, slot + 1)
        if price < floor:  # a plan that does not add up: never cut below
            raise BargainError(
                "bad_config", _("This bargain is misconfigured; try again later.")
            )
        cut = bargain_cuts.from_minor(cuts[slot], digits)
        helped = (
            self.env["mall.bargain.help"]
            .sudo()
            .create(
                {
                    "bargain_id": self.id,
                    "partner_id": partner.id,
                    "sequence": slot + 1,
                    "amount": float(cut),
                }
            )
        )
        values = {"current_price": float(bargain_cuts.from_minor(price, digits))}
        if slot + 1 == len(cuts):
            values.update(state="success", success_at=now)
        self.sudo().write(values)
        return helped

    # ------------------------------------------------------------------
    # Purchase
    # ------------------------------------------------------------------
    def _bargain_order(self, order_values=None):
        """The initiator buys at the current price: a quotation of the
        variant at that price, confirmed by its payment. While it is unpaid,
        asking again gives the same quotation and friends cannot cut."""
        self.ensure_one()
        self._bargain_lock()
        self._bargain_refuse_closed(fields.Datetime.now())
        pending = self._bargain_pending_order()
        if pending:
            if order_values:
                pending.sudo().write(order_values)
            return pending
        campaign = self.campaign_id
        campaign._campaign_lock()
        campaign._bargain_check_stock()
        variant = campaign.product_id
        order = (
            self.env["sale.order"]
            .sudo()
            .create(
                dict(
                    {
                        "partner_id": self.partner_id.id,
                        "company_id": campaign.company_id.id,
                        "origin": self.name,
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": variant.id,
                                    "product_uom_qty": 1,
                                    "price_unit": self.current_price,
                                },
                            )
                        ],
                    },
                    **(order_values or {}),
                )
            )
        )
        # A pricelist may price the line again on creation: the bargain's price.
        order.order_line.filtered(lambda line: line.product_id == variant).write(
            {"price_unit": self.current_price}
        )
        self.sudo().order_id = order
        return order

    def _bargain_on_paid(self):
        """The bargain's order was paid: it is bought."""
        for bargain in self.filtered(lambda b: b.state != "bought"):
            bargain.sudo().write(
                {"state": "bought", "bought_at": fields.Datetime.now()}
            )

    @api.model
    def _bargain_paid_orders(self, orders):
        """Mark bought the bargains of the paid ``orders``."""
        if orders:
            self.sudo().search([("order_id", "in", orders.ids)])._bargain_on_paid()

    # ------------------------------------------------------------------
    # Expiry
    # ------------------------------------------------------------------
    @api.model
    def _cron_expire(self, batch_size=500):
        """Bargains past their time expire, unless their order is being paid
        (the unpaid checkout is cancelled first, then they expire)."""
        bargains = self.search(
            [
                ("state", "in", ("open", "success")),
                ("expires_at", "<=", fields.Datetime.now()),
                "|",
                ("order_id", "=", False),
                ("order_id.state", "not in", ("draft", "sent")),
            ],
            limit=batch_size,
            order="expires_at",
        )
        bargains.write({"state": "expired"})
        return bargains
