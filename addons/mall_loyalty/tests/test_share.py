# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.mall_loyalty.tools import share as share_rules


def coupon_program(env, name, discount=10):
    return env["loyalty.program"].create(
        {
            "name": name,
            "program_type": "coupons",
            "trigger": "with_code",
            "reward_ids": [
                (
                    0,
                    0,
                    {
                        "reward_type": "discount",
                        "discount": discount,
                        "discount_mode": "percent",
                        "discount_applicability": "order",
                        "required_points": 1,
                    },
                )
            ],
        }
    )


class ShareCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.newcomer_program = coupon_program(cls.env, "新人券", 10)
        cls.sharer_program = coupon_program(cls.env, "邀请奖励券", 5)
        cls.env["mall.share.campaign"].search([]).active = False  # the demo one
        cls.campaign = cls.env["mall.share.campaign"].create(
            {
                "name": "邀请有礼",
                "newcomer_program_id": cls.newcomer_program.id,
                "sharer_program_id": cls.sharer_program.id,
                "max_per_day": 2,
                "max_per_month": 3,
                "budget": 0,
                "farm_per_device": 3,
                "farm_per_ip": 4,
            }
        )
        Partner = cls.env["res.partner"]
        cls.sharer = Partner.create(
            {"name": "分享者", "mall_is_shopper": True, "phone": "13800138000"}
        )
        cls.share = cls.env["mall.share"]._mall_share(cls.sharer, cls.campaign)
        cls.Referral = cls.env["mall.share.referral"]
        cls._newcomers = 0

    def _newcomer(self, **values):
        type(self)._newcomers += 1
        return self.env["res.partner"].create(
            {"name": f"新顾客{self._newcomers}", "mall_is_shopper": True, **values}
        )

    def _register(self, newcomer=None, is_new=True, device=None, ip=None, **kw):
        type(self)._newcomers += 1
        return self.Referral._mall_register(
            kw.get("share", self.share),
            newcomer or self._newcomer(),
            is_new,
            device_id=device or f"device-{self._newcomers}",
            ip_address=ip or f"10.0.0.{self._newcomers}",
            sharer_device_ids=kw.get("sharer_devices", ["sharer-device"]),
        )


