# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stable error codes of the mini-program API.

Every error answer is ``{"error": {"code", "message", "message_en"}}`` with
the HTTP status given here. Codes never change meaning once published; the
front end switches on them, shoppers read the messages.
"""

from werkzeug.exceptions import HTTPException


class ErrorSpec:
    __slots__ = ("code", "status", "message", "message_en")

    def __init__(self, code, status, message, message_en):
        self.code = code
        self.status = status
        self.message = message
        self.message_en = message_en


ERRORS = {
    spec.code: spec
    for spec in (
        ErrorSpec("BAD_REQUEST", 400, "请求无效", "The request is invalid."),
        ErrorSpec(
            "INVALID_JSON",
            400,
            "请求体不是有效的 JSON",
            "The request body is not valid JSON.",
        ),
        ErrorSpec(
            "VALIDATION_ERROR",
            422,
            "请求参数有误",
            "Some request parameters are invalid.",
        ),
        ErrorSpec(
            "BUSINESS_RULE",
            409,
            "操作无法完成",
            "The operation breaks a business rule.",
        ),
        ErrorSpec(
            "REVIEW_NOT_ALLOWED",
            403,
            "收到商品后才能评价",
            "Only shoppers who received this product can review it.",
        ),
        ErrorSpec(
            "ALREADY_REVIEWED",
            409,
            "您已经评价过这件商品",
            "You have already reviewed every purchase of this product.",
        ),
        ErrorSpec("AUTH_REQUIRED", 401, "请先登录", "Sign in first."),
        ErrorSpec(
            "TOKEN_INVALID",
            401,
            "登录已失效，请重新登录",
            "The token is invalid or expired; sign in again.",
        ),
        ErrorSpec("FORBIDDEN", 403, "没有权限执行此操作", "You may not do this."),
        ErrorSpec(
            "HTTPS_REQUIRED",
            403,
            "请通过 HTTPS 安全连接访问",
            "This API only answers over HTTPS.",
        ),
        ErrorSpec("NOT_FOUND", 404, "请求的资源不存在", "Nothing was found here."),
        ErrorSpec(
            "METHOD_NOT_ALLOWED",
            405,
            "不支持该请求方法",
            "This method is not allowed here.",
        ),
        ErrorSpec(
            "PAYLOAD_TOO_LARGE", 413, "请求内容过大", "The request body is too large."
        ),
        ErrorSpec(
            "UNSUPPORTED_MEDIA_TYPE",
            415,
            "请求体必须是 JSON",
            "The request body must be application/json.",
        ),
        ErrorSpec(
            "RATE_LIMITED",
            429,
            "操作太频繁，请稍后再试",
            "Too many requests; try again later.",
        ),
        ErrorSpec(
            "LOGIN_CODE_INVALID",
            401,
            "登录凭证无效或已使用，请重新登录",
            "The sign-in code is invalid, expired or already used.",
        ),
        ErrorSpec(
            "REFRESH_TOKEN_INVALID",
            401,
            "登录已过期，请重新登录",
            "The refresh token is invalid, expired or already used.",
        ),
        ErrorSpec(
            "ACCOUNT_FROZEN",
            403,
            "账号存在异常，已被冻结，请联系客服",
            "The account is frozen for review; contact customer service.",
        ),
        ErrorSpec(
            "PHONE_INVALID",
            400,
            "无法获取手机号，请重试",
            "The phone number could not be read or verified.",
        ),
        ErrorSpec(
            "PHONE_IN_USE",
            409,
            "该手机号已绑定其他账号",
            "This phone number belongs to another account with orders.",
        ),
        ErrorSpec(
            "PLATFORM_UNAVAILABLE",
            502,
            "微信或支付宝服务暂时不可用，请稍后再试",
            "WeChat or Alipay did not answer; try again later.",
        ),
        ErrorSpec(
            "PLATFORM_NOT_CONFIGURED",
            503,
            "商城尚未配置该平台",
            "The mall has not configured this platform yet.",
        ),
        ErrorSpec(
            "IDEMPOTENCY_KEY_REUSED",
            422,
            "该请求标识已用于另一个请求",
            "This Idempotency-Key was used for a different request.",
        ),
        ErrorSpec(
            "IDEMPOTENCY_IN_PROGRESS",
            409,
            "相同的请求正在处理中，请稍后再试",
            "A request with this Idempotency-Key is still being processed.",
        ),
        ErrorSpec(
            "OUT_OF_STOCK",
            409,
            "库存不足",
            "Not enough stock of this product.",
        ),
        ErrorSpec(
            "CART_EMPTY",
            409,
            "请先选择要购买的商品",
            "Select the products to buy first.",
        ),
        ErrorSpec(
            "ORDER_STATE",
            409,
            "订单当前状态不能执行此操作",
            "The order's state does not allow this.",
        ),
        ErrorSpec(
            "INSUFFICIENT_BALANCE",
            409,
            "余额不足，请充值或选择其他支付方式",
            "The balance is not enough to pay this.",
        ),
        ErrorSpec(
            "INSTALLMENTS_UNAVAILABLE",
            409,
            "暂不支持该花呗分期数",
            "These Huabei instalments are not offered.",
        ),
        ErrorSpec(
            "AFTERSALE_STATE",
            409,
            "售后单当前状态不能执行此操作",
            "The after-sale's current state does not allow this action.",
        ),
        ErrorSpec(
            "REFUND_TOO_LARGE",
            422,
            "退款金额或数量超过可退范围",
            "The refund asked exceeds what was paid and not yet refunded.",
        ),
        ErrorSpec(
            "FLASH_NOT_STARTED", 409, "秒杀尚未开始", "The flash sale has not started."
        ),
        ErrorSpec("FLASH_ENDED", 409, "秒杀已结束", "The flash sale has ended."),
        ErrorSpec("FLASH_SOLD_OUT", 409, "已被抢光", "The flash sale is sold out."),
        ErrorSpec(
            "FLASH_LIMIT",
            409,
            "已达到每人限购数量",
            "You have claimed as many units as one shopper may.",
        ),
        ErrorSpec(
            "POINTS_INSUFFICIENT",
            409,
            "积分不足",
            "Not enough points for this.",
        ),
        ErrorSpec(
            "POINTS_SOLD_OUT",
            409,
            "该积分商品已兑完",
            "This points mall item is sold out.",
        ),
        ErrorSpec(
            "POINTS_LIMIT",
            409,
            "已达到每人兑换上限",
            "You have redeemed as many units as one shopper may.",
        ),
        ErrorSpec(
            "INVOICE_EXISTS",
            409,
            "该订单已申请过发票",
            "An invoice is already requested or issued for this order.",
        ),
        ErrorSpec(
            "INVOICE_STATE",
            409,
            "发票申请当前状态不能执行此操作",
            "The invoice request's state does not allow this.",
        ),
        ErrorSpec(
            "INVOICE_TITLE_INCOMPLETE",
            422,
            "开具专用发票需填写完整的企业抬头信息",
            "A special VAT invoice needs a company title with tax ID, "
            "address, phone, bank and account.",
        ),
        ErrorSpec(
            "INTERNAL_ERROR",
            500,
            "服务器开小差了，请稍后再试",
            "Internal error; try again later.",
        ),
        ErrorSpec(
            "SERVICE_UNAVAILABLE",
            503,
            "服务暂时不可用，请稍后再试",
            "The service is unavailable; try again later.",
        ),
    )
}

# Which code stands for a bare HTTP status raised by the framework.
STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "AUTH_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "BUSINESS_RULE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
}


class MallApiError(HTTPException):
    """An error answer of the API.

    It is a werkzeug ``HTTPException`` so that Odoo lets it through its
    authentication layer unchanged and rolls the transaction back before
    ``ir.http._handle_error`` renders it.
    """

    def __init__(self, code, message=None, message_en=None, details=None, headers=None):
        spec = ERRORS[code]
        self.error_code = code
        self.code = spec.status
        self.error_message = message or spec.message
        self.error_message_en = message_en or spec.message_en
        self.details = details
        self.extra_headers = headers or {}
        super().__init__(description=self.error_message_en)

    def to_dict(self):
        error = {
            "code": self.error_code,
            "message": self.error_message,
            "message_en": self.error_message_en,
        }
        if self.details:
            error["details"] = self.details
        return {"error": error}


def validation_details(exc, location):
    """Pydantic errors as ``[{"field", "type", "message"}]`` for the client."""
    details = []
    for err in exc.errors(include_url=False, include_input=False):
        field = ".".join(str(part) for part in (location, *err["loc"]))
        details.append({"field": field, "type": err["type"], "message": err["msg"]})
    return details
