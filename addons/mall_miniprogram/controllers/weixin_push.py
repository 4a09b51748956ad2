# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""WeChat's message push (消息推送) of the mini-program, in JSON mode:
customer-service messages shoppers send from the contact button."""

import hashlib
import hmac
import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

# The messages posted to the shopper's customer-service channel.
CUSTOMER_SERVICE_TYPES = {"text", "image", "miniprogrampage"}


def push_signature(token, timestamp, nonce):
    """WeChat's signature of a push: SHA-1 of the three values, sorted and
    joined."""
    text = "".join(sorted([token, timestamp, nonce]))
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - WeChat's scheme


class MallWeixinPushController(http.Controller):
    @http.route(
        "/mall/weixin/message",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
    )
    def weixin_message(self, **params):
        token = (
            request.env["ir.config_parameter"]
            .sudo()
            .get_param("mall.weixin_push_token")
        )
        signature = params.get("signature") or ""
        expected = push_signature(
            token or "", params.get("timestamp") or "", params.get("nonce") or ""
        )
        if not token or not hmac.compare_digest(signature, expected):
            return request.make_response("forbidden", status=403)
        if request.httprequest.method == "GET":
            # The handshake when the push URL is saved in the console.
            return request.make_response(params.get("echostr") or "")
        try:
            message = json.loads(request.httprequest.get_data() or b"{}")
        except ValueError:
            return request.make_response("bad request", status=400)
        if isinstance(message, dict) and message.get("MsgType") in (
            CUSTOMER_SERVICE_TYPES
        ):
            self._customer_service(message)
        # Anything else is acknowledged, or WeChat pushes it again.
        return request.make_response("success")

    def _customer_service(self, message):
        openid = message.get("FromUserName")
        if not openid:
            return
        env = request.env(su=True)
        appid = env["ir.config_parameter"].get_param("mall.weixin_appid") or ""
        Identity = env["mall.shopper.identity"]
        identity = Identity.search(
            [
                ("platform", "=", "weixin"),
                ("appid", "=", appid),
                ("openid", "=", openid),
            ],
            limit=1,
        )
        if not identity:
            # Writing before ever signing in: a shopper is made for them.
            identity = Identity.create(
                {
                    "partner_id": Identity._new_shopper("weixin").id,
                    "platform": "weixin",
                    "appid": appid,
                    "openid": openid,
                }
            )
        channel = env["discuss.channel"]._mall_cs_channel(identity)
        channel._mall_cs_post_incoming(message)
