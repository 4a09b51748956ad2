# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

# Payment states in which a mini-program order may leave the warehouse.
SHIPPABLE_PAYMENT_STATES = ("paid", "partially_refunded")


class StockPicking(models.Model):
    _inherit = "stock.picking"

    mall_tracking_event_ids = fields.One2many(
        "mall.tracking.event", "picking_id", string="Tracking Events"
    )

    def _mall_is_mall_delivery(self):
        self.ensure_one()
        order = self.sale_id
        return (
            self.picking_type_code == "outgoing"
            and bool(order)
            and bool(order.mall_shop_id or order.mall_checkout_id)
        )

    def _mall_check_shippable(self):
        """Refuse to ship a mini-program order that is unpaid, or without
        its carrier and tracking number."""
        for picking in self.filtered(lambda p: p.state not in ("done", "cancel")):
            if not picking._mall_is_mall_delivery():
                continue
            order = picking.sale_id
            if order.mall_payment_state not in SHIPPABLE_PAYMENT_STATES:
                raise UserError(
                    _(
                        "Order %(order)s is not paid: its delivery %(picking)s "
                        "cannot be shipped.",
                        order=order.name,
                        picking=picking.name,
                    )
                )
            if not picking.carrier_id:
                raise UserError(
                    _(
                        "Choose the carrier of delivery %(picking)s before "
                        "shipping it.",
                        picking=picking.name,
                    )
                )
            if (
                picking.carrier_id._mall_needs_tracking()
                and not picking.carrier_tracking_ref
            ):
                raise UserError(
                    _(
                        "Enter the tracking number of delivery %(picking)s "
                        "(carrier %(carrier)s) before shipping it.",
                        picking=picking.name,
                        carrier=picking.carrier_id.name,
                    )
                )

    def button_validate(self):
        self._mall_check_shippable()
        return super().button_validate()

    def _action_done(self):
        res = super()._action_done()
        done = self.filtered(lambda picking: picking.state == "done")
        shipped = done.filtered(lambda picking: picking._mall_is_mall_delivery())
        if shipped:
            shipped._mall_on_shipped()
        if done:
            # Returns and reshipments move their after-sales on.
            self.env["mall.aftersale"].sudo()._on_pickings_done(done)
        return res

    def _mall_on_shipped(self):
        """The warehouse shipped these mini-program deliveries."""
        now = fields.Datetime.now()
        Event = self.env["mall.tracking.event"].sudo()
        for picking in self:
            Event.create(
                {
                    "picking_id": picking.id,
                    "time": now,
                    "status": "shipped",
                    "description": _(
                        "Shipped by %(carrier)s",
                        carrier=picking.carrier_id.name or "",
                    ),
                }
            )
        self.sale_id.sudo()._mall_on_shipped(now)
