# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.mall_loyalty.tools import member_card as mc


class MallMemberCard(models.Model):
    _inherit = "mall.member.card"

    def _mall_send_reminder(self, today):
        """The renewal reminder is a subscription message."""
        result = super()._mall_send_reminder(today)
        self.env["mall.notification"]._mall_notify(
            "card_expiring",
            self.partner_id,
            {
                "card_name": self.plan_id.name,
                "card_end": self.date_end.isoformat(),
                "card_days_left": mc.days_left(today, self.date_end),
            },
            record=self,
        )
        return result

    def _mall_on_purchase(self, order, renewal):
        """The cart shows member prices at once: its lines' discounts are
        computed again (checkout computes them anew anyway)."""
        result = super()._mall_on_purchase(order, renewal)
        carts = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("mall_is_cart", "=", True),
                    ("state", "=", "draft"),
                ]
            )
        )
        if carts:
            carts.order_line._compute_discount()
        return result
