# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.http import request

from odoo.addons.mall_catalog.tools import money
from odoo.addons.mall_groupbuy.exceptions import BargainError

from ..http_api import (
    MallApiError,
    Page,
    api_route,
    current_shopper,
    optional_shopper,
)
from ..schemas.bargain import (
    Bargain,
    BargainCampaign,
    BargainCheckout,
    BargainCheckoutRequest,
    BargainHelpResult,
    MyBargain,
)
from ..schemas.common import PageQuery
from .cart import address_of, cart_errors, checkout_payload

RULE_ERRORS = ("NOT_FOUND", "BUSINESS_RULE")


def _masked(name):
    name = name or ""
    return name[:1] + "**" if name else "**"


def _money(amount, currency):
    return money.format_amount(amount, currency.decimal_places)


def campaign_payload(campaign):
    currency = campaign.currency_id
    return {
        "id": campaign.id,
        "name": campaign.name,
        "product_id": campaign.product_id.id,
        "product_name": campaign.product_id.display_name,
        "currency": currency.name,
        "start_price": _money(campaign.start_price, currency),
        "floor_price": _money(campaign.floor_price, currency),
        "helpers_needed": campaign.helpers_needed,
        "duration_hours": campaign.duration_hours,
        "per_shopper_limit": campaign.per_shopper_limit,
        "date_end": campaign.date_end,
    }


def bargain_payload(bargain, viewer=None, mine=False):
    """What anyone holding the link sees: names masked. ``viewer`` is the
    signed-in shopper, if any."""
    currency = bargain.currency_id
    now = fields.Datetime.now()
    helped = bool(viewer) and viewer in bargain.help_ids.partner_id
    is_mine = bool(viewer) and viewer == bargain.partner_id
    payload = {
        "id": bargain.id,
        "name": bargain.name,
        "campaign_id": bargain.campaign_id.id,
        "product_id": bargain.product_id.id,
        "product_name": bargain.product_id.display_name,
        "initiator": _masked(bargain.partner_id.name),
        "currency": currency.name,
        "start_price": _money(bargain.start_price, currency),
        "current_price": _money(bargain.current_price, currency),
        "floor_price": _money(bargain.floor_price, currency),
        "cut_amount": _money(bargain.cut_amount, currency),
        "helpers_needed": bargain.helpers_needed,
        "help_count": bargain.help_count,
        "progress": bargain.progress,
        "state": bargain.state,
        "expires_at": bargain.expires_at,
        "helpers": [
            {
                "name": _masked(help_.partner_id.name),
                "amount": _money(help_.amount, currency),
                "helped_at": help_.create_date,
            }
            for help_ in bargain.help_ids.sorted("sequence")
        ],
        "is_mine": is_mine,
        "helped": helped,
        "can_help": bool(viewer)
        and not is_mine
        and not helped
        and bargain.state == "open"
        and bargain.expires_at > now
        and not bargain._bargain_pending_order(),
    }
    if mine:
        payload["order_id"] = bargain.order_id.id or None
    return payload


def _campaigns():
    return request.env["mall.bargain.campaign"].sudo()


def _bargain(bargain_id):
    bargain = request.env["mall.bargain"].sudo().browse(bargain_id).exists()
    if not bargain:
        raise MallApiError("NOT_FOUND")
    return bargain


def _my_bargain(bargain_id):
    bargain = _bargain(bargain_id)
    if bargain.partner_id != current_shopper():
        raise MallApiError("NOT_FOUND")
    return bargain


def _refused(exc):
    return MallApiError(
        "BUSINESS_RULE", message=exc.args[0], details=[{"type": exc.code}]
    )


