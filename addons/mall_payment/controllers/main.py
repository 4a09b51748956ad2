# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from .. import const

_logger = logging.getLogger(__name__)

_HEADERS = (
    "Wechatpay-Signature",
    "Wechatpay-Timestamp",
    "Wechatpay-Nonce",
    "Wechatpay-Serial",
    "Wechatpay-Signature-Type",
)


def _answer(status, message=None):
    """WeChat Pay takes a 2xx as received; anything else is sent again later."""
    body = (
        {"code": "SUCCESS"} if message is None else {"code": "FAIL", "message": message}
    )
    return request.make_response(
        json.dumps(body),
        headers=[("Content-Type", "application/json; charset=utf-8")],
        status=status,
    )


class WechatpayController(http.Controller):
    @http.route(
        const.NOTIFY_ROUTE,
        type="http",
        methods=["POST"],
        auth="public",
        csrf=False,
        save_session=False,
    )
    def wechatpay_notify(self):
        """Payment (TRANSACTION.SUCCESS) and refund (REFUND.*) notifications."""
        httprequest = request.httprequest
        body = httprequest.get_data()
        headers = {name: httprequest.headers.get(name, "") for name in _HEADERS}
        providers = (
            request.env["payment.provider"]
            .sudo()
            .search(
                [
                    ("code", "=", "wechatpay"),
                    ("state", "!=", "disabled"),
                    ("wechatpay_public_key_id", "=", headers["Wechatpay-Serial"]),
                ]
            )
        )
        data = None
        error = "unknown key"
        for provider in providers:
            try:
                data = provider._wechatpay_verify_notification(headers, body)
                break
            except ValidationError as exc:
                error = str(exc)
        if data is None:
            _logger.warning("WeChat Pay notification refused: %s", error)
            return _answer(401, error)

        event_type = data.get("event_type")
        if event_type not in const.HANDLED_EVENT_TYPES:
            _logger.info("WeChat Pay notification %s ignored", event_type)
            return _answer(200)
        resource = data["resource"]
        _logger.info(
            "WeChat Pay notification %s for %s",
            event_type,
            resource.get("out_refund_no") or resource.get("out_trade_no"),
        )
        try:
            with request.env.cr.savepoint():
                request.env["payment.transaction"].sudo()._handle_notification_data(
                    "wechatpay", resource
                )
        except ValidationError as exc:
            # Not acknowledged: WeChat Pay sends it again, and the query cron
            # or someone looking at the log settles it.
            _logger.warning("WeChat Pay notification not processed: %s", exc)
            return _answer(400, str(exc))
        return _answer(200)
