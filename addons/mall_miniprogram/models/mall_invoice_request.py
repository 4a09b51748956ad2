# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.mall_catalog.tools import money

from .mall_invoice_title import TITLE_KINDS
from .mall_notification import _local_time

REQUEST_STATES = [
    ("requested", "Requested"),
    ("issued", "Issued"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
# 电子普通发票 / 增值税专用发票
INVOICE_TYPES = [
    ("normal", "Electronic Normal Invoice"),
    ("special", "Special VAT Invoice"),
]
# At most one request of an order in these states.
OPEN_STATES = ("requested", "issued")
INVOICE_REPORT = "account.account_invoices"


class InvoiceRequestError(UserError):
    """A broken rule of invoice requests; ``api_code`` is the API's error code."""

    def __init__(self, message, api_code="BUSINESS_RULE"):
        super().__init__(message)
        self.api_code = api_code


class MallInvoiceRequest(models.Model):
    _name = "mall.invoice.request"
    _description = "Invoice Request"
    _inherit = ["mail.thread"]
    _order = "id desc"

    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    title_id = fields.Many2one(
        "mall.invoice.title",
        string="Saved Title",
        ondelete="set null",
        readonly=True,
        help="The profile title it was requested with; later edits of it do "
        "not change this request.",
    )
    # The title as it was when requested.
    title_kind = fields.Selection(TITLE_KINDS, readonly=True)
    title_name = fields.Char(string="Invoice Title", required=True, readonly=True)
    title_tax_id = fields.Char(string="Tax ID", readonly=True)
    title_company_address = fields.Char(string="Company Address", readonly=True)
    title_company_phone = fields.Char(string="Company Phone", readonly=True)
    title_bank_name = fields.Char(string="Bank", readonly=True)
    title_bank_account = fields.Char(string="Bank Account", readonly=True)
    title_email = fields.Char(string="Email", readonly=True)
    invoice_type = fields.Selection(
        INVOICE_TYPES, required=True, default="normal", readonly=True
    )
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    amount = fields.Monetary(
        readonly=True, help="What the shopper paid for the order, less refunds."
    )
    state = fields.Selection(
        REQUEST_STATES,
        default="requested",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
    )
    reject_reason = fields.Text(
        help="Shown to the shopper. Write it, then press Reject."
    )
    move_id = fields.Many2one(
        "account.move", string="Customer Invoice", readonly=True, copy=False
    )
    issued_at = fields.Datetime(string="Issued On", readonly=True, copy=False)
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="Invoice PDF", readonly=True, copy=False
    )

    def init(self):
        # One open request per order, whatever races between two requests.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS mall_invoice_request_open_order_uniq
                ON mall_invoice_request (order_id)
             WHERE state IN ('requested', 'issued')
            """
        )

    @api.depends("order_id.name", "title_name")
    def _compute_display_name(self):
        for request in self:
            request.display_name = " · ".join(
                filter(None, [request.order_id.name, request.title_name])
            )

    # ------------------------------------------------------------------
    # Shopper side
    # ------------------------------------------------------------------
    @api.model
    def _mall_invoiceable_amount(self, order):
        """What the shopper paid for ``order`` and kept: total less refunds."""
        return order.currency_id.round(order.amount_total - order.mall_refunded_amount)

    @api.model
    def _mall_check_order(self, order):
        """Raise unless ``order`` may get an invoice: paid, not held, not
        refunded in full, and without another open request."""
        refunded = order.mall_payment_state == "refunded" or (
            order.mall_payment_state == "partially_refunded"
            and order.currency_id.compare_amounts(
                self._mall_invoiceable_amount(order), 0
            )
            <= 0
        )
        if refunded:
            raise InvoiceRequestError(
                self.env._(
                    "This order was refunded in full: there is nothing to invoice."
                ),
                "ORDER_STATE",
            )
        if (
            order.state != "sale"
            or order.mall_payment_state not in ("paid", "partially_refunded")
            or order.mall_risk_hold
            or order._mall_groupbuy_held()
        ):
            raise InvoiceRequestError(
                self.env._("Only paid orders can be invoiced."), "ORDER_STATE"
            )
        if self.search_count(
            [("order_id", "=", order.id), ("state", "in", OPEN_STATES)], limit=1
        ):
            raise InvoiceRequestError(
                self.env._("An invoice is already requested for this order."),
                "INVOICE_EXISTS",
            )

    @api.model
    def _mall_request(self, order, title, invoice_type="normal"):
        """Request an invoice of ``order`` with the shopper's ``title``."""
        order._mall_lock_for_aftersale()  # serializes with refunds and requests
        self._mall_check_order(order)
        if invoice_type == "special":
            missing = title._mall_special_missing()
            if missing:
                raise InvoiceRequestError(
                    self.env._(
                        "A special VAT invoice needs a company title with its "
                        "tax ID, address, phone, bank and account."
                    ),
                    "INVOICE_TITLE_INCOMPLETE",
                )
        request = self.create(
            {
                "order_id": order.id,
                "partner_id": title.partner_id.id,
                "title_id": title.id,
                "invoice_type": invoice_type,
                "amount": self._mall_invoiceable_amount(order),
                **title._mall_snapshot(),
            }
        )
        order.message_post(
            body=self.env._(
                "Invoice requested for %(title)s.", title=request.title_name
            )
        )
        return request

    def action_cancel(self):
        """The shopper withdraws the request before the accountant acts."""
        self._check_state("requested")
        self.write({"state": "cancelled"})
        return True

    def _check_state(self, *states):
        for request in self:
            if request.state not in states:
                raise InvoiceRequestError(
                    self.env._(
                        "Invoice request %(name)s is %(state)s: "
                        "this cannot be done now.",
                        name=request.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[request.state],
                    ),
                    "INVOICE_STATE",
                )

    # ------------------------------------------------------------------
    # Accountant side
    # ------------------------------------------------------------------
    def _mall_customer_invoice(self):
        """The order's posted customer invoice: the existing one, its draft
        posted, or a new one made by Odoo's sale invoicing and posted."""
        self.ensure_one()
        order = self.order_id
        invoices = order.invoice_ids.filtered(lambda m: m.move_type == "out_invoice")
        posted = invoices.filtered(lambda m: m.state == "posted")
        if posted:
            return posted.sorted("id")[:1]
        draft = invoices.filtered(lambda m: m.state == "draft").sorted("id")[:1]
        if not draft:
            draft = order._create_invoices(grouped=True)[:1]
        if not draft:
            raise UserError(self.env._("The order has nothing left to invoice."))
        draft.action_post()
        return draft

    def _mall_render_pdf(self, move):
        """The PDF of ``move`` by Odoo's invoice report, stored on the move:
        as its invoice PDF when it has none yet, else beside it."""
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, _report_type = Report._render_qweb_pdf(INVOICE_REPORT, move.ids)
        if not pdf.startswith(b"%PDF-"):
            raise UserError(self.env._("The invoice PDF could not be rendered."))
        values = {
            "name": move._get_invoice_report_filename(),
            "raw": pdf,
            "mimetype": "application/pdf",
            "res_model": move._name,
            "res_id": move.id,
        }
        if not move.invoice_pdf_report_id:
            values["res_field"] = "invoice_pdf_report_file"
        attachment = self.env["ir.attachment"].sudo().create(values)
        if values.get("res_field"):
            move.invalidate_recordset(
                ["invoice_pdf_report_id", "invoice_pdf_report_file"]
            )
        return attachment

    def action_issue(self):
        """Issue the requested invoices from the orders' customer invoices,
        with the requested titles printed on them."""
        self._check_state("requested")
        for request in self:
            move = request._mall_customer_invoice()
            move.write(
                {
                    "mall_invoice_title": request.title_name,
                    "mall_invoice_tax_id": request.title_tax_id or False,
                }
            )
            attachment = request._mall_render_pdf(move)
            request.write(
                {
                    "state": "issued",
                    "move_id": move.id,
                    "issued_at": fields.Datetime.now(),
                    "pdf_attachment_id": attachment.id,
                }
            )
            request.message_post(
                body=self.env._("Issued from invoice %(move)s.", move=move.name)
            )
            request._mall_notify_issued()
        return True

    def _mall_notify_issued(self):
        """The shopper's ``invoice_issued`` subscription message, queued once
        per request whatever calls it again."""
        self.ensure_one()
        Notification = self.env["mall.notification"].sudo()
        if Notification.search_count(
            [
                ("event", "=", "invoice_issued"),
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
            ],
            limit=1,
        ):
            return Notification
        return Notification._mall_notify(
            "invoice_issued",
            self.partner_id,
            values={
                "order_id": self.order_id.id,
                "order_name": self.order_id.name,
                "amount": money.format_amount(
                    self.amount, self.currency_id.decimal_places
                ),
                "invoice_title": self.title_name,
                "invoice_number": self.move_id.name or "",
                "issued_at": _local_time(self, self.issued_at),
            },
            record=self,
        )

    def action_reject(self, reason=None):
        self._check_state("requested")
        for request in self:
            reason = reason or request.reject_reason
            if not (reason or "").strip():
                raise UserError(
                    self.env._("Give the shopper a reason for the rejection.")
                )
            request.write({"state": "rejected", "reject_reason": reason})
        return True

    def _mall_erase_personal(self, name):
        """The shopper deleted their account: a personal title's name and
        tax ID become ``name`` and nothing, and every e-mail goes. A
        company's title stays, as its invoice needs; so do issued invoices."""
        self.filtered(lambda r: r.title_kind != "company").write(
            {"title_name": name, "title_tax_id": False}
        )
        self.write({"title_email": False})

    def action_view_invoice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.move_id.id,
            "view_mode": "form",
        }

    def _mall_pdf(self):
        """The issued invoice's PDF bytes."""
        self.ensure_one()
        self._check_state("issued")
        attachment = self.pdf_attachment_id.sudo()
        if not attachment.exists() or not attachment.raw:
            attachment = self.sudo()._mall_render_pdf(self.move_id)
            self.sudo().pdf_attachment_id = attachment
        return attachment.raw, attachment.name
