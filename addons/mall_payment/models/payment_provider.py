# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import gzip
import hashlib
import http.client
import json
import logging
import secrets
import time
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import requests
from alipay.exceptions import AliPayException, AliPayValidationError
from wechatpayv3 import WeChatPay, WeChatPayType

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Command

from .. import const
from ..tools.alipay_client import AliPayClient, AlipayRefusal, DCAliPayClient

_logger = logging.getLogger(__name__)


# Providers whose platform serves a daily trade bill.
BILL_PROVIDER_CODES = ("wechatpay", "alipay")


# Chart of accounts templates' bank fee expense accounts, best first.
FEE_ACCOUNT_TEMPLATE_REFS = ("expense_finance", "l10n_cn_large_bis_642100")


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[
            ("wechatpay", "WeChat Pay"),
            ("alipay", "Alipay"),
            ("mall_balance", "Balance"),
        ],
        ondelete={
            "wechatpay": "set default",
            "alipay": "set default",
            "mall_balance": "set default",
        },
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

    alipay_app_id = fields.Char(
        string="Alipay App ID",
        help="The APPID of the Alipay mini-program the shoppers pay from.",
        required_if_provider="alipay",
    )
    alipay_seller_id = fields.Char(
        string="Alipay Merchant PID",
        help="The partner ID (2088...) of the merchant account; when set, "
        "notifications for another seller are refused.",
    )
    alipay_key_mode = fields.Selection(
        selection=[("public_key", "Public Key"), ("certificate", "Certificate")],
        default="public_key",
        help="How the app signs with Alipay (接口加签方式): with the Alipay "
        "public key, or with public key certificates.",
        required_if_provider="alipay",
    )
    alipay_app_private_key = fields.Text(
        help="The private key of the app (应用私钥), PEM or base64: it signs "
        "the requests.",
        required_if_provider="alipay",
        groups="base.group_system",
    )
    alipay_public_key = fields.Text(
        help="The Alipay public key (支付宝公钥), PEM or base64: it verifies "
        "the answers and notifications of Alipay. Public key mode only.",
    )
    alipay_app_public_cert = fields.Text(
        string="Alipay App Public Key Certificate",
        help="appCertPublicKey_<APPID>.crt, PEM. Certificate mode only.",
    )
    alipay_public_cert = fields.Text(
        string="Alipay Public Key Certificate",
        help="alipayCertPublicKey_RSA2.crt, PEM. Certificate mode only.",
    )
    alipay_root_cert = fields.Text(
        string="Alipay Root Certificate",
        help="alipayRootCert.crt, PEM. Certificate mode only.",
    )
    alipay_gateway = fields.Char(
        string="Alipay Gateway URL",
        default=const.ALIPAY_DEFAULT_GATEWAY,
        required_if_provider="alipay",
    )
    alipay_huabei_periods = fields.Char(
        string="Huabei Instalment Periods",
        help="The Huabei (花呗分期) periods the shoppers may choose, "
        "comma-separated, among 3, 6 and 12; empty to offer no instalments.",
    )
    alipay_huabei_fee_payer = fields.Selection(
        string="Huabei Instalment Fee Paid By",
        selection=[("buyer", "Buyer"), ("seller", "Seller")],
        default="buyer",
    )

    mall_balance_program_id = fields.Many2one(
        string="Balance eWallet Program",
        help="The eWallet program whose cards hold the shoppers' stored-value "
        "balance (储值余额), in the program currency.",
        comodel_name="loyalty.program",
        domain=[("program_type", "=", "ewallet")],
        check_company=True,
        required_if_provider="mall_balance",
        ondelete="restrict",
    )

    mall_fee_account_id = fields.Many2one(
        string="Channel Fee Account",
        comodel_name="account.account",
        help="The expense account the fees of the platform's daily bill are "
        "posted to. Empty: the bank fees account of the chart of accounts.",
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
        check_company=True,
        copy=False,
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

    @api.constrains("alipay_huabei_periods")
    def _check_alipay_huabei_periods(self):
        for provider in self:
            provider._alipay_huabei_allowed_periods()

    # === COMPUTE METHODS === #

    def _compute_feature_support_fields(self):
        """Override of `payment`: the mall providers refund, partly too."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code in const.MALL_PROVIDER_CODES).update(
            {
                "support_manual_capture": False,
                "support_refund": "partial",
                "support_tokenization": False,
            }
        )
        return res

    @api.depends("code", "state", "company_id")
    def _compute_journal_id(self):
        """Override of `account_payment`: a mall provider without journal gets
        the journal of its channel, not the company's first bank journal."""
        mall_providers = self.filtered(lambda p: p.code in const.MALL_PROVIDER_CODES)
        res = super(PaymentProvider, self - mall_providers)._compute_journal_id()
        for provider in mall_providers:
            pay_method_line = self.env["account.payment.method.line"].search(
                [
                    ("payment_provider_id", "=", provider._origin.id),
                    ("journal_id", "!=", False),
                ],
                limit=1,
            )
            if pay_method_line:
                provider.journal_id = pay_method_line.journal_id
            elif provider.state in ("enabled", "test"):
                provider.journal_id = provider._mall_get_journal()
                if provider.id and provider.journal_id:
                    provider._ensure_payment_method_line()
                    provider._mall_setup_accounts()
            else:
                provider.journal_id = False
        return res

    # === BUSINESS METHODS === #

    def _get_supported_currencies(self):
        """Override of `payment`: WeChat Pay and Alipay take renminbi only; the
        balance is kept in the currency of its eWallet program, and paid in it
        only."""
        supported_currencies = super()._get_supported_currencies()
        if self.code in ("wechatpay", "alipay"):
            supported_currencies = supported_currencies.filtered(
                lambda c: c.name in const.SUPPORTED_CURRENCIES
            )
        elif self.code == "mall_balance" and self.mall_balance_program_id:
            supported_currencies = supported_currencies.filtered(
                lambda c: c == self.mall_balance_program_id.currency_id
            )
        return supported_currencies

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return the default payment method codes."""
        default_codes = super()._get_default_payment_method_codes()
        return const.DEFAULT_PAYMENT_METHOD_CODES.get(self.code, default_codes)

    @api.model
    def _setup_provider(self, code):
        """Override of `account_payment`: the channel journal of a mall
        provider, in each company that has the provider."""
        super()._setup_provider(code)
        if code not in const.MALL_PROVIDER_CODES:
            return
        for provider in self.sudo().search([("code", "=", code)]):
            journal = provider._mall_get_journal()
            if journal and provider.state != "disabled":
                provider.journal_id = journal
        self.sudo().search([("code", "=", code)])._mall_setup_accounts()

    @api.model
    def _mall_create_balance_program(self, currency, topup_name, **topup_values):
        """Create a stored balance (储值余额) in ``currency``: an eWallet
        program topped up by buying its service product ``topup_name``, one
        point per unit of money paid, spent one point per unit."""
        topup = self.env["product.product"].create(
            {
                "name": topup_name,
                "type": "service",
                "taxes_id": [Command.clear()],
                **topup_values,
            }
        )
        return self.env["loyalty.program"].create(
            {
                "name": _("Mall balance"),
                "program_type": "ewallet",
                "currency_id": currency.id,
                "trigger": "auto",
                "applies_on": "future",
                "rule_ids": [
                    Command.create(
                        {
                            "reward_point_mode": "money",
                            "reward_point_amount": 1,
                            "reward_point_split": False,
                            "product_ids": [Command.set(topup.ids)],
                        }
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount_mode": "per_point",
                            "discount": 1,
                            "discount_applicability": "order",
                            "required_points": 1,
                        }
                    )
                ],
            }
        )

    # === WECHAT PAY === #

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

    # === ALIPAY === #

    def _alipay_huabei_allowed_periods(self):
        """The Huabei periods of the provider, as a sorted list of ints.

        :raise ValidationError: a period Alipay does not offer.
        """
        self.ensure_one()
        periods = set()
        for part in (self.alipay_huabei_periods or "").replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or int(part) not in const.ALIPAY_HUABEI_PERIODS:
                raise ValidationError(
                    _(
                        "Alipay: the Huabei instalment periods must be among "
                        "3, 6 and 12, separated by commas."
                    )
                )
            periods.add(int(part))
        return sorted(periods)

    @api.model
    def _alipay_format_amount(self, amount, currency):
        """The amount as Alipay takes it, a string with 2 decimals, from the
        currency-rounded amount, through Decimal: no float drift."""
        rounded = currency.round(amount)
        return str(
            Decimal(repr(rounded)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        )

    @api.model
    def _alipay_parse_amount(self, value):
        """The Decimal of an amount Alipay sent, None if it is not one."""
        try:
            return Decimal(str(value)).quantize(Decimal("0.01"))
        except ArithmeticError:
            return None

    def _alipay_notify_url(self):
        self.ensure_one()
        return self.get_base_url().rstrip("/") + const.ALIPAY_NOTIFY_ROUTE

    def _alipay_client(self):
        """A python-alipay-sdk client for this provider, signing RSA2."""
        self.ensure_one()
        sudo = self.sudo()
        kwargs = {
            "appid": sudo.alipay_app_id,
            "app_private_key_string": sudo.alipay_app_private_key or "",
            "app_notify_url": sudo._alipay_notify_url(),
            "sign_type": "RSA2",
            "gateway": sudo.alipay_gateway or const.ALIPAY_DEFAULT_GATEWAY,
            "timeout": const.ALIPAY_TIMEOUT,
        }
        try:
            if sudo.alipay_key_mode == "certificate":
                client = DCAliPayClient(
                    app_public_key_cert_string=sudo.alipay_app_public_cert or "",
                    alipay_public_key_cert_string=sudo.alipay_public_cert or "",
                    alipay_root_cert_string=sudo.alipay_root_cert or "",
                    **kwargs,
                )
                # Computed lazily by the SDK: fail here, not in each call.
                if not (client.app_cert_sn and client.alipay_root_cert_sn):
                    raise ValueError("no RSA certificate in the root certificate")
                return client
            return AliPayClient(
                alipay_public_key_string=sudo.alipay_public_key or "", **kwargs
            )
        except Exception as error:
            # pycryptodome and pyOpenSSL raise various errors on unreadable
            # keys and certificates; never log them whole.
            _logger.info(
                "Alipay client of provider %s: %s", self.id, type(error).__name__
            )
            raise ValidationError(
                _("Alipay: a key or a certificate of the provider is invalid.")
            ) from error

    def _alipay_call(self, method, biz_content, check=True, **params):
        """Call a gateway method, return the verified response node.

        :param bool check: raise when the node's code is not success; else
            the caller reads it.
        :raise ValidationError: on network errors, answers that are not signed
            by Alipay, error answers.
        """
        self.ensure_one()
        client = self._alipay_client()
        try:
            node = client.server_api(method, biz_content=biz_content, **params)
        except AlipayRefusal as refusal:
            node = refusal.node
        except AliPayValidationError as error:
            _logger.info("Alipay %s: the answer signature does not verify", method)
            raise ValidationError(
                _("Alipay: the answer of the API could not be verified.")
            ) from error
        except (OSError, http.client.HTTPException) as error:
            # urllib's URLError, HTTPError and timeouts are OSErrors.
            _logger.info("Alipay %s: cannot reach the API: %s", method, error)
            raise ValidationError(
                _("Alipay: could not establish the connection to the API.")
            ) from error
        except (ValueError, TypeError, AliPayException) as error:
            _logger.info("Alipay %s: malformed answer: %s", method, error)
            raise ValidationError(
                _("Alipay: the answer of the API is malformed.")
            ) from error
        if not isinstance(node, dict):
            raise ValidationError(_("Alipay: the answer of the API is malformed."))
        if check and node.get("code") != const.ALIPAY_SUCCESS_CODE:
            raise self._alipay_error(method, node)
        return node

    @api.model
    def _alipay_error(self, method, node):
        _logger.info(
            "Alipay %s answered %s %s: %s",
            method,
            node.get("code"),
            node.get("sub_code"),
            node.get("sub_msg") or node.get("msg"),
        )
        return ValidationError(
            _(
                "Alipay answered: %(code)s %(message)s",
                code=node.get("sub_code") or node.get("code") or "",
                message=node.get("sub_msg") or node.get("msg") or "",
            )
        )

    def _alipay_verify_notification(self, data):
        """Whether the asynchronous notification is signed by Alipay (RSA2).

        Signed: every parameter but sign and sign_type, sorted, empty ones
        left out, as ``key=value`` joined by ``&``.
        """
        self.ensure_one()
        sign = data.get("sign")
        if not sign or data.get("sign_type", "RSA2") != "RSA2":
            return False
        unsigned = {
            key: value
            for key, value in data.items()
            if key not in ("sign", "sign_type") and value not in ("", None)
        }
        try:
            return self._alipay_client().verify(unsigned, sign)
        except (ValueError, TypeError):  # bad base64
            return False

    def _alipay_download_bill(self, date):
        """The daily trade bill of ``date``, as Alipay serves it (a zip of
        GBK CSV files), in bytes.

        :param date: a date, or its ``YYYY-MM-DD`` string.
        :raise ValidationError: no bill, or it cannot be downloaded.
        """
        self.ensure_one()
        bill_date = fields.Date.to_string(fields.Date.to_date(date))
        node = self._alipay_call(
            "alipay.data.dataservice.bill.downloadurl.query",
            {"bill_type": "trade", "bill_date": bill_date},
        )
        url = node.get("bill_download_url")
        if not url:
            raise ValidationError(_("Alipay: no bill download URL was given."))
        try:
            response = requests.get(url, timeout=(5, 60))
            response.raise_for_status()
        except requests.exceptions.RequestException as error:
            # The URL is signed: do not log it.
            _logger.info(
                "Alipay bill of %s: download failed: %s",
                bill_date,
                type(error).__name__,
            )
            raise ValidationError(
                _("Alipay: the bill of %s could not be downloaded.", bill_date)
            ) from error
        return response.content

    # === CHANNEL ACCOUNTING === #

    @api.model
    def _mall_has_chart(self, company):
        """Whether the company has a chart of accounts: without one, a bank
        journal cannot get its accounts."""
        return bool(
            company.chart_template
            and self.env["account.account"]
            .sudo()
            .search_count(
                self.env["account.account"]._check_company_domain(company), limit=1
            )
        )

    @api.model
    def _mall_journal_for(self, code, company):
        """The bank journal of the mall channel ``code`` in ``company``,
        created when missing; empty when the company has no chart of accounts.

        Found by its short code: the accountant may rename it.
        """
        Journal = self.env["account.journal"].sudo().with_context(active_test=False)
        journal_code, journal_name = const.MALL_JOURNALS[code]
        journal = Journal.search(
            [
                *Journal._check_company_domain(company),
                ("code", "=", journal_code),
                ("type", "=", "bank"),
            ],
            limit=1,
        )
        if journal or not self._mall_has_chart(company):
            return journal
        taken = Journal.search_count(
            [*Journal._check_company_domain(company), ("code", "=", journal_code)]
        )
        if taken:  # by a journal of another type: let Odoo pick a BNKx code
            journal_code = Journal.get_next_bank_cash_default_code("bank", company)
        # Created in English, like the data records; translated below.
        journal = Journal.with_context(lang="en_US").create(
            {
                "name": journal_name._translate("en_US"),
                "code": journal_code,
                "type": "bank",
                "company_id": company.id,
            }
        )
        self._mall_translate(journal, journal_name)
        _logger.info("Journal %s created for %s", journal.code, company.name)
        return journal

    def _mall_get_journal(self):
        """The channel journal of the provider: see `_mall_journal_for`."""
        self.ensure_one()
        if self.code not in const.MALL_PROVIDER_CODES:
            return self.env["account.journal"]
        return self._mall_journal_for(self.code, self.company_id)

    @api.model
    def _mall_balance_account(self, company):
        """The current liability account of the prepaid balances of
        ``company``, created when missing."""
        Account = self.env["account.account"].sudo().with_company(company)
        name = const.BALANCE_ACCOUNT_NAME._translate("en_US")
        domain = [
            *Account._check_company_domain(company),
            ("account_type", "=", "liability_current"),
        ]
        account = Account.with_context(lang="en_US").search(
            [*domain, ("name", "=", name)], limit=1
        )
        if account:
            return account
        code = const.BALANCE_ACCOUNT_CODE
        same_length = Account.search(domain, limit=1)
        if same_length and len(same_length.code or "") > len(code):
            code = code.ljust(len(same_length.code), "0")  # 2203 -> 220300
        account = Account.with_context(lang="en_US").create(
            {
                "name": name,
                "code": Account._search_new_account_code(code, cache=set()),
                "account_type": "liability_current",
                "company_ids": [fields.Command.set(company.ids)],
            }
        )
        self._mall_translate(account, const.BALANCE_ACCOUNT_NAME)
        return account

    @api.model
    def _mall_translate(self, record, name):
        """Give the name created in English its translations in the other
        installed languages."""
        translations = {
            lang: name._translate(lang)
            for lang, __ in self.env["res.lang"].get_installed()
            if lang != "en_US"
        }
        if translations:
            record.update_field_translations("name", translations)

    def _mall_setup_accounts(self):
        """Balance providers: their payments settle the receivable from the
        prepaid balances (Dr liability, Cr receivable; refunds the other way),
        and the top-ups sold credit them: the income account of the eWallet
        top-up products, when none is set on them."""
        for provider in self.sudo().filtered(lambda p: p.code == "mall_balance"):
            company = provider.company_id
            if not self._mall_has_chart(company):
                continue
            account = self._mall_balance_account(company)
            self.env["account.payment.method.line"].sudo().search(
                [
                    ("payment_provider_id", "=", provider.id),
                    ("payment_account_id", "=", False),
                ]
            ).payment_account_id = account
            products = provider.mall_balance_program_id.rule_ids.product_ids
            for product in products.with_company(company):
                if not product.property_account_income_id:
                    product.property_account_income_id = account

    def write(self, vals):
        res = super().write(vals)
        if {"mall_balance_program_id", "state", "journal_id"} & set(vals):
            self._mall_setup_accounts()
        return res

    # === DAILY BILLS === #

    def _mall_get_fee_account(self):
        """The fee expense account: the provider's, else the chart's bank fees.

        :raise ValidationError: if there is none.
        """
        self.ensure_one()
        if self.mall_fee_account_id:
            return self.mall_fee_account_id
        chart = self.env["account.chart.template"].with_company(self.company_id)
        for xmlid in FEE_ACCOUNT_TEMPLATE_REFS:
            account = chart.ref(xmlid, raise_if_not_found=False)
            if account and not account.deprecated:
                return account
        raise ValidationError(
            _(
                "Set the channel fee account of the payment provider %s: the chart "
                "of accounts has no bank fees account to post its fees to.",
                self.name,
            )
        )

    def _mall_get_receipt_account(self):
        """The account the payments of the provider are posted to (outstanding
        receipts): the platform takes its fee from them."""
        self.ensure_one()
        journal = self.journal_id
        if not journal:
            raise ValidationError(
                _("Set the payment journal of the payment provider %s.", self.name)
            )
        account = journal.inbound_payment_method_line_ids.filtered(
            lambda line: line.payment_provider_id == self
        )[:1].payment_account_id
        if not account:
            chart = self.env["account.chart.template"].with_company(self.company_id)
            account = chart.ref(
                "account_journal_payment_debit_account_id", raise_if_not_found=False
            )
        return account or journal.default_account_id

    def _mall_download_bill(self, date):
        """The raw trade bill of ``date`` (a date, Beijing day), downloaded
        from the platform of the provider.

        :return: the bill file as :mod:`..tools.bills` parses it
        :rtype: bytes
        :raise ValidationError: the platform cannot give it.
        """
        self.ensure_one()
        if self.code == "wechatpay":
            return self._wechatpay_download_bill(date)
        if self.code == "alipay":
            return self._alipay_download_bill(date)
        raise ValidationError(
            _("The payment provider %s has no daily bill to download.", self.name)
        )

    def _wechatpay_download_bill(self, date):
        """The trade bill (type ALL) of ``date``: ask for it, download it, and
        check the SHA1 that WeChat Pay gives for it."""
        self.ensure_one()
        data = self._wechatpay_call(
            "trade_bill",
            bill_date=fields.Date.to_string(date),
            bill_type="ALL",
            tar_type="GZIP",
        )
        url = data.get("download_url")
        if not url:
            raise ValidationError(_("WeChat Pay: no download URL for the bill."))
        client = self._wechatpay_client()
        try:
            # The download answer is not signed: the SDK skips the check and
            # the SHA1 below replaces it.
            status, content = client.download_bill(url)
        except requests.exceptions.RequestException as error:
            _logger.info("WeChat Pay bill download: cannot reach the API: %s", error)
            raise ValidationError(
                _("WeChat Pay: could not establish the connection to the API.")
            ) from error
        if not 200 <= status < 300:
            _logger.info("WeChat Pay bill download answered %s", status)
            raise ValidationError(
                _("WeChat Pay: the bill download failed (HTTP %s).", status)
            )
        if isinstance(content, str):
            content = content.encode()
        if content[:2] == b"\x1f\x8b":
            try:
                content = gzip.decompress(content)
            except (OSError, EOFError) as error:
                raise ValidationError(
                    _("WeChat Pay: the downloaded bill is not a valid gzip file.")
                ) from error
        # The hash is of the bill itself, gunzipped.
        hash_type = (data.get("hash_type") or "SHA1").upper()
        if hash_type != "SHA1" or (
            hashlib.sha1(content).hexdigest() != (data.get("hash_value") or "").lower()
        ):
            raise ValidationError(
                _("WeChat Pay: the downloaded bill does not match its hash.")
            )
        return content

    @api.model
    def _cron_mall_reconcile_bills(self):
        """Download and reconcile yesterday's bill (a Beijing day) of every
        enabled provider that has one. Failures are logged: the other
        providers go on, and the accountant imports the bill by hand."""
        today = fields.Datetime.context_timestamp(
            self.with_context(tz="Asia/Shanghai"), fields.Datetime.now()
        ).date()
        bill_date = today - timedelta(days=1)
        providers = self.search(
            [("code", "in", BILL_PROVIDER_CODES), ("state", "in", ("enabled", "test"))]
        )
        Bill = self.env["mall.payment.bill"]
        for provider in providers:
            try:
                with self.env.cr.savepoint():
                    Bill._mall_download_and_reconcile(provider, bill_date)
            except (ValidationError, ValueError) as error:
                _logger.warning(
                    "The %s bill of %s could not be reconciled: %s",
                    provider.name,
                    bill_date,
                    error,
                )
