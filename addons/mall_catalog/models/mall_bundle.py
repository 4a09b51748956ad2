# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import bundle, images, money


class MallBundle(models.Model):
    """Products sold together at a set price (组合套餐)."""

    _name = "mall.bundle"
    _inherit = "mall.catalog.cached"
    _description = "Mall Bundle"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(
        string="Bundle Price", required=True, help="The price of one bundle."
    )
    line_ids = fields.One2many(
        "mall.bundle.line", "bundle_id", string="Products", copy=True
    )
    list_total = fields.Monetary(
        string="Price of the Products", compute="_compute_list_total"
    )
    saving = fields.Monetary(compute="_compute_list_total")

    @api.depends("line_ids.product_id.lst_price", "line_ids.quantity", "price")
    def _compute_list_total(self):
        for record in self:
            record.list_total = sum(
                line.product_id.lst_price * line.quantity for line in record.line_ids
            )
            record.saving = record.list_total - record.price

    @api.constrains("price", "line_ids")
    def _check_price(self):
        for record in self:
            if not record.line_ids:
                raise ValidationError(_("A bundle needs at least one product."))
            try:
                record._mall_unit_prices()
            except bundle.BundlePriceError as exc:
                raise ValidationError(
                    _(
                        "The price of bundle %(name)s cannot be split over its "
                        "products to the cent: change the price or quantities.",
                        name=record.name,
                    )
                ) from exc

    def _mall_unit_prices(self):
        """``{bundle line: unit price (Decimal)}`` adding up to the price."""
        self.ensure_one()
        lines = self.line_ids
        units = bundle.split_price(
            [(line.product_id.lst_price, line.quantity) for line in lines],
            self.price,
            self.currency_id.decimal_places,
        )
        return dict(zip(lines, units, strict=True))

    def _mall_is_visible(self):
        self.ensure_one()
        templates = self.line_ids.product_id.product_tmpl_id
        return bool(self.line_ids) and all(
            t.mall_published and t.sale_ok for t in templates
        )

    @api.model
    def _mall_for_template(self, template):
        """Active bundles holding ``template`` whose products are all for sale."""
        bundles = self.sudo().search(
            [("line_ids.product_id.product_tmpl_id", "=", template.id)]
        )
        return bundles.filtered(lambda b: b._mall_is_visible())

    def _mall_payloads(self, size=images.DEFAULT_SIZE):
        templates = self.line_ids.product_id.product_tmpl_id
        cards = {card["id"]: card for card in templates._mall_card_payloads(size)}
        result = []
        for record in self:
            digits = record.currency_id.decimal_places
            units = record._mall_unit_prices()
            values_of = {
                line: line.product_id.product_template_attribute_value_ids
                for line in record.line_ids
            }
            result.append(
                {
                    "id": record.id,
                    "name": record.name,
                    "currency": record.currency_id.name,
                    "price": money.format_amount(record.price, digits),
                    "list_total": money.format_amount(record.list_total, digits),
                    "saving": money.format_amount(max(record.saving, 0), digits),
                    "items": [
                        {
                            "variant_id": line.product_id.id,
                            "variant": values_of[line]._get_combination_name(),
                            "quantity": line.quantity,
                            "unit_price": money.format_amount(units[line], digits),
                            "product": cards[line.product_id.product_tmpl_id.id],
                        }
                        for line in record.line_ids
                    ],
                }
            )
        return result
