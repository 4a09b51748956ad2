# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re
from datetime import timedelta
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import const

_logger = logging.getLogger(__name__)

# out_trade_no: 6 to 32 characters among these.
_NOT_IN_OUT_TRADE_NO = re.compile(r"[^0-9A-Za-z_\-|*]")


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    wechatpay_openid = fields.Char(
        string="WeChat Pay Payer OpenID",
        help="The openid, in the provider's mini-program, of the shopper who pays.",
        readonly=True,
    )
    wechatpay_prepay_id = fields.Char(string="WeChat Pay Prepay ID", readonly=True)

    # === REFERENCES === #

    @api.model
    def _compute_reference_prefix(self, provider_code, separator, **values):
        """Override of `payment`: WeChat Pay takes only letters, digits and
        ``_-|*`` in out_trade_no (invoice names have slashes)."""
        prefix = super()._compute_reference_prefix(provider_code, separator, **values)
        if provider_code == "wechatpay" and prefix:
            prefix = _NOT_IN_OUT_TRADE_NO.sub("-", prefix)
        return prefix

    # === PAYMENT FLOW === #

    def _wechatpay_fen(self, amount=None):
        self.ensure_one()
        return self.provider_id._wechatpay_to_fen(
            self.amount if amount is None else amount, self.currency_id
        )

    def _get_specific_processing_values(self, processing_values):
        """Override of `payment`: place a JSAPI order and return the signed
        parameters of ``wx.requestPayment`` under ``wechatpay_request_payment``.

        The payer's openid comes from the ``wechatpay_openid`` context key or
        from the field of the same name.
        """
        res = super()._get_specific_processing_values(processing_values)
        if self.provider_code != "wechatpay":
            return res
        openid = self.env.context.get("wechatpay_openid") or self.wechatpay_openid
        if not openid:
            raise ValidationError(_("WeChat Pay: the openid of the payer is missing."))
        if self.currency_id.name not in const.SUPPORTED_CURRENCIES:
            raise ValidationError(
                _(
                    "WeChat Pay: the currency %s is not supported.",
                    self.currency_id.name,
                )
            )
        provider = self.provider_id
        description = f"{self.company_id.name} {self.reference}"[:127]
        data = provider._wechatpay_call(
            "pay",
            description=description,
            out_trade_no=self.reference,
            amount={"total": self._wechatpay_fen(), "currency": self.currency_id.name},
            payer={"openid": openid},
            notify_url=provider._wechatpay_notify_url(),
        )
        prepay_id = data.get("prepay_id")
        if not prepay_id:
            raise ValidationError(
                _("WeChat Pay: the order was not placed (no prepay_id).")
            )
        self.write({"wechatpay_openid": openid, "wechatpay_prepay_id": prepay_id})
        return {
            "wechatpay_prepay_id": prepay_id,
            "wechatpay_request_payment": provider._wechatpay_request_payment_params(
                prepay_id
            ),
        }

    def _send_refund_request(self, amount_to_refund=None):
        """Override of `payment` to refund through WeChat Pay."""
        refund_tx = super()._send_refund_request(amount_to_refund=amount_to_refund)
        if self.provider_code != "wechatpay":
            return refund_tx
        total = self._wechatpay_fen()
        refund = self._wechatpay_fen(-refund_tx.amount)
        refunded = sum(
            self._wechatpay_fen(-child.amount)
            for child in self.child_transaction_ids
            if child != refund_tx
            and child.operation == "refund"
            and child.state in ("draft", "pending", "authorized", "done")
        )
        if refund <= 0 or refunded + refund > total:
            raise ValidationError(
                _(
                    "WeChat Pay: a refund cannot exceed the amount paid and "
                    "not yet refunded."
                )
            )
        data = self.provider_id._wechatpay_call(
            "refund",
            out_refund_no=refund_tx.reference,
            amount={
                "refund": refund,
                "total": total,
                "currency": self.currency_id.name,
            },
            out_trade_no=self.reference,
        )
        refund_tx._handle_notification_data("wechatpay", data)
        return refund_tx

    def _wechatpay_query(self):
        """Ask WeChat Pay the state of the transaction and process it: for
        notifications that never came."""
        self.ensure_one()
        if self.operation == "refund":
            data = self.provider_id._wechatpay_call(
                "query_refund", out_refund_no=self.reference
            )
        else:
            data = self.provider_id._wechatpay_call(
                "query", out_trade_no=self.reference
            )
        return self._handle_notification_data("wechatpay", data)

    @api.model
    def _cron_wechatpay_query_pending(self):
        """Settle the WeChat Pay transactions left waiting for a notification."""
        now = fields.Datetime.now()
        txs = self.search(
            [
                ("provider_code", "=", "wechatpay"),
                ("state", "in", ("draft", "pending")),
                (
                    "create_date",
                    "<=",
                    now - timedelta(minutes=const.QUERY_AFTER_MINUTES),
                ),
                ("create_date", ">=", now - timedelta(hours=const.QUERY_GIVE_UP_HOURS)),
                "|",
                ("wechatpay_prepay_id", "!=", False),
                ("operation", "=", "refund"),
            ],
            limit=200,
        )
        for tx in txs:
            try:
                with self.env.cr.savepoint():
                    tx._wechatpay_query()
            except ValidationError as error:
                _logger.info("WeChat Pay query of %s: %s", tx.reference, error)

    # === NOTIFICATIONS === #

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment`: out_trade_no, or out_refund_no, is the
        reference; a refund made in the merchant platform gets a refund tx."""
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code != "wechatpay" or len(tx) == 1:
            return tx
        domain = [("provider_code", "=", "wechatpay")]
        out_refund_no = notification_data.get("out_refund_no")
        reference = out_refund_no or notification_data.get("out_trade_no")
        if not reference:
            raise ValidationError(
                _("WeChat Pay: received data with missing reference.")
            )
        tx = self.search([*domain, ("reference", "=", reference)])
        if not tx and out_refund_no:
            source_tx = self.search(
                [
                    *domain,
                    ("reference", "=", notification_data.get("out_trade_no") or ""),
                ]
            )
            refund = (notification_data.get("amount") or {}).get("refund")
            if source_tx and isinstance(refund, int) and refund > 0:
                amount = float(
                    Decimal(refund).scaleb(-source_tx.currency_id.decimal_places)
                )
                tx = source_tx._create_child_transaction(amount, is_refund=True)
        if not tx:
            raise ValidationError(
                _("WeChat Pay: no transaction found matching reference %s.", reference)
            )
        mchid = notification_data.get("mchid")
        if mchid and mchid != tx.provider_id.wechatpay_mchid:
            raise ValidationError(_("WeChat Pay: the data are for another merchant."))
        return tx

    def _wechatpay_lock(self):
        """Lock the transaction row until the end of the database transaction:
        WeChat sends notifications again and again, and the query cron may run
        at the same time."""
        self.ensure_one()
        self.env.cr.execute(
            "SELECT id FROM payment_transaction WHERE id = %s FOR UPDATE", [self.id]
        )
        self.invalidate_recordset()

    def _process_notification_data(self, notification_data):
        """Override of `payment`: payment and refund states of WeChat Pay."""
        super()._process_notification_data(notification_data)
        if self.provider_code != "wechatpay":
            return
        self._wechatpay_lock()
        if self.operation == "refund":
            self._wechatpay_process_refund(notification_data)
        else:
            self._wechatpay_process_payment(notification_data)

    def _wechatpay_check_amount(self, amount, key):
        expected = self._wechatpay_fen(abs(self.amount))
        currency = amount.get("currency") or self.currency_id.name
        if amount.get(key) != expected or currency != self.currency_id.name:
            _logger.warning(
                "WeChat Pay: amount %s %s received for transaction %s of %s fen %s",
                amount.get(key),
                currency,
                self.reference,
                expected,
                self.currency_id.name,
            )
            raise ValidationError(
                _("WeChat Pay: the amount does not match the transaction.")
            )

    def _wechatpay_process_payment(self, data):
        trade_state = data.get("trade_state")
        done = trade_state in const.PAYMENT_STATUS_MAPPING["done"]
        if done:
            self._wechatpay_check_amount(data.get("amount") or {}, "total")
        if done and self.state == "done":
            return  # A notification sent again, or the query: already settled.
        if data.get("transaction_id"):
            self.provider_reference = data["transaction_id"]
        if done:
            self._set_done()
            self._wechatpay_post_process()
        elif trade_state in const.PAYMENT_STATUS_MAPPING["pending"]:
            self._set_pending()
        elif trade_state in const.PAYMENT_STATUS_MAPPING["cancel"]:
            self._set_canceled(state_message=data.get("trade_state_desc"))
        elif trade_state in const.PAYMENT_STATUS_MAPPING["error"]:
            self._set_error(
                _(
                    "WeChat Pay: the payment failed: %s",
                    data.get("trade_state_desc") or "",
                )
            )
        else:
            self._set_error(
                _("WeChat Pay: received data with invalid status: %s", trade_state)
            )

    def _wechatpay_process_refund(self, data):
        # Refund answers say "status", refund notifications "refund_status".
        status = data.get("refund_status") or data.get("status")
        done = status in const.REFUND_STATUS_MAPPING["done"]
        self._wechatpay_check_amount(data.get("amount") or {}, "refund")
        if done and self.state == "done":
            return
        if data.get("refund_id"):
            self.provider_reference = data["refund_id"]
        if done:
            self._set_done()
            self._wechatpay_post_process()
        elif status in const.REFUND_STATUS_MAPPING["pending"]:
            self._set_pending()
        elif status in const.REFUND_STATUS_MAPPING["error"]:
            self._set_error(_("WeChat Pay: the refund failed: %s", status))
        else:
            self._set_error(
                _("WeChat Pay: received data with invalid status: %s", status)
            )

    def _wechatpay_post_process(self):
        """Post-process now: a mini-program has no payment status page to do it,
        and the shopper should not wait for the cron to see the order confirmed.
        On failure, the post-processing cron will retry."""
        self.ensure_one()
        if self.is_post_processed:
            return
        try:
            with self.env.cr.savepoint():
                self._post_process()
        except Exception:
            _logger.exception(
                "WeChat Pay: post-processing of %s failed; the cron will retry",
                self.reference,
            )
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()
