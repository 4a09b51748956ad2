# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta, timezone

from odoo import fields, http
from odoo.http import request

from odoo.addons.mall_loyalty.models.mall_member_points import NotEnoughPoints
from odoo.addons.mall_loyalty.tools import points as pts

from ..http_api import MallApiError, Page, api_route, current_shopper
from ..schemas.member import (
    Member,
    PointsHistoryQuery,
    PointsMove,
    RedeemedCoupon,
    Reward,
)


def member_program():
    """The member programme, or a PLATFORM_NOT_CONFIGURED answer."""
    program = request.env["mall.member.points"].sudo()._mall_program()
    if not program:
        raise MallApiError("PLATFORM_NOT_CONFIGURED")
    return program


def member_card(shopper):
    return (
        request.env["mall.member.points"]
        .sudo()
        ._mall_card(shopper.commercial_partner_id, create=False)
    )


def tier_ref(tier):
    if not tier:
        return None
    return {
        "id": tier.id,
        "name": tier.name,
        "min_points": tier.min_points,
        "discount_percent": tier.discount_percent,
    }


def member_day_info(company, now):
    if not company.mall_member_day:
        return None
    return {
        "day": company.mall_member_day,
        "today": pts.is_member_day(now, company.mall_member_day, company._mall_tz()),
        "next_date": pts.next_member_day(
            now, company.mall_member_day, company._mall_tz()
        ),
        "points_multiplier": company.mall_member_day_multiplier,
        "discount_percent": company.mall_member_day_discount,
    }


def reward_kind(reward):
    coupon_reward = reward.mall_coupon_program_id.reward_ids[:1]
    return coupon_reward.reward_type or reward.reward_type


class MallMemberController(http.Controller):
    @api_route(
        "/member",
        summary="The member centre: points, tier, progress and member day",
        tags=["member"],
        auth="shopper",
        response=Member,
        errors=("PLATFORM_NOT_CONFIGURED",),
    )
    def member(self):
        member_program()
        env = request.env
        company = env.company
        shopper = current_shopper().commercial_partner_id
        card = member_card(shopper)
        now = fields.Datetime.now()
        Points = env["mall.member.points"].sudo()
        value = Points._mall_tier_value(shopper, company, now)
        tiers = env["mall.member.tier"].sudo().search([("company_id", "=", company.id)])
        tier = shopper.mall_tier_id
        _current, next_id, missing, percent = pts.tier_progress(
            value, [(t.id, t.min_points) for t in tiers]
        )
        next_tier = tiers.browse(next_id) if next_id else tiers.browse()
        if next_tier and tier and next_tier.min_points <= tier.min_points:
            next_tier = tiers.filtered(lambda t: t.min_points > tier.min_points)[:1]
            missing = max(next_tier.min_points - value, 0) if next_tier else 0
        today = pts.shop_date(now, company._mall_tz())
        horizon = pts.add_months(today.replace(day=1), 2) - timedelta(days=1)
        expiring = Points.search(
            [
                ("card_id", "=", card.id or 0),
                ("remaining", ">", 0),
                ("expires_on", "!=", False),
                ("expires_on", "<=", horizon),
            ],
            order="expires_on",
        )
        return {
            "points": int(card.points),
            "points_expiring": sum(expiring.mapped("remaining")),
            "points_expiring_on": expiring[:1].expires_on or None,
            "tier": tier_ref(tier),
            "next_tier": tier_ref(next_tier),
            "tier_basis": company.mall_tier_basis,
            "tier_value": value,
            "tier_window_days": company.mall_tier_window_days,
            "to_next_tier": missing if next_tier else 0,
            "progress_percent": min(percent if next_tier else 100, 100),
            "discount_percent": shopper._mall_member_discount(now, company),
            "perks": str(tier.perks or ""),
            "member_day": member_day_info(company, now),
        }

    @api_route(
        "/member/points",
        summary="Points earned and spent, last first",
        tags=["member"],
        auth="shopper",
        query=PointsHistoryQuery,
        response=PointsMove,
        paginated=True,
        errors=("PLATFORM_NOT_CONFIGURED",),
    )
    def member_points(self, query):
        member_program()
        card = member_card(current_shopper())
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
        return Page.for_query(
            query,
            [
                {
                    "date": row.create_date.replace(tzinfo=timezone.utc),
                    "description": row.description or "",
                    "points": int(row.issued - row.used),
                }
                for row in rows
            ],
            History.search_count(domain),
        )

    @api_route(
        "/member/rewards",
        summary="Coupons and gifts the member can get for points",
        tags=["member"],
        auth="shopper",
        response=list[Reward],
        errors=("PLATFORM_NOT_CONFIGURED",),
    )
    def member_rewards(self):
        program = member_program()
        points = member_card(current_shopper()).points
        rewards = program.reward_ids.filtered(lambda r: r._mall_is_redeemable())
        return [
            {
                "id": reward.id,
                "name": reward.description or reward.mall_coupon_program_id.name,
                "required_points": int(reward.required_points),
                "kind": reward_kind(reward),
                "redeemable": points >= reward.required_points,
            }
            for reward in rewards.sorted("required_points")
        ]

    @api_route(
        "/member/rewards/<int:reward_id>/redeem",
        method="POST",
        summary="Spend points for a coupon or a gift",
        description="Spends the reward's points and gives a coupon (a discount, "
        "or a free product) to use at checkout. 409 BUSINESS_RULE when the "
        "member has not enough points.",
        tags=["member"],
        auth="shopper",
        response=RedeemedCoupon,
        status=201,
        errors=("NOT_FOUND", "BUSINESS_RULE", "PLATFORM_NOT_CONFIGURED"),
    )
    def member_redeem(self, reward_id):
        member_program()
        reward = request.env["loyalty.reward"].sudo().browse(reward_id).exists()
        if not (reward and reward._mall_is_redeemable()):
            raise MallApiError("NOT_FOUND")
        shopper = current_shopper().commercial_partner_id
        try:
            coupon = reward._mall_redeem(shopper)
        except NotEnoughPoints as exc:
            raise MallApiError(
                "BUSINESS_RULE",
                message="积分不足",
                message_en="Not enough points for this reward.",
            ) from exc
        return {
            "id": coupon.id,
            "code": coupon.code,
            "program": coupon.program_id.name,
            "expiration_date": coupon.expiration_date or None,
            "points_left": int(member_card(shopper).points),
        }
