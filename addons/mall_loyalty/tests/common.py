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
