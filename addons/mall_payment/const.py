# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""WeChat Pay API v3 constants."""

# The payment methods to activate with the provider (Odoo ships wechat_pay).
DEFAULT_PAYMENT_METHOD_CODES = {"wechat_pay"}

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
