# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from ..tools import bills

# The platforms cut their bills at midnight, Beijing time.
BILL_TZ = pytz.timezone("Asia/Shanghai")


def beijing_to_utc(value):
    """A naive Beijing wall time as the naive UTC datetime Odoo stores."""
    return BILL_TZ.localize(value).astimezone(pytz.utc).replace(tzinfo=None)


class MallPaymentBill(models.Model):
    _name = "mall.payment.bill"
    _description = "Payment Platform Daily Bill"
    _order = "bill_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    provider_id = fields.Many2one(
        string="Payment Provider",
        comodel_name="payment.provider",
        required=True,
        ondelete="restrict",
        domain="[('code', 'in', ('wechatpay', 'alipay'))]",
        check_company=True,
    )
    provider_code = fields.Selection(related="provider_id.code")
    bill_date = fields.Date(required=True, help="The day of the bill, in Beijing time.")
    company_id = fields.Many2one(
        related="provider_id.company_id", store=True, precompute=True
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_currency_id",
        store=True,
        precompute=True,
    )
    state = fields.Selection(
        selection=[("draft", "Draft"), ("reconciled", "Reconciled")],
        default="draft",
        required=True,
        readonly=True,
    )
    bill_file = fields.Binary(attachment=True, readonly=True)
    bill_filename = fields.Char(readonly=True)
    line_ids = fields.One2many(
        string="Lines", comodel_name="mall.payment.bill.line", inverse_name="bill_id"
    )
    matched_count = fields.Integer(compute="_compute_counts", store=True)
    missing_in_odoo_count = fields.Integer(compute="_compute_counts", store=True)
    missing_in_bill_count = fields.Integer(compute="_compute_counts", store=True)
    amount_mismatch_count = fields.Integer(compute="_compute_counts", store=True)
    payment_total = fields.Monetary(
        help="The payments of the bill.", compute="_compute_totals", store=True
    )
    refund_total = fields.Monetary(
        help="The refunds of the bill.", compute="_compute_totals", store=True
    )
    fee_total = fields.Monetary(
        help="The fees the platform charged, net of the fees given back with refunds.",
        compute="_compute_totals",
        store=True,
    )
    fee_move_id = fields.Many2one(
        string="Fee Entry", comodel_name="account.move", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "provider_date_unique",
            "UNIQUE(provider_id, bill_date)",
            "A provider has one bill per day: import it again to replace it.",
        ),
    ]

    # === COMPUTE METHODS === #

    @api.depends("provider_id.name", "bill_date")
    def _compute_name(self):
        for bill in self:
            bill.name = f"{bill.provider_id.name or ''} {bill.bill_date or ''}".strip()

    @api.depends("provider_id", "company_id")
    def _compute_currency_id(self):
        for bill in self:
            # The platforms settle in one currency (renminbi): the provider's.
            currencies = bill.provider_id.available_currency_ids
            bill.currency_id = (
                currencies
                if len(currencies) == 1
                else bill.provider_id.journal_id.currency_id
                or bill.company_id.currency_id
            )

    @api.depends("line_ids.match_state")
    def _compute_counts(self):
        for bill in self:
            states = bill.line_ids.mapped("match_state")
            bill.matched_count = states.count("matched")
            bill.missing_in_odoo_count = states.count("missing_in_odoo")
            bill.missing_in_bill_count = states.count("missing_in_bill")
            bill.amount_mismatch_count = states.count("amount_mismatch")

    @api.depends("line_ids.amount", "line_ids.fee", "line_ids.kind")
    def _compute_totals(self):
        for bill in self:
            lines = bill.line_ids.filtered(lambda line: line.in_bill)
            bill.payment_total = sum(
                lines.filtered(lambda line: line.kind == "payment").mapped("amount")
            )
            bill.refund_total = sum(
                lines.filtered(lambda line: line.kind == "refund").mapped("amount")
            )
            bill.fee_total = bill._mall_fee_total()

    # === ACTIONS === #

    def action_reconcile(self):
        self._reconcile()
        return True

    def _action_open_lines(self, match_state=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_payment.mall_payment_bill_line_action"
        )
        action["domain"] = [("bill_id", "=", self.id)]
        if match_state:
            action["domain"].append(("match_state", "=", match_state))
        action["context"] = {"create": False}
        return action

    def action_open_matched(self):
        return self._action_open_lines("matched")

    def action_open_missing_in_odoo(self):
        return self._action_open_lines("missing_in_odoo")

    def action_open_missing_in_bill(self):
        return self._action_open_lines("missing_in_bill")

    def action_open_amount_mismatch(self):
        return self._action_open_lines("amount_mismatch")

    def action_open_fee_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.fee_move_id.id,
            "views": [(False, "form")],
        }

    # === BUSINESS METHODS === #

    @api.model
    def _mall_import(self, provider, bill_date, data, filename=None):
        """Create the bill of ``provider`` and ``bill_date`` from the raw file
        ``data``, or replace the lines of the one already imported, and
        reconcile it.

        :raise ValidationError: the file cannot be read, or the bill cannot be
            reconciled.
        """
        try:
            parsed = bills.parse_bill(provider.code, data)
        except ValueError as error:
            raise ValidationError(
                _("The bill cannot be imported: %s", error)
            ) from error
        bill = self.search(
            [("provider_id", "=", provider.id), ("bill_date", "=", bill_date)]
        )
        values = {
            "bill_file": base64.b64encode(data),
            "bill_filename": filename
            or f"{provider.code}-{fields.Date.to_string(bill_date)}.csv",
            "line_ids": [Command.clear()]
            + [Command.create(self._mall_line_values(line)) for line in parsed.lines],
        }
        if bill:
            bill.write(values)
        else:
            bill = self.create(
                dict(values, provider_id=provider.id, bill_date=bill_date)
            )
        bill._reconcile()
        return bill

    @api.model
    def _mall_line_values(self, line):
        return {
            "kind": line.kind,
            "reference": line.reference,
            "provider_reference": line.provider_reference,
            "amount": float(line.amount),
            "fee": float(line.fee),
            "bill_time": line.time and beijing_to_utc(line.time),
            "in_bill": True,
        }

    @api.model
    def _mall_download_and_reconcile(self, provider, bill_date):
        data = provider._mall_download_bill(bill_date)
        return self._mall_import(provider, bill_date, data)

    def _mall_day_bounds(self):
        """The Beijing day of the bill, as naive UTC datetimes [start, end)."""
        self.ensure_one()
        start = beijing_to_utc(datetime.combine(self.bill_date, time.min))
        return start, start + timedelta(days=1)

    def _reconcile(self):
        """Match the lines of the bill with the done transactions of the
        provider, list the transactions of the day the bill misses, and post
        the day's fees. Running it again gives the same result."""
        for bill in self:
            bill._mall_match_lines()
            bill._mall_post_fee_move()
            bill.state = "reconciled"

    def _mall_match_lines(self):
        self.ensure_one()
        self.line_ids.filtered(lambda line: not line.in_bill).unlink()
        Tx = self.env["payment.transaction"]
        bill_lines = self.line_ids
        references = set(bill_lines.mapped("reference"))
        txs = Tx.search(
            [
                ("provider_id", "=", self.provider_id.id),
                ("state", "=", "done"),
                ("reference", "in", list(references)),
            ]
        )
        by_key = {(tx.reference, tx.operation == "refund"): tx for tx in txs}
        for line in bill_lines:
            tx = by_key.get((line.reference, line.kind == "refund"), Tx)
            values = {"transaction_id": tx.id, "odoo_amount": abs(tx.amount)}
            if not tx:
                values["match_state"] = "missing_in_odoo"
            elif self._mall_fen(line.amount) == self._mall_fen(abs(tx.amount)):
                values["match_state"] = "matched"
            else:
                values["match_state"] = "amount_mismatch"
            line.write(values)
        # Done that day but absent from the bill.
        start, end = self._mall_day_bounds()
        missing = Tx.search(
            [
                ("provider_id", "=", self.provider_id.id),
                ("state", "=", "done"),
                ("last_state_change", ">=", start),
                ("last_state_change", "<", end),
                ("id", "not in", bill_lines.transaction_id.ids),
            ]
        )
        self.write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "kind": "refund" if tx.operation == "refund" else "payment",
                            "reference": tx.reference,
                            "provider_reference": tx.provider_reference,
                            "amount": 0.0,
                            "fee": 0.0,
                            "transaction_id": tx.id,
                            "odoo_amount": abs(tx.amount),
                            "match_state": "missing_in_bill",
                            "in_bill": False,
                        }
                    )
                    for tx in missing
                ]
            }
        )

    def _mall_fen(self, amount):
        """The amount in integer minor units, through Decimal."""
        return self.provider_id._wechatpay_to_fen(amount, self.currency_id)

    def _mall_fee_total(self):
        """The net fee of the bill's lines, exact (Decimal)."""
        self.ensure_one()
        digits = self.currency_id.decimal_places if self.currency_id else 2
        return float(
            sum(
                (
                    Decimal(repr(line.fee)).quantize(Decimal(1).scaleb(-digits))
                    for line in self.line_ids
                    if line.in_bill
                ),
                Decimal(0),
            )
        )

    def _mall_fee_move_values(self, amount):
        self.ensure_one()
        provider = self.provider_id
        fee_account = provider._mall_get_fee_account()
        receipt_account = provider._mall_get_receipt_account()
        if not receipt_account:
            raise ValidationError(
                _(
                    "The journal %(journal)s has no account to take the fees of "
                    "%(provider)s from.",
                    journal=provider.journal_id.display_name,
                    provider=provider.name,
                )
            )
        ref = _(
            "%(provider)s fees %(date)s",
            provider=provider.name,
            date=fields.Date.to_string(self.bill_date),
        )
        company = self.company_id
        balance = self.currency_id._convert(
            amount, company.currency_id, company, self.bill_date
        )
        # A net refund of fees (more fees given back than charged) reverses
        # the sides.
        debit, credit = (balance, 0.0) if balance > 0 else (0.0, -balance)
        line = {"name": ref, "currency_id": self.currency_id.id}
        return {
            "move_type": "entry",
            "journal_id": provider.journal_id.id,
            "date": self.bill_date,
            "ref": ref,
            "company_id": self.company_id.id,
            "line_ids": [
                Command.create(
                    dict(
                        line,
                        account_id=fee_account.id,
                        debit=debit,
                        credit=credit,
                        amount_currency=amount,
                    )
                ),
                Command.create(
                    dict(
                        line,
                        account_id=receipt_account.id,
                        debit=credit,
                        credit=debit,
                        amount_currency=-amount,
                    )
                ),
            ],
        }

    def _mall_post_fee_move(self):
        """Post the day's net fee; an earlier fee entry that no longer holds
        is reversed, never left next to the new one."""
        self.ensure_one()
        amount = self.currency_id.round(self._mall_fee_total())
        values = (
            None
            if self.currency_id.is_zero(amount)
            else self._mall_fee_move_values(amount)
        )
        previous = self.fee_move_id
        if previous and previous.state == "posted":
            if values and self._mall_same_fee_move(previous, values):
                return  # Reconciled again with the same fees.
            previous._reverse_moves(
                default_values_list=[
                    {
                        "date": self.bill_date,
                        "ref": _("Reversal of: %s", previous.ref),
                    }
                ],
                cancel=True,
            )
        elif previous and previous.state == "draft":
            previous.unlink()
        move = self.env["account.move"]
        if values:
            move = move.create(values)
            move.action_post()
        self.fee_move_id = move

    def _mall_same_fee_move(self, move, values):
        def key(lines):
            return sorted(
                (line["account_id"], round(line["debit"], 6), round(line["credit"], 6))
                for line in lines
            )

        return (
            move.journal_id.id == values["journal_id"]
            and move.date == values["date"]
            and key(move.line_ids.read(["account_id", "debit", "credit"], load=None))
            == key(command[2] for command in values["line_ids"])
        )
