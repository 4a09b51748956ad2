# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A sign-in for end-to-end tests of the H5 build, where a browser has no
WeChat or Alipay login.

Guard: it answers only while Odoo runs tests (``config["test_enable"]``,
set by ``--test-enable`` and by pytest-odoo) AND the system parameter
``mall_miniprogram.e2e_login`` is ``1`` (the end-to-end test sets it inside
its rolled-back transaction). Anywhere else it answers 404 ``NOT_FOUND``,
exactly as a route that does not exist.
"""

from odoo import http
from odoo.http import request
from odoo.tools import config

from ..http_api import MallApiError, api_route
from ..schemas.account import Session
from ..schemas.e2e_login import E2eLogin
from .account import session_payload

E2E_LOGIN_PARAM = "mall_miniprogram.e2e_login"
DEMO_SHOPPER = "mall_miniprogram.res_partner_shopper_lina"


def e2e_login_enabled(env):
    """Whether the test sign-in answers: test mode and the parameter, both."""
    return bool(config["test_enable"]) and (
        env["ir.config_parameter"].sudo().get_param(E2E_LOGIN_PARAM) == "1"
    )


class MallE2eLoginController(http.Controller):
    @api_route(
        "/auth/e2e",
        method="POST",
        summary="Sign in a shopper without a platform (end-to-end tests only)",
        description="Answers only while Odoo runs tests and the system parameter "
        "`mall_miniprogram.e2e_login` is `1`; otherwise 404, as if absent. "
        "A `share_token` is judged as at a platform sign-in (the shopper is "
        "new when they never had a session).",
        tags=["auth"],
        body=E2eLogin,
        response=Session,
        errors=("NOT_FOUND", "ACCOUNT_FROZEN"),
        rate_limit="login",
    )
    def login_e2e(self, body):
        env = request.env(su=True)
        if not e2e_login_enabled(env):
            raise MallApiError("NOT_FOUND")
        if body.shopper_id:
            shopper = env["res.partner"].browse(body.shopper_id).exists()
        else:
            shopper = env.ref(DEMO_SHOPPER, raise_if_not_found=False)
        if not shopper or not shopper.mall_is_shopper:
            raise MallApiError("NOT_FOUND")
        if shopper.mall_frozen or not shopper.active:
            raise MallApiError("ACCOUNT_FROZEN")
        Token = env["mall.shopper.token"]
        is_new = not Token.search_count([("partner_id", "=", shopper.id)], limit=1)
        pair = Token._issue_pair(shopper, "h5", device_id=body.device_id)
        if body.share_token:
            # As the platform sign-ins do with the share opened before them.
            env["mall.shopper.identity"]._mall_share_referral(
                shopper,
                is_new,
                body.share_token,
                body.device_id,
                request.httprequest.remote_addr,
            )
        return session_payload(pair, is_new)
