# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import money
from odoo.addons.mall_loyalty.models.loyalty_program import WALLET_PROGRAM_TYPES

from ..http_api import Page, api_route, current_shopper
from ..schemas.coupon import CouponQuery, WalletCoupon


def wallet_coupon(card):
    program = card.program_id
    reward = card.env["sale.order"]._mall_coupon_reward(card) or program.reward_ids[:1]
    kind = reward._mall_coupon_kind() if reward else None
    digits = program.currency_id.decimal_places
    rules = program.rule_ids
    threshold = min(rules.mapped("minimum_amount")) if rules else 0
    ends = [d for d in (card.expiration_date, program.date_to) if d]
    return {
        "id": card.id,
        "name": program.name,
        "code": card.code,
        "kind": kind or "other",
        "description": reward.description or "",
        "threshold": money.format_amount(threshold, digits),
        "amount": money.format_amount(reward.discount, digits)
        if kind == "fixed"
        else None,
        "percent": reward.discount if kind == "percent" else None,
        "max_discount": money.format_amount(reward.discount_max_amount, digits)
        if reward.discount_max_amount
        else None,
        "valid_from": program.date_from or None,
        "valid_until": min(ends) if ends else None,
        "state": card.mall_wallet_state,
    }


class MallCouponController(http.Controller):
    @api_route(
        "/coupons",
        summary="The shopper's coupons: usable, used or expired",
        description="The member centre's wallet. Usable coupons may still "
        "not apply to a given order (threshold, products): the checkout "
        "preview lists those that do.",
        tags=["member"],
        auth="shopper",
        query=CouponQuery,
        response=WalletCoupon,
        paginated=True,
    )
    def coupons(self, query):
        Card = request.env["loyalty.card"].sudo()
        domain = [
            ("partner_id", "=", current_shopper().id),
            ("program_id.program_type", "in", WALLET_PROGRAM_TYPES),
        ]
        cards = Card.search(domain, order="expiration_date, id").filtered(
            lambda card: card.mall_wallet_state == query.state
        )
        page = cards[query.offset : query.offset + query.page_size]
        return Page.for_query(query, [wallet_coupon(c) for c in page], len(cards))
