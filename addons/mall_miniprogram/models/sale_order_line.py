# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

from odoo.addons.mall_catalog.tools import money


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    mall_selected = fields.Boolean(
        string="Selected for Checkout",
        default=True,
        help="A cart line the shopper ticked for the next checkout.",
    )

    mall_bundle_id = fields.Many2one(
        "mall.bundle",
        string="Bundle",
        index="btree_not_null",
        ondelete="set null",
        help="The line was sold as part of this bundle, at its bundle price.",
    )
    mall_bundle_group = fields.Char(
        string="Bundle Group",
        copy=False,
        help="The lines of one bundle added to the cart share it.",
    )
    mall_aftersale_line_ids = fields.One2many(
        "mall.aftersale.line", "sale_line_id", string="After-sale Lines"
    )
    mall_flash_discount_line_id = fields.Many2one(
        "mall.flash.discount.line",
        string="Limited-time Discount",
        compute="_compute_mall_flash_discount_line_id",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The line is sold at the price of this limited-time discount.",
    )

    @api.depends(
        "product_id", "product_uom_qty", "order_id.partner_id", "mall_bundle_id"
    )
    def _compute_mall_flash_discount_line_id(self):
        """The running limited-time discount of the product, on mall orders,
        while it has units left for the line and beats the member discount
        (they do not stack). Confirmed lines keep theirs."""
        active = self.env["mall.flash.discount.line"]._mall_active_for(
            self.product_id.product_tmpl_id
        )
        for line in self:
            if line.state not in ("draft", "sent"):
                line.mall_flash_discount_line_id = line.mall_flash_discount_line_id
                continue
            order = line.order_id
            found = active.get(line.product_id.product_tmpl_id.id)
            applies = (
                found
                and not (line.display_type or line.is_delivery or line.is_reward_line)
                and not line.mall_bundle_id
                and not line.mall_points_item_id
                and (order.mall_is_cart or order.mall_shop_id)
                and (found[1] is None or line.product_uom_qty <= found[1])
                and line._mall_flash_beats_member(found[0])
            )
            line.mall_flash_discount_line_id = found[0] if applies else False

    def _mall_flash_beats_member(self, flash_line):
        """Whether ``flash_line`` gives a lower unit price than the member
        discount of the order's shopper."""
        self.ensure_one()
        order = self.order_id
        digits = order.currency_id.decimal_places or 2
        list_price = self.product_id.lst_price
        percent = 0.0
        if order.partner_id:
            percent = order.partner_id.sudo()._mall_member_discount(
                company=order.company_id, product=self.product_id
            )
        member_price = money.to_decimal(list_price * (1 - percent / 100), digits)
        return flash_line._mall_unit_price(list_price, digits) < member_price

    @api.depends("mall_flash_discount_line_id")
    def _compute_price_unit(self):
        return super()._compute_price_unit()

    def _get_display_price(self):
        """A limited-time discount is the unit price itself, not a discount
        (%): the discount field keeps 2 decimals, so no percent would give
        exactly the discount price to the fen on every quantity (59.90 at
        39.90 is 33.3889 % off; 33.39 % gives 3989.94 for 100 units, not
        3990.00)."""
        flash_line = self.mall_flash_discount_line_id
        if not flash_line:
            return super()._get_display_price()
        product = self.product_id
        currency = self.order_id.currency_id or product.currency_id
        price = float(
            flash_line._mall_unit_price(product.lst_price, currency.decimal_places)
        )
        if currency and product.currency_id and currency != product.currency_id:
            price = product.currency_id._convert(
                price,
                currency,
                self.order_id.company_id or self.env.company,
                fields.Date.today(),
            )
        return price

    def _mall_flash_note(self):
        """Why a line of a product on a limited-time discount is at the
        normal price, for the checkout preview; None otherwise."""
        self.ensure_one()
        if self.mall_flash_discount_line_id or not self.product_id:
            return None
        found = (
            self.env["mall.flash.discount.line"]
            ._mall_active_for(self.product_id.product_tmpl_id)
            .get(self.product_id.product_tmpl_id.id)
        )
        if not found or found[1] is None or self.product_uom_qty <= found[1]:
            return None
        return _(
            "Only %(left)s units are left at the limited-time price: this line "
            "is at the normal price. Buy %(left)s or fewer to get the discount.",
            left=found[1],
        )

    def _mall_flash_claim(self):
        """At checkout: lock the limited-time discounts of these lines, count
        their units sold again, and put back to the normal price the lines
        that no longer fit in what is left (first lines first)."""
        lines = self.filtered("mall_flash_discount_line_id")
        flash_lines = lines.mall_flash_discount_line_id
        sold = flash_lines._mall_lock_and_count()
        fallback = self.browse()
        for flash_line in flash_lines:
            taken = sold.get(flash_line.id, 0)
            for line in lines.filtered(
                lambda x, f=flash_line: x.mall_flash_discount_line_id == f
            ):
                if flash_line.cap and taken + line.product_uom_qty > flash_line.cap:
                    fallback |= line
                else:
                    taken += line.product_uom_qty
        if fallback:
            fallback.mall_flash_discount_line_id = False
            fallback.with_context(force_price_recomputation=True)._compute_price_unit()
            fallback.discount = 0.0
            fallback._compute_discount()
        return fallback

    @api.depends("order_id.partner_id", "mall_flash_discount_line_id")
    def _compute_discount(self):
        """Members' prices in the cart and on mall orders: the tier discount
        (and the member day's), unless the pricelist already gives more."""
        result = super()._compute_discount()
        for line in self:
            order = line.order_id
            if line.mall_flash_discount_line_id:
                # Its price is the discount price: nothing more off.
                line.discount = 0.0
                continue
            if (
                line.display_type
                or not line.product_id
                or line.is_delivery
                or line.is_reward_line
                # A bundle's price is its deal: no member discount on top.
                or line.mall_bundle_id
                # Points mall lines are priced by their item.
                or line.mall_points_item_id
                or not (order.mall_is_cart or order.mall_shop_id)
                or not order.partner_id
            ):
                continue
            discount = order.partner_id.sudo()._mall_member_discount(
                company=order.company_id, product=line.product_id
            )
            if discount > line.discount:
                line.discount = discount
        return result
