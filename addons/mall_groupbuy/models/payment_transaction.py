# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _set_done(self, state_message=None, extra_allowed_states=()):
        done = super()._set_done(
            state_message=state_message, extra_allowed_states=extra_allowed_states
        )
        for tx in done.filtered(lambda tx: tx.operation != "refund"):
            tx.sale_order_ids.mall_groupbuy_member_id._groupbuy_on_paid()
            self.env["mall.bargain"]._bargain_paid_orders(tx.sale_order_ids)
        return done
