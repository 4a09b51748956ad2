# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools


class MallLiabilityReport(models.Model):
    """Outstanding member points and prepaid balances, one row per card of a
    loyalty (points) or eWallet (balance) programme that holds something.

    The value of points is their count times the discount per point of the
    programme's first per-point discount reward (nothing when it has none);
    the value of a balance is the balance.
    """

    _name = "mall.liability.report"
    _description = "Mall Points and Balance Liabilities"
    _auto = False
    _rec_name = "partner_id"
    _order = "value desc, id"
    _depends = {
        "loyalty.card": ["points", "partner_id", "program_id"],
        "loyalty.program": ["program_type", "company_id", "currency_id"],
        "loyalty.reward": [
            "discount",
            "discount_mode",
            "reward_type",
            "active",
            "program_id",
        ],
    }

    card_id = fields.Many2one("loyalty.card", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Shopper", readonly=True)
    program_id = fields.Many2one("loyalty.program", readonly=True)
    kind = fields.Selection(
        [("points", "Points"), ("balance", "Prepaid Balance")], readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    points = fields.Float(string="Points / Balance", readonly=True)
    point_value = fields.Float(string="Value per Point", readonly=True)
    value = fields.Monetary(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT card.id AS id,
                       card.id AS card_id,
                       card.partner_id AS partner_id,
                       lp.id AS program_id,
                       CASE WHEN lp.program_type = 'ewallet' THEN 'balance'
                            ELSE 'points' END AS kind,
                       lp.company_id AS company_id,
                       coalesce(lp.currency_id, company.currency_id)
                           AS currency_id,
                       card.points AS points,
                       CASE WHEN lp.program_type = 'ewallet' THEN 1.0
                            ELSE coalesce(reward.discount, 0) END AS point_value,
                       round((card.points * CASE
                           WHEN lp.program_type = 'ewallet' THEN 1.0
                           ELSE coalesce(reward.discount, 0) END)::numeric, 2)
                           AS value
                  FROM loyalty_card card
                  JOIN loyalty_program lp ON lp.id = card.program_id
                  LEFT JOIN res_company company ON company.id = lp.company_id
                  LEFT JOIN LATERAL (
                      SELECT r.discount
                        FROM loyalty_reward r
                       WHERE r.program_id = lp.id
                         AND r.active
                         AND r.reward_type = 'discount'
                         AND r.discount_mode = 'per_point'
                       ORDER BY r.id
                       LIMIT 1
                  ) reward ON TRUE
                 WHERE lp.program_type IN ('loyalty', 'ewallet')
                   AND card.partner_id IS NOT NULL
                   AND card.points != 0
            )
            """  # noqa: S608 - the table name is the model's own
        )
