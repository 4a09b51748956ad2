# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import tax_id as tax_ids

TITLE_KINDS = [("personal", "Personal"), ("company", "Company")]

# What a title gives an invoice request (field of the request: of the title).
SNAPSHOT_FIELDS = {
    "title_kind": "kind",
    "title_name": "name",
    "title_tax_id": "tax_id",
    "title_company_address": "company_address",
    "title_company_phone": "company_phone",
    "title_bank_name": "bank_name",
    "title_bank_account": "bank_account",
    "title_email": "email",
}

# What a special VAT invoice (增值税专用发票) prints on top of the tax ID.
SPECIAL_FIELDS = ("company_address", "company_phone", "bank_name", "bank_account")

MAX_TITLES = 20


def tax_id_error(env, reason):
    """The accountant's and shopper's message for a refused tax ID."""
    return {
        "empty": env._("A company title needs its tax ID."),
        "length": env._(
            "A tax ID has 18 characters (or 15 for a tax registration number "
            "issued before 2015)."
        ),
        "charset": env._("The tax ID holds characters a tax ID never has."),
        "region": env._("The tax ID's region code is not made of digits."),
        "check": env._("The tax ID's last character does not match: check for a typo."),
    }[reason]


class MallInvoiceTitle(models.Model):
    _name = "mall.invoice.title"
    _description = "Invoice Title"
    _order = "is_default desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Shopper",
        required=True,
        index=True,
        ondelete="cascade",
    )
    kind = fields.Selection(TITLE_KINDS, required=True, default="personal")
    name = fields.Char(
        string="Title", required=True, help="The buyer printed on the invoice."
    )
    tax_id = fields.Char(
        string="Tax ID",
        help="Unified social credit code (统一社会信用代码, 18 characters) or the "
        "15-character tax registration number of an older company.",
    )
    company_address = fields.Char()
    company_phone = fields.Char()
    bank_name = fields.Char(string="Bank")
    bank_account = fields.Char()
    email = fields.Char(help="Where the electronic invoice is sent.")
    is_default = fields.Boolean(string="Default")

    @api.constrains("kind", "tax_id")
    def _check_tax_id(self):
        for title in self:
            if title.kind == "company" and not title.tax_id:
                raise ValidationError(tax_id_error(self.env, "empty"))
            if title.tax_id:
                try:
                    tax_ids.validate(title.tax_id)
                except tax_ids.InvalidTaxId as exc:
                    raise ValidationError(tax_id_error(self.env, exc.reason)) from exc

    @staticmethod
    def _normalized(vals):
        if vals.get("tax_id"):
            vals["tax_id"] = tax_ids.normalize(vals["tax_id"])
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        titles = super().create([self._normalized(dict(v)) for v in vals_list])
        titles.filtered("is_default")._mall_unset_other_defaults()
        return titles

    def write(self, vals):
        res = super().write(self._normalized(dict(vals)))
        if vals.get("is_default"):
            self._mall_unset_other_defaults()
        return res

    def _mall_unset_other_defaults(self):
        for title in self:
            others = self.search(
                [
                    ("partner_id", "=", title.partner_id.id),
                    ("is_default", "=", True),
                    ("id", "!=", title.id),
                ]
            )
            others.write({"is_default": False})

    def _mall_snapshot(self):
        """The title's values as copied onto an invoice request."""
        self.ensure_one()
        values = {
            request_field: self[title_field] or False
            for request_field, title_field in SNAPSHOT_FIELDS.items()
        }
        if self.kind == "personal":
            # A person's invoice prints no company details.
            for request_field in ("title_company_address", "title_company_phone"):
                values[request_field] = False
            values.update(title_bank_name=False, title_bank_account=False)
        return values

    def _mall_special_missing(self):
        """Fields a special VAT invoice needs that this title lacks."""
        self.ensure_one()
        if self.kind != "company":
            return ["kind"]
        return [name for name in ("tax_id", *SPECIAL_FIELDS) if not self[name]]
