# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import MallLoyaltyCommon


@tagged("post_install", "-at_install")
class TestMallMemberTier(MallLoyaltyCommon):
    def test_tier_for_points(self):
        Tier = self.env["mall.member.tier"]
        for points, tier in [
            (0, self.tier_regular),
            (999, self.tier_regular),
            (1000, self.tier_silver),
            (4999, self.tier_silver),
            (120000, self.tier_gold),
        ]:
            with self.subTest(points=points):
                self.assertEqual(Tier._tier_for_points(points, self.company), tier)

    def test_archived_tier_is_skipped(self):
        self.tier_gold.active = False
        self.assertEqual(
            self.env["mall.member.tier"]._tier_for_points(9000, self.company),
            self.tier_silver,
        )

    def test_discount_bounds(self):
        for value in (-1, 100, 150):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                self.tier_gold.discount_percent = value

    @mute_logger("odoo.sql_db")
    def test_two_tiers_cannot_share_a_threshold(self):
        with self.assertRaises(IntegrityError):
            self.env["mall.member.tier"].with_company(self.company).create(
                {"name": "重复", "min_points": 1000}
            )

    def test_form(self):
        with Form(self.env["mall.member.tier"].with_company(self.company)) as form:
            form.name = "钻石会员"
            form.min_points = 20000
            form.discount_percent = 8
        tier = form.save()
        self.assertEqual(tier.company_id, self.company)
        self.assertEqual(
            self.env["mall.member.tier"]._tier_for_points(20000, self.company), tier
        )
