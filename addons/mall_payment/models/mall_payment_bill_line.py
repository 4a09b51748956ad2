# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

MATCH_STATES = [
    ("matched", "Matched"),
    ("missing_in_odoo", "Missing in Odoo"),
    ("missing_in_bill", "Missing in Bill"),
    ("amount_mismatch", "Amount Mismatch"),
]


class MallPaymentBillLine(models.Model):
    _name = "mall.payment.bill.line"
    _description = "Payment Platform Daily Bill Line"
    _order = "bill_id, bill_time, id"
    _rec_name = "reference"

    bill_id = fields.Many2one(
        comodel_name="mall.payment.bill",
        required=True,
        ondelete="cascade",
        index=True,
    )
    provider_id = fields.Many2one(related="bill_id.provider_id", store=True)
    bill_date = fields.Date(related="bill_id.bill_date", store=True)
    company_id = fields.Many2one(related="bill_id.company_id", store=True)
    currency_id = fields.Many2one(related="bill_id.currency_id")
    kind = fields.Selection(
        selection=[("payment", "Payment"), ("refund", "Refund")], required=True
    )
    reference = fields.Char(
        help="The merchant order number, or refund number, of the bill: the "
        "reference of the transaction.",
        index="trigram",
    )
    provider_reference = fields.Char(
        help="The number the platform gave the payment or the refund."
    )
    amount = fields.Monetary(help="The amount of the bill.")
    fee = fields.Monetary(
        help="The fee the platform charged; negative: given back with a refund."
    )
    bill_time = fields.Datetime(help="The time of the payment or refund in the bill.")
    in_bill = fields.Boolean(
        help="The line comes from the bill (and not from a transaction of the "
        "day that the bill misses).",
        readonly=True,
    )
    transaction_id = fields.Many2one(
        comodel_name="payment.transaction", index="btree_not_null", readonly=True
    )
    match_state = fields.Selection(selection=MATCH_STATES, readonly=True, index=True)
    odoo_amount = fields.Monetary(help="The amount of the transaction in Odoo.")
    difference = fields.Monetary(
        help="The amount of the bill less the amount in Odoo.",
        compute="_compute_difference",
        store=True,
    )

    @api.depends("amount", "odoo_amount")
    def _compute_difference(self):
        for line in self:
            line.difference = line.currency_id.round(line.amount - line.odoo_amount)
