# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import timedelta

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..exceptions import BargainError
from ..tools import bargain_cuts
from .race import race


def _campaign_values(product, **overrides):
    return dict(
        {
            "name": "五人砍价",
            "product_id": product.product_variant_id.id,
            "start_price": 100.0,
            "floor_price": 9.9,
            "helpers_needed": 5,
            "duration_hours": 24,
            "per_shopper_limit": 1,
            "date_start": fields.Datetime.now() - timedelta(days=1),
            "date_end": fields.Datetime.now() + timedelta(days=10),
            "state": "running",
        },
        **overrides,
    )


@tagged("post_install", "-at_install")
class TestBargain(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.product = cls.env["product.template"].create(
            {"name": "砍价保温杯", "list_price": 100.0, "taxes_id": False}
        )
        cls.campaign = cls.env["mall.bargain.campaign"].create(
            _campaign_values(cls.product)
        )
        cls.initiator, *cls.friends = cls.env["res.partner"].create(
            [{"name": f"砍价顾客{i}"} for i in range(8)]
        )

    def _refusal(self, call, *args):
        with self.assertRaises(BargainError) as caught:
            call(*args)
        return caught.exception.code

    def test_helps_add_up_to_the_gap(self):
        for seed in range(20):
            self.campaign.per_shopper_limit = 0
            bargain = self.campaign._bargain_start(
                self.initiator, rng=random.Random(seed)
            )
            self.assertEqual(bargain.current_price, 100.0)
            prices = []
            for friend in self.friends[:5]:
                bargain._bargain_help(friend)
                prices.append(bargain.current_price)
                self.assertGreaterEqual(bargain.current_price, bargain.floor_price)
            self.assertEqual(prices, sorted(prices, reverse=True))
            cents = [bargain_cuts.to_minor(h.amount) for h in bargain.help_ids]
            self.assertEqual(sum(cents), 9010)
            self.assertEqual(cents, bargain_cuts.loads(bargain.cut_plan))
            self.assertEqual(bargain.help_ids.mapped("sequence"), [1, 2, 3, 4, 5])
            self.assertEqual(bargain.current_price, 9.9)
            self.assertEqual(bargain.state, "success")
            self.assertEqual(bargain.progress, 100.0)
            # Over: the sixth friend cuts nothing.
            self.assertEqual(
                self._refusal(bargain._bargain_help, self.friends[5]), "complete"
            )
            self.assertEqual(len(bargain.help_ids), 5)

    def test_help_rules(self):
        bargain = self.campaign._bargain_start(self.initiator)
        self.assertEqual(
            self._refusal(bargain._bargain_help, self.initiator), "own_bargain"
        )
        bargain._bargain_help(self.friends[0])
        self.assertEqual(
            self._refusal(bargain._bargain_help, self.friends[0]), "already_helped"
        )
        self.assertEqual(len(bargain.help_ids), 1)
        # One help per friend per bargain, in the database too.
        with (
            self.assertRaises(psycopg2.errors.UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            self.env["mall.bargain.help"].create(
                {
                    "bargain_id": bargain.id,
                    "partner_id": self.friends[0].id,
                    "sequence": 9,
                    "amount": 0.01,
                }
            )
        bargain.expires_at = fields.Datetime.now() - timedelta(seconds=1)
        self.assertEqual(
            self._refusal(bargain._bargain_help, self.friends[1]), "expired"
        )
        self.assertEqual(self._refusal(bargain._bargain_order), "expired")

    def test_start_rules(self):
        self.campaign._bargain_start(self.initiator)
        self.assertEqual(
            self._refusal(self.campaign._bargain_start, self.initiator),
            "limit_reached",
        )
        self.campaign.state = "closed"
        self.assertEqual(
            self._refusal(self.campaign._bargain_start, self.friends[0]),
            "campaign_closed",
        )

    def test_campaign_config(self):
        # Five friends cannot each cut a cent of a four-cent gap.
        with self.assertRaises(ValidationError):
            self.campaign.floor_price = 99.96
        with self.assertRaises(ValidationError):
            self.campaign.floor_price = 100.0
        with self.assertRaises(ValidationError):
            self.campaign.helpers_needed = 0
        self.campaign.floor_price = 99.95  # one cent each
        bargain = self.campaign._bargain_start(self.initiator)
        self.assertEqual(bargain_cuts.loads(bargain.cut_plan), [1] * 5)

    def test_buy_midway_freezes_the_price(self):
        bargain = self.campaign._bargain_start(self.initiator)
        helped = bargain._bargain_help(self.friends[0])
        order = bargain._bargain_order()
        # The cut is random: compare in cents, not in binary floats.
        self.assertFalse(
            order.currency_id.compare_amounts(order.amount_total, 100.0 - helped.amount)
        )
        self.assertEqual(bargain._bargain_order(), order)
        self.assertEqual(
            self._refusal(bargain._bargain_help, self.friends[1]),
            "purchase_pending",
        )
        # Unpaid and cancelled: friends may cut again.
        order._action_cancel()
        bargain._bargain_help(self.friends[1])
        self.env["mall.bargain"]._bargain_paid_orders(bargain._bargain_order())
        self.assertEqual(bargain.state, "bought")
        self.assertEqual(
            self._refusal(bargain._bargain_help, self.friends[2]), "bought"
        )

    def test_stock_limit(self):
        self.campaign.write({"stock_limit": 1, "per_shopper_limit": 0})
        first = self.campaign._bargain_start(self.initiator)
        second = self.campaign._bargain_start(self.friends[0])
        first._bargain_order()
        self.assertEqual(self._refusal(second._bargain_order), "sold_out")
        self.assertEqual(
            self._refusal(self.campaign._bargain_start, self.friends[1]), "sold_out"
        )

    def test_expiry_cron(self):
        self.campaign.per_shopper_limit = 0
        idle = self.campaign._bargain_start(self.initiator)
        paying = self.campaign._bargain_start(self.initiator)
        fresh = self.campaign._bargain_start(self.initiator)
        paying._bargain_order()
        past = fields.Datetime.now() - timedelta(minutes=1)
        (idle | paying).write({"expires_at": past})
        self.env["mall.bargain"]._cron_expire()
        self.assertEqual(idle.state, "expired")
        # Being paid for: it waits for its checkout.
        self.assertEqual(paying.state, "open")
        self.assertEqual(fresh.state, "open")
        paying.order_id._action_cancel()
        self.env["mall.bargain"]._cron_expire()
        self.assertEqual(paying.state, "expired")
        self.assertEqual(self.campaign.bargain_expired_count, 2)
        self.assertEqual(self.campaign.bargain_open_count, 1)


@tagged("post_install", "-at_install")
class TestBargainRace(TransactionCase):
    """Friends helping at the same moment, each on their own database
    cursor, with committed data (cleaned up after)."""

    RACERS = 6

    def _commit_setup(self, registry, helpers_needed):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            product = env["product.template"].create(
                {"name": "砍价竞速商品", "list_price": 100.0}
            )
            campaign = env["mall.bargain.campaign"].create(
                _campaign_values(product, helpers_needed=helpers_needed)
            )
            partners = env["res.partner"].create(
                [{"name": f"竞速好友 {i}"} for i in range(self.RACERS + 1)]
            )
            bargain = campaign._bargain_start(partners[0])
            return {
                "product": product.id,
                "campaign": campaign.id,
                "bargain": bargain.id,
                "partners": partners.ids,
            }

    def _cleanup(self, registry, ids):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["mall.bargain"].browse(ids["bargain"]).unlink()
            env["mall.bargain.campaign"].browse(ids["campaign"]).unlink()
            env["product.template"].browse(ids["product"]).unlink()
            env["res.partner"].browse(ids["partners"]).unlink()

    def _race(self, registry, bargain_id, partner_ids):
        def help_(env, partner_id):
            bargain = env["mall.bargain"].browse(bargain_id)
            bargain._bargain_help(env["res.partner"].browse(partner_id))

        return race(
            registry, help_, partner_ids, BargainError, "helped", hold=0.05, timeout=60
        )

    def _run(self, helpers_needed, racers):
        registry = self.registry
        test_cr = registry.test_cr
        if test_cr is not None:
            readonly = registry.test_readonly_enabled
            registry.leave_test_mode()
        ids = self._commit_setup(registry, helpers_needed)
        try:
            with mute_logger("odoo.sql_db"):
                results = self._race(registry, ids["bargain"], racers(ids))
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                bargain = env["mall.bargain"].browse(ids["bargain"])
                outcome = {
                    "cents": [
                        bargain_cuts.to_minor(h.amount) for h in bargain.help_ids
                    ],
                    "slots": bargain.help_ids.mapped("sequence"),
                    "friends": len(set(bargain.help_ids.partner_id.ids)),
                    "price": bargain.current_price,
                    "state": bargain.state,
                    "plan": bargain_cuts.loads(bargain.cut_plan),
                }
        finally:
            self._cleanup(registry, ids)
            if test_cr is not None:
                registry.enter_test_mode(test_cr, readonly)
        return results, outcome

    def test_friends_race_for_the_last_cuts(self):
        """Six friends, three cuts: three help, three are told it is over;
        the cuts are the plan's, each slot taken once, the floor exact."""
        results, outcome = self._run(3, lambda ids: ids["partners"][1:])
        codes = sorted(code for code, _retries in results)
        self.assertEqual(codes, ["complete"] * 3 + ["helped"] * 3, results)
        self.assertEqual(outcome["slots"], [1, 2, 3])
        self.assertEqual(outcome["friends"], 3)
        self.assertEqual(outcome["cents"], outcome["plan"])
        self.assertEqual(sum(outcome["cents"]), 9010)
        self.assertEqual((outcome["price"], outcome["state"]), (9.9, "success"))
        # The lock made them queue: someone was retried.
        self.assertTrue(any(retries for _code, retries in results), results)

    def test_one_friend_twice_at_once(self):
        results, outcome = self._run(5, lambda ids: [ids["partners"][1]] * 4)
        codes = sorted(code for code, _retries in results)
        self.assertEqual(codes, ["already_helped"] * 3 + ["helped"], results)
        self.assertEqual(outcome["slots"], [1])
        self.assertEqual(outcome["state"], "open")
