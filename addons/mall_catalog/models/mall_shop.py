# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MallShop(models.Model):
    """A shop of the mall: one seller with its own warehouse.

    A checkout over lines of several shops becomes one sale order per shop.
    """

    _name = "mall.shop"
    _inherit = ["mall.catalog.cached"]
    _description = "Mall Shop"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Short code used in order references and share links."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        required=True,
        check_company=True,
        help="Stock of this shop's products is reserved and shipped from here.",
    )
    logo = fields.Image(max_width=512, max_height=512)
    description = fields.Text(translate=True)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Receives this shop's stock alerts and after-sales activities.",
    )
    store_ids = fields.One2many("mall.store", "shop_id", string="Stores")
    product_tmpl_ids = fields.One2many(
        "product.template", "mall_shop_id", string="Products"
    )
    product_count = fields.Integer(compute="_compute_product_count")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "The shop code must be unique.",
        ),
    ]

    def _compute_product_count(self):
        counts = dict(
            self.env["product.template"]._read_group(
                [("mall_shop_id", "in", self.ids)], ["mall_shop_id"], ["__count"]
            )
        )
        for shop in self:
            shop.product_count = counts.get(shop, 0)

    def action_view_products(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "mall_catalog.product_template_action"
        )
        action["domain"] = [("mall_shop_id", "=", self.id)]
        action["context"] = {"default_mall_shop_id": self.id}
        return action
