# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase


class MallLoyaltyCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "会员测试公司"})
        Tier = cls.env["mall.member.tier"].with_company(cls.company)
        cls.tier_regular = Tier.create({"name": "普通会员", "min_points": 0})
        cls.tier_silver = Tier.create(
            {"name": "银卡会员", "min_points": 1000, "discount_percent": 2}
        )
        cls.tier_gold = Tier.create(
            {"name": "金卡会员", "min_points": 5000, "discount_percent": 5}
        )


def setup_member_program(env, company, **settings):
    """A member programme for ``company`` (its points given by the mall), a
    coupon program and a reward of the programme giving its coupons:
    ``(program, coupon_program, reward)``."""
    Program = env["loyalty.program"].with_company(company)
    coupons = Program.create(
        {
            "name": "满100减10券",
            "program_type": "coupons",
            "company_id": company.id,
            "trigger": "with_code",
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount": 10,
                        "discount_mode": "per_order",
                        "required_points": 1,
                    },
                )
            ],
        }
    )
    program = Program.create(
        {
            "name": "会员积分",
            "program_type": "loyalty",
            "company_id": company.id,
            "applies_on": "both",
            "trigger": "auto",
            "rule_ids": [],
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount": 1,
                        "discount_mode": "per_point",
                        "required_points": 500,
                        "description": "500积分换10元券",
                        "mall_coupon_program_id": coupons.id,
                    },
                )
            ],
        }
    )
    # Rules a program type gets by default would also give points on
    # confirmation: the mall gives them on payment.
    program.rule_ids.unlink()
    company.write(
        {
            "mall_member_program_id": program.id,
            "mall_signup_points": 100,
            "mall_points_per_unit": 1,
            "mall_review_photo_points": 20,
            "mall_points_expiry_months": 12,
            "mall_tier_window_days": 365,
            "mall_member_day": 8,
            "mall_member_day_multiplier": 2,
            "mall_member_day_discount": 10,
            **settings,
        }
    )
    return program, coupons, program.reward_ids
