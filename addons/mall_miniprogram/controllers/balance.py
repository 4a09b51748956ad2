# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timezone
from decimal import Decimal

from odoo import http
from odoo.http import request

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.balance import (
    Balance,
    BalanceHistoryQuery,
    BalanceMove,
    TopupCheckout,
    TopupRequest,
)
from .cart import _money

DEFAULT_TOPUP_MIN = "1"
DEFAULT_TOPUP_MAX = "5000"


def balance_program():
    """The eWallet program of the mall's balance provider, or a
    PLATFORM_NOT_CONFIGURED answer."""
    provider = (
        request.env["payment.provider"]
        .sudo()
        .search(
            [("code", "=", "mall_balance"), ("state", "in", ("enabled", "test"))],
            limit=1,
        )
    )
    program = provider.mall_balance_program_id
    if not program:
        raise MallApiError("PLATFORM_NOT_CONFIGURED")
    return program


def shopper_card(program):
    return (
        request.env["loyalty.card"]
        .sudo()
        .search(
            [
                ("program_id", "=", program.id),
                ("partner_id", "=", current_shopper().id),
            ],
            order="id",
            limit=1,
        )
    )


def topup_limits():
    """Min and max of one top-up, Decimals: stored value is regulated, and a
    cap limits what a stolen account can launder."""
    params = request.env["ir.config_parameter"].sudo()
    return (
        Decimal(params.get_param("mall.topup_min", DEFAULT_TOPUP_MIN)),
        Decimal(params.get_param("mall.topup_max", DEFAULT_TOPUP_MAX)),
    )


class MallBalanceController(http.Controller):
    @api_route(
        "/balance",
        summary="The shopper's balance (储值余额)",
        tags=["balance"],
        auth="shopper",
        response=Balance,
        errors=("PLATFORM_NOT_CONFIGURED",),
    )
    def balance_summary(self):
        program = balance_program()
        currency = program.currency_id
        low, high = topup_limits()
        return {
            "currency": currency.name,
            "balance": _money(shopper_card(program).points, currency),
            "topup_min": _money(float(low), currency),
            "topup_max": _money(float(high), currency),
        }

    @api_route(
        "/balance/history",
        summary="What credited and debited the balance, last first",
        tags=["balance"],
        auth="shopper",
        query=BalanceHistoryQuery,
        response=BalanceMove,
        paginated=True,
        errors=("PLATFORM_NOT_CONFIGURED",),
    )
    def balance_history(self, query):
        program = balance_program()
        card = shopper_card(program)
        History = request.env["loyalty.history"].sudo()
        # sale_loyalty writes 0/0 lines on each confirmation: not moves.
        domain = [
            ("card_id", "=", card.id or 0),
            "|",
            ("issued", "!=", 0),
            ("used", "!=", 0),
        ]
        rows = History.search(
            domain, order="id desc", offset=query.offset, limit=query.page_size
        )
        currency = program.currency_id
        return Page.for_query(
            query,
            [
                {
                    "date": row.create_date.replace(tzinfo=timezone.utc),
                    "description": row.description or "",
                    "amount": _money(row.issued - row.used, currency),
                }
                for row in rows
            ],
            History.search_count(domain),
        )

    @api_route(
        "/balance/topups",
        method="POST",
        summary="Top the balance up",
        description="Creates a checkout for the amount; pay it with "
        "`POST /checkouts/{id}/pay` (WeChat Pay or Alipay). The balance is "
        "credited when the payment is confirmed.",
        tags=["balance"],
        auth="shopper",
        body=TopupRequest,
        response=TopupCheckout,
        status=201,
        errors=("VALIDATION_ERROR", "PLATFORM_NOT_CONFIGURED"),
    )
    def balance_topup(self, body):
        program = balance_program()
        low, high = topup_limits()
        if not low <= body.amount <= high:
            raise MallApiError(
                "VALIDATION_ERROR",
                details=[
                    {
                        "field": "amount",
                        "type": "out_of_range",
                        "message": f"between {low} and {high}",
                    }
                ],
            )
        checkout = (
            request.env["mall.checkout"]
            .sudo()
            ._mall_topup(current_shopper(), body.amount, program)
        )
        return {
            "id": checkout.id,
            "name": checkout.name,
            "currency": checkout.currency_id.name,
            "amount_total": _money(checkout.amount_total, checkout.currency_id),
            "pay_before": checkout.pay_before.replace(tzinfo=timezone.utc),
        }
