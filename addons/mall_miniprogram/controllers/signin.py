# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.mall_loyalty.tools import signin

from ..http_api import api_route, current_shopper
from ..schemas.signin import Signin, SigninQuery, SigninStatus
from .member import member_card, member_program


def _balance(shopper):
    return int(member_card(shopper).points)


class MallSigninController(http.Controller):
    @api_route(
        "/signin",
        method="POST",
        summary="Sign in for today (签到)",
        description="Once a day (Beijing date): the first call awards the day's "
        "points (base points plus the streak's bonus); later calls that day "
        "answer the same sign-in and award nothing. A missed day starts the "
        "streak again.",
        tags=["member"],
        auth="shopper",
        response=Signin,
        errors=("PLATFORM_NOT_CONFIGURED",),
    )
    def sign_in(self):
        member_program()
        shopper = current_shopper().commercial_partner_id
        record = request.env["mall.signin"].sudo()._mall_sign_in(shopper)
        return {
            "date": record.date,
            "streak": record.streak,
            "points": record.points,
            "points_balance": _balance(shopper),
        }

    @api_route(
        "/signin",
        summary="Sign-in status and calendar of a month",
        description="Today's state, the current streak, what the next days "
        "give, and the days of the month signed.",
        tags=["member"],
        auth="shopper",
        query=SigninQuery,
        response=SigninStatus,
        errors=("PLATFORM_NOT_CONFIGURED",),
    )
    def status(self, query):
        member_program()
        shopper = current_shopper().commercial_partner_id
        Signin = request.env["mall.signin"].sudo()
        today, streak, signed, rule = Signin._mall_status(shopper)
        year = query.year or today.year
        month = query.month or today.month
        by_date = Signin._mall_month(shopper, year, month)
        if signed:
            today_points = Signin._mall_month(shopper, today.year, today.month)[
                today
            ].points
            upcoming = rule._mall_upcoming(streak)
        else:
            today_points = rule._mall_reward(streak + 1)
            upcoming = rule._mall_upcoming(streak + 1)
        return {
            "today": today,
            "signed_today": signed,
            "streak": streak,
            "today_points": today_points,
            "upcoming": [{"streak": d, "points": p} for d, p in upcoming],
            "year": year,
            "month": month,
            "days": [
                {
                    "date": day,
                    "signed": bool(record),
                    "points": record.points if record else 0,
                    "streak": record.streak if record else 0,
                }
                for day, record, _future in signin.month_calendar(
                    year, month, by_date, today
                )
            ],
            "points_balance": _balance(shopper),
        }
