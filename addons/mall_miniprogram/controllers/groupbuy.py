# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, http
from odoo.http import request

from odoo.addons.mall_catalog.tools import money
from odoo.addons.mall_groupbuy.exceptions import GroupbuyError

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.common import PageQuery
from ..schemas.groupbuy import (
    GroupbuyCampaign,
    GroupbuyCampaignDetail,
    GroupbuySeat,
    GroupbuySeatRequest,
    MyGroupbuy,
)
from .cart import address_of, cart_errors, checkout_payload

SEAT_ERRORS = ("NOT_FOUND", "BUSINESS_RULE", "OUT_OF_STOCK", "VALIDATION_ERROR")


def _masked(name):
    name = name or ""
    return name[:1] + "**" if name else "**"


def campaign_payload(campaign):
    digits = campaign.currency_id.decimal_places
    return {
        "id": campaign.id,
        "name": campaign.name,
        "product_id": campaign.product_tmpl_id.id,
        "product_name": campaign.product_tmpl_id.name,
        "currency": campaign.currency_id.name,
        "list_price": money.format_amount(campaign.list_price, digits),
        "group_price": money.format_amount(campaign.group_price, digits),
        "group_size": campaign.group_size,
        "duration_hours": campaign.duration_hours,
        "per_shopper_limit": campaign.per_shopper_limit,
        "date_end": campaign.date_end,
    }


def group_payload(group):
    return {
        "id": group.id,
        "name": group.name,
        "campaign_id": group.campaign_id.id,
        "leader": _masked(group.leader_id.name),
        "state": group.state,
        "group_size": group.group_size,
        "paid_count": group.paid_count,
        "seats_left": group.seats_left if group.state == "open" else 0,
        "expires_at": group.expires_at or None,
    }


def _campaigns():
    return request.env["mall.groupbuy.campaign"].sudo()


def _campaign(campaign_id):
    campaign = _campaigns()._campaign_running(campaign_id)
    if not campaign:
        raise MallApiError("NOT_FOUND")
    return campaign


def _take_seat(campaign, body, join):
    """Reserve the seat, create its order and checkout; rule refusals are
    409 BUSINESS_RULE with the refusal in ``details``."""
    shopper = current_shopper()
    address = address_of(shopper, body.address_id)
    variant = None
    if body.variant_id:
        variant = request.env["product.product"].sudo().browse(body.variant_id)
        if not variant.exists():
            raise MallApiError("NOT_FOUND")
    Checkout = request.env["mall.checkout"].sudo()
    try:
        with cart_errors():
            member, checkout = Checkout._mall_groupbuy_checkout(
                campaign,
                shopper,
                address,
                body.carrier_id,
                lambda values: join(shopper, variant, values),
            )
    except GroupbuyError as exc:
        raise MallApiError(
            "BUSINESS_RULE", message=exc.args[0], details=[{"type": exc.code}]
        ) from exc
    return {
        "member_id": member.id,
        "state": member.state,
        "group": group_payload(member.group_id),
        "checkout": checkout_payload(checkout),
    }


class MallGroupbuyController(http.Controller):
    @api_route(
        "/groupbuys",
        summary="Running group buys (拼团)",
        tags=["groupbuy"],
        query=PageQuery,
        response=GroupbuyCampaign,
        paginated=True,
    )
    def campaigns(self, query):
        page, total = _campaigns()._campaign_running_page(query.offset, query.page_size)
        return Page.for_query(query, [campaign_payload(c) for c in page], total)

    @api_route(
        "/groupbuys/<int:campaign_id>",
        summary="A group buy and its open groups to join",
        tags=["groupbuy"],
        response=GroupbuyCampaignDetail,
        errors=("NOT_FOUND",),
    )
    def campaign(self, campaign_id):
        campaign = _campaign(campaign_id)
        now = fields.Datetime.now()
        groups = campaign.group_ids.filtered(
            lambda g: g.state == "open" and g.expires_at > now and g.seats_left
        ).sorted(lambda g: (g.expires_at, g.id))
        return dict(
            campaign_payload(campaign),
            variants=[
                {"id": v.id, "name": v.display_name}
                for v in campaign.product_tmpl_id.product_variant_ids
            ],
            open_groups=[group_payload(g) for g in groups[:20]],
        )

    @api_route(
        "/groupbuys/<int:campaign_id>/groups",
        method="POST",
        summary="Open a group",
        description="Creates the group, the leader's order at the group price "
        "and its checkout: pay it with `POST /checkouts/{id}/pay`. The group "
        "opens to friends once paid. The order is confirmed when the group "
        "fills; if it does not in time, the payment is refunded.",
        tags=["groupbuy"],
        auth="shopper",
        body=GroupbuySeatRequest,
        response=GroupbuySeat,
        status=201,
        errors=SEAT_ERRORS,
    )
    def open_group(self, campaign_id, body):
        campaign = _campaign(campaign_id)
        return _take_seat(campaign, body, campaign._groupbuy_open)

    @api_route(
        "/groupbuy-groups/<int:group_id>/join",
        method="POST",
        summary="Join a group",
        description="Reserves a seat of the open group (refused when full, "
        "already joined or over the campaign's limits: BUSINESS_RULE with the "
        "reason in `details[0].type`) until the checkout's `pay_before`.",
        tags=["groupbuy"],
        auth="shopper",
        body=GroupbuySeatRequest,
        response=GroupbuySeat,
        status=201,
        errors=SEAT_ERRORS,
    )
    def join_group(self, group_id, body):
        group = request.env["mall.groupbuy.group"].sudo().browse(group_id).exists()
        if not group or group.state not in ("open", "succeeded", "failed"):
            raise MallApiError("NOT_FOUND")
        return _take_seat(group.campaign_id, body, group._groupbuy_join)

    @api_route(
        "/groupbuy-groups/mine",
        summary="The shopper's group buys",
        tags=["groupbuy"],
        auth="shopper",
        query=PageQuery,
        response=MyGroupbuy,
        paginated=True,
    )
    def my_groups(self, query):
        members = (
            request.env["mall.groupbuy.member"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", current_shopper().id),
                    ("state", "!=", "cancel"),
                ],
                order="id desc",
            )
        )
        page = members[query.offset : query.offset + query.page_size]
        return Page.for_query(
            query,
            [
                {
                    "member_id": m.id,
                    "state": m.state,
                    "is_leader": m.is_leader,
                    "order_id": m.order_id.id or None,
                    "campaign_name": m.campaign_id.name,
                    "group": group_payload(m.group_id),
                }
                for m in page
            ],
            len(members),
        )
