# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http

from ..http_api import api_route, current_shopper
from ..schemas.account import Shopper


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
