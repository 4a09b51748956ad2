# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from ..tools import cache, recommend
from .mall_catalog_cached import CATALOG_NAMESPACE

DEFAULT_HISTORY_DAYS = 365
SHOPPER_HISTORY_DAYS = 90
SHOPPER_HISTORY_SIZE = 20


class MallProductAffinity(models.Model):
    """How strongly shoppers who take one product also take another (猜你喜欢).

    Recomputed daily from confirmed orders (and, in the mini-program, the
    shoppers' footprints) by :meth:`_cron_mall_recompute`."""

    _name = "mall.product.affinity"
    _description = "Mall Product Affinity"
    _order = "product_tmpl_id, score desc, id"

    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Product",
        required=True,
        index=True,
        ondelete="cascade",
    )
    related_tmpl_id = fields.Many2one(
        "product.template",
        string="Related Product",
        required=True,
        ondelete="cascade",
    )
    score = fields.Float(digits=(6, 4), readonly=True)

    _sql_constraints = [
        (
            "pair_uniq",
            "unique(product_tmpl_id, related_tmpl_id)",
            "One affinity per pair of products.",
        ),
    ]

    @api.model
    def _mall_history_since(self):
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("mall.recommend_history_days", DEFAULT_HISTORY_DAYS)
        )
        return fields.Datetime.now() - timedelta(days=days)

    @api.model
    def _mall_interactions(self, since, partner=None):
        """``[(partner id, template id, weight, when)]``: what shoppers did
        with products since ``since``; purchases here, more in other modules.
        """
        domain = [
            *self.env["product.template"]._mall_sold_line_domain(),
            ("order_id.date_order", ">=", since),
            ("product_id", "!=", False),
            ("display_type", "=", False),
            ("is_delivery", "=", False),
            ("is_downpayment", "=", False),
        ]
        if partner is not None:
            domain.append(("order_partner_id", "=", partner.id))
        groups = (
            self.env["sale.order.line"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                domain,
                ["order_partner_id", "product_id"],
                ["create_date:max"],
            )
        )
        rows = []
        for customer, product, when in groups:
            rows.append(
                (
                    customer.id,
                    product.product_tmpl_id.id,
                    recommend.PURCHASE_WEIGHT,
                    when,
                )
            )
        return rows

    @api.model
    def _cron_mall_recompute(self):
        """Rebuild the whole table from the recent interactions."""
        rows = self._mall_interactions(self._mall_history_since())
        related = recommend.item_similarities(
            recommend.Interaction(user, item, weight)
            for user, item, weight, _when in rows
        )
        self.env.cr.execute("DELETE FROM mall_product_affinity")
        values = [
            (item, other, round(score, 4))
            for item, pairs in related.items()
            for other, score in pairs
            if score > 0
        ]
        if values:
            lefts, rights, scores = zip(*values, strict=True)
            self.env.cr.execute(
                """
                INSERT INTO mall_product_affinity
                    (product_tmpl_id, related_tmpl_id, score,
                     create_uid, create_date, write_uid, write_date)
                SELECT v.a, v.b, v.s, %(uid)s, now(), %(uid)s, now()
                  FROM unnest(%(a)s::int[], %(b)s::int[], %(s)s::float[])
                       AS v(a, b, s)
                  JOIN product_template pa ON pa.id = v.a
                  JOIN product_template pb ON pb.id = v.b
                """,
                {
                    "uid": self.env.uid,
                    "a": list(lefts),
                    "b": list(rights),
                    "s": list(scores),
                },
            )
        self.env.invalidate_all()
        # Product pages show related products.
        cache.bump(self.env, CATALOG_NAMESPACE)
        return len(values)

    @api.model
    def _mall_related_ids(self, template_ids, exclude=()):
        """``{template id: [(related id, score), ...]}`` from the table."""
        if not template_ids:
            return {}
        rows = self.sudo().search_read(
            [("product_tmpl_id", "in", list(template_ids))],
            ["product_tmpl_id", "related_tmpl_id", "score"],
            load=None,
        )
        related = {}
        for row in rows:
            if row["related_tmpl_id"] in exclude:
                continue
            related.setdefault(row["product_tmpl_id"], []).append(
                (row["related_tmpl_id"], row["score"])
            )
        return related
