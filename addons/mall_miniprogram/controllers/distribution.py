# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import http
from odoo.http import request

from odoo.addons.mall_catalog.tools import money
from odoo.addons.mall_groupbuy.models.mall_promoter import DistributionError

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.common import PageQuery
from ..schemas.distribution import (
    Binding,
    BindRequest,
    Commission,
    CommissionQuery,
    PromoterCentre,
    TeamMember,
    TeamQuery,
    Withdrawal,
    WithdrawalRequest,
)

SHARE_PAGE = "/pages/index/index"


def _masked(name):
    name = name or ""
    return name[:1] + "**" if name else "**"


def _promoters():
    return request.env["mall.promoter"].sudo()


def _refused(exc):
    return MallApiError(
        "BUSINESS_RULE", message=exc.args[0], details=[{"type": exc.code}]
    )


def _enabled():
    if not _promoters()._mall_setting("enabled"):
        raise MallApiError("NOT_FOUND")


def _my_promoter(active=False):
    promoter = _promoters()._mall_of(current_shopper())
    if not promoter or (active and promoter.state not in ("active", "frozen")):
        raise MallApiError("NOT_FOUND")
    return promoter


def binding_payload(partner, new=False):
    Promoter = _promoters()
    promoter = Promoter._mall_bound_promoter(partner)
    days = promoter._mall_setting("binding_days")  # the promoter's company
    expires = None
    if promoter and days:
        expires = partner.sudo().mall_promoter_bound_at + timedelta(days=days)
    return {
        "bound": bool(promoter),
        "new": new,
        "promoter": _masked(promoter.partner_id.name) if promoter else "",
        "expires_at": expires,
    }


def centre_payload(shopper):
    # Settings of the promoter's company, else of the current one.
    promoter = _promoters()._mall_of(shopper)
    currency = promoter.currency_id or request.env.company.currency_id
    digits = currency.decimal_places
    zero = money.to_decimal(0, digits)
    summary = (
        promoter._mall_summary()
        if promoter
        else dict.fromkeys(("pending", "withdrawable", "withdrawn", "in_review"), zero)
    )
    active = promoter.state == "active"
    return {
        "enabled": promoter._mall_setting("enabled"),
        "mode": promoter._mall_setting("mode"),
        "spend_threshold": money.format_amount(
            promoter._mall_setting("spend_threshold"), digits
        ),
        "state": promoter.state or "none",
        "code": promoter.code if active else None,
        "share_path": f"{SHARE_PAGE}?promoter={promoter.code}" if active else None,
        "currency": currency.name,
        **{key: money.format_amount(value, digits) for key, value in summary.items()},
        "min_withdrawal": money.format_amount(
            promoter._mall_setting("min_withdrawal"), digits
        ),
        "levels": promoter._mall_setting("levels"),
        "team_level_1": len(promoter._mall_team(1)) if promoter else 0,
        "team_level_2": len(promoter._mall_team(2)) if promoter else 0,
    }


def commission_payload(line):
    digits = line.currency_id.decimal_places
    return {
        "id": line.id,
        "order_name": line.order_id.name,
        "buyer": _masked(line.buyer_id.name),
        "level": int(line.level),
        "kind": line.kind,
        "base_amount": money.format_amount(line.base_amount, digits),
        "amount": money.format_amount(line.amount, digits),
        "state": line.state,
        "date": line.accrued_at,
    }


def withdrawal_payload(withdrawal):
    return {
        "id": withdrawal.id,
        "name": withdrawal.name,
        "amount": money.format_amount(
            withdrawal.amount, withdrawal.currency_id.decimal_places
        ),
        "method": withdrawal.method,
        "state": withdrawal.state,
        "reject_reason": withdrawal.reject_reason or None,
        "created_at": withdrawal.create_date,
        "paid_at": withdrawal.paid_at or None,
    }


