# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from ..tools import recommend
from .mall_product_affinity import SHOPPER_HISTORY_DAYS, SHOPPER_HISTORY_SIZE


class ProductTemplate(models.Model):
    _inherit = "product.template"

    mall_repeat_purchase = fields.Boolean(
        string="Bought Again Regularly",
        help="Consumables such as coffee beans: still recommended to shoppers "
        "who bought them before.",
    )

    def _mall_best_sellers(self, limit, category_ids=None):
        """Published products, best sellers first, of these categories."""
        domain = list(self._mall_visible_domain())
        if category_ids is not None:
            domain.append(("mall_category_id", "in", list(category_ids)))
        return self.sudo().search(
            domain, order="mall_sales_count desc, id desc", limit=limit
        )

    def _mall_related_by_affinity(self, limit=6):
        """Products shoppers take together with this one, then the best
        sellers of its category."""
        self.ensure_one()
        related = self.env["mall.product.affinity"]._mall_related_ids([self.id])
        ids = [item for item, _score in related.get(self.id, [])]
        visible = self.sudo().search([("id", "in", ids), *self._mall_visible_domain()])
        ranked = [item for item in ids if item in set(visible.ids)][:limit]
        result = self.browse(ranked)
        if len(result) < limit:
            result |= (self._mall_related(limit=limit) - result - self)[
                : limit - len(result)
            ]
        return result

    @api.model
    def _mall_recommend_for(self, partner, limit=10):
        """Products for ``partner`` (猜你喜欢): related to what they bought or
        viewed recently, minus what they bought (unless bought again
        regularly); then best sellers of those categories, then of all."""
        Affinity = self.env["mall.product.affinity"]
        since = fields.Datetime.now() - timedelta(days=SHOPPER_HISTORY_DAYS)
        rows = Affinity._mall_interactions(since, partner=partner)
        rows.sort(key=lambda row: (row[3], row[2]), reverse=True)
        history, seen = [], set()
        for _user, item, weight, _when in rows:
            if item not in seen:
                seen.add(item)
                history.append((item, weight))
        history = history[:SHOPPER_HISTORY_SIZE]
        bought = {
            item
            for _user, item, weight, _when in rows
            if weight >= recommend.PURCHASE_WEIGHT
        }
        repeat = set(
            self.sudo()
            .search([("id", "in", list(bought)), ("mall_repeat_purchase", "=", True)])
            .ids
        )
        exclude = bought - repeat
        related = Affinity._mall_related_ids([item for item, _w in history])
        candidates = {other for pairs in related.values() for other, _s in pairs}
        visible = set(
            self.sudo()
            .search([("id", "in", list(candidates)), *self._mall_visible_domain()])
            .ids
        )
        exclude |= candidates - visible
        categories = self.sudo().browse([item for item, _w in history]).mall_category_id
        fallback = self.browse()
        if categories:
            fallback = self._mall_best_sellers(limit + len(exclude), categories.ids)
        fallback |= self._mall_best_sellers(limit + len(exclude) + len(fallback))
        ids = recommend.recommend(
            history, related, limit=limit, exclude=exclude, fallback=fallback.ids
        )
        return self.browse(ids)
