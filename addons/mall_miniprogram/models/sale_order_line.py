# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    mall_selected = fields.Boolean(
        string="Selected for Checkout",
        default=True,
        help="A cart line the shopper ticked for the next checkout.",
    )

    mall_aftersale_line_ids = fields.One2many(
        "mall.aftersale.line", "sale_line_id", string="After-sale Lines"
    )

    @api.depends("order_id.partner_id")
    def _compute_discount(self):
        """Members' prices in the cart and on mall orders: the tier discount
        (and the member day's), unless the pricelist already gives more."""
        result = super()._compute_discount()
        for line in self:
            order = line.order_id
            if (
                line.display_type
                or not line.product_id
                or line.is_delivery
                or line.is_reward_line
                or not (order.mall_is_cart or order.mall_shop_id)
                or not order.partner_id
            ):
                continue
            discount = order.partner_id.sudo()._mall_member_discount(
                company=order.company_id
            )
            if discount > line.discount:
                line.discount = discount
        return result
