# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

CHANNELS = [
    ("wechatpay", "WeChat Pay"),
    ("alipay", "Alipay"),
    ("huabei", "Huabei Instalments"),
    ("balance", "Balance"),
    ("other", "Other"),
]


class MallPaymentChannelReport(models.Model):
    """Payments and refunds by channel for the accountant: one row per done
    payment or refund transaction, with the fee of its matched bill lines.

    Huabei is the Alipay payment paid in instalments; a refund is on the
    channel (and shop) of the payment it refunds.
    """

    _name = "mall.payment.channel.report"
    _description = "Mall Payments by Channel"
    _auto = False
    _rec_name = "transaction_id"
    _order = "date desc, id desc"
    _depends = {
        "payment.transaction": [
            "state",
            "operation",
            "amount",
            "last_state_change",
            "provider_id",
            "partner_id",
            "company_id",
            "currency_id",
            "source_transaction_id",
            "alipay_installments",
            "sale_order_ids",
        ],
        "payment.provider": ["code"],
        "mall.payment.bill.line": ["fee", "transaction_id"],
        "sale.order": ["mall_shop_id"],
    }

    transaction_id = fields.Many2one("payment.transaction", readonly=True)
    date = fields.Datetime(readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    provider_id = fields.Many2one("payment.provider", readonly=True)
    kind = fields.Selection(
        [("payment", "Payment"), ("refund", "Refund")], readonly=True
    )
    shop_id = fields.Many2one("mall.shop", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount_paid = fields.Monetary(string="Paid", readonly=True)
    amount_refunded = fields.Monetary(string="Refunded", readonly=True)
    fee = fields.Monetary(string="Fees", readonly=True)
    amount_net = fields.Monetary(string="Net", readonly=True)
    transaction_count = fields.Integer(string="# Transactions", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH tx AS (
                    SELECT t.id,
                           t.last_state_change AS date,
                           t.provider_id,
                           t.partner_id,
                           t.company_id,
                           t.currency_id,
                           t.operation = 'refund' AS is_refund,
                           abs(t.amount) AS amount,
                           coalesce(t.source_transaction_id, t.id) AS origin_id
                      FROM payment_transaction t
                     WHERE t.state = 'done'
                       AND (t.operation IS NULL OR t.operation != 'validation')
                ),
                fee AS (
                    SELECT transaction_id, sum(fee) AS fee
                      FROM mall_payment_bill_line
                     WHERE transaction_id IS NOT NULL
                     GROUP BY transaction_id
                ),
                shop AS (
                    SELECT rel.transaction_id, min(so.mall_shop_id) AS shop_id
                      FROM sale_order_transaction_rel rel
                      JOIN sale_order so ON so.id = rel.sale_order_id
                     GROUP BY rel.transaction_id
                )
                SELECT tx.id AS id,
                       tx.id AS transaction_id,
                       tx.date AS date,
                       CASE
                           WHEN pp.code = 'wechatpay' THEN 'wechatpay'
                           WHEN pp.code = 'alipay'
                                AND coalesce(origin.alipay_installments, 0) > 0
                               THEN 'huabei'
                           WHEN pp.code = 'alipay' THEN 'alipay'
                           WHEN pp.code = 'mall_balance' THEN 'balance'
                           ELSE 'other'
                       END AS channel,
                       tx.provider_id AS provider_id,
                       CASE WHEN tx.is_refund THEN 'refund' ELSE 'payment' END
                           AS kind,
                       coalesce(shop.shop_id, origin_shop.shop_id) AS shop_id,
                       tx.partner_id AS partner_id,
                       tx.company_id AS company_id,
                       tx.currency_id AS currency_id,
                       CASE WHEN tx.is_refund THEN 0 ELSE tx.amount END
                           AS amount_paid,
                       CASE WHEN tx.is_refund THEN tx.amount ELSE 0 END
                           AS amount_refunded,
                       coalesce(fee.fee, 0) AS fee,
                       CASE WHEN tx.is_refund THEN -tx.amount ELSE tx.amount END
                           - coalesce(fee.fee, 0) AS amount_net,
                       1 AS transaction_count
                  FROM tx
                  JOIN payment_provider pp ON pp.id = tx.provider_id
                  JOIN payment_transaction origin ON origin.id = tx.origin_id
                  LEFT JOIN fee ON fee.transaction_id = tx.id
                  LEFT JOIN shop ON shop.transaction_id = tx.id
                  LEFT JOIN shop origin_shop
                         ON origin_shop.transaction_id = tx.origin_id
            )
            """  # noqa: S608 - the table name is the model's own
        )
