# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import flash, money


class MallFlashDiscountLine(models.Model):
    """A product of a limited-time discount: its price or percent off and
    how many units get it."""

    _name = "mall.flash.discount.line"
    _inherit = "mall.catalog.cached"
    _description = "Mall Limited-time Discount Product"
    _order = "discount_id, id"

    discount_id = fields.Many2one(
        "mall.flash.discount", required=True, index=True, ondelete="cascade"
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("sale_ok", "=", True)],
    )
    list_price = fields.Float(related="product_tmpl_id.list_price")
    currency_id = fields.Many2one(related="discount_id.currency_id")
    discount_type = fields.Selection(
        [("price", "Discount Price"), ("percent", "Percentage Off")],
        required=True,
        default="price",
    )
    price = fields.Monetary(
        string="Discount Price",
        help="The unit price during the discount, for every variant.",
    )
    percent = fields.Float(
        string="Off (%)", digits=(5, 2), help="Taken off each variant's price."
    )
    cap = fields.Integer(
        string="Units at This Price",
        help="Once this many units are sold at the discount price, the normal "
        "price applies again; 0 for no limit.",
    )
    sold = fields.Integer(
        string="Units Sold",
        compute="_compute_sold",
        help="Units on confirmed mall orders that got this discount.",
    )
    # For finding the discounts on at a moment in one query.
    date_start = fields.Datetime(
        related="discount_id.date_start", store=True, index=True
    )
    date_end = fields.Datetime(related="discount_id.date_end", store=True, index=True)
    active = fields.Boolean(related="discount_id.active", store=True)
    company_id = fields.Many2one(related="discount_id.company_id", store=True)

    _sql_constraints = [
        (
            "cap_positive",
            "CHECK(cap >= 0)",
            "The units at the discount price cannot be negative.",
        ),
    ]

    @api.constrains("discount_type", "price", "percent", "product_tmpl_id")
    def _check_price(self):
        for line in self:
            if line.discount_type == "percent":
                if not 0 < line.percent < 100:
                    raise ValidationError(
                        _("The percentage off must be between 0 and 100.")
                    )
            elif not 0 < line.price < line.product_tmpl_id.list_price:
                raise ValidationError(
                    _(
                        "The discount price of %(product)s must be above zero "
                        "and below its sales price.",
                        product=line.product_tmpl_id.display_name,
                    )
                )

    def _compute_sold(self):
        sold = self._mall_sold_map()
        for line in self:
            line.sold = sold.get(line.id, 0)

    def _mall_sold_map(self):
        """``{line id: units on the order lines that carried it}``: confirmed
        orders, and checked-out orders still held for review (they are
        confirmed or cancelled later, and must not exceed the cap then).

        The order lines know their discount once the mini-program module is
        installed (it sets the discount on orders); until then nothing sold.
        """
        ids = [i for i in self.ids if isinstance(i, int)]
        SaleLine = self.env["sale.order.line"].sudo().with_context(active_test=False)
        if not ids or "mall_flash_discount_line_id" not in SaleLine._fields:
            return {}
        SaleLine.flush_model(
            ["mall_flash_discount_line_id", "product_uom_qty", "state"]
        )
        self.env["sale.order"].flush_model(["mall_checkout_id"])
        groups = SaleLine._read_group(
            [
                ("mall_flash_discount_line_id", "in", ids),
                "|",
                ("state", "=", "sale"),
                "&",
                ("state", "in", ("draft", "sent")),
                ("order_id.mall_checkout_id", "!=", False),
            ],
            ["mall_flash_discount_line_id"],
            ["product_uom_qty:sum"],
        )
        return {line.id: round(qty) for line, qty in groups}

    def _mall_unit_price(self, list_price, digits):
        """The discounted unit price (Decimal) of a variant at ``list_price``."""
        self.ensure_one()
        if self.discount_type == "percent":
            return flash.unit_price(list_price, percent=self.percent, digits=digits)
        return flash.unit_price(list_price, price=self.price, digits=digits)

    @api.model
    def _mall_active_for(self, templates, now=None):
        """``{template id: (discount line, units left or None)}``: for each of
        ``templates``, the running discount with units left giving the lowest
        price (one query for the discounts, one for the units sold)."""
        now = now or fields.Datetime.now()
        lines = self.sudo().search(
            [
                ("product_tmpl_id", "in", templates.ids),
                ("active", "=", True),
                ("date_start", "<=", now),
                ("date_end", ">", now),
            ]
        )
        sold = lines._mall_sold_map()
        result = {}
        for line in lines:
            template = line.product_tmpl_id
            left = flash.remaining(line.cap, sold.get(line.id, 0))
            if left == 0:
                continue
            digits = template.currency_id.decimal_places
            price = line._mall_unit_price(template.list_price, digits)
            best = result.get(template.id)
            if best is None or price < best[0]._mall_unit_price(
                template.list_price, digits
            ):
                result[template.id] = (line, left)
        return result

    def _mall_payload(self, original_price, digits, remaining):
        """The ``flash`` part of a product card or page."""
        self.ensure_one()
        return {
            "price": money.format_amount(
                self._mall_unit_price(original_price, digits), digits
            ),
            "original_price": money.format_amount(original_price, digits),
            "ends_at": fields.Datetime.to_string(self.date_end),
            "remaining": remaining,
        }

    def _mall_lock_and_count(self):
        """Lock these discount lines until the transaction ends and count
        their units sold again: two checkouts of the last discounted unit
        cannot both get it (the second waits, then sees the first's order)."""
        if not self:
            return {}
        # A no-op UPDATE, not just a lock: under REPEATABLE READ, the second
        # checkout fails to serialize and is retried by Odoo on a snapshot
        # that sees the first one's order.
        self.env.cr.execute(
            "UPDATE mall_flash_discount_line SET write_date = write_date"
            " WHERE id IN %s",
            [tuple(sorted(self.ids))],
        )
        return self._mall_sold_map()
