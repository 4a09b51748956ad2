# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from ..http_api import MallApiError, api_route, current_shopper
from ..schemas.share import ShareRequest, ShareResult
from .favorite import visible_product


class MallShareController(http.Controller):
    @api_route(
        "/shares",
        method="POST",
        summary="Share a product, or invite a friend",
        description="The signed path to share while a share campaign runs: a "
        "new shopper who signs in through it gets a coupon, and so does the "
        "sharer. NOT_FOUND when no campaign runs or the product is not sold.",
        tags=["share"],
        auth="shopper",
        body=ShareRequest,
        response=ShareResult,
        errors=("NOT_FOUND",),
    )
    def create_share(self, body):
        shopper = current_shopper()
        campaign = request.env["mall.share.campaign"]._mall_current()
        if not campaign:
            raise MallApiError("NOT_FOUND")
        product = visible_product(body.product_id) if body.product_id else None
        share = request.env["mall.share"]._mall_share(shopper, campaign, product)
        return {
            "token": share._mall_token(),
            "path": share._mall_path(),
            "campaign": campaign.name,
        }
