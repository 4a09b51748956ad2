# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Customer service: WeChat's message push into Discuss, agents' answers
back through the customer-service API; the FAQ routes."""

import json
import time

from odoo.tests import new_test_user, tagged

from tests.standins import WeixinStandin

from ..controllers.weixin_push import push_signature
from .common import MallApiCommon

PUSH_PATH = "/mall/weixin/message"
TOKEN = "push-token-123"


@tagged("post_install", "-at_install")
class TestCustomerService(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.appid = "wx5e1f0c0ffee0cafe"
        cls.identity = cls.env["mall.shopper.identity"].create(
            {
                "partner_id": cls.shopper.id,
                "platform": "weixin",
                "appid": cls.appid,
                "openid": "o-cs-1",
            }
        )
        cls.agent = new_test_user(
            cls.env,
            login="mall-agent",
            groups="base.group_user,mall_catalog.group_mall_user",
            name="客服小王",
        )

    def setUp(self):
        super().setUp()
        self.weixin = WeixinStandin(appid=self.appid)
        self.weixin.start()
        self.addCleanup(self.weixin.stop)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("mall.weixin_appid", self.weixin.appid)
        params.set_param("mall.weixin_secret", self.weixin.secret)
        params.set_param("mall.weixin_api_base", self.weixin.url)
        params.set_param("mall.weixin_push_token", TOKEN)

    def _signed(self, token=TOKEN, **extra):
        timestamp, nonce = str(int(time.time())), "nonce-1"
        return {
            "signature": push_signature(token, timestamp, nonce),
            "timestamp": timestamp,
            "nonce": nonce,
            **extra,
        }

    def _push(self, message, params=None):
        return self.opener.post(
            self.base_url() + PUSH_PATH,
            params=params or self._signed(),
            data=json.dumps(message),
            headers={"Content-Type": "application/json"},
            timeout=12,
        )

    def _channel(self, openid="o-cs-1"):
        return (
            self.env["discuss.channel"].sudo().search([("mall_cs_openid", "=", openid)])
        )

    def test_handshake_and_signature(self):
        url = self.base_url() + PUSH_PATH
        response = self.opener.get(url, params=self._signed(echostr="echo-42"))
        self.assertEqual((response.status_code, response.text), (200, "echo-42"))
        bad = self._signed(token="wrong", echostr="echo-42")
        response = self.opener.get(url, params=bad)
        self.assertEqual(response.status_code, 403)
        response = self._push({"MsgType": "text"}, params=bad)
        self.assertEqual(response.status_code, 403)
        # No token configured: every push is refused.
        self.env["ir.config_parameter"].sudo().set_param("mall.weixin_push_token", "")
        response = self.opener.get(url, params=self._signed(echostr="x"))
        self.assertEqual(response.status_code, 403)

    def test_messages_land_in_discuss_and_answers_go_back(self):
        text = {
            "ToUserName": "gh_0123456789ab",
            "FromUserName": "o-cs-1",
            "CreateTime": int(time.time()),
            "MsgType": "text",
            "Content": "请问什么时候发货？",
            "MsgId": 1001,
        }
        response = self._push(text)
        self.assertEqual((response.status_code, response.text), (200, "success"))
        # WeChat's second try of the same message is not posted twice.
        response = self._push(text)
        self.assertEqual((response.status_code, response.text), (200, "success"))
        response = self._push(
            {
                "ToUserName": "gh_0123456789ab",
                "FromUserName": "o-cs-1",
                "CreateTime": int(time.time()),
                "MsgType": "miniprogrampage",
                "Title": "保温杯 500ml",
                "AppId": self.appid,
                "PagePath": "pages/product/detail?id=42",
                "ThumbUrl": "https://mmbiz.qpic.cn/thumb.jpg",
                "ThumbMediaId": "media-1",
                "MsgId": 1002,
            }
        )
        self.assertEqual(response.status_code, 200)
        channel = self._channel()
        self.assertEqual(len(channel), 1)
        self.assertEqual(channel.mall_cs_partner_id, self.shopper)
        self.assertIn(self.agent.partner_id, channel.channel_member_ids.partner_id)
        messages = channel.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(messages), 2)
        self.assertEqual(messages.author_id, self.shopper)
        bodies = " ".join(str(m.body) for m in messages)
        self.assertIn("请问什么时候发货？", bodies)
        self.assertIn("保温杯 500ml", bodies)
        self.assertIn("pages/product/detail?id=42", bodies)
        self.assertIn("https://mmbiz.qpic.cn/thumb.jpg", bodies)
        # The shopper's own messages are not sent back.
        Notification = self.env["mall.notification"]
        self.assertFalse(Notification.search([("kind", "=", "customer_service")]))

        # The agent answers in Discuss: queued, then sent by the cron.
        channel.with_user(self.agent).message_post(
            body="明天发货，请耐心等待。",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        answer = Notification.search([("kind", "=", "customer_service")])
        self.assertEqual((answer.state, answer.openid), ("pending", "o-cs-1"))
        Notification._cron_mall_send()
        self.assertEqual(answer.state, "sent")
        [sent] = self.weixin.custom_messages
        self.assertEqual(sent["touser"], "o-cs-1")
        self.assertEqual(sent["msgtype"], "text")
        self.assertEqual(sent["text"]["content"], "明天发货，请耐心等待。")

    def test_unknown_sender_gets_a_shopper(self):
        self._push({"FromUserName": "o-new-1", "MsgType": "text", "Content": "你好"})
        channel = self._channel("o-new-1")
        self.assertTrue(channel.mall_cs_partner_id.mall_is_shopper)
        identity = self.env["mall.shopper.identity"].search(
            [("openid", "=", "o-new-1")]
        )
        self.assertEqual(identity.partner_id, channel.mall_cs_partner_id)
        # Events other than messages are acknowledged and ignored.
        response = self._push(
            {"FromUserName": "o-cs-1", "MsgType": "event", "Event": "x"}
        )
        self.assertEqual((response.status_code, response.text), (200, "success"))
        self.assertFalse(self._channel())

    def test_faqs(self):
        Category = self.env["mall.faq.category"]
        shipping = Category.create({"name": "配送", "sequence": 1})
        refunds = Category.create({"name": "退款", "sequence": 2})
        Category.create({"name": "空分类", "sequence": 3})
        Faq = self.env["mall.faq"]
        Faq.search([]).published = False  # the demo questions
        Faq.create(
            {
                "question": "多久发货？",
                "answer": "<p>付款后48小时内发货。</p>",
                "category_id": shipping.id,
                "keywords": "物流 快递",
            }
        )
        Faq.create(
            {
                "question": "怎么退款？",
                "answer": "<p>在订单页申请售后。</p>",
                "category_id": refunds.id,
            }
        )
        Faq.create(
            {
                "question": "草稿问题",
                "answer": "<p>快递</p>",
                "category_id": shipping.id,
                "published": False,
            }
        )
        status, body, _response = self.api("GET", "/faqs")
        self.assertEqual(status, 200, body)
        self.assertEqual(
            [item["question"] for item in body["data"]], ["多久发货？", "怎么退款？"]
        )
        self.assertEqual(body["meta"]["total"], 2)
        status, body, _response = self.api("GET", "/faqs?q=快递")
        self.assertEqual([item["question"] for item in body["data"]], ["多久发货？"])
        self.assertEqual(body["data"][0]["category_name"], "配送")
        status, body, _response = self.api("GET", "/faqs?q=订单页")
        self.assertEqual([item["question"] for item in body["data"]], ["怎么退款？"])
        status, body, _response = self.api("GET", f"/faqs?category_id={refunds.id}")
        self.assertEqual([item["id"] for item in body["data"]], [body["data"][0]["id"]])
        self.assertEqual(body["data"][0]["category_id"], refunds.id)
        status, body, _response = self.api("GET", "/faq-categories")
        self.assertEqual(status, 200, body)
        self.assertEqual(
            [(c["name"], c["count"]) for c in body["data"]], [("配送", 1), ("退款", 1)]
        )
