# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class MallShipWizard(models.TransientModel):
    """Ship several mini-program orders at once: one carrier, a tracking
    number per delivery."""

    _name = "mall.ship.wizard"
    _description = "Ship Mall Orders"

    carrier_id = fields.Many2one("delivery.carrier", required=True)
    mall_logistics_type = fields.Selection(related="carrier_id.mall_logistics_type")
    line_ids = fields.One2many(
        "mall.ship.wizard.line", "wizard_id", string="Deliveries"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        pickings = self._mall_pickings_from_context()
        if "line_ids" in fields_list:
            values["line_ids"] = [
                fields.Command.create(
                    {
                        "picking_id": picking.id,
                        "tracking_ref": picking.carrier_tracking_ref,
                    }
                )
                for picking in pickings
            ]
        if "carrier_id" in fields_list and not values.get("carrier_id"):
            values["carrier_id"] = pickings.carrier_id[:1].id
        return values

    @api.model
    def _mall_pickings_from_context(self):
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if model == "sale.order":
            pickings = self.env["sale.order"].browse(ids).picking_ids
        elif model == "stock.picking":
            pickings = self.env["stock.picking"].browse(ids)
        else:
            return self.env["stock.picking"]
        return pickings.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.state not in ("done", "cancel", "draft")
            )
        )

    def action_ship(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("There is no delivery to ship."))
        needs_tracking = self.carrier_id._mall_needs_tracking()
        for line in self.line_ids:
            if needs_tracking and not line.tracking_ref:
                raise UserError(
                    _(
                        "Enter the tracking number of delivery %(picking)s.",
                        picking=line.picking_id.name,
                    )
                )
            line.picking_id.write(
                {
                    "carrier_id": self.carrier_id.id,
                    "carrier_tracking_ref": line.tracking_ref or False,
                }
            )
        # Reserved quantities ship; Odoo asks about backorders when short.
        result = self.line_ids.picking_id.with_context(skip_sms=True).button_validate()
        if isinstance(result, dict):
            return result
        return {"type": "ir.actions.act_window_close"}


class MallShipWizardLine(models.TransientModel):
    _name = "mall.ship.wizard.line"
    _description = "Ship Mall Orders: Delivery"

    wizard_id = fields.Many2one("mall.ship.wizard", required=True, ondelete="cascade")
    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True)
    order_id = fields.Many2one(related="picking_id.sale_id", string="Order")
    partner_id = fields.Many2one(related="picking_id.partner_id", string="Recipient")
    tracking_ref = fields.Char(string="Tracking Number")
