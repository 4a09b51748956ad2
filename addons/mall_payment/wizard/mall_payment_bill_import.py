# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import timedelta

from odoo import _, fields, models
from odoo.exceptions import ValidationError


class MallPaymentBillImport(models.TransientModel):
    _name = "mall.payment.bill.import"
    _description = "Import a Payment Platform Daily Bill"

    provider_id = fields.Many2one(
        string="Payment Provider",
        comodel_name="payment.provider",
        required=True,
        domain="[('code', 'in', ('wechatpay', 'alipay'))]",
    )
    bill_date = fields.Date(
        required=True,
        default=lambda self: (
            fields.Date.context_today(self.with_context(tz="Asia/Shanghai"))
            - timedelta(days=1)
        ),
        help="The day of the bill, in Beijing time.",
    )
    bill_file = fields.Binary(
        help="The bill as downloaded from the merchant platform: the WeChat Pay "
        "trade bill (CSV, type ALL) or the Alipay trade bill (zip).",
    )
    bill_filename = fields.Char()

    def _open_bill(self, bill):
        return {
            "type": "ir.actions.act_window",
            "res_model": "mall.payment.bill",
            "res_id": bill.id,
            "views": [(False, "form")],
        }

    def action_import(self):
        self.ensure_one()
        if not self.bill_file:
            raise ValidationError(_("Choose the bill file to import."))
        bill = self.env["mall.payment.bill"]._mall_import(
            self.provider_id,
            self.bill_date,
            base64.b64decode(self.bill_file),
            filename=self.bill_filename,
        )
        return self._open_bill(bill)

    def action_download(self):
        self.ensure_one()
        bill = self.env["mall.payment.bill"]._mall_download_and_reconcile(
            self.provider_id, self.bill_date
        )
        return self._open_bill(bill)
