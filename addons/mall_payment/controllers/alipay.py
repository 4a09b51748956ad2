# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from .. import const

_logger = logging.getLogger(__name__)


def _answer(processed):
    """Alipay takes the plain text ``success`` as received, and sends anything
    else again later (8 times over 25 hours)."""
    return request.make_response(
        "success" if processed else "fail",
        headers=[("Content-Type", "text/plain; charset=utf-8")],
    )


class AlipayController(http.Controller):
    @http.route(
        const.ALIPAY_NOTIFY_ROUTE,
        type="http",
        methods=["POST"],
        auth="public",
        csrf=False,
        save_session=False,
    )
    def alipay_notify(self, **_kwargs):
        """Asynchronous notifications of payments and refunds (trade_status_sync)."""
        data = request.httprequest.form.to_dict()
        providers = (
            request.env["payment.provider"]
            .sudo()
            .search(
                [
                    ("code", "=", "alipay"),
                    ("state", "!=", "disabled"),
                    ("alipay_app_id", "=", data.get("app_id") or ""),
                ]
            )
        )
        if not providers:
            _logger.warning(
                "Alipay notification refused: unknown app_id %s", data.get("app_id")
            )
            return _answer(False)
        if not any(p._alipay_verify_notification(data) for p in providers):
            _logger.warning(
                "Alipay notification refused: invalid signature (out_trade_no %s)",
                data.get("out_trade_no"),
            )
            return _answer(False)
        _logger.info(
            "Alipay notification %s for %s",
            data.get("trade_status"),
            data.get("out_biz_no") or data.get("out_trade_no"),
        )
        try:
            with request.env.cr.savepoint():
                request.env["payment.transaction"].sudo()._handle_notification_data(
                    "alipay", data
                )
        except ValidationError as exc:
            # Not acknowledged: Alipay sends it again, and the query cron or
            # someone looking at the log settles it.
            _logger.warning("Alipay notification not processed: %s", exc)
            return _answer(False)
        return _answer(True)
