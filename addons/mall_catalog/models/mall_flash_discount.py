# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class MallFlashDiscount(models.Model):
    """A limited-time discount (限时折扣) on some products."""

    _name = "mall.flash.discount"
    _inherit = "mall.catalog.cached"
    _description = "Mall Limited-time Discount"
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Datetime(string="Starts", required=True, index=True)
    date_end = fields.Datetime(string="Ends", required=True, index=True)
    line_ids = fields.One2many(
        "mall.flash.discount.line", "discount_id", string="Products", copy=True
    )
    state = fields.Selection(
        [("scheduled", "Scheduled"), ("running", "Running"), ("ended", "Ended")],
        compute="_compute_state",
        search="_search_state",
    )

    @api.depends("date_start", "date_end")
    def _compute_state(self):
        now = fields.Datetime.now()
        for record in self:
            if record.date_start and record.date_start > now:
                record.state = "scheduled"
            elif record.date_end and record.date_end <= now:
                record.state = "ended"
            else:
                record.state = "running"

    def _search_state(self, operator, value):
        if operator not in ("=", "in"):
            raise NotImplementedError(_("Unsupported search on the status."))
        values = [value] if operator == "=" else list(value)
        now = fields.Datetime.now()
        domains = {
            "scheduled": [("date_start", ">", now)],
            "running": [("date_start", "<=", now), ("date_end", ">", now)],
            "ended": [("date_end", "<=", now)],
        }
        result = []
        for state in values:
            result = ["|", *result, *domains[state]] if result else domains[state]
        return result or [("id", "=", 0)]

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for record in self:
            if record.date_end <= record.date_start:
                raise ValidationError(
                    _(
                        "The discount %(name)s must end after it starts.",
                        name=record.name,
                    )
                )
