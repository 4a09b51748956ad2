# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Subscription messages: queued on events, sent by the cron through
wechatpy to the WeChat stand-in, retried, never blocking the order."""

import json
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from tests.standins import AlipayStandin, generate_rsa_keypair

from .common import MallApiCommon

SEND_PATH = "/cgi-bin/message/subscribe/send"
MAPPING = {
    "character_string1": "order_name",
    "amount2": "amount",
    "thing3": "product_name",
    "time4": "paid_at",
}


@tagged("post_install", "-at_install")
class TestNotifications(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.warehouse = cls.env.ref("stock.warehouse0")
        cls.shop = cls.env["mall.shop"].create(
            {"name": "通知测试店", "code": "NTF", "warehouse_id": cls.warehouse.id}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "一个名字特别特别长的不锈钢真空保温杯礼盒装",
                "type": "consu",
                "list_price": 59.0,
                "taxes_id": False,
            }
        )
        cls.Notification = cls.env["mall.notification"]
        cls.template = cls.env["mall.notification.template"].create(
            {
                "name": "支付成功通知",
                "event": "order_paid",
                "platform": "weixin",
                "template_id": "tmpl-paid-1",
                "page": "pages/order/detail?id={order_id}",
                "mapping": json.dumps(MAPPING),
            }
        )
        cls.appid = "wx5e1f0c0ffee0cafe"
        cls.env["mall.shopper.identity"].create(
            {
                "partner_id": cls.shopper.id,
                "platform": "weixin",
                "appid": cls.appid,
                "openid": "o-notify-1",
            }
        )

    def setUp(self):
        super().setUp()
        self.weixin = self._start_weixin(self.appid)

    def _paid_order(self, partner=None):
        partner = partner or self.shopper
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "mall_shop_id": self.shop.id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 2}
                    )
                ],
            }
        )
        order.action_confirm()
        checkout = self.env["mall.checkout"].create({"partner_id": partner.id})
        order.write({"mall_checkout_id": checkout.id, "mall_payment_state": "unpaid"})
        checkout._mall_mark_paid()
        return order

    def _queued(self, order):
        return self.Notification.search(
            [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        )

    def test_template_mapping_must_be_a_json_object(self):
        with self.assertRaises(ValidationError):
            self.template.copy({"mapping": "[1, 2]"})
        with self.assertRaises(ValidationError):
            self.template.copy({"mapping": "{not json"})
        data, page = self.template._mall_render(
            {"order_name": "S001", "amount": "1.00", "order_id": 7}
        )
        self.assertEqual(page, "pages/order/detail?id=7")
        self.assertEqual(data["character_string1"], "S001")
        self.assertEqual(data["thing3"], "", "a missing value is left empty")

    def test_paying_queues_and_the_cron_delivers(self):
        order = self._paid_order()
        self.assertEqual(order.mall_payment_state, "paid")
        message = self._queued(order)
        self.assertEqual(len(message), 1)
        self.assertEqual(
            (message.state, message.openid, message.event),
            ("pending", "o-notify-1", "order_paid"),
        )
        sent = self.Notification._cron_mall_send()
        self.assertEqual(sent, message)
        self.assertEqual(message.state, "sent")
        self.assertEqual(message.attempts, 1)
        [body] = self.weixin.subscribe_messages
        self.assertEqual(body["touser"], "o-notify-1")
        self.assertEqual(body["template_id"], "tmpl-paid-1")
        self.assertEqual(body["page"], f"pages/order/detail?id={order.id}")
        data = body["data"]
        self.assertEqual(data["character_string1"], {"value": order.name})
        self.assertEqual(data["amount2"], {"value": "118.00"})
        # thing values are cut to WeChat's 20 characters.
        self.assertEqual(len(data["thing3"]["value"]), 20)
        self.assertTrue(data["thing3"]["value"].startswith("一个名字"))
        self.assertRegex(data["time4"]["value"], r"^\d{4}-\d\d-\d\d \d\d:\d\d$")
        # Sent once only.
        self.assertFalse(self.Notification._cron_mall_send())
        self.assertEqual(len(self.weixin.requests_to(SEND_PATH)), 1)

    def test_failures_are_retried_with_backoff(self):
        order = self._paid_order()
        message = self._queued(order)
        self.weixin.fail_messages = 2
        start = fields.Datetime.now()
        with mute_logger("odoo.addons.mall_miniprogram.models.mall_notification"):
            self.Notification._cron_mall_send()
        self.assertEqual((message.state, message.attempts), ("pending", 1))
        self.assertIn("system error", message.last_error)
        self.assertGreaterEqual(message.next_try, start + timedelta(minutes=1))
        # Not due yet: nothing is sent.
        self.assertFalse(self.Notification._cron_mall_send())
        self.assertEqual(message.attempts, 1)
        with freeze_time(start + timedelta(minutes=2)):
            self.Notification._cron_mall_send()
        self.assertEqual((message.state, message.attempts), ("pending", 2))
        with freeze_time(start + timedelta(minutes=10)):
            self.Notification._cron_mall_send()
        self.assertEqual((message.state, message.attempts), ("sent", 3))
        self.assertEqual(len(self.weixin.subscribe_messages), 1)

    def test_fails_for_good_after_the_last_try_and_retry_button(self):
        message = self._queued(self._paid_order())
        self.weixin.fail_messages = 10
        now = fields.Datetime.now()
        for minutes in (0, 2, 10, 60):
            with freeze_time(now + timedelta(minutes=minutes)):
                self.Notification._cron_mall_send()
        self.assertEqual((message.state, message.attempts), ("failed", 4))
        with freeze_time(now + timedelta(days=1)):
            self.assertFalse(self.Notification._cron_mall_send())
        self.weixin.fail_messages = 0
        message.action_retry()
        self.assertEqual(message.state, "pending")
        self.Notification._cron_mall_send()
        self.assertEqual(message.state, "sent")

    def test_refused_subscription_is_skipped(self):
        message = self._queued(self._paid_order())
        self.weixin.fail_messages = 1
        self.weixin.fail_messages_errcode = 43101
        self.Notification._cron_mall_send()
        self.assertEqual(message.state, "skipped")
        self.assertIn("43101", message.last_error)
        self.assertFalse(self.Notification._cron_mall_send())
        self.assertEqual(len(self.weixin.requests_to(SEND_PATH)), 1)

    def test_shopper_without_weixin_identity_gets_nothing(self):
        other = self.env["res.partner"].create(
            {"name": "没有微信的顾客", "mall_is_shopper": True}
        )
        order = self._paid_order(other)
        self.assertEqual(order.mall_payment_state, "paid")
        self.assertFalse(self._queued(order))
        # Nor does an inactive template queue anything.
        self.template.active = False
        self.assertFalse(self._queued(self._paid_order()))

    def test_payment_is_never_blocked(self):
        # The platform is down and not even configured: the order is paid.
        self.env["ir.config_parameter"].sudo().set_param("mall.weixin_secret", "")
        order = self._paid_order()
        self.assertEqual(order.mall_payment_state, "paid")
        message = self._queued(order)
        self.Notification._cron_mall_send()
        self.assertEqual((message.state, message.attempts), ("pending", 1))
        self.assertIn("PLATFORM_NOT_CONFIGURED", message.last_error)
        # A queueing bug is logged, not raised: the order is still paid.
        Template = self.registry["mall.notification.template"]
        with (
            patch.object(Template, "_mall_render", side_effect=RuntimeError("boom")),
            mute_logger("odoo.addons.mall_miniprogram.models.mall_notification"),
        ):
            order = self._paid_order()
        self.assertEqual(order.mall_payment_state, "paid")
        self.assertFalse(self._queued(order))

    def test_alipay_template_message(self):
        app_private, app_public = generate_rsa_keypair()
        alipay = AlipayStandin("2021000000000001", app_public)
        alipay.start()
        self.addCleanup(alipay.stop)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("mall.alipay_app_id", alipay.app_id)
        params.set_param("mall.alipay_private_key", app_private)
        params.set_param("mall.alipay_public_key", alipay.alipay_public_key_pem)
        params.set_param("mall.alipay_gateway", alipay.gateway)
        self.env["mall.shopper.identity"].create(
            {
                "partner_id": self.shopper.id,
                "platform": "alipay",
                "appid": alipay.app_id,
                "openid": "2088000000000001",
            }
        )
        self.template.copy(
            {"platform": "alipay", "template_id": "ali-tmpl-1", "name": "支付宝"}
        )
        order = self._paid_order()
        messages = self._queued(order)
        self.assertEqual(sorted(messages.mapped("platform")), ["alipay", "weixin"])
        self.Notification._cron_mall_send()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        [biz] = alipay.template_messages
        self.assertEqual(biz["to_user_id"], "2088000000000001")
        self.assertEqual(biz["user_template_id"], "ali-tmpl-1")
        data = json.loads(biz["data"])
        self.assertEqual(data["character_string1"], {"value": order.name})
