# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class MallProductReview(models.Model):
    _inherit = "mall.product.review"

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._mall_reward_photo_review()
        return reviews

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals or "photo_ids" in vals:
            self._mall_reward_photo_review()
        return result

    def _mall_reward_photo_review(self):
        """Points for published reviews with photos (晒单有礼), once per
        purchase reviewed."""
        Points = self.env["mall.member.points"].sudo()
        for review in self.filtered(lambda r: r.state == "published" and r.photo_ids):
            Points._mall_earn_review(review)
