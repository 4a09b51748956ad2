# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import member_card as mc


class MallMemberCardPlan(models.Model):
    """A paid member card on sale (付费会员: monthly, quarterly, yearly).

    Its price is the list price of its service product, so the card is sold
    on a normal sale order and invoiced as such. Holders get the plan's
    discount on its categories (all products when none), on top of their
    tier's discount, and its perks."""

    _name = "mall.member.card.plan"
    _description = "Mall Member Card Plan"
    _order = "sequence, months, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        help="The card is sold in this currency (a price list in it is used).",
    )
    duration = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly"), ("yearly", "Yearly")],
        required=True,
        default="yearly",
    )
    months = fields.Integer(compute="_compute_months", store=True)
    product_id = fields.Many2one(
        "product.product",
        string="Card Product",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The service product sold when a shopper buys the card; created "
        "with the plan.",
    )
    price = fields.Monetary(
        required=True,
        help="What the card costs; the card product's sales price.",
    )
    discount_percent = fields.Float(
        string="Member Price Discount (%)",
        digits=(5, 2),
        help="Off the price of the products of the categories below (all "
        "products when none), for card holders, on top of their tier "
        "discount.",
    )
    category_ids = fields.Many2many(
        "mall.category",
        string="Discounted Categories",
        help="Empty: the discount applies to every product.",
    )
    free_shipping = fields.Boolean(
        help="Card holders' orders ship free from the threshold on."
    )
    free_shipping_min = fields.Monetary(
        string="Free Shipping From",
        help="Goods amount from which holders' orders ship free (0: always).",
    )
    coupon_program_id = fields.Many2one(
        "loyalty.program",
        string="Monthly Coupon",
        domain="[('program_type', '=', 'coupons')]",
        help="A coupon of this program is given when the card starts and "
        "every month while it runs (renewals included).",
    )
    points_multiplier = fields.Float(
        default=1.0,
        digits=(4, 2),
        help="Points earned on paid orders are multiplied by this for holders.",
    )
    description = fields.Html(translate=True, help="Shown to shoppers.")
    card_count = fields.Integer(compute="_compute_card_count", string="Cards")

    @api.depends("duration")
    def _compute_months(self):
        for plan in self:
            plan.months = mc.DURATIONS.get(plan.duration, 0)

    def _compute_card_count(self):
        groups = self.env["mall.member.card"]._read_group(
            [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
        )
        counts = {plan.id: count for plan, count in groups}
        for plan in self:
            plan.card_count = counts.get(plan.id, 0)

    @api.constrains("discount_percent", "price", "points_multiplier")
    def _check_values(self):
        for plan in self:
            if not 0 <= plan.discount_percent < 100:
                raise ValidationError(
                    _("A card discount is between 0 and 100%% (%s).", plan.name)
                )
            if plan.price <= 0:
                raise ValidationError(_("A card has a price (%s).", plan.name))
            if plan.points_multiplier < 1:
                raise ValidationError(
                    _("The points multiplier is at least 1 (%s).", plan.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        plans = super().create(vals_list)
        for plan in plans.filtered(lambda p: not p.product_id):
            plan.product_id = (
                self.env["product.product"]
                .sudo()
                .create(
                    {
                        "name": plan.name,
                        "type": "service",
                        "list_price": plan.price,
                        "taxes_id": False,
                        "sale_ok": True,
                        "purchase_ok": False,
                        "invoice_policy": "order",
                        "company_id": plan.company_id.id,
                    }
                )
            )
        return plans

    def write(self, vals):
        res = super().write(vals)
        if "price" in vals or "name" in vals:
            for plan in self.filtered("product_id"):
                plan.product_id.sudo().write(
                    {"list_price": plan.price, "name": plan.name}
                )
        return res

    def _mall_applies_to(self, product):
        """Whether the plan's discount applies to ``product`` (a variant or
        template)."""
        self.ensure_one()
        if not self.discount_percent:
            return False
        if not self.category_ids:
            return True
        category = product.sudo().mall_category_id
        if not category:
            return False
        path = category.parent_path or ""
        return any(f"/{c.id}/" in f"/{path}" for c in self.category_ids)

    def _mall_example(self, monthly_spend):
        """The saving example of a shopper spending ``monthly_spend`` a month
        over the plan: ``(saved, net)``."""
        self.ensure_one()
        return mc.example_saving(
            monthly_spend, self.discount_percent, self.price, self.months
        )
