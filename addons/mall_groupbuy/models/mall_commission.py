# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import _, _lt, api, fields, models
from odoo.exceptions import UserError

from ..tools import commission as maths

_logger = logging.getLogger(__name__)

# The accounts and journal of the commissions, found by code, created when
# missing: (code, name, account type).
PAYABLE_ACCOUNT = ("2241", _lt("Commissions payable"), "liability_current")
EXPENSE_ACCOUNT = ("6601", _lt("Commission expense"), "expense")
JOURNAL = ("COMM", _lt("Commissions"))


class MallCommission(models.Model):
    _name = "mall.commission"
    _description = "Mall Commission"
    _order = "id desc"

    name = fields.Char(compute="_compute_name", store=True)
    promoter_id = fields.Many2one(
        "mall.promoter", required=True, index=True, ondelete="restrict", readonly=True
    )
    promoter_partner_id = fields.Many2one(
        related="promoter_id.partner_id", string="Promoter Contact", store=True
    )
    order_id = fields.Many2one(
        "sale.order", required=True, index=True, ondelete="restrict", readonly=True
    )
    buyer_id = fields.Many2one("res.partner", readonly=True)
    level = fields.Selection(
        [("1", "Level 1"), ("2", "Level 2")], required=True, readonly=True
    )
    kind = fields.Selection(
        [("accrual", "Accrual"), ("reversal", "Refund Reversal")],
        default="accrual",
        required=True,
        readonly=True,
    )
    origin_id = fields.Many2one(
        "mall.commission", string="Reverses", readonly=True, index="btree_not_null"
    )
    reversal_ids = fields.One2many("mall.commission", "origin_id", string="Reversals")
    base_amount = fields.Monetary(string="Base", readonly=True)
    amount = fields.Monetary(readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("withdrawable", "Withdrawable"),
            ("withdrawn", "Withdrawn"),
        ],
        default="pending",
        required=True,
        index=True,
        readonly=True,
    )
    accrued_at = fields.Datetime(
        string="Date", default=fields.Datetime.now, required=True, readonly=True
    )
    released_at = fields.Datetime(string="Withdrawable From", readonly=True)
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)

    @api.depends("order_id.name", "level", "kind")
    def _compute_name(self):
        for line in self:
            prefix = "-" if line.kind == "reversal" else ""
            line.name = f"{prefix}{line.order_id.name or ''}/L{line.level or ''}"

    # ------------------------------------------------------------------
    # Accounting
    # ------------------------------------------------------------------
    @api.model
    def _mall_account(self, company, spec):
        code, label, account_type = spec
        name = label._translate("en_US")
        Account = self.env["account.account"].sudo().with_company(company)
        domain = [
            *Account._check_company_domain(company),
            ("account_type", "=", account_type),
        ]
        account = Account.with_context(lang="en_US").search(
            [*domain, ("name", "=", name)], limit=1
        )
        if account:
            return account
        same = Account.search(
            [*Account._check_company_domain(company), ("code", "!=", False)], limit=1
        )
        if same and len(same.code or "") > len(code):
            code = code.ljust(len(same.code), "0")
        account = Account.with_context(lang="en_US").create(
            {
                "name": name,
                "code": Account._search_new_account_code(code, cache=set()),
                "account_type": account_type,
                "company_ids": [fields.Command.set(company.ids)],
            }
        )
        self._mall_translate(account, label)
        return account

    @api.model
    def _mall_translate(self, record, name):
        translations = {
            lang: name._translate(lang)
            for lang, __ in self.env["res.lang"].get_installed()
            if lang != "en_US"
        }
        if translations:
            record.update_field_translations("name", translations)

    @api.model
    def _mall_journal(self, company):
        Journal = self.env["account.journal"].sudo().with_context(active_test=False)
        code, label = JOURNAL
        journal = Journal.search(
            [*Journal._check_company_domain(company), ("code", "=", code)], limit=1
        )
        if not journal:
            journal = Journal.with_context(lang="en_US").create(
                {
                    "name": label._translate("en_US"),
                    "code": code,
                    "type": "general",
                    "company_id": company.id,
                }
            )
            self._mall_translate(journal, label)
        return journal

    @api.model
    def _mall_post(self, company, ref, partner, lines, journal=None):
        """Post a journal entry of ``lines`` (account, debit, credit); none
        when the company has no chart of accounts."""
        if not self.env["payment.provider"]._mall_has_chart(company):
            return self.env["account.move"]
        move = (
            self.env["account.move"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": (journal or self._mall_journal(company)).id,
                    "ref": ref,
                    "date": fields.Date.context_today(self),
                    "line_ids": [
                        fields.Command.create(
                            {
                                "account_id": account.id,
                                "partner_id": partner.id,
                                "name": ref,
                                "debit": debit,
                                "credit": credit,
                            }
                        )
                        for account, debit, credit in lines
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _mall_post_accrual(self):
        """Accrual: Dr commission expense, Cr commissions payable; a reversal
        the other way round."""
        for line in self:
            company = line.company_id
            amount = line.currency_id.round(abs(line.amount))
            if not amount or not self.env["payment.provider"]._mall_has_chart(company):
                continue
            expense = self._mall_account(company, EXPENSE_ACCOUNT)
            payable = self._mall_account(company, PAYABLE_ACCOUNT)
            if line.amount > 0:
                entries = [(expense, amount, 0.0), (payable, 0.0, amount)]
                ref = _("Commission %s", line.name)
            else:
                entries = [(payable, amount, 0.0), (expense, 0.0, amount)]
                ref = _("Commission reversal %s", line.name)
            line.move_id = self._mall_post(
                company, ref, line.promoter_partner_id, entries
            )

    # ------------------------------------------------------------------
    # Accrual and reversal
    # ------------------------------------------------------------------
    @api.model
    def _mall_rates(self, product, defaults):
        """level -> rate of ``product``: its own, its shop category's (or an
        ancestor's), else ``defaults``."""
        template = product.product_tmpl_id

        def own(record):
            if not record.mall_commission_custom:
                return None
            return {
                1: record.mall_commission_rate_1,
                2: record.mall_commission_rate_2,
            }

        categories, category = [], template.mall_category_id
        while category:
            categories.append(own(category))
            category = category.parent_id
        return {
            level: maths.line_rate(level, own(template), categories, defaults)
            for level in maths.LEVELS
        }

    @api.model
    def _mall_accrue(self, order):
        """Commissions of the paid ``order`` to the buyer's promoter and, at
        two levels, that promoter's own; nothing twice, nothing to the buyer
        themself."""
        Promoter = self.env["mall.promoter"].sudo()
        order = order.sudo()
        company = order.company_id
        if not Promoter._mall_setting("enabled", company) or self.search_count(
            [("order_id", "=", order.id), ("kind", "=", "accrual")], limit=1
        ):
            return self.browse()
        buyer = order.partner_id.commercial_partner_id
        first = Promoter._mall_bound_promoter(buyer, order.date_order)
        if not first or first._mall_same_person(buyer):
            return self.browse()
        promoters = {1: first}
        if Promoter._mall_setting("levels", company) >= 2:
            second = Promoter._mall_bound_promoter(first.partner_id)
            if second and second != first and not second._mall_same_person(buyer):
                promoters[2] = second
        defaults = {
            1: Promoter._mall_setting("rate_1", company),
            2: Promoter._mall_setting("rate_2", company),
        }
        lines, discount = [], 0.0
        for line in order.order_line.filtered(lambda ol: not ol.display_type):
            if line.is_delivery:
                continue
            if line.price_total < 0 or getattr(line, "is_reward_line", False):
                discount += line.price_total
                continue
            lines.append(
                {
                    "total": line.price_total,
                    "rates": self._mall_rates(line.product_id, defaults),
                }
            )
        digits = order.currency_id.decimal_places
        earned = maths.order_commissions(
            lines, tuple(promoters), digits, discount_total=discount
        )
        commissions = self.browse()
        for level, (base, amount) in earned.items():
            commissions |= self.create(
                {
                    "promoter_id": promoters[level].id,
                    "order_id": order.id,
                    "buyer_id": buyer.id,
                    "level": str(level),
                    "base_amount": float(base),
                    "amount": float(amount),
                    "company_id": order.company_id.id,
                    "currency_id": order.currency_id.id,
                }
            )
        commissions._mall_post_accrual()
        return commissions

    @api.model
    def _mall_reverse(self, order, refunded_before, refund):
        """A refund of ``refund`` (after ``refunded_before``) takes back its
        share of the order's commissions: a negative line, pending with a
        pending commission, else withdrawable at once (the promoter's
        balance goes down, even below what was paid out)."""
        order = order.sudo()
        origins = self.search([("order_id", "=", order.id), ("kind", "=", "accrual")])
        reversals = self.browse()
        digits = order.currency_id.decimal_places
        for origin in origins:
            amount = maths.reversal(
                origin.amount, order.amount_total, refunded_before, refund, digits
            )
            if amount <= 0:
                continue
            pending = origin.state == "pending"
            reversals |= self.create(
                {
                    "promoter_id": origin.promoter_id.id,
                    "order_id": order.id,
                    "buyer_id": origin.buyer_id.id,
                    "level": origin.level,
                    "kind": "reversal",
                    "origin_id": origin.id,
                    "base_amount": -float(
                        maths.reversal(
                            origin.base_amount,
                            order.amount_total,
                            refunded_before,
                            refund,
                            digits,
                        )
                    ),
                    "amount": -float(amount),
                    "company_id": origin.company_id.id,
                    "currency_id": origin.currency_id.id,
                    "state": "pending" if pending else "withdrawable",
                    "released_at": False if pending else fields.Datetime.now(),
                }
            )
        reversals._mall_post_accrual()
        return reversals

    # ------------------------------------------------------------------
    # After-sales window
    # ------------------------------------------------------------------
    def _mall_releasable(self, now):
        Promoter = self.env["mall.promoter"]
        ready = self.browse()
        for line in self.filtered(lambda c: c.state == "pending"):
            days = Promoter._mall_setting("aftersale_days", line.company_id)
            origin = line.origin_id or line
            order = line.order_id
            if order._mall_commission_on_hold():
                continue
            start = order._mall_commission_window_start(origin.accrued_at)
            if start and start + timedelta(days=days) <= now:
                ready |= line
        return ready

    @api.model
    def _cron_release(self, batch_size=1000):
        """Commissions past the after-sales window become withdrawable;
        orders held by the risk review wait."""
        now = fields.Datetime.now()
        pending = self.search([("state", "=", "pending")], limit=batch_size)
        ready = pending._mall_releasable(now)
        ready.write({"state": "withdrawable", "released_at": now})
        return ready

    def unlink(self):
        if self.move_id:
            raise UserError(_("A posted commission cannot be deleted."))
        return super().unlink()
