# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from decimal import Decimal

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_catalog.tools import money

from .common import MallApiCommon, PaymentSetup


@tagged("post_install", "-at_install")
class TestBargainApi(PaymentSetup, MallApiCommon):
    """Bargains (砍价) over the API: start, friends' cuts, buy with the
    balance, expiry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_campaign_shop(
            ("砍价测试店", "KJT"),
            "砍价测试电饭煲",
            100.0,
            "砍价测试快递",
            ("李四", "王五", "赵六", "钱七"),
            points=200,
        )
        cls.campaign = cls.env["mall.bargain.campaign"].create(
            {
                "name": "三人砍到 9.9",
                "product_id": cls.product.product_variant_id.id,
                "start_price": 100.0,
                "floor_price": 9.9,
                "helpers_needed": 3,
                "per_shopper_limit": 1,
                "date_start": fields.Datetime.now() - timedelta(days=1),
                "date_end": fields.Datetime.now() + timedelta(days=5),
                "state": "running",
            }
        )

    def call(self, shopper, method, path, body=None, expect=None):
        token = (
            self.env["mall.shopper.token"]._issue(shopper, "weixin")
            if shopper
            else None
        )
        status, data, _response = self.api(method, path, token=token, json_body=body)
        if expect:
            self.assertEqual(status, expect, data)
        else:
            self.assertLess(status, 300, data)
        return data.get("data") if status < 300 else data

    def _start(self, shopper=None):
        shopper = shopper or self.shopper
        return self.call(
            shopper, "POST", f"/bargains/{self.campaign.id}/start", expect=201
        )

    def _help(self, friend, bargain_id, expect=201):
        return self.call(
            friend, "POST", f"/bargain-tasks/{bargain_id}/help", expect=expect
        )

    def _refused(self, data):
        self.assertEqual(data["error"]["code"], "BUSINESS_RULE", data)
        return data["error"]["details"][0]["type"]

    def _checkout(self, shopper, bargain_id, expect=200):
        body = {"address_id": self.addresses[shopper].id, "carrier_id": self.carrier.id}
        return self.call(
            shopper, "POST", f"/bargain-tasks/{bargain_id}/checkout", body, expect
        )

    def _pay(self, shopper, checkout, amount):
        payment = self.call(
            shopper,
            "POST",
            f"/checkouts/{checkout['id']}/pay",
            {"provider": "mall_balance"},
        )
        self.assertEqual((payment["state"], payment["amount"]), ("done", amount))

    def test_friends_cut_to_the_floor_then_buy(self):
        initiator, first, second, third, late = self.shoppers
        listed = self.call(None, "GET", "/bargains")
        [campaign] = [c for c in listed if c["id"] == self.campaign.id]
        self.assertEqual(
            (campaign["start_price"], campaign["floor_price"]), ("100.00", "9.90")
        )
        started = self._start()
        self.assertEqual(
            (started["state"], started["current_price"], started["is_mine"]),
            ("open", "100.00", True),
        )
        bargain_id = started["id"]
        # A friend opening the shared link, not signed in: progress only.
        seen = self.call(None, "GET", f"/bargain-tasks/{bargain_id}")
        self.assertEqual((seen["initiator"], seen["can_help"]), ("测**", False))
        self.assertEqual(
            self.call(first, "GET", f"/bargain-tasks/{bargain_id}")["can_help"], True
        )
        # Friends need to sign in; the initiator cannot help themselves.
        self.call(None, "POST", f"/bargain-tasks/{bargain_id}/help", expect=401)
        own = self._help(initiator, bargain_id, expect=409)
        self.assertEqual(self._refused(own), "own_bargain")

        cuts = []
        for friend in (first, second, third):
            helped = self._help(friend, bargain_id)
            cuts.append(Decimal(helped["cut"]))
            self.assertGreaterEqual(
                Decimal(helped["bargain"]["current_price"]), Decimal("9.90")
            )
        self.assertEqual(sum(cuts), Decimal("90.10"))
        again = self._help(first, bargain_id, expect=409)
        self.assertEqual(self._refused(again), "already_helped")
        over = self._help(late, bargain_id, expect=409)
        self.assertEqual(self._refused(over), "complete")

        bargain = self.env["mall.bargain"].browse(bargain_id)
        self.assertEqual(bargain.state, "success")
        self.assertEqual(bargain.current_price, 9.9)
        # In the database too, to the cent.
        self.assertEqual(
            sum(money.to_decimal(h.amount) for h in bargain.help_ids),
            Decimal("90.10"),
        )
        self.assertEqual(len(bargain.help_ids), 3)
        seen = self.call(late, "GET", f"/bargain-tasks/{bargain_id}")
        self.assertEqual(seen["progress"], 100.0)
        self.assertEqual([h["name"] for h in seen["helpers"]], ["李**", "王**", "赵**"])
        self.assertEqual([Decimal(h["amount"]) for h in seen["helpers"]], cuts)

        bought = self._checkout(initiator, bargain_id)
        self.assertEqual(bought["checkout"]["amount_total"], "9.90")
        # Asked twice: the same checkout.
        self.assertEqual(
            self._checkout(initiator, bargain_id)["checkout"]["id"],
            bought["checkout"]["id"],
        )
        self._pay(initiator, bought["checkout"], "9.90")
        self.assertEqual(bargain.state, "bought")
        self.assertEqual(bargain.order_id.state, "sale")
        self.assertEqual(bargain.order_id.mall_payment_state, "paid")
        self.assertEqual(bargain.order_id.mall_checkout_id.kind, "bargain")
        [mine] = self.call(initiator, "GET", "/bargain-tasks/mine")
        self.assertEqual(
            (mine["state"], mine["order_id"]), ("bought", bargain.order_id.id)
        )
        self.assertEqual(self.campaign.bargain_bought_count, 1)

    def test_buy_midway_at_the_current_price(self):
        initiator, first, second = self.shoppers[:3]
        bargain_id = self._start()["id"]
        cut = Decimal(self._help(first, bargain_id)["cut"])
        price = Decimal("100.00") - cut
        bought = self._checkout(initiator, bargain_id)
        self.assertEqual(Decimal(bought["checkout"]["amount_total"]), price)
        # The price is frozen while it is being paid for.
        frozen = self._help(second, bargain_id, expect=409)
        self.assertEqual(self._refused(frozen), "purchase_pending")
        self._pay(initiator, bought["checkout"], str(price))
        done = self._help(second, bargain_id, expect=409)
        self.assertEqual(self._refused(done), "bought")
        again = self._checkout(initiator, bargain_id, expect=409)
        self.assertEqual(self._refused(again), "bought")

    def test_expired_bargain_refuses_help_and_purchase(self):
        initiator, first = self.shoppers[:2]
        bargain_id = self._start()["id"]
        bargain = self.env["mall.bargain"].browse(bargain_id)
        bargain.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        self.assertEqual(self._refused(self._help(first, bargain_id, 409)), "expired")
        self.assertEqual(
            self._refused(self._checkout(initiator, bargain_id, 409)), "expired"
        )
        self.env["mall.bargain"]._cron_expire()
        self.assertEqual(bargain.state, "expired")
        self.assertFalse(bargain.help_ids)
        # Expired, it no longer counts against the limit: start again.
        self.assertEqual(self._start()["state"], "open")
        limit = self.call(
            initiator, "POST", f"/bargains/{self.campaign.id}/start", expect=409
        )
        self.assertEqual(self._refused(limit), "limit_reached")

    def test_another_shoppers_bargain(self):
        initiator, other = self.shoppers[:2]
        bargain_id = self._start()["id"]
        # Not theirs to buy, nor listed for them.
        self._checkout(other, bargain_id, expect=404)
        body = {"address_id": self.addresses[other].id}
        self.call(initiator, "POST", f"/bargain-tasks/{bargain_id}/checkout", body, 404)
        self.assertEqual(self.call(other, "GET", "/bargain-tasks/mine"), [])
        self.assertFalse(self.env["mall.bargain"].browse(bargain_id).order_id)
        # Their help is theirs: it names them, never the initiator.
        self._help(other, bargain_id)
        bargain = self.env["mall.bargain"].browse(bargain_id)
        self.assertEqual(bargain.help_ids.partner_id, other)
        # Their own bargain is theirs alone.
        theirs = self._start(other)
        mine = self.call(initiator, "GET", "/bargain-tasks/mine")
        self.assertEqual([b["id"] for b in mine], [bargain_id])
        self.assertNotEqual(theirs["id"], bargain_id)
        self.call(other, "GET", "/bargain-tasks/9999999", expect=404)

    def test_stock_limit_and_closed_campaign(self):
        initiator, other = self.shoppers[:2]
        self.campaign.stock_limit = 1
        first = self._start()["id"]
        second = self._start(other)["id"]
        self._pay(initiator, self._checkout(initiator, first)["checkout"], "100.00")
        sold = self._checkout(other, second, expect=409)
        self.assertEqual(self._refused(sold), "sold_out")
        self.campaign.state = "closed"
        self.call(
            self.shoppers[2], "POST", f"/bargains/{self.campaign.id}/start", expect=404
        )
        self.assertNotIn(
            self.campaign.id, [c["id"] for c in self.call(None, "GET", "/bargains")]
        )

    def test_campaigns_page_in_the_database(self):
        Campaign = self.env["mall.bargain.campaign"]
        now = fields.Datetime.now()
        values = {
            "product_id": self.product.product_variant_id.id,
            "start_price": 100.0,
            "floor_price": 9.9,
            "helpers_needed": 3,
            "date_start": now - timedelta(days=1),
            "state": "running",
        }
        ends = [now + timedelta(days=d) for d in (2, 3, 3, 4)]
        Campaign.create(
            [
                dict(values, name=f"分页砍价 {i}", date_end=end)
                for i, end in enumerate(ends)
            ]
            + [
                dict(values, name="已结束", date_end=ends[0], state="closed"),
                dict(values, name="已归档", date_end=ends[0], active=False),
                dict(values, name="未开始", date_start=ends[0], date_end=ends[1]),
            ]
        )
        # Soonest end first, then by id: the same end does not shuffle pages.
        expected = (
            Campaign.search([])
            .filtered(lambda c: c._campaign_is_running(now))
            .sorted(lambda c: (c.date_end, c.id))
            .ids
        )
        self.assertGreaterEqual(len(expected), 5)
        pages = []
        for page in range(1, len(expected) // 2 + 2):
            status, body, _response = self.api(
                "GET", f"/bargains?page={page}&page_size=2"
            )
            self.assertEqual(status, 200, body)
            self.assertEqual(
                body["meta"],
                {
                    "page": page,
                    "page_size": 2,
                    "total": len(expected),
                    "pages": (len(expected) + 1) // 2,
                },
            )
            pages.append([c["id"] for c in body["data"]])
        self.assertFalse(set(pages[0]) & set(pages[1]))
        self.assertEqual([i for page in pages for i in page], expected)
        self.assertEqual(pages[-1], expected[len(expected) // 2 * 2 :])
