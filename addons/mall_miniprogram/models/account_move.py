# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    # The buyer the shopper asked to be invoiced as (发票抬头), printed on the
    # invoice PDF; the customer stays the shopper's partner.
    mall_invoice_title = fields.Char(string="Invoice Title", copy=False, tracking=True)
    mall_invoice_tax_id = fields.Char(
        string="Invoice Title Tax ID", copy=False, tracking=True
    )
    mall_invoice_request_ids = fields.One2many(
        "mall.invoice.request", "move_id", string="Invoice Requests", readonly=True
    )
