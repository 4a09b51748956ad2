# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import points as pts


class NotEnoughPoints(Exception):
    """The member's card holds fewer points than asked."""


class MallMemberPoints(models.Model):
    """Points a member earned at once (a lot): spent, taken back and expired
    first in, first out, each change written to the card's loyalty history.

    The card of the member programme (``loyalty.card.points``) is the
    balance; lots say when each point expires and what counts for tiers.
    """

    _name = "mall.member.points"
    _description = "Mall Member Points Lot"
    _order = "earned_at desc, id desc"
    _rec_name = "description"

    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, ondelete="cascade"
    )
    card_id = fields.Many2one(
        "loyalty.card", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="card_id.company_id", store=True)
    currency_id = fields.Many2one(related="card_id.currency_id")
    kind = fields.Selection(
        [
            ("signup", "Welcome Bonus"),
            ("order", "Order Paid"),
            ("review", "Photo Review"),
            ("signin", "Daily Sign-in"),
            ("return", "Points Returned"),
        ],
        required=True,
        readonly=True,
    )
    description = fields.Char(required=True, readonly=True)
    points = fields.Integer(string="Earned", readonly=True)
    reversed_points = fields.Integer(
        string="Taken Back", readonly=True, help="Taken back by refunds."
    )
    remaining = fields.Integer(readonly=True, help="Still spendable.")
    expired_points = fields.Integer(string="Expired", readonly=True)
    earned_at = fields.Datetime(
        required=True, readonly=True, default=fields.Datetime.now, index=True
    )
    expires_on = fields.Date(readonly=True, index=True)
    order_id = fields.Many2one(
        "sale.order", readonly=True, index="btree_not_null", ondelete="set null"
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Purchase Reviewed",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    amount = fields.Monetary(string="Amount Paid", readonly=True)
    refunded_amount = fields.Monetary(readonly=True)

    _sql_constraints = [
        ("order_uniq", "unique(order_id)", "An order earns points once."),
        (
            "sale_line_uniq",
            "unique(sale_line_id)",
            "A purchase earns review points once.",
        ),
    ]

    # ------------------------------------------------------------------
    # Programme and cards
    # ------------------------------------------------------------------
    @api.model
    def _mall_program(self, company=None):
        return (company or self.env.company).sudo().mall_member_program_id

    @api.model
    def _mall_card(self, partner, company=None, create=True):
        """The member card of ``partner`` (created when ``create``), or an
        empty recordset when no member programme is set."""
        program = self._mall_program(company)
        Card = self.env["loyalty.card"].sudo()
        if not (program and partner):
            return Card
        card = Card.search(
            [("program_id", "=", program.id), ("partner_id", "=", partner.id)],
            order="id",
            limit=1,
        )
        if not card and create:
            card = Card.create(
                {"program_id": program.id, "partner_id": partner.id, "points": 0}
            )
        return card

    @api.model
    def _mall_lock_card(self, card):
        """Serialize the point changes of ``card`` (two redemptions at once
        must not both spend the same points)."""
        self.env.cr.execute(
            SQL("SELECT id FROM loyalty_card WHERE id = %s FOR UPDATE", card.id)
        )
        card.invalidate_recordset(["points"])

    @api.model
    def _mall_history(self, card, description, issued=0, used=0, origin=None):
        return (
            self.env["loyalty.history"]
            .sudo()
            .create(
                {
                    "card_id": card.id,
                    "description": description,
                    "issued": issued,
                    "used": used,
                    "order_model": origin._name if origin else False,
                    "order_id": origin.id if origin else False,
                }
            )
        )

    # ------------------------------------------------------------------
    # Earning
    # ------------------------------------------------------------------
    @api.model
    def _mall_earn(self, partner, points, kind, description, company=None, **values):
        """Give ``points`` to ``partner``: a lot, a history line and the card
        balance. ``values`` are more fields of the lot (order_id, amount...)
        plus ``origin``, the record the history line points to."""
        origin = values.pop("origin", None)
        card = self._mall_card(partner, company)
        if not card or points <= 0:
            return self.browse()
        company = card.company_id or company or self.env.company
        earned_at = values.pop("earned_at", None) or fields.Datetime.now()
        self._mall_lock_card(card)
        lot = self.sudo().create(
            {
                "partner_id": partner.id,
                "card_id": card.id,
                "kind": kind,
                "description": description,
                "points": points,
                "remaining": points,
                "earned_at": earned_at,
                "expires_on": pts.expiry_date(
                    pts.shop_date(earned_at, company._mall_tz()),
                    company.mall_points_expiry_months,
                ),
                **values,
            }
        )
        self._mall_history(card, description, issued=points, origin=origin)
        card.points += points
        partner._mall_recompute_tier()
        return lot

    @api.model
    def _mall_earn_order(self, order, amount=None, paid_at=None):
        """The points of a mall order paid (twice on member day), once."""
        order = order.sudo()
        if self.sudo().search_count([("order_id", "=", order.id)]):
            return self.browse()
        company = order.company_id
        amount = order.amount_total if amount is None else amount
        paid_at = paid_at or fields.Datetime.now()
        member_day = pts.is_member_day(
            paid_at, company.mall_member_day, company._mall_tz()
        )
        multiplier = company.mall_member_day_multiplier if member_day else 1
        # Paid member card holders earn more.
        card = self.env["mall.member.card"]._mall_active_card(
            order.partner_id, company, paid_at
        )
        multiplier *= card.plan_id.points_multiplier or 1
        points = pts.order_points(amount, company.mall_points_per_unit, multiplier)
        partner = order.partner_id.commercial_partner_id
        if member_day:
            description = _("Order %(name)s paid (member day)", name=order.name)
        else:
            description = _("Order %(name)s paid", name=order.name)
        if points <= 0:
            # Spending still counts for tiers by amount spent.
            card = self._mall_card(partner, company)
            if not card:
                return self.browse()
            lot = self.sudo().create(
                {
                    "partner_id": partner.id,
                    "card_id": card.id,
                    "kind": "order",
                    "description": description,
                    "earned_at": paid_at,
                    "order_id": order.id,
                    "amount": amount,
                }
            )
            partner._mall_recompute_tier()
            return lot
        return self._mall_earn(
            partner,
            points,
            "order",
            description,
            company,
            earned_at=paid_at,
            order_id=order.id,
            amount=amount,
            origin=order,
        )

    @api.model
    def _mall_earn_review(self, review):
        """The points of a published review with photos, once per purchase."""
        review = review.sudo()
        line = review.sale_line_id
        if not line or self.sudo().search_count([("sale_line_id", "=", line.id)]):
            return self.browse()
        company = line.order_id.company_id or self.env.company
        return self._mall_earn(
            review.partner_id.commercial_partner_id,
            company.mall_review_photo_points,
            "review",
            _("Photo review of %(product)s", product=review.product_tmpl_id.name),
            company,
            sale_line_id=line.id,
        )

    # ------------------------------------------------------------------
    # Taking points
    # ------------------------------------------------------------------
    @api.model
    def _mall_take(self, card, points, description, first=None, origin=None):
        """Take ``points`` from ``card``, from its lots first in, first out
        (lot ``first`` before the others), never below zero. Returns the
        points taken. The card must be locked by the caller."""
        points = min(points, max(int(card.points), 0))
        if points <= 0:
            return 0
        lots = self.sudo().search([("card_id", "=", card.id), ("remaining", ">", 0)])
        plan = pts.consume(
            [pts.Lot(lot.id, lot.remaining, lot.expires_on) for lot in lots],
            points,
            first=first.id if first else None,
        )
        for lot_id, taken in plan:
            lot = lots.browse(lot_id)
            lot.remaining -= taken
        self._mall_history(card, description, used=points, origin=origin)
        card.points -= points
        return points

    @api.model
    def _mall_spend(self, partner, points, description, company=None, origin=None):
        """Spend ``points`` of ``partner``, or raise ``NotEnoughPoints``."""
        card = self._mall_card(partner, company, create=False)
        if not card:
            raise NotEnoughPoints()
        self._mall_lock_card(card)
        if card.points < points:
            raise NotEnoughPoints()
        return self._mall_take(card, points, description, origin=origin)

    @api.model
    def _mall_reverse_order(self, order, refunded_before, refund_amount):
        """Take back the points of ``order`` in proportion to a refund of
        ``refund_amount`` made after ``refunded_before`` was refunded."""
        order = order.sudo()
        lot = self.sudo().search([("order_id", "=", order.id)], limit=1)
        if not lot:
            return 0
        lot.refunded_amount = order.currency_id.round(
            lot.refunded_amount + refund_amount
        )
        reverse = pts.refund_reversal(
            lot.points, lot.amount or order.amount_total, refunded_before, refund_amount
        )
        if reverse <= 0:
            lot.partner_id._mall_recompute_tier()
            return 0
        self._mall_lock_card(lot.card_id)
        lot.reversed_points += reverse
        taken = self._mall_take(
            lot.card_id,
            reverse,
            _("Refund of order %(name)s", name=order.name),
            first=lot,
            origin=order,
        )
        lot.partner_id._mall_recompute_tier()
        return taken

    @api.model
    def _cron_mall_expire(self, batch_size=500):
        """Expire what is left of lots past their date (in the time zone of
        their card's shop), card by card."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([])
        today_of = {c.id: pts.shop_date(now, c._mall_tz()) for c in companies}
        # Cards of programs of every company: the current company's date.
        today_of[False] = pts.shop_date(now, self.env.company._mall_tz())
        due = self.sudo().search(
            [("remaining", ">", 0)]
            + expression.OR(
                [
                    [("card_id.company_id", "=", company_id), ("expires_on", "<", day)]
                    for company_id, day in today_of.items()
                ]
            ),
            order="card_id, expires_on, id",
            limit=batch_size,
        )
        for card in due.card_id:
            self._mall_lock_card(card)
            lots = due.filtered(lambda lot, card=card: lot.card_id == card)
            plan = pts.expired(
                [pts.Lot(lot.id, lot.remaining, lot.expires_on) for lot in lots],
                today_of[card.company_id.id],
            )
            total = 0
            for lot_id, points in plan:
                lot = lots.browse(lot_id)
                lot.write(
                    {"remaining": 0, "expired_points": lot.expired_points + points}
                )
                total += points
            total = min(total, max(int(card.points), 0))
            if total:
                self._mall_history(card, _("Points expired"), used=total)
                card.points -= total
        if len(due) == batch_size:
            # More are due: run again once this batch is committed.
            self.env.ref("mall_loyalty.ir_cron_mall_points_expire")._trigger()
        return due

    # ------------------------------------------------------------------
    # Tiers
    # ------------------------------------------------------------------
    @api.model
    def _mall_tier_value(self, partner, company=None, now=None):
        """What counts for ``partner``'s tier: points earned (net of refunds)
        or amount spent (net of refunds) over the company's window."""
        company = company or self.env.company
        start = pts.window_start(
            now or fields.Datetime.now(), company.mall_tier_window_days or 365
        )
        lots = self.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("card_id.program_id", "=", self._mall_program(company).id),
                ("earned_at", ">=", start),
            ]
        )
        if company.mall_tier_basis == "spend":
            return sum(
                lot.amount - lot.refunded_amount
                for lot in lots.filtered(lambda lot: lot.kind == "order")
            )
        # Points given back (a cancelled redemption) were earned already.
        return sum(
            lot.points - lot.reversed_points
            for lot in lots.filtered(lambda lot: lot.kind != "return")
        )
