# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import re
from datetime import timedelta
from decimal import Decimal

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .. import const

_logger = logging.getLogger(__name__)


# out_trade_no: 6 to 32 characters among these.
_NOT_IN_OUT_TRADE_NO = re.compile(r"[^0-9A-Za-z_\-|*]")


# out_trade_no: up to 64 letters, digits and underscores.
_NOT_IN_ALIPAY_OUT_TRADE_NO = re.compile(r"[^0-9A-Za-z_]")


# Refund transactions that count against what is left to refund.
_LIVE_STATES = ("draft", "pending", "authorized", "done")


def _decimal(amount, currency):
    """The currency-rounded amount as a Decimal: exact cents, no float drift."""
    return Decimal(repr(currency.round(amount)))


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    wechatpay_openid = fields.Char(
        string="WeChat Pay Payer OpenID",
        help="The openid, in the provider's mini-program, of the shopper who pays.",
        readonly=True,
    )
    wechatpay_prepay_id = fields.Char(string="WeChat Pay Prepay ID", readonly=True)

    alipay_buyer_id = fields.Char(
        string="Alipay Buyer User ID",
        help="The Alipay user id (2088...) of the shopper who pays.",
        readonly=True,
    )
    alipay_buyer_open_id = fields.Char(
        string="Alipay Buyer OpenID",
        help="The open id, in the provider's mini-program, of the shopper who "
        "pays (apps created since 2023 have open ids instead of user ids).",
        readonly=True,
    )
    alipay_installments = fields.Integer(
        string="Huabei Instalments",
        help="The number of Huabei (花呗分期) instalments chosen; 0 for none.",
        readonly=True,
    )
    alipay_trade_no = fields.Char(string="Alipay Trade Number", readonly=True)

    mall_balance_card_id = fields.Many2one(
        string="Balance eWallet Card",
        help="The eWallet card debited by the payment, or credited by the refund.",
        comodel_name="loyalty.card",
        readonly=True,
        ondelete="restrict",
    )

    # === REFERENCES === #

    @api.model
    def _compute_reference(self, provider_code, prefix=None, separator="-", **kwargs):
        """Override of `payment`: Alipay's out_trade_no takes only letters,
        digits and underscores."""
        if provider_code == "alipay":
            separator = "_"
            if prefix:
                prefix = _NOT_IN_ALIPAY_OUT_TRADE_NO.sub("_", prefix)
        return super()._compute_reference(
            provider_code, prefix=prefix, separator=separator, **kwargs
        )

    @api.model
    def _compute_reference_prefix(self, provider_code, separator, **values):
        """Override of `payment`: invoice names have slashes. WeChat Pay takes
        only letters, digits and ``_-|*`` in out_trade_no, Alipay only letters,
        digits and underscores."""
        prefix = super()._compute_reference_prefix(provider_code, separator, **values)
        if provider_code == "wechatpay" and prefix:
            prefix = _NOT_IN_OUT_TRADE_NO.sub("-", prefix)
        elif provider_code == "alipay" and prefix:
            prefix = _NOT_IN_ALIPAY_OUT_TRADE_NO.sub("_", prefix)
        return prefix

    # === PAYMENT FLOW === #

    def _get_specific_processing_values(self, processing_values):
        """Override of `payment`: what the mini-program needs to pay, by
        provider: see `_wechatpay_processing_values`,
        `_alipay_processing_values` and `_mall_balance_processing_values`."""
        res = super()._get_specific_processing_values(processing_values)
        processing = {
            "wechatpay": self._wechatpay_processing_values,
            "alipay": self._alipay_processing_values,
            "mall_balance": self._mall_balance_processing_values,
        }.get(self.provider_code)
        return processing() if processing else res

    def _send_refund_request(self, amount_to_refund=None):
        """Override of `payment` to refund through the provider."""
        refund_tx = super()._send_refund_request(amount_to_refund=amount_to_refund)
        send_refund = {
            "wechatpay": self._wechatpay_send_refund,
            "alipay": self._alipay_send_refund,
            "mall_balance": self._mall_balance_send_refund,
        }.get(self.provider_code)
        return send_refund(refund_tx) if send_refund else refund_tx

    def _mall_refundable_check(self, refund_tx, to_units, message):
        """Refuse a refund beyond what was paid and is not refunded yet (the
        other refunds of the payment in progress or done count)."""
        total = to_units(self)
        refund = to_units(refund_tx)
        refunded = sum(
            (
                to_units(child)
                for child in self.child_transaction_ids
                if child != refund_tx
                and child.operation == "refund"
                and child.state in _LIVE_STATES
            ),
            Decimal(0),
        )
        if refund <= 0 or refunded + refund > total:
            raise ValidationError(message)
        return refund

    def _mall_post_process(self):
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
                "%s: post-processing of %s failed; the cron will retry",
                self.provider_id.name,
                self.reference,
            )
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()

    def _send_invoice(self):
        """Mail the invoices from sale's own cron, not in the payment's request:
        rendering the PDF with wkhtmltopdf inside the notification's database
        transaction held the order and card locks for seconds under load.
        The cron runs only while automatic invoicing is on, as sale's setting
        switches it with the parameter; if it is off, mail now."""
        cron = self.env.ref("sale.send_invoice_cron", raise_if_not_found=False)
        if self.env.context.get("mall_send_invoice_now") or not cron.active:
            return super()._send_invoice()
        cron._trigger()

    def _cron_send_invoice(self):
        return super(
            PaymentTransaction, self.with_context(mall_send_invoice_now=True)
        )._cron_send_invoice()

    def _mall_lock(self, claim=False):
        """Lock the transaction row until the end of the database transaction:
        platforms send notifications again and again, and the query crons may
        run at the same time.

        :param bool claim: write the row too, so that a concurrent database
            transaction waiting for the lock fails to serialize and is retried
            (Odoo retries requests), seeing what this one commits; a mere lock
            would let it go on with its older snapshot.
        """
        self.ensure_one()
        if claim:
            self.env.cr.execute(
                "UPDATE payment_transaction SET write_date = write_date WHERE id = %s",
                [self.id],
            )
        else:
            self.env.cr.execute(
                "SELECT id FROM payment_transaction WHERE id = %s FOR UPDATE",
                [self.id],
            )
        self.invalidate_recordset()

    # === NOTIFICATIONS === #

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        """Override of `payment`: the transaction of a notification, or of an
        answer, of the platform."""
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        find = {
            "wechatpay": self._wechatpay_tx_from_data,
            "alipay": self._alipay_tx_from_data,
        }.get(provider_code)
        if not find or len(tx) == 1:
            return tx
        return find(notification_data)

    def _process_notification_data(self, notification_data):
        """Override of `payment`: payment and refund states of the platforms,
        under a row lock."""
        super()._process_notification_data(notification_data)
        process = {
            "wechatpay": (
                self._wechatpay_process_refund,
                self._wechatpay_process_payment,
            ),
            "alipay": (self._alipay_process_refund, self._alipay_process_payment),
        }.get(self.provider_code)
        if not process:
            return
        self._mall_lock()
        process_refund, process_payment = process
        if self.operation == "refund":
            process_refund(notification_data)
        else:
            process_payment(notification_data)

    # === WECHAT PAY === #

    def _wechatpay_fen(self, amount=None):
        self.ensure_one()
        return self.provider_id._wechatpay_to_fen(
            self.amount if amount is None else amount, self.currency_id
        )

    def _wechatpay_processing_values(self):
        """Place a JSAPI order and return the signed
        parameters of ``wx.requestPayment`` under ``wechatpay_request_payment``.

        The payer's openid comes from the ``wechatpay_openid`` context key or
        from the field of the same name.
        """
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

    def _wechatpay_send_refund(self, refund_tx):
        """Refund through WeChat Pay; its answer sets the refund's state."""
        total = self._wechatpay_fen()
        refund = self._mall_refundable_check(
            refund_tx,
            lambda tx: Decimal(self._wechatpay_fen(abs(tx.amount))),
            _(
                "WeChat Pay: a refund cannot exceed the amount paid and "
                "not yet refunded."
            ),
        )
        refund = int(refund)
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

    def _wechatpay_tx_from_data(self, notification_data):
        """out_trade_no, or out_refund_no, is the reference; a refund made in
        the merchant platform gets a refund tx (found by its refund_id when
        WeChat Pay notifies it again)."""
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
                    ("operation", "!=", "refund"),
                ]
            )
            refund_id = notification_data.get("refund_id")
            if source_tx and refund_id:
                # Locked first: a second notification must find the refund
                # the first one created.
                source_tx._mall_lock()
                tx = self.search(
                    [
                        *domain,
                        ("source_transaction_id", "=", source_tx.id),
                        ("operation", "=", "refund"),
                        ("provider_reference", "=", refund_id),
                    ],
                    limit=1,
                )
            refund = (notification_data.get("amount") or {}).get("refund")
            if not tx and source_tx and isinstance(refund, int) and refund > 0:
                amount = float(
                    Decimal(refund).scaleb(-source_tx.currency_id.decimal_places)
                )
                tx = source_tx._create_child_transaction(amount, is_refund=True)
                tx.provider_reference = refund_id
        if not tx:
            raise ValidationError(
                _("WeChat Pay: no transaction found matching reference %s.", reference)
            )
        mchid = notification_data.get("mchid")
        if mchid and mchid != tx.provider_id.wechatpay_mchid:
            raise ValidationError(_("WeChat Pay: the data are for another merchant."))
        return tx

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
            self._mall_post_process()
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
            self._mall_post_process()
        elif status in const.REFUND_STATUS_MAPPING["pending"]:
            self._set_pending()
        elif status in const.REFUND_STATUS_MAPPING["error"]:
            self._set_error(_("WeChat Pay: the refund failed: %s", status))
        else:
            self._set_error(
                _("WeChat Pay: received data with invalid status: %s", status)
            )

    # === ALIPAY === #

    def _alipay_amount(self, amount=None):
        """The amount (by default the transaction's, as a positive number) as
        Alipay takes it: a string with 2 decimals."""
        self.ensure_one()
        return self.provider_id._alipay_format_amount(
            abs(self.amount) if amount is None else amount, self.currency_id
        )

    def _alipay_processing_values(self):
        """Create the Alipay trade of the mini-program
        payment (alipay.trade.create, JSAPI_PAY) and return its trade_no,
        which ``my.tradePay`` takes, under ``alipay_trade_no``.

        The payer comes from the ``alipay_buyer_open_id`` or ``alipay_buyer_id``
        context keys or from the fields of the same names; Huabei instalments
        from ``alipay_installments``, context key or field.
        """
        context = self.env.context
        open_id = context.get("alipay_buyer_open_id") or self.alipay_buyer_open_id
        buyer_id = context.get("alipay_buyer_id") or self.alipay_buyer_id
        if not (open_id or buyer_id):
            raise ValidationError(_("Alipay: the Alipay user of the payer is missing."))
        if self.currency_id.name not in const.SUPPORTED_CURRENCIES:
            raise ValidationError(
                _("Alipay: the currency %s is not supported.", self.currency_id.name)
            )
        provider = self.provider_id
        biz_content = {
            "out_trade_no": self.reference,
            "total_amount": self._alipay_amount(),
            "subject": f"{self.company_id.name} {self.reference}"[:256],
            "product_code": "JSAPI_PAY",
        }
        # Exclusive: an app gives either open ids or user ids.
        if open_id:
            biz_content["buyer_open_id"] = open_id
        else:
            biz_content["buyer_id"] = buyer_id
        installments = context.get("alipay_installments") or self.alipay_installments
        if installments:
            try:
                installments = int(installments)
            except (TypeError, ValueError):
                installments = -1
            if installments not in provider._alipay_huabei_allowed_periods():
                raise ValidationError(
                    _(
                        "Alipay: Huabei instalments in %s periods are not offered.",
                        installments,
                    )
                )
            biz_content["extend_params"] = {
                "hb_fq_num": str(installments),
                "hb_fq_seller_percent": const.ALIPAY_HUABEI_SELLER_PERCENT[
                    provider.alipay_huabei_fee_payer or "buyer"
                ],
            }
        node = provider._alipay_call(
            "alipay.trade.create",
            biz_content,
            notify_url=provider._alipay_notify_url(),
        )
        trade_no = node.get("trade_no")
        if not trade_no:
            raise ValidationError(_("Alipay: the trade was not created (no trade_no)."))
        self.write(
            {
                "alipay_buyer_id": buyer_id if not open_id else False,
                "alipay_buyer_open_id": open_id or False,
                "alipay_installments": installments or 0,
                "alipay_trade_no": trade_no,
            }
        )
        return {"alipay_trade_no": trade_no}

    def _alipay_send_refund(self, refund_tx):
        """Refund through Alipay, which answers at once: the refund is done
        when the answer says funds moved."""
        provider = self.provider_id
        # Claimed, not only locked: a refund notification racing this request
        # must be retried once this refund is committed, not create another.
        self._mall_lock(claim=True)
        parse = provider._alipay_parse_amount
        refund = self._mall_refundable_check(
            refund_tx,
            lambda tx: parse(tx._alipay_amount()),
            _("Alipay: a refund cannot exceed what is paid and not refunded."),
        )
        node = provider._alipay_call(
            "alipay.trade.refund",
            {
                "out_trade_no": self.reference,
                "refund_amount": str(refund),
                "out_request_no": refund_tx.reference,
            },
            check=False,
        )
        code = node.get("code")
        if code == const.ALIPAY_SUCCESS_CODE:
            # fund_change N: already refunded, or not known yet: ask later.
            status = (
                const.ALIPAY_REFUND_SUCCESS if node.get("fund_change") == "Y" else None
            )
        elif (
            code in const.ALIPAY_UNCERTAIN_CODES
            or node.get("sub_code") in const.ALIPAY_UNCERTAIN_SUB_CODES
        ):
            status = None
        else:
            raise provider._alipay_error("alipay.trade.refund", node)
        refund_tx._handle_notification_data(
            "alipay",
            {
                "out_trade_no": self.reference,
                "out_request_no": refund_tx.reference,
                "trade_no": node.get("trade_no"),
                "refund_amount": str(refund),
                "refund_status": status,
            },
        )
        return refund_tx

    def _alipay_query(self):
        """Ask Alipay the state of the transaction and process it: for
        notifications that never came, and refunds not known to be done."""
        self.ensure_one()
        provider = self.provider_id
        if self.operation == "refund":
            source_tx = self.source_transaction_id
            out_request_no = self.provider_reference or self.reference
            node = provider._alipay_call(
                "alipay.trade.fastpay.refund.query",
                {"out_trade_no": source_tx.reference, "out_request_no": out_request_no},
            )
            # An unknown refund is answered with no data at all.
            data = {
                "out_trade_no": source_tx.reference,
                "out_request_no": out_request_no,
                "trade_no": node.get("trade_no"),
                "refund_amount": node.get("refund_amount"),
                "refund_status": node.get("refund_status"),
            }
        else:
            node = provider._alipay_call(
                "alipay.trade.query", {"out_trade_no": self.reference}
            )
            data = dict(node, out_trade_no=self.reference)
        return self._handle_notification_data("alipay", data)

    @api.model
    def _cron_alipay_query_pending(self):
        """Settle the Alipay transactions left waiting for a notification."""
        now = fields.Datetime.now()
        txs = self.search(
            [
                ("provider_code", "=", "alipay"),
                ("state", "in", ("draft", "pending")),
                (
                    "create_date",
                    "<=",
                    now - timedelta(minutes=const.QUERY_AFTER_MINUTES),
                ),
                ("create_date", ">=", now - timedelta(hours=const.QUERY_GIVE_UP_HOURS)),
                "|",
                ("alipay_trade_no", "!=", False),
                ("operation", "=", "refund"),
            ],
            limit=200,
        )
        for tx in txs:
            try:
                with self.env.cr.savepoint():
                    tx._alipay_query()
            except ValidationError as error:
                _logger.info("Alipay query of %s: %s", tx.reference, error)

    def _alipay_tx_from_data(self, notification_data):
        """out_trade_no is the payment's reference;
        out_request_no (answers) or out_biz_no (notifications) the refund's.
        A refund made in the merchant back office gets a refund tx."""
        domain = [("provider_code", "=", "alipay")]
        out_trade_no = notification_data.get("out_trade_no")
        refund_no = notification_data.get("out_request_no") or notification_data.get(
            "out_biz_no"
        )
        if not out_trade_no:
            raise ValidationError(_("Alipay: received data with missing reference."))
        tx = source_tx = self.search(
            [
                *domain,
                ("reference", "=", out_trade_no),
                ("operation", "!=", "refund"),
            ]
        )
        if refund_no and source_tx:
            # Locked first: Alipay notifies again and again, and a second
            # notification must find the refund the first one created.
            source_tx._mall_lock()
            tx = self.search(
                [
                    *domain,
                    ("source_transaction_id", "=", source_tx.id),
                    ("operation", "=", "refund"),
                    "|",
                    ("reference", "=", refund_no),
                    ("provider_reference", "=", refund_no),
                ],
                limit=1,
            )
            if not tx:
                tx = source_tx._alipay_create_back_office_refund(notification_data)
        if not tx:
            raise ValidationError(
                _(
                    "Alipay: no transaction found matching reference %s.",
                    refund_no or out_trade_no,
                )
            )
        provider = tx.provider_id
        app_id = notification_data.get("app_id")
        if app_id and app_id != provider.alipay_app_id:
            raise ValidationError(_("Alipay: the data are for another app."))
        seller_id = notification_data.get("seller_id")
        if (
            seller_id
            and provider.alipay_seller_id
            and seller_id != provider.alipay_seller_id
        ):
            raise ValidationError(_("Alipay: the data are for another seller."))
        return tx

    def _alipay_create_back_office_refund(self, data):
        """The refund transaction of a refund notification Odoo did not ask
        for. refund_fee is the total refunded on the trade so far: the refund
        is what is not known yet."""
        self.ensure_one()
        refund_no = data.get("out_biz_no")
        parse = self.provider_id._alipay_parse_amount
        refunded = parse(data.get("refund_fee") or "")
        if not refund_no or not data.get("gmt_refund") or refunded is None:
            return self.browse()
        known = sum(
            (
                parse(child._alipay_amount())
                for child in self.child_transaction_ids
                if child.operation == "refund" and child.state in _LIVE_STATES
            ),
            Decimal(0),
        )
        amount = refunded - known
        if amount <= 0 or refunded > parse(self._alipay_amount()):
            return self.browse()
        refund_tx = self._create_child_transaction(float(amount), is_refund=True)
        refund_tx.provider_reference = refund_no
        return refund_tx

    def _alipay_check_amount(self, value, currency=None):
        expected = self.provider_id._alipay_parse_amount(self._alipay_amount())
        received = self.provider_id._alipay_parse_amount(value or "")
        # trans_currency is only sent for trades in another currency.
        currency = currency or self.currency_id.name
        if received != expected or currency != self.currency_id.name:
            _logger.warning(
                "Alipay: amount %s %s received for transaction %s of %s %s",
                value,
                currency,
                self.reference,
                expected,
                self.currency_id.name,
            )
            raise ValidationError(
                _("Alipay: the amount does not match the transaction.")
            )

    def _alipay_process_payment(self, data):
        mapping = const.ALIPAY_PAYMENT_STATUS_MAPPING
        status = data.get("trade_status")
        done = status in mapping["done"]
        if done:
            self._alipay_check_amount(
                data.get("total_amount"), data.get("trans_currency")
            )
        # Sent again, or late: a WAIT_BUYER_PAY after the payment, or the
        # TRADE_CLOSED of a full refund, change nothing.
        if self.state == "done" or (not done and self.state == "cancel"):
            return
        if data.get("trade_no"):
            self.provider_reference = data["trade_no"]
        if done:
            self._set_done()
            self._mall_post_process()
        elif status in mapping["pending"]:
            self._set_pending()
        elif status in mapping["cancel"]:
            self._set_canceled(state_message=_("Alipay: the trade was closed unpaid."))
        else:
            self._set_error(_("Alipay: received data with invalid status: %s", status))

    def _alipay_process_refund(self, data):
        parse = self.provider_id._alipay_parse_amount
        if data.get("out_biz_no") and data.get("gmt_refund"):
            # A refund notification: settled, and refund_fee is the total
            # refunded on the trade, this refund included.
            done = True
            refunded = parse(data.get("refund_fee") or "")
            own = parse(self._alipay_amount())
            paid = parse(self.source_transaction_id._alipay_amount())
            if refunded is None or not own <= refunded <= paid:
                _logger.warning(
                    "Alipay: refund_fee %s received for refund %s of %s",
                    data.get("refund_fee"),
                    self.reference,
                    own,
                )
                raise ValidationError(
                    _("Alipay: the amount does not match the transaction.")
                )
        else:
            done = data.get("refund_status") == const.ALIPAY_REFUND_SUCCESS
            if done:
                self._alipay_check_amount(data.get("refund_amount"))
        if self.state == "done":
            return
        refund_no = data.get("out_request_no") or data.get("out_biz_no")
        if refund_no:
            self.provider_reference = refund_no
        if done:
            self._set_done()
            self._mall_post_process()
        elif self.state == "draft":
            self._set_pending()

    # === BALANCE === #

    def _mall_balance_processing_values(self):
        """Pay from the partner's balance at once, on
        the server; there is nothing for the shopper to confirm elsewhere.

        Returns ``mall_balance_paid`` and ``mall_balance_remaining``, the
        balance left on the card. Called again on a paid transaction, it
        debits nothing.
        """
        # Two calls at once (a double tap) must not both debit.
        self._mall_lock()
        if self.state == "done":
            card = self.mall_balance_card_id
        elif self.state in ("draft", "pending"):
            card = self._mall_balance_debit()
        else:
            raise ValidationError(
                _(
                    "Balance: the transaction %s cannot be paid any more.",
                    self.reference,
                )
            )
        return {
            "mall_balance_paid": True,
            "mall_balance_remaining": self.currency_id.round(card.points),
        }

    def _mall_balance_lock(self, records):
        """Lock the rows of the records until the end of the database
        transaction, and read them again."""
        if records:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                )
            )
            records.invalidate_recordset()

    def _mall_balance_find_card(self):
        """The partner's eWallet card of the provider's program, as sale_loyalty
        finds it for top-ups."""
        self.ensure_one()
        program = self.provider_id.sudo().mall_balance_program_id
        if not program:
            raise ValidationError(
                _("Balance: the payment provider has no eWallet program.")
            )
        return (
            self.env["loyalty.card"]
            .sudo()
            .search(
                [
                    ("program_id", "=", program.id),
                    ("partner_id", "=", self.partner_id.id),
                ],
                order="id",
                limit=1,
            )
        )

    def _mall_balance_history(self, card, description, issued=0.0, used=0.0):
        """A line in the card history, linked to the order paid when there is
        one (loyalty.history links a single document)."""
        source = self.source_transaction_id or self
        values = {
            "card_id": card.id,
            "description": description,
            "issued": issued,
            "used": used,
        }
        order = source.sale_order_ids[:1]
        invoice = source.invoice_ids[:1]
        if order:
            values.update(order_model="sale.order", order_id=order.id)
        elif invoice:
            values.update(order_model="account.move", order_id=invoice.id)
        return self.env["loyalty.history"].sudo().create(values)

    def _mall_balance_debit(self):
        """Debit the amount from the partner's card, set the transaction done
        and post-process it. Nothing changes when the balance is short."""
        self.ensure_one()
        currency = self.currency_id
        card = self._mall_balance_find_card()
        balance_currency = self.provider_id.sudo().mall_balance_program_id.currency_id
        if balance_currency != currency:
            raise ValidationError(
                _(
                    "Balance: the balance is kept in %(balance)s, not in %(currency)s.",
                    balance=balance_currency.name,
                    currency=currency.name,
                )
            )
        self._mall_balance_lock(card)
        amount = _decimal(self.amount, currency)
        balance = _decimal(card.points, currency)  # no card: 0
        if amount <= 0:
            raise ValidationError(_("Balance: the amount to pay must be positive."))
        if balance < amount:
            raise ValidationError(
                _(
                    "Balance: insufficient balance (%(balance)s left, "
                    "%(amount)s to pay).",
                    balance=balance,
                    amount=amount,
                )
            )
        card.points = float(balance - amount)
        self._mall_balance_history(
            card, _("Payment %s", self.reference), used=float(amount)
        )
        self.write({"mall_balance_card_id": card.id, "provider_reference": card.code})
        _logger.info("Balance: %s paid from card %s", self.reference, card.id)
        self._set_done()
        self._mall_post_process()
        return card

    def _mall_balance_send_refund(self, refund_tx):
        """Credit the refund back to the card paid from, at once."""
        # Refunds of the same payment one after the other: the sum of them is
        # checked against what was paid.
        self._mall_lock()
        currency = self.currency_id
        message = _(
            "Balance: a refund cannot exceed the amount paid and not yet refunded."
        )
        if self.state != "done":
            raise ValidationError(message)
        refund = self._mall_refundable_check(
            refund_tx, lambda tx: _decimal(abs(tx.amount), currency), message
        )
        card = self.mall_balance_card_id or self._mall_balance_find_card()
        if not card:
            raise ValidationError(_("Balance: the card to refund to is missing."))
        self._mall_balance_lock(card)
        card.points = float(_decimal(card.points, currency) + refund)
        refund_tx._mall_balance_history(
            card, _("Refund %s", refund_tx.reference), issued=float(refund)
        )
        refund_tx.write(
            {"mall_balance_card_id": card.id, "provider_reference": card.code}
        )
        _logger.info("Balance: %s refunded to card %s", refund_tx.reference, card.id)
        refund_tx._set_done()
        refund_tx._mall_post_process()
        return refund_tx
