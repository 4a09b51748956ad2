# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging
import secrets
import time
from decimal import ROUND_HALF_UP, Decimal

import requests
from wechatpayv3 import WeChatPay, WeChatPayType

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .. import const

_logger = logging.getLogger(__name__)


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("wechatpay", "WeChat Pay")],
        ondelete={"wechatpay": "set default"},
    )
    wechatpay_mchid = fields.Char(
        string="WeChat Pay Merchant ID",
        help="The merchant number (商户号) given by WeChat Pay.",
        required_if_provider="wechatpay",
    )
    wechatpay_appid = fields.Char(
        string="WeChat Pay AppID",
        help="The AppID of the mini-program the shoppers pay from.",
        required_if_provider="wechatpay",
    )
    wechatpay_apiv3_key = fields.Char(
        string="WeChat Pay APIv3 Key",
        help="The 32 characters APIv3 key set in the merchant platform; it "
        "decrypts the notifications.",
        required_if_provider="wechatpay",
        groups="base.group_system",
    )
    wechatpay_cert_serial_no = fields.Char(
        string="WeChat Pay Merchant Certificate Serial Number",
        help="The serial number of the merchant API certificate whose private key "
        "signs the requests.",
        required_if_provider="wechatpay",
    )
    wechatpay_private_key = fields.Text(
        string="WeChat Pay Merchant Private Key",
        help="The merchant API private key (apiclient_key.pem), PEM.",
        required_if_provider="wechatpay",
        groups="base.group_system",
    )
    wechatpay_public_key_id = fields.Char(
        string="WeChat Pay Public Key ID",
        help="The ID of the WeChat Pay public key (微信支付公钥ID, PUB_KEY_ID_...).",
        required_if_provider="wechatpay",
    )
    wechatpay_public_key = fields.Text(
        string="WeChat Pay Public Key",
        help="The WeChat Pay public key (微信支付公钥), PEM: it verifies the "
        "answers and notifications of WeChat Pay.",
        required_if_provider="wechatpay",
    )
    wechatpay_api_base = fields.Char(
        string="WeChat Pay API Base URL",
        default=const.DEFAULT_API_BASE,
        required_if_provider="wechatpay",
    )

    # === CONSTRAINTS === #

    @api.constrains("wechatpay_apiv3_key")
    def _check_wechatpay_apiv3_key(self):
        for provider in self.sudo():
            key = provider.wechatpay_apiv3_key
            if key and len(key.encode()) != 32:
                raise ValidationError(
                    _("The WeChat Pay APIv3 key must be 32 characters long.")
                )

    # === COMPUTE METHODS === #

    def _compute_feature_support_fields(self):
        """Override of `payment`: WeChat Pay refunds, partly too."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "wechatpay").update(
            {
                "support_manual_capture": False,
                "support_refund": "partial",
                "support_tokenization": False,
            }
        )
        return res

    # === BUSINESS METHODS === #

    def _get_supported_currencies(self):
        """Override of `payment`: renminbi only."""
        supported_currencies = super()._get_supported_currencies()
        if self.code == "wechatpay":
            supported_currencies = supported_currencies.filtered(
                lambda c: c.name in const.SUPPORTED_CURRENCIES
            )
        return supported_currencies

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return the default payment method codes."""
        default_codes = super()._get_default_payment_method_codes()
        if self.code != "wechatpay":
            return default_codes
        return const.DEFAULT_PAYMENT_METHOD_CODES

    @api.model
    def _wechatpay_to_fen(self, amount, currency):
        """The amount in integer minor units (fen), from the currency-rounded
        amount, through Decimal: no float drift (0.29 * 100 is 28.999...)."""
        rounded = currency.round(amount)
        exponent = currency.decimal_places
        return int(
            Decimal(repr(rounded)).scaleb(exponent).quantize(0, rounding=ROUND_HALF_UP)
        )

    def _wechatpay_notify_url(self):
        self.ensure_one()
        return self.get_base_url().rstrip("/") + const.NOTIFY_ROUTE

    def _wechatpay_client(self):
        """A wechatpayv3 client for this provider, in public key mode
        (微信支付公钥): no platform certificate download."""
        self.ensure_one()
        sudo = self.sudo()
        try:
            client = WeChatPay(
                wechatpay_type=WeChatPayType.MINIPROG,
                mchid=sudo.wechatpay_mchid,
                private_key=sudo.wechatpay_private_key,
                cert_serial_no=sudo.wechatpay_cert_serial_no,
                appid=sudo.wechatpay_appid,
                apiv3_key=sudo.wechatpay_apiv3_key,
                notify_url=sudo._wechatpay_notify_url(),
                logger=_logger,
                # The SDK waits forever by default.
                timeout=(5, 20),
                public_key=sudo.wechatpay_public_key,
                public_key_id=sudo.wechatpay_public_key_id,
            )
        except Exception as error:
            # The SDK raises bare Exceptions for unreadable keys.
            _logger.info("WeChat Pay client of provider %s: %s", self.id, error)
            raise ValidationError(
                _("WeChat Pay: the merchant private key or the public key is invalid.")
            ) from error
        # The SDK hardcodes its gateway in the Core object; no public setter.
        client._core._gate_way = (
            sudo.wechatpay_api_base or const.DEFAULT_API_BASE
        ).rstrip("/")
        return client

    def _wechatpay_call(self, method, *args, **kwargs):
        """Call a method of the wechatpayv3 client, return the JSON answer.

        :raise ValidationError: on network errors, answers that are not 2xx or
            whose signature is wrong.
        """
        self.ensure_one()
        client = self._wechatpay_client()
        try:
            status, text = getattr(client, method)(*args, **kwargs)
        except requests.exceptions.RequestException as error:
            _logger.info("WeChat Pay %s: cannot reach the API: %s", method, error)
            raise ValidationError(
                _("WeChat Pay: could not establish the connection to the API.")
            ) from error
        except Exception as error:
            # The SDK raises a bare Exception on a bad answer signature.
            _logger.info("WeChat Pay %s failed: %s", method, error)
            raise ValidationError(
                _("WeChat Pay: the answer of the API could not be verified.")
            ) from error
        try:
            data = json.loads(text) if text else {}
        except (TypeError, ValueError):
            data = {}
        if not 200 <= status < 300:
            _logger.info("WeChat Pay %s answered %s: %s", method, status, text)
            raise ValidationError(
                _(
                    "WeChat Pay answered: %(code)s %(message)s",
                    code=data.get("code") or status,
                    message=data.get("message") or "",
                )
            )
        return data

    def _wechatpay_request_payment_params(self, prepay_id):
        """The signed parameters of ``wx.requestPayment``."""
        self.ensure_one()
        client = self._wechatpay_client()
        params = {
            "timeStamp": str(int(time.time())),
            "nonceStr": secrets.token_hex(16),
            "package": f"prepay_id={prepay_id}",
            "signType": "RSA",
        }
        params["paySign"] = client.sign(
            [
                self.wechatpay_appid,
                params["timeStamp"],
                params["nonceStr"],
                params["package"],
            ]
        )
        return params

    def _wechatpay_verify_notification(self, headers, body):
        """Check a notification and return it with its resource decrypted.

        :param dict headers: the Wechatpay-* headers.
        :param bytes body: the raw body.
        :raise ValidationError: stale, unsigned, forged or undecryptable.
        """
        self.ensure_one()
        try:
            timestamp = int(headers.get("Wechatpay-Timestamp") or "")
        except ValueError as error:
            raise ValidationError(
                _("WeChat Pay: the notification has no timestamp.")
            ) from error
        if abs(time.time() - timestamp) > const.NOTIFICATION_MAX_AGE:
            raise ValidationError(_("WeChat Pay: the notification is stale."))
        if not headers.get("Wechatpay-Signature") or not headers.get("Wechatpay-Nonce"):
            raise ValidationError(_("WeChat Pay: the notification is not signed."))
        # Checked here: for another serial the SDK downloads platform
        # certificates, and it raises on another signature type.
        if headers.get("Wechatpay-Serial") != self.wechatpay_public_key_id or (
            headers.get("Wechatpay-Signature-Type", const.SIGNATURE_TYPE)
            != const.SIGNATURE_TYPE
        ):
            raise ValidationError(
                _("WeChat Pay: the notification is signed with an unknown key.")
            )
        headers = dict(headers, **{"Wechatpay-Signature-Type": const.SIGNATURE_TYPE})
        try:
            data = self._wechatpay_client().callback(headers, body)
        except Exception as error:  # bad JSON, unknown algorithm: bare Exceptions
            raise ValidationError(
                _("WeChat Pay: the notification is malformed.")
            ) from error
        # callback() answers None, not an exception, on a bad signature or key.
        if not data or not isinstance(data.get("resource"), dict):
            raise ValidationError(
                _("WeChat Pay: the notification signature is invalid.")
            )
        return data
