# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mall_loyalty.tests.common import setup_member_program

from .common import MallApiCommon

# 10:00 in Beijing (02:00 UTC) on consecutive days of a month without a
# member day clash (the member day is set off these dates).
DAY1 = datetime(2026, 3, 2, 2, 0)


def day(n, hour=2):
    return DAY1 + timedelta(days=n - 1, hours=hour - 2)


@tagged("post_install", "-at_install")
class TestSigninApi(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        setup_member_program(env, cls.company, mall_member_day=28)
        Rule = env["mall.signin.rule"]
        Rule.search([("company_id", "=", cls.company.id)]).active = False
        cls.rule = Rule.create(
            {
                "name": "每日签到",
                "base_points": 5,
                "cycle_days": 7,
                "bonus_ids": [
                    (0, 0, {"streak_day": 3, "points": 10}),
                    (0, 0, {"streak_day": 7, "points": 30}),
                ],
            }
        )
        cls.other = env["res.partner"].create({"name": "别人", "mall_is_shopper": True})
        cls.Points = env["mall.member.points"]

    def _call(self, method, path="/signin", partner=None):
        token = self.env["mall.shopper.token"]._issue(partner or self.shopper, "weixin")
        status, body, _response = self.api(method, path, token=token)
        self.assertEqual(status, 200, body)
        return body["data"]

    def _balance(self, partner=None):
        card = self.Points._mall_card(partner or self.shopper, create=False)
        card.invalidate_recordset(["points"])
        return int(card.points)

    def test_streak_bonus_reset_and_idempotency(self):
        expected = {1: 5, 2: 5, 3: 15}
        for n, points in expected.items():
            with freeze_time(day(n)):
                signed = self._call("POST")
                self.assertEqual(
                    (signed["streak"], signed["points"]), (n, points), signed
                )
        self.assertEqual(self._balance(), 25)
        with freeze_time(day(3, hour=12)):
            # Signing in again the same day gives the same answer, no points.
            again = self._call("POST")
            self.assertEqual((again["streak"], again["points"]), (3, 15))
            self.assertEqual(again["points_balance"], 25)
            status = self._call("GET")
            self.assertTrue(status["signed_today"])
            self.assertEqual((status["streak"], status["today_points"]), (3, 15))
            self.assertEqual(status["upcoming"][:1], [{"streak": 4, "points": 5}])
        # 01:30 in Beijing on day 4 is still day 3 in UTC: a new day all the same.
        with freeze_time(day(4, hour=-7) + timedelta(minutes=30)):
            status = self._call("GET")
            self.assertFalse(status["signed_today"])
            self.assertEqual((status["streak"], status["today_points"]), (3, 5))
        # Day 4 missed: the streak starts again on day 5.
        with freeze_time(day(5)):
            status = self._call("GET")
            self.assertEqual((status["streak"], status["today_points"]), (0, 5))
            signed = self._call("POST")
            self.assertEqual((signed["streak"], signed["points"]), (1, 5))
            status = self._call("GET")
            days = {d["date"]: d for d in status["days"]}
            self.assertEqual((status["year"], status["month"]), (2026, 3))
            self.assertEqual(len(status["days"]), 31)
            self.assertEqual(
                [d["date"] for d in status["days"] if d["signed"]],
                ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-06"],
            )
            self.assertEqual(days["2026-03-04"]["points"], 15)
            self.assertFalse(days["2026-03-05"]["signed"])
            # Another month's calendar.
            status = self._call("GET", "/signin?year=2026&month=2")
            self.assertEqual(len(status["days"]), 28)
            self.assertFalse(any(d["signed"] for d in status["days"]))
        self.assertEqual(self._balance(), 30)
        records = self.env["mall.signin"].search([("partner_id", "=", self.shopper.id)])
        self.assertEqual(len(records), 4)
        self.assertEqual(
            set(records.lot_id.mapped("kind")), {"signin"}, "points lots of sign-ins"
        )

    def test_seventh_day_bonus_and_cycle(self):
        points = []
        for n in range(1, 9):
            with freeze_time(day(n)):
                points.append(self._call("POST")["points"])
        self.assertEqual(points, [5, 5, 15, 5, 5, 5, 35, 5])

    def test_one_sign_in_per_day_in_the_database(self):
        with freeze_time(day(1)):
            self._call("POST")
        Signin = self.env["mall.signin"]
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            Signin.create(
                {
                    "partner_id": self.shopper.id,
                    "company_id": self.company.id,
                    "date": fields.Date.to_date("2026-03-02"),
                    "streak": 1,
                }
            )

    def test_sign_ins_are_the_shoppers_own(self):
        with freeze_time(day(1)):
            self._call("POST")
            theirs = self._call("GET", partner=self.other)
            self.assertFalse(theirs["signed_today"])
            self.assertFalse(any(d["signed"] for d in theirs["days"]))
            self.assertEqual(theirs["points_balance"], 0)
            signed = self._call("POST", partner=self.other)
            self.assertEqual((signed["streak"], signed["points"]), (1, 5))
        self.assertEqual((self._balance(), self._balance(self.other)), (5, 5))

    def test_not_configured(self):
        self.company.mall_member_program_id = False
        token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")
        self.assertApiError(
            self.api("POST", "/signin", token=token), 503, "PLATFORM_NOT_CONFIGURED"
        )
