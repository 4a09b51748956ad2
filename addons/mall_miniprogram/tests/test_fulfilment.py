# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fulfilment: paid orders shipped with carrier and tracking number, tracking
events, receipt, and the shipping information WeChat requires."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from tests.standins import WeixinStandin

from .common import MallApiCommon

MCHID = "1900000109"


@tagged("post_install", "-at_install")
class TestFulfilment(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.shop = cls.env["mall.shop"].create(
            {"name": "发货测试店", "code": "FUL", "warehouse_id": cls.warehouse.id}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "保温杯",
                "type": "consu",
                "is_storable": True,
                "list_price": 59.0,
                "taxes_id": False,
            }
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.warehouse.lot_stock_id, 100
        )
        delivery_product = cls.env["product.product"].create(
            {"name": "运费", "type": "service", "list_price": 0.0}
        )
        Carrier = cls.env["delivery.carrier"]
        cls.sf = Carrier.create(
            {
                "name": "顺丰速运",
                "product_id": delivery_product.id,
                "delivery_type": "fixed",
                "integration_level": "rate",
                "mall_express_code": "SF",
            }
        )
        cls.zto = Carrier.create(
            {
                "name": "中通快递",
                "product_id": delivery_product.id,
                "delivery_type": "fixed",
                "integration_level": "rate",
                "mall_express_code": "ZTO",
            }
        )
        cls.pickup = Carrier.create(
            {
                "name": "门店自提",
                "product_id": delivery_product.id,
                "delivery_type": "fixed",
                "integration_level": "rate",
                "mall_logistics_type": "self_pickup",
            }
        )
        cls.shopper.write({"phone": "13800138000"})
        cls.other_shopper = cls.env["res.partner"].create(
            {"name": "别的顾客", "mall_is_shopper": True}
        )

    def setUp(self):
        super().setUp()
        self.weixin = WeixinStandin(appid="wx5e1f0c0ffee0cafe")
        self.weixin.start()
        self.addCleanup(self.weixin.stop)
        for key, value in {
            "mall.weixin_appid": self.weixin.appid,
            "mall.weixin_secret": self.weixin.secret,
            "mall.weixin_api_base": self.weixin.url,
            "mall.weixin_mchid": MCHID,
        }.items():
            self.env["ir.config_parameter"].sudo().set_param(key, value)
        self.env["mall.shopper.identity"].create(
            {
                "partner_id": self.shopper.id,
                "platform": "weixin",
                "appid": self.weixin.appid,
                "openid": "o-ful-openid",
            }
        )

    # Helpers -----------------------------------------------------------
    def _order(self, shopper=None, paid=True, qty=2):
        shopper = shopper or self.shopper
        order = (
            self.env["sale.order"]
            .with_context(mall_risk_defer=True)
            .create(
                {
                    "partner_id": shopper.id,
                    "mall_shop_id": self.shop.id,
                    "warehouse_id": self.warehouse.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "product_uom_qty": qty}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        checkout = self.env["mall.checkout"].create({"partner_id": shopper.id})
        order.mall_checkout_id = checkout
        if paid:
            checkout._mall_mark_paid()
        return order

    def _ship(self, order, carrier=None, tracking="SF1234567890"):
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        picking.write(
            {
                "carrier_id": (carrier or self.sf).id,
                "carrier_tracking_ref": tracking,
            }
        )
        result = picking.button_validate()
        self.assertIs(result, True)
        return picking

    # Shipping ------------------------------------------------------------
    def test_unpaid_order_cannot_ship(self):
        order = self._order(paid=False)
        picking = order.picking_ids
        picking.write({"carrier_id": self.sf.id, "carrier_tracking_ref": "SF1"})
        with self.assertRaisesRegex(UserError, "is not paid"):
            picking.button_validate()
        self.assertNotEqual(picking.state, "done")

    def test_ship_needs_carrier_and_tracking_number(self):
        order = self._order()
        picking = order.picking_ids
        with self.assertRaisesRegex(UserError, "Choose the carrier"):
            picking.button_validate()
        picking.carrier_id = self.sf
        with self.assertRaisesRegex(UserError, "tracking number"):
            picking.button_validate()
        # Self pickup needs no tracking number.
        picking.carrier_id = self.pickup
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(picking.state, "done")

    def test_ship_adds_event_and_uploads_to_weixin(self):
        order = self._order()
        picking = self._ship(order)
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.mall_tracking_event_ids.mapped("status"), ["shipped"])
        self.assertTrue(order.mall_shipped_at)
        self.assertEqual(order.mall_wx_shipping_state, "pending")
        self.assertFalse(self.weixin.shipping_uploads, "never during validation")

        uploaded = self.env["sale.order"]._cron_mall_wx_shipping_upload()
        self.assertEqual(uploaded, order)
        self.assertEqual(order.mall_wx_shipping_state, "done")
        [body] = self.weixin.shipping_uploads
        self.assertEqual(
            body["order_key"],
            {
                "order_number_type": 1,
                "mchid": MCHID,
                "out_trade_no": order.mall_checkout_id.name,
            },
        )
        self.assertEqual(body["logistics_type"], 1)
        self.assertEqual(body["delivery_mode"], 1)
        self.assertEqual(body["payer"], {"openid": "o-ful-openid"})
        self.assertTrue(body["upload_time"].endswith("+08:00"))
        [parcel] = body["shipping_list"]
        self.assertEqual(parcel["tracking_no"], "SF1234567890")
        self.assertEqual(parcel["express_company"], "SF")
        self.assertEqual(parcel["contact"]["receiver_contact"], "138****8000")
        self.assertIn("保温杯", parcel["item_desc"])
        # Nothing left to upload.
        self.assertFalse(self.env["sale.order"]._cron_mall_wx_shipping_upload())

    def test_upload_failure_is_retried_with_backoff(self):
        order = self._order()
        self._ship(order, self.zto, "ZTO777")
        self.weixin.fail_uploads = 1
        self.env["sale.order"]._cron_mall_wx_shipping_upload()
        self.assertEqual(order.mall_wx_shipping_state, "failed")
        self.assertEqual(order.mall_wx_shipping_attempts, 1)
        self.assertIn("-1", order.mall_wx_shipping_error)
        self.assertGreater(order.mall_wx_shipping_next_try, fields.Datetime.now())
        # Not before the backoff is over.
        self.assertFalse(self.env["sale.order"]._cron_mall_wx_shipping_upload())
        with freeze_time(fields.Datetime.now() + timedelta(minutes=6)):
            uploaded = self.env["sale.order"]._cron_mall_wx_shipping_upload()
        self.assertEqual(uploaded, order)
        self.assertEqual(order.mall_wx_shipping_state, "done")
        self.assertFalse(order.mall_wx_shipping_error)
        [body] = self.weixin.shipping_uploads
        self.assertEqual(body["shipping_list"][0]["express_company"], "ZTO")

    def test_retry_button_uploads_now(self):
        order = self._order()
        self._ship(order, self.zto, "ZTO888")
        self.weixin.fail_uploads = 1
        self.weixin.fail_upload_errcode = 10060001
        order.action_mall_wx_retry_shipping_upload()
        self.assertEqual(order.mall_wx_shipping_state, "failed")
        self.assertIn("10060001", order.mall_wx_shipping_error)
        order.action_mall_wx_retry_shipping_upload()
        self.assertEqual(order.mall_wx_shipping_state, "done")
        self.assertEqual(order.mall_wx_shipping_attempts, 1)

    def test_orders_of_one_payment_upload_together(self):
        first = self._order(paid=False)
        second = self._order(paid=False)
        checkout = first.mall_checkout_id
        second.mall_checkout_id = checkout
        checkout._mall_mark_paid()
        self._ship(first, self.sf, "SF-A")
        self.assertFalse(self.env["sale.order"]._cron_mall_wx_shipping_upload())
        self.assertEqual(first.mall_wx_shipping_state, "pending")
        self._ship(second, self.sf, "SF-B")
        uploaded = self.env["sale.order"]._cron_mall_wx_shipping_upload()
        self.assertEqual(uploaded, first | second)
        [body] = self.weixin.shipping_uploads
        self.assertEqual(body["order_key"]["out_trade_no"], checkout.name)
        self.assertEqual(body["delivery_mode"], 2)
        self.assertTrue(body["is_all_delivered"])
        self.assertEqual(
            sorted(p["tracking_no"] for p in body["shipping_list"]), ["SF-A", "SF-B"]
        )

    def test_shopper_without_weixin_needs_no_upload(self):
        order = self._order(shopper=self.other_shopper)
        self._ship(order)
        self.assertEqual(order.mall_wx_shipping_state, "not_needed")

    def test_batch_ship_wizard(self):
        orders = self._order() | self._order()
        form = Form(
            self.env["mall.ship.wizard"].with_context(
                active_model="sale.order", active_ids=orders.ids
            )
        )
        form.carrier_id = self.zto
        for number in range(len(form.line_ids)):
            with form.line_ids.edit(number) as line:
                line.tracking_ref = f"ZTO-{number}"
        wizard = form.save()
        self.assertEqual(wizard.line_ids.picking_id, orders.picking_ids)
        wizard.line_ids[:1].tracking_ref = False
        with self.assertRaisesRegex(UserError, "tracking number"):
            wizard.action_ship()
        wizard.line_ids[:1].tracking_ref = "ZTO-0"
        wizard.action_ship()
        self.assertEqual(set(orders.picking_ids.mapped("state")), {"done"})
        self.assertEqual(orders.picking_ids.carrier_id, self.zto)
        self.assertEqual(
            sorted(orders.picking_ids.mapped("carrier_tracking_ref")),
            ["ZTO-0", "ZTO-1"],
        )
        self.assertEqual(set(orders.mapped("mall_wx_shipping_state")), {"pending"})

    def test_batch_ship_wizard_refuses_unpaid_orders(self):
        orders = self._order() | self._order(paid=False)
        wizard = (
            self.env["mall.ship.wizard"]
            .with_context(active_model="sale.order", active_ids=orders.ids)
            .create({"carrier_id": self.pickup.id})
        )
        with self.assertRaisesRegex(UserError, "is not paid"):
            wizard.action_ship()

    def test_carrier_feed_events(self):
        order = self._order()
        picking = self._ship(order)
        Event = self.env["mall.tracking.event"]
        events = [
            {"time": "2026-01-02 08:00:00", "status": "in_transit", "location": "上海"},
            {"time": "2026-01-03 09:00:00", "status": "delivered"},
        ]
        self.assertEqual(len(Event._mall_add_tracking_events(picking, events)), 2)
        # A replayed feed adds nothing.
        self.assertFalse(Event._mall_add_tracking_events(picking, events))
        self.assertEqual(len(order.mall_tracking_event_ids), 3)

    # API -------------------------------------------------------------------
    def test_logistics_api(self):
        order = self._order()
        token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")
        status, body, _response = self.api(
            "GET", f"/orders/{order.id}/logistics", token=token
        )
        self.assertEqual(status, 200, body)
        self.assertEqual(body["data"]["status"], "unshipped")
        picking = self._ship(order)
        self.env["mall.tracking.event"]._mall_add_tracking_events(
            picking,
            [
                {
                    "time": fields.Datetime.now() + timedelta(hours=3),
                    "status": "in_transit",
                    "description": "快件已到达上海转运中心",
                    "location": "上海",
                }
            ],
        )
        status, body, _response = self.api(
            "GET", f"/orders/{order.id}/logistics", token=token
        )
        self.assertEqual(status, 200, body)
        data = body["data"]
        self.assertEqual(data["status"], "shipped")
        self.assertEqual(data["carrier"], "顺丰速运")
        self.assertEqual(data["tracking_number"], "SF1234567890")
        self.assertEqual(
            [e["status"] for e in data["events"]], ["in_transit", "shipped"]
        )
        self.assertEqual(data["events"][0]["location"], "上海")
        self.assertTrue(data["auto_receive_at"])
        self.assertEqual(len(data["parcels"]), 1)

        other_token = self.env["mall.shopper.token"]._issue(
            self.other_shopper, "weixin"
        )
        self.assertApiError(
            self.api("GET", f"/orders/{order.id}/logistics", token=other_token),
            404,
            "NOT_FOUND",
        )

    def test_receive_api(self):
        order = self._order()
        token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")
        error = self.assertApiError(
            self.api("POST", f"/orders/{order.id}/receive", token=token),
            409,
            "ORDER_STATE",
        )
        self.assertEqual(error["message"], "订单当前状态不能执行此操作")
        self._ship(order)
        other_token = self.env["mall.shopper.token"]._issue(
            self.other_shopper, "weixin"
        )
        self.assertApiError(
            self.api("POST", f"/orders/{order.id}/receive", token=other_token),
            404,
            "NOT_FOUND",
        )
        status, body, _response = self.api(
            "POST", f"/orders/{order.id}/receive", token=token
        )
        self.assertEqual(status, 200, body)
        self.assertTrue(order.mall_received_at)
        self.assertEqual(order._mall_logistics_status(), "received")
        self.assertApiError(
            self.api("POST", f"/orders/{order.id}/receive", token=token),
            409,
            "ORDER_STATE",
        )

    def test_auto_receive_cron(self):
        self.env["ir.config_parameter"].sudo().set_param("mall.auto_receive_days", "7")
        shipped = self._order()
        self._ship(shipped)
        unshipped = self._order()
        Order = self.env["sale.order"]
        self.assertFalse(Order._cron_mall_auto_receive() & shipped)
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            self.assertFalse(Order._cron_mall_auto_receive() & shipped)
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            received = Order._cron_mall_auto_receive()
        self.assertIn(shipped, received)
        self.assertTrue(shipped.mall_received_at)
        self.assertFalse(unshipped.mall_received_at)
