# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Constants of the mall payment providers: WeChat Pay (API v3), Alipay,
balance, and their accounting."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# The payment methods to activate with each provider (Odoo ships wechat_pay
# and alipay, inactive; mall_balance is ours).
DEFAULT_PAYMENT_METHOD_CODES = {
    "wechatpay": {"wechat_pay"},
    "alipay": {"alipay"},
    "mall_balance": {"mall_balance"},
}

# WeChat Pay settles mainland merchants in renminbi only.
SUPPORTED_CURRENCIES = ("CNY",)

# Odoo transaction states for WeChat Pay's trade_state values.
# REFUND: the payment succeeded and was (partly) refunded since: it was paid.
PAYMENT_STATUS_MAPPING = {
    "pending": ("NOTPAY", "USERPAYING"),
    "done": ("SUCCESS", "REFUND"),
    "cancel": ("CLOSED", "REVOKED"),
    "error": ("PAYERROR",),
}

# Odoo transaction states for WeChat Pay's refund status values.
REFUND_STATUS_MAPPING = {
    "pending": ("PROCESSING",),
    "done": ("SUCCESS",),
    "error": ("CLOSED", "ABNORMAL"),
}

# Notification event types handled by the notify route.
HANDLED_EVENT_TYPES = (
    "TRANSACTION.SUCCESS",
    "REFUND.SUCCESS",
    "REFUND.ABNORMAL",
    "REFUND.CLOSED",
)

# Notifications whose Wechatpay-Timestamp is further than this from now, in
# seconds, are refused: the SDK checks signatures, not freshness (replays).
NOTIFICATION_MAX_AGE = 300

# Pending transactions older than this, in minutes, are queried by the cron.
QUERY_AFTER_MINUTES = 2

# Transactions are no longer queried after this many hours.
QUERY_GIVE_UP_HOURS = 24

SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048"
NOTIFY_ROUTE = "/payment/wechatpay/notify"
DEFAULT_API_BASE = "https://api.mch.weixin.qq.com"

# === Alipay === #

ALIPAY_DEFAULT_GATEWAY = "https://openapi.alipay.com/gateway.do"
ALIPAY_NOTIFY_ROUTE = "/payment/alipay/notify"

# The gateway's code of a handled request; anything else is an error.
ALIPAY_SUCCESS_CODE = "10000"

# Answers that say nothing certain about a refund: system busy, unknown
# result. The refund is left pending and settled by the query.
ALIPAY_UNCERTAIN_CODES = ("20000",)
ALIPAY_UNCERTAIN_SUB_CODES = ("ACQ.SYSTEM_ERROR", "aop.ACQ.SYSTEM_ERROR")

# Odoo transaction states for Alipay's trade_status values. TRADE_FINISHED:
# paid, and no longer refundable.
ALIPAY_PAYMENT_STATUS_MAPPING = {
    "pending": ("WAIT_BUYER_PAY",),
    "done": ("TRADE_SUCCESS", "TRADE_FINISHED"),
    "cancel": ("TRADE_CLOSED",),
}
ALIPAY_REFUND_SUCCESS = "REFUND_SUCCESS"

# Huabei (花呗分期) periods Alipay offers, and the share of the instalment
# fee the seller pays (hb_fq_seller_percent) for each fee payer.
ALIPAY_HUABEI_PERIODS = (3, 6, 12)
ALIPAY_HUABEI_SELLER_PERCENT = {"buyer": "0", "seller": "100"}

# Seconds to wait for the gateway (the SDK's default is 15).
ALIPAY_TIMEOUT = 15

# === CHANNEL ACCOUNTING === #

# The mall's payment providers: each posts its payments in a journal of its
# own, so that each channel shows apart in the reports.
MALL_PROVIDER_CODES = ("wechatpay", "alipay", "mall_balance")

# The bank journal of each mall provider: short code (5 characters at most),
# name.
MALL_JOURNALS = {
    "wechatpay": ("WXPAY", _lt("WeChat Pay")),
    "alipay": ("ALIPY", _lt("Alipay")),
    "mall_balance": ("BAL", _lt("Customer Balance")),
}

# The liability account of the balances not yet spent: top-ups credit it,
# payments with balance debit it.
BALANCE_ACCOUNT_NAME = _lt("Customer prepaid balances")
BALANCE_ACCOUNT_CODE = "2203"  # 预收账款 in the Chinese chart.