class MallDistributionController(http.Controller):
    @api_route(
        "/distribution/bindings",
        method="POST",
        summary="Bind the shopper to a promoter (分销绑定)",
        description="Call at sign-in or first visit with the promoter code of "
        "the share link or poster opened. The first promoter wins until the "
        "binding lapses: a later code changes nothing (`new` false). Refused "
        "(BUSINESS_RULE, reason in `details[0].type`): `self_referral`, "
        "`cycle` (the promoter is in the shopper's own team), "
        "`promoter_inactive`. NOT_FOUND: unknown code, or no distribution.",
        tags=["distribution"],
        auth="shopper",
        body=BindRequest,
        response=Binding,
        errors=("NOT_FOUND", "BUSINESS_RULE"),
    )
    def distribution_bind(self, body):
        _enabled()
        shopper = current_shopper()
        promoter = _promoters().search([("code", "=", body.code.upper())], limit=1)
        if not promoter:
            raise MallApiError("NOT_FOUND")
        try:
            __, new = promoter._mall_bind(shopper)
        except DistributionError as exc:
            raise _refused(exc) from exc
        return binding_payload(shopper, new=new)

    @api_route(
        "/distribution/me",
        summary="The promoter centre: state, code and earnings",
        description="Earnings as money strings: `pending` (in the after-sales "
        "window), `withdrawable`, `withdrawn`, `in_review` (withdrawals asked "
        "for, not yet paid).",
        tags=["distribution"],
        auth="shopper",
        response=PromoterCentre,
    )
    def distribution_centre(self):
        return centre_payload(current_shopper())

    @api_route(
        "/distribution/promoter",
        method="POST",
        summary="Become a promoter, or apply to be one",
        description="Open mode: active at once; application mode: `applied` "
        "until the merchant approves; spend mode: refused "
        "(`spend_threshold`) until the shopper spent the threshold.",
        tags=["distribution"],
        auth="shopper",
        response=PromoterCentre,
        errors=("NOT_FOUND", "BUSINESS_RULE"),
    )
    def distribution_apply(self):
        _enabled()
        shopper = current_shopper()
        try:
            _promoters()._mall_apply(shopper)
        except DistributionError as exc:
            raise _refused(exc) from exc
        return centre_payload(shopper)

    @api_route(
        "/distribution/team",
        summary="The promoter's team, level 1 or 2",
        tags=["distribution"],
        auth="shopper",
        query=TeamQuery,
        response=TeamMember,
        paginated=True,
        errors=("NOT_FOUND",),
    )
    def distribution_team(self, query):
        promoter = _my_promoter(active=True)
        members = promoter._mall_team(query.level).sorted(
            lambda p: (p.mall_promoter_bound_at, p.id), reverse=True
        )
        page = members[query.offset : query.offset + query.page_size]
        Commission = request.env["mall.commission"].sudo()
        data = []
        for member in page:
            orders = Commission.search(
                [
                    ("promoter_id", "=", promoter.id),
                    ("buyer_id", "=", member.commercial_partner_id.id),
                    ("kind", "=", "accrual"),
                ]
            ).order_id
            data.append(
                {
                    "name": _masked(member.name),
                    "level": query.level,
                    "bound_at": member.mall_promoter_bound_at or None,
                    "order_count": len(orders),
                }
            )
        return Page.for_query(query, data, len(members))

    @api_route(
        "/distribution/commissions",
        summary="The promoter's orders and their commission",
        tags=["distribution"],
        auth="shopper",
        query=CommissionQuery,
        response=Commission,
        paginated=True,
        errors=("NOT_FOUND",),
    )
    def distribution_commissions(self, query):
        promoter = _my_promoter()
        domain = [("promoter_id", "=", promoter.id)]
        if query.state:
            domain.append(("state", "=", query.state))
        Commission = request.env["mall.commission"].sudo()
        lines = Commission.search(
            domain, order="id desc", offset=query.offset, limit=query.page_size
        )
        return Page.for_query(
            query,
            [commission_payload(c) for c in lines],
            Commission.search_count(domain),
        )

    @api_route(
        "/distribution/withdrawals",
        summary="The promoter's withdrawals",
        tags=["distribution"],
        auth="shopper",
        query=PageQuery,
        response=Withdrawal,
        paginated=True,
        errors=("NOT_FOUND",),
    )
    def distribution_withdrawals(self, query):
        promoter = _my_promoter()
        Withdrawal = request.env["mall.commission.withdrawal"].sudo()
        domain = [("promoter_id", "=", promoter.id)]
        records = Withdrawal.search(
            domain, order="id desc", offset=query.offset, limit=query.page_size
        )
        return Page.for_query(
            query,
            [withdrawal_payload(w) for w in records],
            Withdrawal.search_count(domain),
        )

    @api_route(
        "/distribution/withdrawals",
        method="POST",
        summary="Ask to withdraw commission",
        description="At least the minimum, at most the withdrawable balance "
        "(BUSINESS_RULE: `below_minimum`, `above_withdrawable`). The merchant "
        "approves it: to the mall balance at once, or transfers it to WeChat "
        "Pay/Alipay.",
        tags=["distribution"],
        auth="shopper",
        body=WithdrawalRequest,
        response=Withdrawal,
        status=201,
        errors=("NOT_FOUND", "BUSINESS_RULE"),
    )
    def distribution_withdraw(self, body):
        promoter = _my_promoter(active=True)
        try:
            withdrawal = request.env["mall.commission.withdrawal"]._mall_request(
                promoter, body.amount, body.method
            )
        except DistributionError as exc:
            raise _refused(exc) from exc
        return withdrawal_payload(withdrawal)
