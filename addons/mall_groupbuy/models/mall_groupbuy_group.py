# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import _, api, fields, models

from ..exceptions import GroupbuyError
from ..tools import seats

_logger = logging.getLogger(__name__)

LIVE_MEMBER_STATES = ("pending_payment", "paid")


class MallGroupbuyGroup(models.Model):
    """One group of a campaign: opened by its leader's payment, it succeeds
    when its seats are paid for, or fails at ``expires_at``."""

    _name = "mall.groupbuy.group"
    _description = "Mall Group Buy Group"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    campaign_id = fields.Many2one(
        "mall.groupbuy.campaign",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    product_tmpl_id = fields.Many2one(related="campaign_id.product_tmpl_id")
    leader_id = fields.Many2one("res.partner", required=True, index=True, readonly=True)
    group_size = fields.Integer(readonly=True, required=True)
    state = fields.Selection(
        [
            ("draft", "Awaiting Leader Payment"),
            ("open", "Open"),
            ("succeeded", "Succeeded"),
            ("failed", "Failed"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
    )
    opened_at = fields.Datetime(readonly=True)
    expires_at = fields.Datetime(
        readonly=True, index=True, help="Not full by then, the group fails."
    )
    closed_at = fields.Datetime(readonly=True)
    auto_filled = fields.Boolean(
        readonly=True, help="Succeeded at expiry without all its members."
    )
    member_ids = fields.One2many(
        "mall.groupbuy.member", "group_id", string="Members", readonly=True
    )
    paid_count = fields.Integer(string="Paid Members", compute="_compute_seats")
    seats_taken = fields.Integer(compute="_compute_seats")
    seats_left = fields.Integer(compute="_compute_seats")

    @api.depends("member_ids.state", "member_ids.reserved_until", "group_size")
    def _compute_seats(self):
        now = fields.Datetime.now()
        for group in self:
            members = group.member_ids
            paid = members.filtered(lambda m: m.state == "paid")
            group.paid_count = len(paid)
            group.seats_taken = len(members.filtered(lambda m: m._holds_seat(now)))
            group.seats_left = seats.seats_left(group.group_size, group.seats_taken)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "mall.groupbuy.group"
                )
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # Seats
    # ------------------------------------------------------------------
    def _lock(self):
        """Take the group's row lock until the end of the transaction.

        Every change of the seats (reserving one, paying one, closing the
        group) happens under it: two buyers of the last seat queue here and
        the second one sees the first one's reservation.

        Seats are *reserved at join time*, before payment, for as long as the
        checkout may be paid: a join is refused when the group is full, so a
        paid reservation is never lost. Only a payment arriving after its
        reservation lapsed (or after the group closed) can find no seat; it
        is refunded at once (see ``mall.groupbuy.member._groupbuy_on_paid``).

        A no-op UPDATE, not a mere ``SELECT ... FOR UPDATE``: under Odoo's
        REPEATABLE READ, the second buyer waits for the first one's commit,
        then fails to serialize and is retried by Odoo (requests are) on a
        snapshot that sees the first one's seat; a mere lock would let it go
        on with its older snapshot and take the seat too.
        """
        self.ensure_one()
        self.env.cr.execute(
            "UPDATE mall_groupbuy_group SET write_date = write_date WHERE id = %s",
            [self.id],
        )
        self.invalidate_recordset()
        self.member_ids.invalidate_recordset()

    def _groupbuy_check_join(self, partner, quantity=1):
        """Refuse ``partner`` a seat (``GroupbuyError``), under the lock."""
        self.ensure_one()
        campaign = self.campaign_id
        now = fields.Datetime.now()
        live = self.member_ids.filtered(lambda m: m._holds_seat(now))
        refusal = seats.join_refusal(
            group_open=self.state == "open"
            and (not self.expires_at or self.expires_at > now),
            group_size=self.group_size,
            seats_taken=len(live),
            already_member=partner in live.partner_id,
            shopper_groups=campaign._groupbuy_shopper_groups(partner),
            per_shopper_limit=campaign.per_shopper_limit,
            units_taken=campaign._groupbuy_units_taken(),
            units_wanted=quantity,
            stock_cap=campaign.stock_cap,
        )
        if refusal:
            raise GroupbuyError(refusal, self._groupbuy_refusal_message(refusal))

    def _groupbuy_join(self, partner, variant=None, order_values=None):
        """Reserve a seat of this open group for ``partner`` and create the
        member's order (a quotation at the group price, paid, then confirmed
        when the group succeeds)."""
        self.ensure_one()
        self._lock()
        self.campaign_id._campaign_lock()
        self._groupbuy_check_join(partner)
        return self.env["mall.groupbuy.member"]._groupbuy_create(
            self, partner, variant, order_values
        )

    # ------------------------------------------------------------------
    # Outcomes
    # ------------------------------------------------------------------
    def _groupbuy_on_member_paid(self, member):
        """A member paid: the leader's payment opens the group; the last
        paid seat makes it succeed."""
        self.ensure_one()
        now = fields.Datetime.now()
        if self.state == "draft" and member.is_leader:
            self.write(
                {
                    "state": "open",
                    "opened_at": now,
                    "expires_at": now
                    + timedelta(hours=self.campaign_id.duration_hours),
                }
            )
        if self.state == "open" and self.paid_count >= self.group_size:
            self._groupbuy_succeed()

    def _groupbuy_succeed(self, auto_filled=False):
        """The group formed: every paid member's order is confirmed and goes
        to fulfilment; the unpaid reservations are dropped."""
        for group in self:
            group.write(
                {
                    "state": "succeeded",
                    "closed_at": fields.Datetime.now(),
                    "auto_filled": auto_filled,
                }
            )
            group.member_ids.filtered(
                lambda m: m.state == "pending_payment"
            )._groupbuy_cancel()
            paid = group.member_ids.filtered(lambda m: m.state == "paid")
            paid.order_id.filtered(
                lambda o: o.state in ("draft", "sent")
            ).sudo().action_confirm()
            paid._groupbuy_tell("succeeded")
            paid.order_id._mall_commission_accrue()

    def _groupbuy_fail(self):
        """The group did not form in time: every paid member is refunded in
        full through their payment, their order cancelled and they are told."""
        for group in self:
            group.write({"state": "failed", "closed_at": fields.Datetime.now()})
            members = group.member_ids
            members.filtered(lambda m: m.state == "pending_payment")._groupbuy_cancel()
            members.filtered(lambda m: m.state == "paid")._groupbuy_refund()

    @api.model
    def _cron_expire(self, batch_size=100):
        """Close the groups past their time: they fail, or succeed when the
        campaign fills them automatically. Each group in its own savepoint, so
        one failing refund does not hold back the others (it is retried at the
        next run)."""
        groups = self.search(
            [("state", "=", "open"), ("expires_at", "<=", fields.Datetime.now())],
            limit=batch_size,
            order="expires_at",
        )
        for group in groups:
            try:
                with self.env.cr.savepoint():
                    group._lock()
                    if group.state != "open":
                        continue
                    if group.campaign_id.auto_fill:
                        group._groupbuy_succeed(auto_filled=True)
                    else:
                        group._groupbuy_fail()
            except Exception:
                _logger.exception("Could not close group buy %s", group.name)
        return groups

    @api.model
    def _groupbuy_refusal_message(self, code):
        return {
            seats.GROUP_CLOSED: _("This group has ended; it cannot be joined."),
            seats.GROUP_FULL: _(
                "This group is full: open a new group or join another one."
            ),
            seats.ALREADY_JOINED: _("You are already in this group."),
            seats.LIMIT_REACHED: _(
                "You have reached the limit of groups of this campaign."
            ),
            seats.SOLD_OUT: _("The campaign is sold out."),
        }[code]
