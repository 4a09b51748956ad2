# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from .sale_order import PAYMENT_STATES


class MallSalesReport(models.Model):
    """Paid mini-program orders for graph and pivot views: one row per order,
    by day, shop, channel (UTM source) and delivery province/city."""

    _name = "mall.sales.report"
    _description = "Mall Sales Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "paid_at desc"

    order_id = fields.Many2one("sale.order", readonly=True)
    paid_at = fields.Datetime(string="Paid On", readonly=True)
    shop_id = fields.Many2one("mall.shop", readonly=True)
    source_id = fields.Many2one("utm.source", string="Channel", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Shopper", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    city = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    payment_state = fields.Selection(PAYMENT_STATES, string="Payment", readonly=True)
    amount_total = fields.Monetary(string="Paid Amount", readonly=True)
    refunded_amount = fields.Monetary(readonly=True)
    order_count = fields.Integer(string="# Orders", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT so.id AS id,
                       so.id AS order_id,
                       so.mall_paid_at AS paid_at,
                       so.mall_shop_id AS shop_id,
                       so.source_id AS source_id,
                       so.partner_id AS partner_id,
                       ship.state_id AS state_id,
                       ship.city AS city,
                       so.company_id AS company_id,
                       so.currency_id AS currency_id,
                       so.mall_payment_state AS payment_state,
                       so.amount_total AS amount_total,
                       coalesce(so.mall_refunded_amount, 0) AS refunded_amount,
                       1 AS order_count
                  FROM sale_order so
                  LEFT JOIN res_partner ship ON ship.id = so.partner_shipping_id
                 WHERE so.mall_paid_at IS NOT NULL
                   AND so.mall_payment_state IN
                       ('paid', 'partially_refunded', 'refunded')
            )
            """  # noqa: S608 - the table name is the model's own
        )
