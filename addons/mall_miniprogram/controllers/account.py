# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import api_route, current_shopper
from ..schemas.account import LogoutRequest, LogoutResult, Shopper


class MallAccountController(http.Controller):
    @api_route(
        "/me",
        summary="The signed-in shopper",
        tags=["account"],
        auth="shopper",
        response=Shopper,
    )
    def me(self):
        shopper = current_shopper()
        return {"id": shopper.id, "name": shopper.name}

    @api_route(
        "/auth/logout",
        method="POST",
        summary="Sign out: revoke this token, or all of the shopper's",
        tags=["account"],
        auth="shopper",
        body=LogoutRequest,
        response=LogoutResult,
    )
    def logout(self, body):
        Token = request.env["mall.shopper.token"]
        if body.all_devices:
            tokens = Token._live_tokens_of(current_shopper())
        else:
            tokens = Token.browse(request.env.context["mall_shopper_token_id"])
        tokens._revoke()
        return {"revoked": len(tokens)}
