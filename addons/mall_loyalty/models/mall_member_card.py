# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools import member_card as mc
from ..tools import points as pts

_logger = logging.getLogger(__name__)

REMIND_DAYS_PARAM = "mall.member_card_remind_days"
DEFAULT_REMIND_DAYS = 7


class MallMemberCard(models.Model):
    """A shopper's paid member card: one per shopper and company, its dates
    extended by each purchase (the shop's dates, both ends included)."""

    _name = "mall.member.card"
    _description = "Mall Member Card"
    _order = "date_end desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Shopper",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="plan_id.currency_id")
    plan_id = fields.Many2one(
        "mall.member.card.plan",
        required=True,
        ondelete="restrict",
        help="The plan of the last purchase: its discount and perks apply.",
    )
    date_start = fields.Date(
        string="Member Since",
        readonly=True,
        help="First day of the current uninterrupted membership (Beijing).",
    )
    date_end = fields.Date(
        string="Valid Until",
        readonly=True,
        index=True,
        help="Last valid day (Beijing); renewals extend it.",
    )
    state = fields.Selection(
        [("active", "Active"), ("expired", "Expired")],
        required=True,
        default="active",
        index=True,
        readonly=True,
    )
    order_ids = fields.One2many(
        "sale.order",
        "mall_member_card_id",
        string="Purchases",
        readonly=True,
        help="The paid orders that bought or renewed the card.",
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Last Purchase",
        readonly=True,
        help="The order that paid the current period.",
    )
    reminded_for = fields.Date(
        string="Reminder Sent For",
        readonly=True,
        copy=False,
        help="End date whose renewal reminder was sent: one per period.",
    )
    next_coupon_date = fields.Date(
        readonly=True,
        help="When the next monthly coupon is given.",
    )
    days_left = fields.Integer(compute="_compute_days_left")
    savings = fields.Monetary(
        string="Saved",
        compute="_compute_savings",
        help="What the card's discount saved on the holder's confirmed orders.",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "unique(partner_id, company_id)",
            "A shopper has one member card per company.",
        ),
    ]

    def _mall_today(self, company=None):
        """Today in the time zone of the shop of this card, else of
        ``company`` or the current company."""
        company = self.company_id[:1] or company or self.env.company
        return pts.shop_date(fields.Datetime.now(), company._mall_tz())

    def _compute_days_left(self):
        for card in self:
            card.days_left = (
                mc.days_left(card._mall_today(), card.date_end)
                if card.state == "active"
                else 0
            )

    def _compute_savings(self):
        for card in self:
            card.savings = float(card._mall_savings())

    def _mall_savings(self):
        """What the card's discount saved on the holder's confirmed orders
        since the membership started (the current plan's discount, on the
        lines whose discount includes it)."""
        self.ensure_one()
        if not self.date_start:
            return Decimal(0)
        plan = self.plan_id
        lines = (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("order_id.partner_id", "child_of", self.partner_id.id),
                    ("order_id.state", "=", "sale"),
                    ("order_id.date_order", ">=", self.date_start),
                    ("order_id.company_id", "=", self.company_id.id),
                    ("discount", ">", 0),
                ]
            )
        )
        total = Decimal(0)
        for line in lines.filtered(lambda x: not x.is_reward_line):
            if plan._mall_applies_to(line.product_id):
                total += mc.saving(
                    line.price_unit,
                    line.product_uom_qty,
                    line.discount,
                    plan.discount_percent,
                )
        return total

    def _mall_is_valid(self, today=None):
        self.ensure_one()
        return self.state == "active" and mc.is_valid(
            today or self._mall_today(), self.date_start, self.date_end
        )

    @api.model
    def _mall_active_card(self, partner, company=None, moment=None):
        """The valid card of ``partner`` (its commercial entity), or none."""
        if not partner:
            return self.browse()
        company = company or self.env.company
        card = self.sudo().search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", company.id),
                ("state", "=", "active"),
            ],
            limit=1,
        )
        today = pts.shop_date(moment, company._mall_tz()) if moment else None
        if card and card._mall_is_valid(today):
            return card
        return self.browse()

    @api.model
    def _mall_card_percent(self, partner, company=None, product=None, moment=None):
        """The card discount (%) ``partner`` gets on ``product`` (without a
        product: when the card discounts every product)."""
        card = self._mall_active_card(partner, company, moment)
        plan = card.plan_id
        if not plan or not plan.discount_percent:
            return 0.0
        if product is None:
            return 0.0 if plan.category_ids else plan.discount_percent
        return plan.discount_percent if plan._mall_applies_to(product) else 0.0

    # ------------------------------------------------------------------
    # Purchase
    # ------------------------------------------------------------------
    @api.model
    def _mall_plan_of_order(self, order):
        products = order.order_line.product_id
        return (
            self.env["mall.member.card.plan"]
            .sudo()
            .with_context(active_test=False)
            .search([("product_id", "in", products.ids)], limit=1)
        )

    @api.model
    def _mall_activate_orders(self, orders):
        """Create or extend the cards the confirmed ``orders`` paid for,
        exactly once per order (row-locked: duplicate payment notifications
        and retries change nothing). Returns the cards."""
        cards = self.browse()
        for order in orders.sudo():
            plan = self._mall_plan_of_order(order)
            if not plan:
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT mall_member_card_id FROM sale_order "
                    "WHERE id = %s FOR UPDATE",
                    order.id,
                )
            )
            row = self.env.cr.fetchone()
            if row and row[0]:
                cards |= self.browse(row[0])
                continue
            card = self._mall_extend(order, plan)
            cards |= card
        return cards

    @api.model
    def _mall_extend(self, order, plan):
        partner = order.partner_id.commercial_partner_id
        company = order.company_id
        card = self.sudo().search(
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)],
            limit=1,
        )
        if card:
            self.env.cr.execute(
                SQL("SELECT id FROM mall_member_card WHERE id = %s FOR UPDATE", card.id)
            )
        today = self._mall_today(company)
        running = card and card.state == "active" and card.date_end >= today
        start, end, renewal = mc.new_period(
            today,
            plan.months,
            card.date_start if running else None,
            card.date_end if running else None,
        )
        values = {
            "plan_id": plan.id,
            "date_start": start,
            "date_end": end,
            "state": "active",
            "order_id": order.id,
        }
        if not renewal:
            values["next_coupon_date"] = today
        if card:
            card.write(values)
        else:
            card = self.sudo().create(
                dict(values, partner_id=partner.id, company_id=company.id)
            )
        order.with_context(tracking_disable=True).write(
            {"mall_member_card_id": card.id}
        )
        # A new period gives its first coupon now; a renewal continues the
        # monthly coupons through the new end date.
        card._mall_issue_due_coupons(today)
        card._mall_on_purchase(order, renewal)
        return card

    def _mall_on_purchase(self, order, renewal):
        """Hook: ``order`` bought (or renewed) this card."""

    # ------------------------------------------------------------------
    # Perks
    # ------------------------------------------------------------------
    def _mall_issue_due_coupons(self, today=None):
        for card in self.filtered(lambda c: c.state == "active"):
            due, following = mc.coupon_dates(
                card.next_coupon_date, today or card._mall_today(), card.date_end
            )
            for day in due:
                card._mall_issue_coupon(day)
            if due:
                card.next_coupon_date = following

    def _mall_issue_coupon(self, day):
        """Give this card's monthly coupon, valid a month from ``day``."""
        self.ensure_one()
        program = self.plan_id.coupon_program_id.sudo()
        if not program or not program.active:
            return self.env["loyalty.card"]
        values = program._mall_share_card_values(self.partner_id)
        values["expiration_date"] = pts.add_months(day, 1)
        return self.env["loyalty.card"].sudo().create(values)

    # ------------------------------------------------------------------
    # Crons
    # ------------------------------------------------------------------
    @api.model
    def _mall_remind_days(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(REMIND_DAYS_PARAM, DEFAULT_REMIND_DAYS)
        )

    @api.model
    def _cron_mall_member_cards(self, today=None):
        """Daily: expire ended cards, give monthly coupons, remind holders
        whose card ends soon (once per period). ``today`` is, unless
        given, each card's shop's date."""
        cards = self.sudo().search([("state", "=", "active")])
        today_of = {c: today or self._mall_today(c) for c in cards.company_id}
        ended = cards.filtered(lambda c: c.date_end < today_of[c.company_id])
        ended.write({"state": "expired"})
        running = cards - ended
        running._mall_issue_due_coupons(today)
        days = self._mall_remind_days()
        due = running.filtered(
            lambda c: mc.reminder_due(
                today_of[c.company_id], c.date_end, days, c.reminded_for
            )
        )
        for card in due:
            try:
                with self.env.cr.savepoint():
                    card._mall_send_reminder(today_of[card.company_id])
                    card.reminded_for = card.date_end
            except Exception:
                _logger.exception("Could not remind member card %s", card.id)
        return ended, due

    def _mall_send_reminder(self, today):
        """Hook: tell the holder the card ends soon (the mini-program sends
        a subscription message)."""
        self.ensure_one()
        self.partner_id.message_post(
            body=_(
                "Your member card ends on %(date)s: renew it to keep member prices.",
                date=self.date_end,
            ),
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _mall_expiring_domain(self, days=None):
        days = self._mall_remind_days() if days is None else days
        today = self._mall_today()
        return [
            ("state", "=", "active"),
            ("date_end", ">=", today),
            ("date_end", "<", today + timedelta(days=days)),
        ]

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("id", "in", self.order_ids.ids)]
        action["context"] = {}
        return action