class MallBargainController(http.Controller):
    @api_route(
        "/bargains",
        summary="Running bargain campaigns (砍价)",
        tags=["bargain"],
        query=PageQuery,
        response=BargainCampaign,
        paginated=True,
    )
    def bargain_campaigns(self, query):
        page, total = _campaigns()._campaign_running_page(query.offset, query.page_size)
        return Page.for_query(query, [campaign_payload(c) for c in page], total)

    @api_route(
        "/bargains/<int:campaign_id>/start",
        method="POST",
        summary="Start a bargain",
        description="The shopper's bargain at the start price; share its id: "
        "each friend who helps cuts the price, and the last one needed brings "
        "it to the floor. Refusals are BUSINESS_RULE with the reason in "
        "`details[0].type`: campaign_closed, limit_reached, sold_out.",
        tags=["bargain"],
        auth="shopper",
        response=MyBargain,
        status=201,
        errors=RULE_ERRORS,
    )
    def bargain_start(self, campaign_id):
        campaign = _campaigns()._campaign_running(campaign_id)
        if not campaign:
            raise MallApiError("NOT_FOUND")
        shopper = current_shopper()
        try:
            bargain = campaign._bargain_start(shopper)
        except BargainError as exc:
            raise _refused(exc) from exc
        return bargain_payload(bargain, shopper, mine=True)

    @api_route(
        "/bargain-tasks/<int:bargain_id>",
        summary="A bargain, as its friends see it",
        description="Progress and the friends' cuts, names masked; signed in, "
        "whether the shopper may help.",
        tags=["bargain"],
        auth="optional",
        response=Bargain,
        errors=("NOT_FOUND",),
    )
    def bargain_view(self, bargain_id):
        return bargain_payload(_bargain(bargain_id), optional_shopper())

    @api_route(
        "/bargain-tasks/<int:bargain_id>/help",
        method="POST",
        summary="Help a friend's bargain (帮砍一刀)",
        description="Cuts the next amount of the bargain's plan. Refusals are "
        "BUSINESS_RULE with the reason in `details[0].type`: own_bargain, "
        "already_helped, complete, purchase_pending, bought, expired.",
        tags=["bargain"],
        auth="shopper",
        response=BargainHelpResult,
        status=201,
        errors=RULE_ERRORS,
    )
    def bargain_help(self, bargain_id):
        bargain = _bargain(bargain_id)
        shopper = current_shopper()
        try:
            helped = bargain._bargain_help(shopper)
        except BargainError as exc:
            raise _refused(exc) from exc
        return {
            "cut": _money(helped.amount, bargain.currency_id),
            "bargain": bargain_payload(bargain, shopper),
        }

    @api_route(
        "/bargain-tasks/<int:bargain_id>/checkout",
        method="POST",
        summary="Buy the bargain at its current price",
        description="Creates the order at the price reached (friends can no "
        "longer cut while it is unpaid) and its checkout: pay it with `POST "
        "/checkouts/{id}/pay`. Asking again while unpaid gives the same "
        "checkout. Refusals: bought, expired, sold_out.",
        tags=["bargain"],
        auth="shopper",
        body=BargainCheckoutRequest,
        response=BargainCheckout,
        errors=(*RULE_ERRORS, "OUT_OF_STOCK", "VALIDATION_ERROR"),
    )
    def bargain_checkout(self, bargain_id, body):
        bargain = _my_bargain(bargain_id)
        shopper = current_shopper()
        address = address_of(shopper, body.address_id)
        Checkout = request.env["mall.checkout"].sudo()
        try:
            with cart_errors():
                checkout = Checkout._mall_bargain_checkout(
                    bargain, shopper, address, body.carrier_id
                )
        except BargainError as exc:
            raise _refused(exc) from exc
        return {
            "bargain": bargain_payload(bargain, shopper, mine=True),
            "checkout": checkout_payload(checkout),
        }

    @api_route(
        "/bargain-tasks/mine",
        summary="The shopper's bargains",
        tags=["bargain"],
        auth="shopper",
        query=PageQuery,
        response=MyBargain,
        paginated=True,
    )
    def my_bargains(self, query):
        shopper = current_shopper()
        Bargain_ = request.env["mall.bargain"].sudo()
        domain = [("partner_id", "=", shopper.id)]
        page = Bargain_.search(
            domain, order="id desc", offset=query.offset, limit=query.page_size
        )
        return Page.for_query(
            query,
            [bargain_payload(b, shopper, mine=True) for b in page],
            Bargain_.search_count(domain),
        )
