# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.mall_catalog.tools import redis_store

from .common import MallApiCommon, PaymentSetup


@tagged("post_install", "-at_install")
class TestFlashSaleClaimApi(MallApiCommon):
    """The in-Odoo claim route, PostgreSQL path (no Redis)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.variant = cls.env["product.product"].create(
            {"name": "秒杀 耳机", "list_price": 399.0}
        )
        cls.other = cls.env["res.partner"].create(
            {"name": "另一位顾客", "mall_is_shopper": True}
        )
        Token = cls.env["mall.shopper.token"]
        cls.token = Token._issue(cls.shopper)
        cls.other_token = Token._issue(cls.other)

    def setUp(self):
        super().setUp()
        patcher = patch.object(redis_store, "get_client", return_value=None)
        patcher.start()
        self.addCleanup(patcher.stop)

    def make_sale(self, quota=1, start=None):
        sale = self.env["mall.flash.sale"].create(
            {
                "name": "耳机秒杀",
                "product_id": self.variant.id,
                "flash_price": 199.0,
                "quota": quota,
                "date_start": start or fields.Datetime.now() - timedelta(minutes=1),
            }
        )
        sale.action_publish()
        return sale

    def claim(self, sale, token, quantity=1):
        return self.api(
            "POST",
            f"/flash-sales/{sale.id}/claims",
            token=token,
            json_body={"quantity": quantity},
        )

    def test_claim_then_sold_out_and_limit(self):
        sale = self.make_sale(quota=1)
        status, body, _response = self.claim(sale, self.token)
        self.assertEqual(status, 201, body)
        self.assertEqual(body["data"]["state"], "accepted")
        claim = sale.claim_ids
        self.assertEqual(claim.uid, body["data"]["claim_uid"])
        self.assertEqual(claim.partner_id, self.shopper)
        self.assertEqual(sale.remaining, 0)
        self.assertApiError(self.claim(sale, self.token), 409, "FLASH_LIMIT")
        self.assertApiError(self.claim(sale, self.other_token), 409, "FLASH_SOLD_OUT")
        self.assertEqual(len(sale.claim_ids), 1)

    def test_refusals(self):
        later = self.make_sale(start=fields.Datetime.now() + timedelta(hours=1))
        self.assertApiError(self.claim(later, self.token), 409, "FLASH_NOT_STARTED")
        self.assertApiError(self.claim(later, None), 401, "AUTH_REQUIRED")
        self.assertApiError(self.claim(later, self.token, 0), 422, "VALIDATION_ERROR")
        status, body, _response = self.api(
            "POST", "/flash-sales/999999/claims", token=self.token, json_body={}
        )
        self.assertApiError((status, body, _response), 404, "NOT_FOUND")
        self.assertFalse(later.claim_ids)


@tagged("post_install", "-at_install")
class TestFlashSalePurchase(PaymentSetup, MallApiCommon):
    """From the list to a paid order: claim (through Redis and the worker),
    poll the claim, deliver and pay its order with the balance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cny = env.ref("base.CNY")
        cls.pricelist = cls._setup_cny_pricelist(cls.shopper)
        cls.program = cls._setup_balance(cny)
        env["loyalty.card"].create(
            {"program_id": cls.program.id, "partner_id": cls.shopper.id, "points": 500}
        )
        cls.variant = env["product.product"].create(
            {"name": "秒杀 音箱", "list_price": 399.0, "taxes_id": False}
        )
        cls.carrier = cls._create_carrier("秒杀快递")
        cls.address = cls._create_address(partner=cls.shopper)
        cls.token = env["mall.shopper.token"]._issue(cls.shopper, "weixin")

    def setUp(self):
        super().setUp()
        if redis_store.get_client() is None:
            self.skipTest("the flash sale with Redis needs Redis")
        self.sale = self.env["mall.flash.sale"].create(
            {
                "name": "音箱秒杀",
                "product_id": self.variant.id,
                "flash_price": 199.0,
                "quota": 3,
                "date_start": fields.Datetime.now() - timedelta(minutes=1),
            }
        )
        # Publishing resets the sale's keys; they go when the test ends.
        self.sale.action_publish()
        client = redis_store.get_client()
        self.addCleanup(client.delete, *self.sale._flash_claims(client).keys.values())

    def call(self, method, path, body=None, expect=200):
        status, data, _response = self.api(
            method, path, token=self.token, json_body=body
        )
        self.assertEqual(status, expect, data)
        return data["data"]

    def test_claim_poll_deliver_pay(self):
        listed = self.call("GET", "/flash-sales")
        mine = next(s for s in listed if s["id"] == self.sale.id)
        self.assertEqual((mine["remaining"], mine["flash_price"]), (3, "199.00"))
        self.assertTrue(mine["started"])
        claimed = self.call(
            "POST", f"/flash-sales/{self.sale.id}/claims", {"quantity": 1}, 201
        )
        # Redis took the unit at once; the database has no claim yet.
        listed = self.call("GET", "/flash-sales")
        self.assertEqual(
            next(s for s in listed if s["id"] == self.sale.id)["remaining"], 2
        )
        self.assertFalse(self.sale.claim_ids)
        # The worker turns the claim into its order.
        self.sale._flash_worker_batch("test-worker", commit=False)
        claim = self.call("GET", f"/flash-sales/{self.sale.id}/claim")
        self.assertEqual(claim["claim_uid"], claimed["claim_uid"])
        self.assertEqual(claim["state"], "ordered")
        order = self.env["sale.order"].browse(claim["order_id"])
        self.assertEqual(order.state, "draft")
        result = self.call(
            "POST",
            f"/flash-sales/{self.sale.id}/claim/checkout",
            {"address_id": self.address.id, "carrier_id": self.carrier.id},
        )
        checkout = result["checkout"]
        self.assertEqual(order.partner_shipping_id, self.address)
        self.assertEqual(checkout["orders"][0]["id"], order.id)
        # Asking again gives the same checkout.
        again = self.call(
            "POST",
            f"/flash-sales/{self.sale.id}/claim/checkout",
            {"address_id": self.address.id, "carrier_id": self.carrier.id},
        )
        self.assertEqual(again["checkout"]["id"], checkout["id"])
        payment = self.call(
            "POST", f"/checkouts/{checkout['id']}/pay", {"provider": "mall_balance"}
        )
        self.assertEqual(payment["state"], "done")
        self.assertEqual(payment["amount"], checkout["amount_total"])
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.mall_payment_state, "paid")
        self.assertEqual(self.sale.claim_ids.state, "paid")
        line = order.order_line.filtered(lambda line: line.product_id == self.variant)
        self.assertEqual(line.price_unit, 199.0)
        # Paid: the expiry leaves it alone.
        self.env["mall.flash.claim"]._cron_flash_expire()
        self.assertEqual(self.sale.claim_ids.state, "paid")
        self.assertEqual(
            self.call("GET", f"/flash-sales/{self.sale.id}/claim")["state"], "paid"
        )

    def test_checkout_refusals(self):
        path = f"/flash-sales/{self.sale.id}/claim/checkout"
        body = {"address_id": self.address.id}
        self.assertApiError(
            self.api("POST", path, token=self.token, json_body=body), 404, "NOT_FOUND"
        )
        self.call("POST", f"/flash-sales/{self.sale.id}/claims", {"quantity": 1}, 201)
        self.sale._flash_worker_batch("test-worker", commit=False)
        claim = self.sale.claim_ids
        claim._flash_expire()
        self.assertApiError(
            self.api("POST", path, token=self.token, json_body=body),
            409,
            "BUSINESS_RULE",
        )
        self.assertEqual(claim.order_id.state, "cancel")

    def test_another_shopper_sees_nothing(self):
        other = self.env["res.partner"].create(
            {"name": "别的顾客", "mall_is_shopper": True}
        )
        theirs = self.env["mall.shopper.token"]._issue(other, "weixin")
        self.call("POST", f"/flash-sales/{self.sale.id}/claims", {"quantity": 1}, 201)
        self.sale._flash_worker_batch("test-worker", commit=False)
        claim_path = f"/flash-sales/{self.sale.id}/claim"
        # My claim is not theirs to see, nor to deliver and pay.
        self.assertApiError(self.api("GET", claim_path, token=theirs), 404, "NOT_FOUND")
        self.assertApiError(
            self.api(
                "POST",
                f"{claim_path}/checkout",
                token=theirs,
                json_body={"address_id": self.address.id},
            ),
            404,
            "NOT_FOUND",
        )
        # Their claim counts for them alone; mine cannot use their address.
        status, body, _response = self.api(
            "POST",
            f"/flash-sales/{self.sale.id}/claims",
            token=theirs,
            json_body={"quantity": 1},
        )
        self.assertEqual(status, 201, body)
        self.sale._flash_worker_batch("test-worker", commit=False)
        self.assertEqual(self.sale.claim_ids.mapped("partner_id"), self.shopper | other)
        their_address = self._create_address(partner=other)
        self.assertApiError(
            self.api(
                "POST",
                f"{claim_path}/checkout",
                token=self.token,
                json_body={"address_id": their_address.id},
            ),
            404,
            "NOT_FOUND",
        )
        self.assertFalse(self.sale.claim_ids.order_id.mall_checkout_id)
