# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class MallPointsItem(models.Model):
    """What members buy in the points mall (积分商城): a product delivered,
    or a coupon, for points (and maybe some money), from a stock allocated
    to the points mall."""

    _name = "mall.points.item"
    _inherit = ["mall.image.checksums"]
    _description = "Points Mall Item"
    _order = "sequence, id desc"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(
        [("product", "Product"), ("coupon", "Coupon")],
        required=True,
        default="product",
        help="Product: delivered with an order. Coupon: a coupon of the chosen "
        "program goes to the member's wallet at once.",
    )
    product_id = fields.Many2one("product.product", index="btree_not_null")
    coupon_program_id = fields.Many2one(
        "loyalty.program",
        domain="[('program_type', 'in', ('coupons', 'gift_card'))]",
    )
    image_1920 = fields.Image(string="Image", max_width=1920, max_height=1920)
    image_512 = fields.Image(
        string="Image 512",
        related="image_1920",
        max_width=512,
        max_height=512,
        store=True,
    )
    description = fields.Text(translate=True)
    points = fields.Integer(
        string="Points Price", required=True, help="Points per unit redeemed."
    )
    cash_price = fields.Monetary(
        help="Money to pay per unit on top of the points (积分+现金); 0: points only.",
    )
    free_shipping = fields.Boolean(
        help="Products: delivered free. Otherwise the delivery fee of the "
        "shopper's delivery method is paid in money, even for points only.",
    )
    stock_qty = fields.Integer(
        string="Allocated Stock",
        default=0,
        help="Units allocated to the points mall; redemptions never exceed it.",
    )
    redeemed_qty = fields.Integer(
        string="Redeemed",
        default=0,
        readonly=True,
        copy=False,
        help="Units redeemed and not cancelled.",
    )
    remaining_qty = fields.Integer(string="Remaining", compute="_compute_remaining_qty")
    per_shopper_limit = fields.Integer(
        string="Limit per Shopper",
        default=0,
        help="Units one shopper may redeem; 0: no limit.",
    )
    date_start = fields.Datetime(string="Available From")
    date_end = fields.Datetime(string="Available Until")
    redemption_ids = fields.One2many(
        "mall.points.redemption", "item_id", string="Redemptions"
    )
    redemption_count = fields.Integer(compute="_compute_redemption_count")

    _sql_constraints = [
        (
            "quantities_positive",
            "CHECK(points > 0 AND stock_qty >= 0 AND redeemed_qty >= 0 "
            "AND per_shopper_limit >= 0 AND cash_price >= 0)",
            "Points, cash price, stock and limit cannot be negative; the points "
            "price is at least one point.",
        ),
        (
            "stock_covers_redeemed",
            "CHECK(redeemed_qty <= stock_qty)",
            "The allocated stock cannot be lower than the units redeemed.",
        ),
    ]

    @api.depends("stock_qty", "redeemed_qty")
    def _compute_remaining_qty(self):
        for item in self:
            item.remaining_qty = max(item.stock_qty - item.redeemed_qty, 0)

    def _compute_redemption_count(self):
        groups = self.env["mall.points.redemption"]._read_group(
            [("item_id", "in", self.ids)], ["item_id"], ["__count"]
        )
        counts = {item.id: count for item, count in groups}
        for item in self:
            item.redemption_count = counts.get(item.id, 0)

    @api.constrains("kind", "product_id", "coupon_program_id", "date_start", "date_end")
    def _check_points_item(self):
        for item in self:
            if item.kind == "product" and not item.product_id:
                raise ValidationError(_("Choose the product this item delivers."))
            if item.kind == "coupon" and not item.coupon_program_id:
                raise ValidationError(_("Choose the coupon program this item gives."))
            if item.date_start and item.date_end and item.date_end <= item.date_start:
                raise ValidationError(_("The item must end after it starts."))

    def _points_is_open(self, now=None):
        """Whether shoppers can redeem this item now."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        return bool(
            self.active
            and (not self.date_start or self.date_start <= now)
            and (not self.date_end or self.date_end > now)
        )

    @api.model
    def _points_open_domain(self, now=None):
        now = now or fields.Datetime.now()
        return [
            ("company_id", "=", self.env.company.id),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", now),
            "|",
            ("date_end", "=", False),
            ("date_end", ">", now),
        ]

    def _points_take_stock(self, qty):
        """Take ``qty`` units of the allocation, or nothing: a guarded UPDATE,
        so that two redemptions of the last unit cannot both pass (the second
        waits for the first, then fails to serialize and is retried)."""
        self.ensure_one()
        self.flush_recordset(["stock_qty", "redeemed_qty"])
        self.env.cr.execute(
            SQL(
                "UPDATE mall_points_item "
                "SET redeemed_qty = COALESCE(redeemed_qty, 0) + %s WHERE id = %s "
                "AND COALESCE(stock_qty, 0) - COALESCE(redeemed_qty, 0) >= %s "
                "RETURNING id",
                qty,
                self.id,
                qty,
            )
        )
        taken = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["redeemed_qty", "remaining_qty"])
        return taken

    def _points_return_stock(self, qty):
        self.ensure_one()
        self.flush_recordset(["redeemed_qty"])
        self.env.cr.execute(
            SQL(
                "UPDATE mall_points_item "
                "SET redeemed_qty = GREATEST(COALESCE(redeemed_qty, 0) - %s, 0) "
                "WHERE id = %s",
                qty,
                self.id,
            )
        )
        self.invalidate_recordset(["redeemed_qty", "remaining_qty"])

    def _points_redeemed_by(self, partner):
        """Units of this item ``partner`` redeemed (not cancelled)."""
        self.ensure_one()
        groups = (
            self.env["mall.points.redemption"]
            .sudo()
            ._read_group(
                [
                    ("item_id", "=", self.id),
                    ("partner_id", "=", partner.id),
                    ("state", "!=", "cancel"),
                ],
                [],
                ["qty:sum"],
            )
        )
        return int(groups[0][0] or 0)

    def action_view_redemptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_loyalty.mall_points_redemption_action"
        )
        action["domain"] = [("item_id", "=", self.id)]
        action["context"] = {"default_item_id": self.id}
        return action
