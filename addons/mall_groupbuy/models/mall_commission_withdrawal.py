# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import commission as maths
from .mall_commission import PAYABLE_ACCOUNT
from .mall_promoter import DistributionError

_logger = logging.getLogger(__name__)

METHODS = [
    ("balance", "Mall Balance"),
    ("wechatpay", "WeChat Pay"),
    ("alipay", "Alipay"),
]


class MallCommissionWithdrawal(models.Model):
    _name = "mall.commission.withdrawal"
    _description = "Mall Commission Withdrawal"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    promoter_id = fields.Many2one(
        "mall.promoter", required=True, index=True, readonly=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        related="promoter_id.partner_id", string="Promoter Contact", store=True
    )
    amount = fields.Monetary(required=True, readonly=True)
    company_id = fields.Many2one(related="promoter_id.company_id", store=True)
    currency_id = fields.Many2one(related="promoter_id.currency_id")
    method = fields.Selection(
        METHODS, string="Pay To", required=True, default="balance", readonly=True
    )
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("approved", "Approved, to Pay"),
            ("paid", "Paid"),
            ("rejected", "Rejected"),
        ],
        default="requested",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
    )
    reject_reason = fields.Char(tracking=True)
    approved_at = fields.Datetime(string="Approved On", readonly=True)
    paid_at = fields.Datetime(string="Paid On", readonly=True)
    payout_reference = fields.Char(
        tracking=True, help="The transfer's reference in WeChat Pay or Alipay."
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True)
    history_id = fields.Many2one(
        "loyalty.history", string="Balance Credit", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("mall.commission.withdrawal")
                    or "/"
                )
        return super().create(vals_list)

    @api.model
    def _mall_request(self, promoter, amount, method="balance"):
        """The promoter asks to withdraw ``amount`` of their withdrawable
        commission; two requests at once cannot both spend it."""
        promoter = promoter.sudo()
        if promoter.state != "active":
            raise DistributionError(
                _("Only active promoters can withdraw."), "promoter_inactive"
            )
        promoter._mall_lock()
        digits = promoter.currency_id.decimal_places
        amount = maths.to_decimal(amount, digits)
        available = promoter._mall_summary()["withdrawable"]
        minimum = promoter._mall_setting("min_withdrawal")
        refusal = maths.withdrawal_refusal(amount, available, minimum)
        if refusal:
            messages = {
                "amount_not_positive": _("The amount must be positive."),
                "below_minimum": _(
                    "The least you can withdraw is %(minimum)s.", minimum=minimum
                ),
                "above_withdrawable": _(
                    "You can withdraw %(available)s at most.", available=available
                ),
            }
            raise DistributionError(messages[refusal], refusal)
        return self.sudo().create(
            {"promoter_id": promoter.id, "amount": float(amount), "method": method}
        )

    # ------------------------------------------------------------------
    # Back office
    # ------------------------------------------------------------------
    def action_approve(self):
        """Approve: to the balance, credited at once (and paid); to WeChat
        Pay or Alipay, waiting for the merchant's transfer."""
        for withdrawal in self:
            if withdrawal.state != "requested":
                raise UserError(_("Only requested withdrawals can be approved."))
            withdrawal.write(
                {"state": "approved", "approved_at": fields.Datetime.now()}
            )
            if withdrawal.method == "balance":
                withdrawal._mall_pay_to_balance()
        return True

    def action_reject(self):
        for withdrawal in self:
            if withdrawal.state != "requested":
                raise UserError(_("Only requested withdrawals can be rejected."))
            if not withdrawal.reject_reason:
                raise UserError(_("Give the reason of the rejection first."))
            withdrawal.state = "rejected"
        return True

    def action_mark_paid(self):
        """The merchant transferred the money (WeChat Pay/Alipay): Dr
        commissions payable, Cr the channel's bank journal."""
        Provider = self.env["payment.provider"].sudo()
        for withdrawal in self:
            if withdrawal.state != "approved" or withdrawal.method == "balance":
                raise UserError(_("Only approved payouts can be marked as paid."))
            company = withdrawal.company_id
            journal = Provider._mall_journal_for(withdrawal.method, company)
            Commission = self.env["mall.commission"]
            amount = withdrawal.currency_id.round(withdrawal.amount)
            move = self.env["account.move"]
            if journal and journal.default_account_id:
                payable = Commission._mall_account(company, PAYABLE_ACCOUNT)
                move = Commission._mall_post(
                    company,
                    _("Commission payout %s", withdrawal.name),
                    withdrawal.partner_id,
                    [
                        (payable, amount, 0.0),
                        (journal.default_account_id, 0.0, amount),
                    ],
                    journal=journal,
                )
            withdrawal.write(
                {"state": "paid", "paid_at": fields.Datetime.now(), "move_id": move.id}
            )
            withdrawal.promoter_id._mall_mark_withdrawn()
        return True

    def _mall_pay_to_balance(self):
        """Credit the promoter's eWallet card (a line in its history) and
        post Dr commissions payable, Cr customer prepaid balances."""
        self.ensure_one()
        company = self.company_id
        Provider = self.env["payment.provider"].sudo()
        provider = Provider.search(
            [
                *Provider._check_company_domain(company),
                ("code", "=", "mall_balance"),
                ("mall_balance_program_id", "!=", False),
            ],
            limit=1,
        )
        program = provider.mall_balance_program_id
        if not program:
            raise UserError(
                _(
                    "Set up the mall balance first: its payment provider has "
                    "no eWallet program."
                )
            )
        partner = self.partner_id
        Card = self.env["loyalty.card"].sudo()
        card = Card.search(
            [("program_id", "=", program.id), ("partner_id", "=", partner.id)],
            order="id",
            limit=1,
        ) or Card.create({"program_id": program.id, "partner_id": partner.id})
        self.env["payment.transaction"]._mall_balance_lock(card)
        amount = maths.to_decimal(self.amount, program.currency_id.decimal_places)
        card.points = float(maths.to_decimal(card.points) + amount)
        history = (
            self.env["loyalty.history"]
            .sudo()
            .create(
                {
                    "card_id": card.id,
                    "description": _("Commission withdrawal %s", self.name),
                    "issued": float(amount),
                    "order_model": self._name,
                    "order_id": self.id,
                }
            )
        )
        move = self.env["account.move"]
        Commission = self.env["mall.commission"]
        if Provider._mall_has_chart(company):
            move = Commission._mall_post(
                company,
                _("Commission withdrawal %s", self.name),
                partner,
                [
                    (
                        Commission._mall_account(company, PAYABLE_ACCOUNT),
                        float(amount),
                        0.0,
                    ),
                    (Provider._mall_balance_account(company), 0.0, float(amount)),
                ],
            )
        self.write(
            {
                "state": "paid",
                "paid_at": fields.Datetime.now(),
                "history_id": history.id,
                "move_id": move.id,
            }
        )
        self.promoter_id._mall_mark_withdrawn()
