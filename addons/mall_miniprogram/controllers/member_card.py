# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The paid member card (付费会员): plans, the shopper's card, buying it."""

from datetime import timezone
from decimal import Decimal

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import money
from odoo.addons.mall_loyalty.tools import member_card as mc

from ..http_api import MallApiError, api_route, current_shopper
from ..schemas.member_card import CardCheckout, CardPlan, CardPurchaseRequest, MyCard

# Monthly spends of the saving examples shown with each plan.
EXAMPLE_SPENDS = (200, 500, 1000)


def _money(amount, currency):
    return money.format_amount(amount, currency.decimal_places)


def plan_payload(plan):
    currency = plan.currency_id
    examples = []
    for spend in EXAMPLE_SPENDS:
        saved, net = plan._mall_example(spend)
        examples.append(
            {
                "monthly_spend": _money(spend, currency),
                "saved": _money(saved, currency),
                "net": _money(net, currency),
            }
        )
    return {
        "id": plan.id,
        "name": plan.name,
        "duration": plan.duration,
        "months": plan.months,
        "price": _money(plan.price, currency),
        "currency": currency.name,
        "discount_percent": plan.discount_percent,
        "category_ids": plan.category_ids.ids,
        "free_shipping": plan.free_shipping,
        "free_shipping_min": _money(plan.free_shipping_min, currency),
        "monthly_coupon": plan.coupon_program_id.name or None,
        "points_multiplier": plan.points_multiplier,
        "description": plan.description or "",
        "examples": examples,
    }


def _plans():
    return (
        request.env["mall.member.card.plan"]
        .sudo()
        .search([("company_id", "=", request.env.company.id)])
    )


def card_price_hint(template_id, price_min):
    """The member card price of a product at ``price_min`` (a formatted
    amount): the active plan with the highest discount on it, or None."""
    template = request.env["product.template"].sudo().browse(template_id)
    plans = _plans().filtered(lambda p: p._mall_applies_to(template))
    if not plans:
        return None
    plan = plans.sorted("discount_percent", reverse=True)[0]
    digits = plan.currency_id.decimal_places
    percent = Decimal(str(plan.discount_percent))
    price = money.to_decimal(Decimal(price_min) * (100 - percent) / 100, digits)
    return {
        "plan_id": plan.id,
        "plan_name": plan.name,
        "discount_percent": plan.discount_percent,
        "price": money.format_amount(price, digits),
    }


class MallMemberCardController(http.Controller):
    @api_route(
        "/member-card/plans",
        summary="Paid member card plans, with saving examples",
        description="The cards on sale (monthly, quarterly, yearly): price, "
        "member price discount (on top of the tier discount), perks, and "
        "what a shopper spending 200, 500 or 1000 a month would save.",
        tags=["member"],
        response=list[CardPlan],
    )
    def member_card_plans(self):
        return [plan_payload(plan) for plan in _plans()]

    @api_route(
        "/member-card",
        summary="The shopper's paid member card",
        description="Status, end date, days left and what the card saved "
        "on the shopper's orders so far. `active` is false for a shopper "
        "who never bought one or whose card ended.",
        tags=["member"],
        auth="shopper",
        response=MyCard,
    )
    def member_card_mine(self):
        shopper = current_shopper().commercial_partner_id
        Card = request.env["mall.member.card"].sudo()
        company = request.env.company
        card = Card.search(
            [("partner_id", "=", shopper.id), ("company_id", "=", company.id)],
            limit=1,
        )
        currency = company.currency_id
        if not card:
            return {
                "active": False,
                "days_left": 0,
                "savings": _money(0, currency),
                "currency": currency.name,
            }
        valid = card._mall_is_valid()
        currency = card.plan_id.currency_id
        return {
            "active": valid,
            "state": "active" if valid else "expired",
            "plan": plan_payload(card.plan_id),
            "date_start": card.date_start,
            "date_end": card.date_end,
            "days_left": card.days_left if valid else 0,
            "savings": _money(card._mall_savings(), currency),
            "currency": currency.name,
        }

    @api_route(
        "/member-card/purchases",
        method="POST",
        summary="Buy or renew a paid member card",
        description="Creates a checkout of the plan's price; pay it with "
        "`POST /checkouts/{id}/pay` (the balance, WeChat Pay or Alipay). The "
        "card starts, or a valid card is extended from its end date, when the "
        "payment is confirmed, once however many notifications arrive.",
        tags=["member"],
        auth="shopper",
        body=CardPurchaseRequest,
        response=CardCheckout,
        status=201,
        errors=("NOT_FOUND",),
    )
    def member_card_buy(self, body):
        plan = _plans().filtered(lambda p: p.id == body.plan_id)
        if not plan:
            raise MallApiError("NOT_FOUND")
        shopper = current_shopper()
        card = request.env["mall.member.card"]._mall_active_card(
            shopper, request.env.company
        )
        today = request.env["mall.member.card"]._mall_today()
        _start, end, renewal = mc.new_period(
            today, plan.months, card.date_start or None, card.date_end or None
        )
        checkout = (
            request.env["mall.checkout"].sudo()._mall_card_checkout(shopper, plan)
        )
        return {
            "id": checkout.id,
            "name": checkout.name,
            "currency": checkout.currency_id.name,
            "amount_total": _money(checkout.amount_total, checkout.currency_id),
            "pay_before": checkout.pay_before.replace(tzinfo=timezone.utc),
            "renewal": renewal,
            "new_date_end": end,
        }