@tagged("post_install", "-at_install")
class TestShareCampaign(ShareCommon):
    def test_token_finds_its_share(self):
        token = self.share._mall_token()
        self.assertEqual(self.env["mall.share"]._mall_from_token(token), self.share)
        self.assertEqual(self.share._mall_path(), f"pages/index/index?s={token}")
        forged = f"{self.share.id + 1}.{token.split('.')[1]}"
        self.assertFalse(self.env["mall.share"]._mall_from_token(forged))
        # Sharing again reuses the share.
        self.assertEqual(
            self.env["mall.share"]._mall_share(self.sharer, self.campaign), self.share
        )

    def test_product_share_path(self):
        product = self.env["product.template"].create({"name": "分享商品"})
        share = self.env["mall.share"]._mall_share(self.sharer, self.campaign, product)
        self.assertNotEqual(share, self.share)
        self.assertEqual(
            share._mall_path(),
            f"pages/product/product?id={product.id}&s={share._mall_token()}",
        )

    def test_newcomer_and_sharer_get_coupons(self):
        newcomer = self._newcomer()
        referral = self._register(newcomer)
        self.assertEqual(referral.state, "rewarded")
        self.assertEqual(referral.newcomer_card_id.partner_id, newcomer)
        self.assertEqual(referral.newcomer_card_id.program_id, self.newcomer_program)
        self.assertEqual(referral.newcomer_card_id.points, 1)
        self.assertEqual(referral.sharer_card_id.partner_id, self.sharer)
        self.assertEqual(referral.sharer_card_id.program_id, self.sharer_program)
        self.assertEqual(self.campaign.rewarded_count, 1)

    def test_existing_shoppers_and_second_arrivals_do_not_count(self):
        newcomer = self._newcomer()
        referral = self._register(newcomer, is_new=False)
        self.assertEqual(
            (referral.state, referral.reason), ("refused", "existing_shopper")
        )
        self.assertFalse(referral.newcomer_card_id or referral.sharer_card_id)
        other = self._newcomer()
        self.assertEqual(self._register(other).state, "rewarded")
        self.assertEqual(self._register(other).reason, "existing_shopper")

    def test_self_invites(self):
        referral = self._register(self.sharer)
        self.assertEqual((referral.state, referral.reason), ("refused", "self_invite"))
        referral = self._register(device="sharer-device")
        self.assertEqual((referral.state, referral.reason), ("flagged", "same_device"))
        self.assertFalse(referral.newcomer_card_id)
        self.assertTrue(self.sharer.mall_share_flagged)

    def test_same_phone_is_flagged(self):
        referral = self._register(self._newcomer(phone="138 0013 8000"))
        self.assertEqual((referral.state, referral.reason), ("flagged", "same_phone"))

    def test_same_phone_bound_later_is_flagged(self):
        newcomer = self._newcomer()
        referral = self._register(newcomer)
        self.assertEqual(referral.state, "rewarded")
        self.assertGreater(referral.sharer_card_id.points, 0)
        newcomer.phone = "+86 138-0013-8000"
        self.assertEqual((referral.state, referral.reason), ("flagged", "same_phone"))
        self.assertEqual(referral.sharer_card_id.points, 0)
        self.assertTrue(self.sharer.mall_share_flagged)

    def test_sharer_caps(self):
        with freeze_time("2026-05-01 10:00:00"):
            states = [self._register().state for _i in range(3)]
        self.assertEqual(states, ["rewarded", "rewarded", "newcomer_only"])
        with freeze_time("2026-05-02 10:00:00"):
            states = [self._register().state for _i in range(2)]
        # The month allows 3 rewards of the sharer.
        self.assertEqual(states, ["rewarded", "newcomer_only"])
        self.assertEqual(
            self.Referral.search_count(
                [("sharer_id", "=", self.sharer.id), ("sharer_card_id", "!=", False)]
            ),
            3,
        )
        with freeze_time("2026-06-01 10:00:00"):
            self.assertEqual(self._register().state, "rewarded")

    def test_caps_count_beijing_days(self):
        # 23:00 and 23:30 in Beijing use the day's two rewards; at 00:30 in
        # Beijing (16:30 UTC, still the same UTC day) a new day begins.
        with freeze_time("2026-05-01 15:00:00"):
            self._register()
        with freeze_time("2026-05-01 15:30:00"):
            self._register()
        with freeze_time("2026-05-01 16:30:00"):
            self.assertEqual(self._register().state, "rewarded")

    def test_caps_count_the_shop_days(self):
        # A Paris shop (UTC+2 in May): 23:00 and 23:30 in Paris use the day's
        # two rewards (all three are the 2nd in Beijing); 00:30 is a new day.
        self.campaign.company_id.partner_id.tz = "Europe/Paris"
        with freeze_time("2026-05-01 21:00:00"):
            self._register()
        with freeze_time("2026-05-01 21:30:00"):
            self._register()
        with freeze_time("2026-05-01 22:30:00"):
            self.assertEqual(self._register().state, "rewarded")

    def test_budget(self):
        self.campaign.budget = 1
        self.assertEqual(self._register().state, "rewarded")
        referral = self._register()
        self.assertEqual((referral.state, referral.reason), ("refused", "budget_spent"))
        self.assertFalse(referral.newcomer_card_id)

    def test_device_farm_is_stopped_and_flagged(self):
        states = [self._register(device="farm-phone").state for _i in range(4)]
        self.assertEqual(states, ["rewarded", "rewarded", "flagged", "flagged"])
        self.assertTrue(self.sharer.mall_share_flagged)
        # Flagged, the sharer's shares earn nothing, from any device.
        referral = self._register()
        self.assertEqual(
            (referral.state, referral.reason), ("flagged", "sharer_flagged")
        )
        # Another sharer is not affected.
        other = self.env["res.partner"].create(
            {"name": "另一位", "mall_is_shopper": True}
        )
        share = self.env["mall.share"]._mall_share(other, self.campaign)
        self.assertEqual(
            self._register(share=share, device="farm-phone").state, "rewarded"
        )

    def test_ip_farm_within_the_window_only(self):
        self.campaign.write({"max_per_day": 0, "max_per_month": 0})
        with freeze_time("2026-05-01 10:00:00"):
            for _i in range(3):
                self.assertEqual(self._register(ip="1.2.3.4").state, "rewarded")
        with freeze_time("2026-05-02 11:00:00"):
            # The earlier three are out of the 24-hour window.
            self.assertEqual(self._register(ip="1.2.3.4").state, "rewarded")
        with freeze_time("2026-05-02 12:00:00"):
            self._register(ip="1.2.3.4")
            self._register(ip="1.2.3.4")
            referral = self._register(ip="1.2.3.4")
        self.assertEqual((referral.state, referral.reason), ("flagged", "ip_farm"))

    def test_campaign_period_and_current(self):
        now = fields.Datetime.now()
        self.assertEqual(self.env["mall.share.campaign"]._mall_current(), self.campaign)
        self.campaign.write({"date_end": now - timedelta(days=1)})
        self.assertFalse(self.env["mall.share.campaign"]._mall_current())
        referral = self._register()
        self.assertEqual(
            (referral.state, referral.reason), ("refused", "campaign_ended")
        )
        with self.assertRaises(ValidationError):
            self.campaign.date_start = now

    def test_rules_match_the_plain_module(self):
        self.assertEqual(
            self.campaign._mall_limits(),
            share_rules.ReferralLimits(
                per_day=2, per_month=3, budget=0, farm_per_device=3, farm_per_ip=4
            ),
        )


@tagged("post_install", "-at_install")
class TestChannelCode(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env["utm.source"].create({"name": "门店A"})
        cls.Code = cls.env["mall.channel.code"]

    def test_scene_rules(self):
        code = self.Code.create(
            {
                "name": "门店A收银台",
                "kind": "store",
                "source_id": self.source.id,
                "scene": "st=A1",
            }
        )
        self.assertEqual(self.Code._mall_from_scene("st=A1"), code)
        self.assertFalse(self.Code._mall_from_scene("st=A2"))
        self.assertFalse(self.Code._mall_from_scene("x" * 40))
        for scene in ("x" * 33, "门店", "a b"):
            with self.assertRaises(ValidationError), self.env.cr.savepoint():
                self.Code.create(
                    {"name": "bad", "source_id": self.source.id, "scene": scene}
                )

    def test_first_channel_is_kept(self):
        first = self.Code.create(
            {
                "name": "KOL 小红",
                "kind": "kol",
                "source_id": self.source.id,
                "scene": "k=red",
            }
        )
        second = self.Code.create(
            {"name": "活动", "source_id": self.source.id, "scene": "c=618"}
        )
        shopper = self.env["res.partner"].create(
            {"name": "顾客", "mall_is_shopper": True}
        )
        shopper._mall_set_first_channel(first)
        shopper._mall_set_first_channel(second)
        self.assertEqual(shopper.mall_channel_code_id, first)
        self.assertEqual(first.partner_count, 1)
        self.assertEqual(second.partner_count, 0)
