# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from odoo.addons.mall_loyalty.tests.test_share import coupon_program

APPID = "wx5e1f0c0ffee0cafe"
NOW = datetime(2026, 6, 1, 9, 0)


@tagged("post_install", "-at_install")
class TestWinback(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.program = coupon_program(env, "回归礼包", 20)
        params = env["ir.config_parameter"].sudo()
        params.set_param("mall.weixin_appid", APPID)
        params.set_param("mall.winback_program_id", str(cls.program.id))
        params.set_param("mall.winback_days", "30")
        env["mall.notification.template"].create(
            {
                "name": "回归礼包",
                "event": "winback",
                "platform": "weixin",
                "template_id": "tmpl-winback",
                "mapping": json.dumps({"thing1": "gift_name", "date2": "gift_expires"}),
            }
        )
        Partner = env["res.partner"]
        cls.lapsed = Partner.create({"name": "沉睡顾客", "mall_is_shopper": True})
        cls.recent = Partner.create({"name": "活跃顾客", "mall_is_shopper": True})
        cls.ordering = Partner.create({"name": "只下单顾客", "mall_is_shopper": True})
        cls.identities = {}
        for partner, days in ((cls.lapsed, 40), (cls.recent, 5), (cls.ordering, 40)):
            cls.identities[partner] = env["mall.shopper.identity"].create(
                {
                    "partner_id": partner.id,
                    "platform": "weixin",
                    "appid": APPID,
                    "openid": f"o-{partner.id}",
                    "last_login": NOW - timedelta(days=days),
                }
            )
        # An order ten days ago: seen recently, even without signing in.
        env["sale.order"].create(
            {"partner_id": cls.ordering.id, "date_order": NOW - timedelta(days=10)}
        )
        cls.mine = cls.lapsed | cls.recent | cls.ordering
        cls.Winback = env["mall.winback"]

    def _cron(self, when=NOW):
        """The gifts of this test's shoppers (demo shoppers may lapse too)."""
        with freeze_time(when):
            gifts = self.Winback._cron_winback()
        return gifts.filtered(lambda g: g.partner_id in self.mine)

    def _gifts(self):
        return self.Winback.search([("partner_id", "in", self.mine.ids)])

    def test_lapsed_shoppers_get_one_gift_per_lapse(self):
        gifts = self._cron()
        self.assertEqual(gifts.partner_id, self.lapsed)
        self.assertEqual(gifts.last_seen, NOW - timedelta(days=40))
        self.assertEqual(
            (gifts.card_id.partner_id, gifts.card_id.program_id),
            (self.lapsed, self.program),
        )
        self.assertEqual(str(gifts.card_id.expiration_date), "2026-06-15")
        message = self.env["mall.notification"].search(
            [("partner_id", "=", self.lapsed.id), ("event", "=", "winback")]
        )
        self.assertEqual(
            json.loads(message.payload), {"thing1": "回归礼包", "date2": "2026-06-15"}
        )
        self.assertTrue(gifts.notified)
        # The next days: the same lapse gets nothing more.
        self.assertFalse(self._cron(NOW + timedelta(days=1)))
        self.assertEqual(len(self._gifts()), 1)

    def test_results_are_tracked(self):
        gift = self._cron()
        back_at = NOW + timedelta(days=2)
        self.identities[self.lapsed].last_login = back_at
        self._cron(NOW + timedelta(days=3))
        self.assertEqual((gift.state, gift.came_back_at), ("came_back", back_at))
        order = self.env["sale.order"].create({"partner_id": self.lapsed.id})
        order.write(
            {"mall_payment_state": "paid", "mall_paid_at": NOW + timedelta(days=4)}
        )
        self._cron(NOW + timedelta(days=5))
        self.assertEqual((gift.state, gift.order_id), ("ordered", order))

    def test_a_new_lapse_gets_a_new_gift(self):
        first = self._cron()
        back_at = NOW + timedelta(days=1)
        self.identities[self.lapsed].last_login = back_at
        self.assertFalse(self._cron(NOW + timedelta(days=20)))
        # A month after coming back, the shopper lapsed again (the others
        # too, by now).
        gifts = self._cron(NOW + timedelta(days=32))
        second = gifts.filtered(lambda g: g.partner_id == self.lapsed)
        self.assertEqual(second.last_seen, back_at)
        self.assertEqual(gifts.partner_id, self.mine)
        self.assertEqual(
            self._gifts().filtered(lambda g: g.partner_id == self.lapsed),
            first | second,
        )

    def test_no_program_no_gift(self):
        self.env["ir.config_parameter"].sudo().set_param("mall.winback_program_id", "")
        self.assertFalse(self._cron())
        self.assertFalse(self._gifts())

    def test_frozen_shoppers_are_left_alone(self):
        self.lapsed.mall_frozen = True
        self.assertFalse(self._cron())
