# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import models
from odoo.tools import float_compare

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _set_done(self, state_message=None, extra_allowed_states=()):
        done = super()._set_done(
            state_message=state_message, extra_allowed_states=extra_allowed_states
        )
        for tx in done.filtered(lambda tx: tx.operation != "refund"):
            for checkout in tx.sale_order_ids.mall_checkout_id:
                # The provider checked the amount against the transaction;
                # the transaction must also cover the whole checkout.
                if float_compare(
                    tx.amount,
                    checkout.amount_total,
                    precision_rounding=checkout.currency_id.rounding,
                ):
                    _logger.info(
                        "transaction %s does not cover checkout %s: not paid",
                        tx.reference,
                        checkout.name,
                    )
                    continue
                checkout._mall_mark_paid()
        return done
