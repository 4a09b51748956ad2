# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class PointsMallError(Exception):
    """A redemption refused: ``code`` is the API's error code (also the
    reason), ``args[0]`` a message for people."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class MallPointsRedemption(models.Model):
    """A member's redemption in the points mall: the points spent, the money
    to pay (points + cash) and what it gave (an order or coupons)."""

    _name = "mall.points.redemption"
    _description = "Points Mall Redemption"
    _order = "id desc"

    name = fields.Char(required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, readonly=True
    )
    item_id = fields.Many2one(
        "mall.points.item", required=True, index=True, readonly=True
    )
    kind = fields.Selection(related="item_id.kind")
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    qty = fields.Integer(string="Quantity", required=True, readonly=True)
    points = fields.Integer(string="Points Spent", readonly=True)
    cash_amount = fields.Monetary(readonly=True)
    state = fields.Selection(
        [("to_pay", "To Pay"), ("done", "Done"), ("cancel", "Cancelled")],
        required=True,
        default="done",
        index=True,
        readonly=True,
        help="To pay: the cash part is not paid yet; the points are held and "
        "come back if the order is cancelled or not paid in time.",
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    coupon_ids = fields.Many2many("loyalty.card", string="Coupons Given", readonly=True)
    points_returned = fields.Boolean(readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "mall.points.redemption"
                ) or _("New")
        return super().create(vals_list)

    @api.model
    def _points_redeem(self, partner, item, qty=1, order_values=None):
        """Redeem ``qty`` units of ``item`` for ``partner``: the points are
        spent (under a lock of the member's card), the item's stock taken, and
        a draft order made for products (``order_values`` adds to it), or the
        coupons given. Raises :class:`PointsMallError`; nothing is written
        then."""
        item = item.sudo()
        partner = partner.commercial_partner_id.sudo()
        if not item.exists() or not item._points_is_open():
            raise PointsMallError("NOT_FOUND", _("This item is not available."))
        if qty < 1:
            raise PointsMallError("VALIDATION_ERROR", _("Redeem at least one unit."))
        Points = self.env["mall.member.points"].sudo()
        company = item.company_id
        cost = item.points * qty
        card = Points._mall_card(partner, company, create=False)
        if card:
            # Two redemptions of one member at once: one waits for the other.
            Points._mall_lock_card(card)
        if not card or card.points < cost:
            raise PointsMallError(
                "POINTS_INSUFFICIENT",
                _("You need %(points)s points for this.", points=cost),
            )
        limit = item.per_shopper_limit
        if limit and item._points_redeemed_by(partner) + qty > limit:
            raise PointsMallError(
                "POINTS_LIMIT",
                _("You may redeem at most %(limit)s of this item.", limit=limit),
            )
        if not item._points_take_stock(qty):
            raise PointsMallError("POINTS_SOLD_OUT", _("This item is sold out."))
        cash = item.currency_id.round(item.cash_price * qty)
        redemption = self.sudo().create(
            {
                "partner_id": partner.id,
                "item_id": item.id,
                "company_id": company.id,
                "qty": qty,
                "points": cost,
                "cash_amount": cash,
                "state": "to_pay" if cash and item.kind == "product" else "done",
            }
        )
        if item.kind == "product":
            redemption.order_id = redemption._points_order(order_values or {})
        Points._mall_take(
            card,
            cost,
            _(
                "Points mall: %(item)s × %(qty)s (%(name)s)",
                item=item.name,
                qty=qty,
                name=redemption.name,
            ),
            origin=redemption.order_id or None,
        )
        if item.kind == "coupon":
            redemption.coupon_ids = redemption._points_coupons()
        return redemption

    def _points_order(self, order_values):
        """The draft order delivering this redemption's product: at the cash
        price, or free for points only."""
        self.ensure_one()
        item = self.item_id
        values = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": item.product_id.id,
                        "product_uom_qty": self.qty,
                        # The points paid the rest: the money asked is all,
                        # taxed as a sale of the product (its taxes, price
                        # included or not, mapped by the fiscal position).
                        "price_unit": item.cash_price,
                        "mall_points_item_id": item.id,
                        "name": _(
                            "%(product)s (points mall: %(points)s points each)",
                            product=item.product_id.display_name,
                            points=item.points,
                        ),
                    },
                )
            ],
            **order_values,
        }
        return (
            self.env["sale.order"]
            .sudo()
            .with_context(mall_risk_defer=True)
            .create(values)
        )

    def _points_coupons(self):
        self.ensure_one()
        program = self.item_id.coupon_program_id.sudo()
        points = max(program.reward_ids[:1].required_points, 1)
        return (
            self.env["loyalty.card"]
            .sudo()
            .create(
                [
                    {
                        "program_id": program.id,
                        "partner_id": self.partner_id.id,
                        "points": points,
                    }
                    for _unit in range(self.qty)
                ]
            )
        )

    def _points_to_pay(self):
        """Money is due on these redemptions' orders (a delivery fee on
        points only): the points are held until it is paid."""
        self.filtered(lambda r: r.state == "done").write({"state": "to_pay"})

    def _points_paid(self):
        """The cash part was paid."""
        self.filtered(lambda r: r.state == "to_pay").write({"state": "done"})

    def _points_cancel(self):
        """Cancel these redemptions: their points and stock come back."""
        Points = self.env["mall.member.points"].sudo()
        for redemption in self.sudo().filtered(lambda r: r.state != "cancel"):
            redemption.item_id._points_return_stock(redemption.qty)
            if redemption.points and not redemption.points_returned:
                Points._mall_earn(
                    redemption.partner_id,
                    redemption.points,
                    "return",
                    _(
                        "Points mall: %(name)s cancelled, points returned",
                        name=redemption.name,
                    ),
                    redemption.company_id,
                    origin=redemption.order_id or None,
                )
            redemption.write({"state": "cancel", "points_returned": True})

    @api.model
    def _points_on_orders_cancelled(self, orders):
        self.sudo().search([("order_id", "in", orders.ids)])._points_cancel()
