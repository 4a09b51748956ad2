# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class MallStockSetWizard(models.TransientModel):
    """Set the on-hand quantity of the selected products at once: an
    inventory adjustment (``stock.quant`` in inventory mode) per variant."""

    _name = "mall.stock.set.wizard"
    _description = "Set Stock Quantities"

    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        required=True,
        domain=[("is_storable", "=", True)],
    )
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        domain=[("usage", "=", "internal")],
        default=lambda self: self._default_location_id(),
    )
    quantity = fields.Float(string="New Quantity", digits="Product Unit of Measure")

    @api.model
    def _default_location_id(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        return warehouse.lot_stock_id

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        ids = self.env.context.get("active_ids") or []
        if "product_ids" in fields_list and ids:
            if model == "product.template":
                products = self.env[model].browse(ids).product_variant_ids
            elif model == "product.product":
                products = self.env[model].browse(ids)
            else:
                products = self.env["product.product"]
            products = products.filtered("is_storable")
            values["product_ids"] = [fields.Command.set(products.ids)]
        return values

    def action_apply(self):
        self.ensure_one()
        if self.quantity < 0:
            raise UserError(_("The quantity cannot be negative."))
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        quants = Quant
        for product in self.product_ids:
            quant = Quant.search(
                [
                    ("product_id", "=", product.id),
                    ("location_id", "=", self.location_id.id),
                    ("lot_id", "=", False),
                    ("package_id", "=", False),
                    ("owner_id", "=", False),
                ],
                limit=1,
            )
            if not quant:
                quant = Quant.create(
                    {"product_id": product.id, "location_id": self.location_id.id}
                )
            quant.inventory_quantity = self.quantity
            quants |= quant
        quants.action_apply_inventory()
        return {"type": "ir.actions.act_window_close"}
