# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools import points as pts
from ..tools import signin


class MallSignin(models.Model):
    """One daily sign-in (签到) of a member: once a day (the shop's date)."""

    _name = "mall.signin"
    _description = "Mall Daily Sign-in"
    _order = "date desc, id desc"
    _rec_name = "date"

    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    streak = fields.Integer(string="Streak Day", readonly=True)
    points = fields.Integer(string="Points Awarded", readonly=True)
    lot_id = fields.Many2one(
        "mall.member.points", string="Points Lot", readonly=True, ondelete="set null"
    )

    _sql_constraints = [
        (
            "partner_date_uniq",
            "unique(partner_id, date)",
            "A member signs in once a day.",
        ),
    ]

    @api.model
    def _mall_today(self, now=None, company=None):
        """Today in the time zone of the shop of ``company``."""
        company = company or self.env.company
        return pts.shop_date(now or fields.Datetime.now(), company._mall_tz())

    @api.model
    def _mall_last(self, partner, before=None):
        domain = [("partner_id", "=", partner.id)]
        if before:
            domain.append(("date", "<", before))
        return self.sudo().search(domain, order="date desc", limit=1)

    @api.model
    def _mall_sign_in(self, partner, company=None, now=None):
        """Sign ``partner`` in today: the day's sign-in, created with its
        points the first time, the same one afterwards (no points twice)."""
        company = company or self.env.company
        partner = partner.commercial_partner_id.sudo()
        today = self._mall_today(now, company)
        done = self.sudo().search(
            [("partner_id", "=", partner.id), ("date", "=", today)], limit=1
        )
        if done:
            return done
        Points = self.env["mall.member.points"].sudo()
        card = Points._mall_card(partner, company)
        if card:
            # Two sign-ins at once: the second waits for the first, then fails
            # to serialize and is retried, and finds the first's sign-in.
            self.env.cr.execute(
                SQL(
                    "UPDATE loyalty_card SET write_date = write_date WHERE id = %s",
                    card.id,
                )
            )
        last = self._mall_last(partner, before=today)
        streak = signin.next_streak(today, last.date or None, last.streak)
        rule = self.env["mall.signin.rule"]._mall_rule(company)
        points = rule._mall_reward(streak)
        record = self.sudo().create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "date": today,
                "streak": streak,
                "points": points if card else 0,
            }
        )
        if card and points:
            record.lot_id = Points._mall_earn(
                partner,
                points,
                "signin",
                _("Daily sign-in (streak day %(day)s)", day=streak),
                company,
            )
        return record

    @api.model
    def _mall_status(self, partner, company=None, now=None):
        """``(today, current streak, signed today, rule)`` of ``partner``."""
        company = company or self.env.company
        partner = partner.commercial_partner_id
        today = self._mall_today(now, company)
        last = self._mall_last(partner)
        streak = signin.current_streak(today, last.date or None, last.streak)
        signed = bool(last) and last.date == today
        return today, streak, signed, self.env["mall.signin.rule"]._mall_rule(company)

    @api.model
    def _mall_month(self, partner, year, month):
        """The sign-ins of ``partner`` in a month, by date."""
        first = fields.Date.to_date(f"{year:04d}-{month:02d}-01")
        after = pts.add_months(first, 1)
        records = self.sudo().search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("date", ">=", first),
                ("date", "<", after),
            ]
        )
        return {record.date: record for record in records}
