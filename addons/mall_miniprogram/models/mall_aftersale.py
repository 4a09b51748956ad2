# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""After-sales (售后): refunds, returns and exchanges of paid mall orders.

State machine::

    requested ──approve──> approved ──refund──> refunded ──close──> done
        │                     │ (return_refund, exchange)
        │                     └─> waiting_return ──return validated──> returned
        │                                                       │
        │                              return_refund: refund ───┤
        │                              exchange: reship ──> reshipped ──> done
        ├──reject (reason)──> rejected
        └──cancel (shopper)─> cancelled

A refund-only request on goods not shipped yet also cancels the undelivered
quantity of the delivery.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

MAX_PHOTOS = 9

TYPES = [
    ("refund", "Refund Only"),
    ("return_refund", "Return and Refund"),
    ("exchange", "Exchange"),
]
RETURN_TYPES = ("return_refund", "exchange")
REFUND_TYPES = ("refund", "return_refund")

REASONS = [
    ("unwanted", "No longer wanted / ordered by mistake"),
    ("quality", "Quality problem"),
    ("wrong_item", "Wrong item received"),
    ("damaged", "Damaged in transit"),
    ("not_as_described", "Not as described"),
    ("other", "Other"),
]

STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("waiting_return", "Waiting for Return"),
    ("returned", "Returned"),
    ("reshipped", "Reshipped"),
    ("refunded", "Refunded"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
# After-sales that no longer hold a claim on their order lines.
CLOSED_STATES = ("rejected", "cancelled")


class AftersaleStateError(UserError):
    """The after-sale is not in a state allowing this action."""


class RefundTooLarge(UserError):
    """The amount or quantity asked exceeds what was paid and not refunded."""


class MallAftersale(models.Model):
    _name = "mall.aftersale"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Mall After-sale"
    _order = "id desc"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    order_id = fields.Many2one(
        "sale.order",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        domain=[("mall_payment_state", "!=", False)],
    )
    partner_id = fields.Many2one(
        "res.partner", string="Shopper", required=True, index=True, readonly=True
    )
    shop_id = fields.Many2one(
        related="order_id.mall_shop_id", string="Shop", store=True, index=True
    )
    company_id = fields.Many2one(related="order_id.company_id", store=True)
    currency_id = fields.Many2one(related="order_id.currency_id")
    type = fields.Selection(TYPES, required=True, readonly=True, tracking=True)
    reason = fields.Selection(REASONS, required=True, readonly=True)
    description = fields.Text(readonly=True)
    photo_ids = fields.One2many(
        "mall.aftersale.photo", "aftersale_id", string="Photos", readonly=True
    )
    line_ids = fields.One2many(
        "mall.aftersale.line", "aftersale_id", string="Lines", readonly=True
    )
    amount_requested = fields.Monetary(readonly=True, tracking=True)
    amount_refunded = fields.Monetary(readonly=True, copy=False, tracking=True)
    refund_reference = fields.Char(readonly=True, copy=False)
    refunded_at = fields.Datetime(string="Refunded On", readonly=True, copy=False)
    state = fields.Selection(
        STATES,
        default="requested",
        required=True,
        index=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    reject_reason = fields.Text(
        string="Rejection Reason",
        tracking=True,
        help="Shown to the shopper; required to reject the request.",
    )
    return_picking_id = fields.Many2one(
        "stock.picking", string="Return", readonly=True, copy=False
    )
    reship_picking_id = fields.Many2one(
        "stock.picking", string="Reshipment", readonly=True, copy=False
    )
    return_carrier = fields.Char(readonly=True, copy=False, tracking=True)
    return_tracking_ref = fields.Char(
        string="Return Tracking Number", readonly=True, copy=False, tracking=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("mall.aftersale")
        orders = self.env["sale.order"].browse(
            [vals["order_id"] for vals in vals_list if vals.get("order_id")]
        )
        orders._mall_lock_for_aftersale()
        records = super().create(vals_list)
        records._check_request()
        records._schedule_handling_activity()
        return records

    @api.model
    def _prepare_request(
        self,
        order,
        partner,
        type_,
        reason,
        lines,
        amount=None,
        description="",
        photos=(),
    ):
        """Values of a new request on ``order``.

        :param lines: ``[(sale.order.line, quantity)]``
        :param amount: the amount asked; by default what the shopper paid for
            these units. It is shared between the lines in proportion.
        :param photos: base64 pictures, already checked
        """
        currency = order.currency_id
        maxima = [
            self._max_line_amount(sale_line, quantity) for sale_line, quantity in lines
        ]
        total_max = currency.round(sum(maxima))
        if type_ == "exchange":
            amount = 0.0
        elif amount is None:
            amount = total_max
        amount = currency.round(amount)
        if currency.compare_amounts(amount, total_max) > 0:
            raise RefundTooLarge(
                _(
                    "At most %(max)s can be refunded for these units (what was "
                    "paid, less earlier refunds); %(asked)s asked.",
                    max=total_max,
                    asked=amount,
                )
            )
        line_vals = []
        left = amount
        for index, ((sale_line, quantity), maximum) in enumerate(
            zip(lines, maxima, strict=True)
        ):
            if index == len(lines) - 1:
                share = left
            else:
                share = currency.round(amount * maximum / total_max) if total_max else 0
                left -= share
            line_vals.append(
                (
                    0,
                    0,
                    {
                        "sale_line_id": sale_line.id,
                        "quantity": quantity,
                        "amount": share,
                    },
                )
            )
        return {
            "order_id": order.id,
            "partner_id": partner.id,
            "type": type_,
            "reason": reason,
            "description": description or False,
            "amount_requested": amount,
            "line_ids": line_vals,
            "photo_ids": [
                (0, 0, {"sequence": i, "image_1920": photo})
                for i, photo in enumerate(photos)
            ],
        }

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _check_request(self):
        for aftersale in self:
            order = aftersale.order_id
            if order.mall_payment_state not in ("paid", "partially_refunded"):
                raise UserError(
                    _(
                        "Order %(order)s is not paid (or already fully refunded): "
                        "no after-sale can be requested.",
                        order=order.name,
                    )
                )
            if aftersale.partner_id.commercial_partner_id != (
                order.partner_id.commercial_partner_id
            ):
                raise UserError(
                    _("An after-sale is requested by the order's customer.")
                )
            if not aftersale.line_ids:
                raise UserError(_("Choose at least one order line."))
            if len(aftersale.photo_ids) > MAX_PHOTOS:
                raise UserError(
                    _("At most %(count)s photos per request.", count=MAX_PHOTOS)
                )
            if len(aftersale.line_ids.sale_line_id) != len(aftersale.line_ids):
                raise UserError(_("Each order line may appear once per request."))
            for line in aftersale.line_ids:
                if line.sale_line_id.order_id != order:
                    raise UserError(_("Every line must belong to the order."))
                if line.quantity <= 0:
                    raise UserError(_("Quantities must be positive."))
            aftersale._check_refundable()

    def _check_refundable(self):
        """Raise :class:`RefundTooLarge` if this request asks more than was
        paid for its lines, less the other open after-sales' claims."""
        self.ensure_one()
        currency = self.currency_id
        if currency.compare_amounts(self.amount_requested, 0) < 0:
            raise RefundTooLarge(_("The amount cannot be negative."))
        if self.type == "exchange" and not currency.is_zero(self.amount_requested):
            raise RefundTooLarge(_("An exchange refunds nothing."))
        for line in self.line_ids:
            sale_line = line.sale_line_id
            others = sale_line.mall_aftersale_line_ids.filtered(
                lambda other, me=line: (
                    other != me and other.aftersale_id.state not in CLOSED_STATES
                )
            )
            claimed_qty = sum(
                others.filtered(lambda o: o.aftersale_id.type in REFUND_TYPES).mapped(
                    "quantity"
                )
            )
            rounding = sale_line.product_uom.rounding
            if (
                float_compare(
                    line.quantity + claimed_qty,
                    sale_line.product_uom_qty,
                    precision_rounding=rounding,
                )
                > 0
            ):
                raise RefundTooLarge(
                    _(
                        "%(product)s: %(asked)s asked, but only %(left)s of the "
                        "units ordered are not claimed by another after-sale.",
                        product=sale_line.product_id.display_name,
                        asked=line.quantity,
                        left=sale_line.product_uom_qty - claimed_qty,
                    )
                )
            if currency.compare_amounts(line.amount, line._max_amount()) > 0:
                raise RefundTooLarge(
                    _(
                        "%(product)s: %(asked)s asked, but at most %(max)s can be "
                        "refunded (paid for these units, less earlier refunds).",
                        product=sale_line.product_id.display_name,
                        asked=line.amount,
                        max=line._max_amount(),
                    )
                )

    @api.model
    def _max_line_amount(self, sale_line, quantity, exclude=None):
        """What ``quantity`` units of ``sale_line`` cost the shopper, capped by
        what the other open after-sales of the line have not claimed yet."""
        currency = sale_line.currency_id
        ordered = sale_line.product_uom_qty
        paid = sale_line.price_total * min(quantity / ordered, 1.0) if ordered else 0
        others = sale_line.mall_aftersale_line_ids.filtered(
            lambda other: (
                other != exclude and other.aftersale_id.state not in CLOSED_STATES
            )
        )
        left = sale_line.price_total - sum(others.mapped("amount"))
        return currency.round(max(min(paid, left), 0.0))

    def _check_state(self, *states):
        for aftersale in self:
            if aftersale.state not in states:
                raise AftersaleStateError(
                    _(
                        "After-sale %(name)s is %(state)s: this action needs it "
                        "to be %(expected)s.",
                        name=aftersale.name,
                        state=aftersale._state_label(aftersale.state),
                        expected=" / ".join(aftersale._state_label(s) for s in states),
                    )
                )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _schedule_handling_activity(self):
        for aftersale in self:
            user = aftersale.shop_id.user_id
            if not user:
                continue
            aftersale.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=_(
                    "Handle after-sale %(name)s (%(type)s)",
                    name=aftersale.name,
                    type=dict(
                        aftersale._fields["type"]._description_selection(self.env)
                    )[aftersale.type],
                ),
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_approve(self):
        self._check_state("requested")
        for aftersale in self:
            if aftersale.type in RETURN_TYPES:
                aftersale.write(
                    {
                        "return_picking_id": aftersale._create_return_picking().id,
                        "state": "waiting_return",
                    }
                )
            else:
                aftersale.state = "approved"
            aftersale.activity_feedback(["mail.mail_activity_data_todo"])
            aftersale._mall_notify_decision(_("Approved"), "")
        return True

    def _mall_notify_decision(self, decision, reason):
        self.ensure_one()
        self.env["mall.notification"]._mall_notify(
            "aftersale_decided",
            self.order_id.partner_id,
            values={"decision": decision, "reason": reason or ""},
            record=self.order_id,
        )

    def action_reject(self, reason=None):
        self._check_state("requested")
        for aftersale in self:
            reason = reason or aftersale.reject_reason
            if not (reason or "").strip():
                raise UserError(_("Give the shopper a reason for the rejection."))
            aftersale.write({"state": "rejected", "reject_reason": reason})
            aftersale.activity_feedback(["mail.mail_activity_data_todo"])
            aftersale._mall_notify_decision(_("Rejected"), reason)
        return True

    def action_cancel(self):
        """The shopper withdraws the request, before the merchant handles it."""
        self._check_state("requested")
        self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_set_return_tracking(self, carrier, tracking_ref):
        """The shopper sent the goods back with ``carrier``, ``tracking_ref``."""
        self._check_state("waiting_return")
        for aftersale in self:
            aftersale.write(
                {"return_carrier": carrier, "return_tracking_ref": tracking_ref}
            )
            aftersale.return_picking_id.carrier_tracking_ref = tracking_ref
        return True

    def action_mark_returned(self):
        """The returned goods arrived: validate the return picking."""
        self._check_state("waiting_return")
        for aftersale in self:
            picking = aftersale.return_picking_id
            if picking.state != "done":
                for move in picking.move_ids.filtered(
                    lambda m: m.state not in ("done", "cancel")
                ):
                    move.quantity = move.product_uom_qty
                picking.move_ids.picked = True
                picking._action_done()
            # _action_done moved it on already; a return done by hand too.
            if aftersale.state == "waiting_return":
                aftersale.state = "returned"
        return True

    def action_refund(self):
        """Refund the amount requested through ``sale.order._mall_refund``."""
        # A second refund running at the same time waits here, then fails to
        # serialize and is retried: it sees this one's state and is refused.
        self.order_id._mall_lock_for_aftersale()
        for aftersale in self:
            if aftersale.type not in REFUND_TYPES:
                raise AftersaleStateError(
                    _(
                        "After-sale %(name)s is an exchange: nothing to refund.",
                        name=aftersale.name,
                    )
                )
            if aftersale.state in ("refunded", "done"):
                raise AftersaleStateError(
                    _("After-sale %(name)s was already refunded.", name=aftersale.name)
                )
            aftersale._check_state(
                "approved" if aftersale.type == "refund" else "returned"
            )
            aftersale._check_refundable()
            if aftersale.type == "refund":
                aftersale._cancel_undelivered()
            amount = aftersale.amount_requested
            reason = dict(aftersale._fields["reason"]._description_selection(self.env))[
                aftersale.reason
            ]
            reference = aftersale.order_id._mall_refund(amount, reason, aftersale)
            for line in aftersale.line_ids:
                sale_line = line.sale_line_id
                sale_line.mall_refunded_qty = min(
                    sale_line.mall_refunded_qty + line.quantity,
                    sale_line.product_uom_qty,
                )
            aftersale.write(
                {
                    "state": "refunded",
                    "amount_refunded": amount,
                    "refund_reference": reference,
                    "refunded_at": fields.Datetime.now(),
                }
            )
        return True

    def action_reship(self):
        """Exchange: send the same products again, once the return arrived."""
        self._check_state("returned")
        for aftersale in self:
            if aftersale.type != "exchange":
                raise AftersaleStateError(
                    _("After-sale %(name)s is not an exchange.", name=aftersale.name)
                )
            aftersale.write(
                {
                    "reship_picking_id": aftersale._create_reship_picking().id,
                    "state": "reshipped",
                }
            )
        return True

    def action_done(self):
        self._check_state("refunded", "reshipped")
        self.write({"state": "done"})
        return True

    def action_view_picking(self):
        self.ensure_one()
        picking = self.env.context.get("mall_reship") and self.reship_picking_id
        picking = picking or self.return_picking_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "view_mode": "form",
            "res_id": picking.id,
        }

    # ------------------------------------------------------------------
    # Stock
    # ------------------------------------------------------------------
    def _delivered_moves(self, sale_line):
        return sale_line.move_ids.filtered(
            lambda m: (
                m.state == "done"
                and m.location_dest_id.usage == "customer"
                and not m.origin_returned_move_id
            )
        )

    def _create_return_picking(self):
        """The return of the requested quantities, through Odoo's own
        return wizard on the order's done delivery."""
        self.ensure_one()
        moves = self.env["stock.move"]
        for line in self.line_ids:
            moves |= self._delivered_moves(line.sale_line_id)
        pickings = moves.picking_id
        if not pickings:
            raise UserError(
                _(
                    "Order %(order)s has not been delivered yet: there is nothing "
                    "to return. Use a refund-only request instead.",
                    order=self.order_id.name,
                )
            )
        picking = pickings.sorted("date_done")[-1]
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        wanted = {line.sale_line_id: line.quantity for line in self.line_ids}
        for return_line in wizard.product_return_moves:
            move = return_line.move_id
            sale_line = move.sale_line_id
            returned = move.returned_move_ids.filtered(lambda m: m.state != "cancel")
            returnable = move.quantity - sum(returned.mapped("product_uom_qty"))
            quantity = max(min(wanted.get(sale_line, 0.0), returnable), 0.0)
            return_line.quantity = quantity
            if sale_line in wanted:
                wanted[sale_line] -= quantity
        for sale_line, missing in wanted.items():
            rounding = sale_line.product_uom.rounding
            if float_compare(missing, 0, precision_rounding=rounding) > 0:
                raise UserError(
                    _(
                        "%(product)s: %(missing)s of the units to return were not "
                        "delivered by %(picking)s.",
                        product=sale_line.product_id.display_name,
                        missing=missing,
                        picking=picking.name,
                    )
                )
        return_picking = wizard._create_return()
        return_picking.origin = f"{self.name} / {return_picking.origin}"
        return return_picking

    def _create_reship_picking(self):
        """A new delivery of the products returned for exchange."""
        self.ensure_one()
        order = self.order_id
        warehouse = order.warehouse_id
        picking_type = warehouse.out_type_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": order.partner_shipping_id.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "origin": f"{self.name} / {order.name}",
                "group_id": order.procurement_group_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": line.sale_line_id.name,
                            "product_id": line.sale_line_id.product_id.id,
                            "product_uom_qty": line.quantity,
                            "product_uom": line.sale_line_id.product_uom.id,
                            "sale_line_id": line.sale_line_id.id,
                            "location_id": picking_type.default_location_src_id.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                            "group_id": order.procurement_group_id.id,
                        },
                    )
                    for line in self.line_ids
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        return picking

    def _cancel_undelivered(self):
        """Refund only: take the refunded units off the deliveries not done."""
        self.ensure_one()
        for line in self.line_ids:
            sale_line = line.sale_line_id
            rounding = sale_line.product_uom.rounding
            to_cancel = line.quantity
            moves = sale_line.move_ids.filtered(
                lambda m: (
                    m.state not in ("done", "cancel")
                    and m.location_dest_id.usage == "customer"
                )
            )
            for move in moves:
                if float_is_zero(to_cancel, precision_rounding=rounding):
                    break
                quantity = sale_line.product_uom._compute_quantity(
                    move.product_uom_qty, sale_line.product_uom
                )
                if float_compare(quantity, to_cancel, precision_rounding=rounding) <= 0:
                    move._action_cancel()
                    to_cancel -= quantity
                else:
                    move._do_unreserve()
                    move.product_uom_qty = quantity - to_cancel
                    move._action_assign()
                    to_cancel = 0.0

    def _on_pickings_done(self, pickings):
        """Move the after-sales on when their return or reshipment is done."""
        returns = self.search(
            [
                ("return_picking_id", "in", pickings.ids),
                ("state", "=", "waiting_return"),
            ]
        )
        returns.write({"state": "returned"})
        reships = self.search(
            [("reship_picking_id", "in", pickings.ids), ("state", "=", "reshipped")]
        )
        reships.write({"state": "done"})


class MallAftersaleLine(models.Model):
    _name = "mall.aftersale.line"
    _description = "Mall After-sale Line"

    aftersale_id = fields.Many2one(
        "mall.aftersale",
        string="After-sale",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        required=True,
        index=True,
        ondelete="restrict",
    )
    product_id = fields.Many2one(related="sale_line_id.product_id")
    currency_id = fields.Many2one(related="aftersale_id.currency_id")
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    amount = fields.Monetary(help="Part of the after-sale's amount for this line.")

    def _max_amount(self):
        self.ensure_one()
        return self.env["mall.aftersale"]._max_line_amount(
            self.sale_line_id, self.quantity, exclude=self
        )


class MallAftersalePhoto(models.Model):
    """A photo the shopper attached to an after-sale request."""

    _name = "mall.aftersale.photo"
    _inherit = ["image.mixin"]
    _description = "Mall After-sale Photo"
    _order = "sequence, id"

    aftersale_id = fields.Many2one(
        "mall.aftersale",
        string="After-sale",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    image_1920 = fields.Image(required=True)
