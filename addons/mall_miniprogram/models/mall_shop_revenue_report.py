# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools


class MallShopRevenueReport(models.Model):
    """Invoiced revenue by mall shop: the product lines of posted customer
    invoices and credit notes, in company currency without taxes, with the
    shop of the sale order they invoice (for a line without one, as a credit
    note reversing an invoice: the shop of its invoice)."""

    _name = "mall.shop.revenue.report"
    _description = "Mall Revenue by Shop"
    _auto = False
    _rec_name = "move_id"
    _order = "date desc, id desc"
    _depends = {
        "account.move.line": [
            "balance",
            "display_type",
            "move_id",
            "product_id",
            "account_id",
            "company_id",
            "sale_line_ids",
        ],
        "account.move": [
            "state",
            "move_type",
            "invoice_date",
            "partner_id",
            "reversed_entry_id",
        ],
        "sale.order.line": ["order_id"],
        "sale.order": ["mall_shop_id"],
    }

    move_line_id = fields.Many2one("account.move.line", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], readonly=True
    )
    date = fields.Date(readonly=True)
    shop_id = fields.Many2one("mall.shop", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    account_id = fields.Many2one("account.account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT aml.id AS id,
                       aml.id AS move_line_id,
                       am.id AS move_id,
                       am.move_type AS move_type,
                       am.invoice_date AS date,
                       coalesce(shop.shop_id, move_shop.shop_id) AS shop_id,
                       am.partner_id AS partner_id,
                       aml.product_id AS product_id,
                       aml.account_id AS account_id,
                       aml.company_id AS company_id,
                       aml.company_currency_id AS currency_id,
                       -aml.balance AS revenue
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  LEFT JOIN LATERAL (
                      SELECT min(so.mall_shop_id) AS shop_id
                        FROM sale_order_line_invoice_rel rel
                        JOIN sale_order_line sol ON sol.id = rel.order_line_id
                        JOIN sale_order so ON so.id = sol.order_id
                       WHERE rel.invoice_line_id = aml.id
                  ) shop ON TRUE
                  LEFT JOIN LATERAL (
                      SELECT min(so.mall_shop_id) AS shop_id
                        FROM account_move_line other
                        JOIN sale_order_line_invoice_rel rel
                          ON rel.invoice_line_id = other.id
                        JOIN sale_order_line sol ON sol.id = rel.order_line_id
                        JOIN sale_order so ON so.id = sol.order_id
                       WHERE shop.shop_id IS NULL
                         AND other.move_id IN (am.id, am.reversed_entry_id)
                  ) move_shop ON TRUE
                 WHERE am.state = 'posted'
                   AND am.move_type IN ('out_invoice', 'out_refund')
                   AND aml.display_type = 'product'
            )
            """  # noqa: S608 - the table name is the model's own
        )
