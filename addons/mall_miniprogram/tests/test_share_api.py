# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo.tests import tagged

from odoo.addons.mall_loyalty.tests.test_share import coupon_program

from tests.standins import WeixinStandin

from .common import MallApiCommon


@tagged("post_install", "-at_install")
class TestShareApi(MallApiCommon):
    """Share, sign in through the share, come through a channel code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.newcomer_program = coupon_program(env, "新人券")
        cls.sharer_program = coupon_program(env, "邀请奖励券")
        env["mall.share.campaign"].search([]).active = False  # the demo campaign
        cls.campaign = env["mall.share.campaign"].create(
            {
                "name": "邀请有礼",
                "newcomer_program_id": cls.newcomer_program.id,
                "sharer_program_id": cls.sharer_program.id,
            }
        )
        cls.product = env["product.template"].create(
            {"name": "分享马克杯", "mall_published": True, "sale_ok": True}
        )
        cls.other = env["res.partner"].create({"name": "别人", "mall_is_shopper": True})
        source = env["utm.source"].create({"name": "KOL 小红"})
        cls.medium = env["utm.medium"].create({"name": "KOL"})
        cls.utm_campaign = env["utm.campaign"].create({"name": "618"})
        cls.channel = env["mall.channel.code"].create(
            {
                "name": "小红的码",
                "kind": "kol",
                "source_id": source.id,
                "medium_id": cls.medium.id,
                "campaign_id": cls.utm_campaign.id,
                "scene": "k=red",
            }
        )
        cls.store_channel = env["mall.channel.code"].create(
            {
                "name": "门店码",
                "kind": "store",
                "source_id": env["utm.source"].create({"name": "门店"}).id,
                "scene": "s=1",
            }
        )

    def setUp(self):
        super().setUp()
        Token = self.env["mall.shopper.token"]
        self.token = Token._issue(self.shopper, "weixin", device_id="sharer-phone")
        self.other_token = Token._issue(self.other, "weixin")
        self.weixin = WeixinStandin(appid="wx5e1f0c0ffee0cafe")
        self.weixin.start()
        self.addCleanup(self.weixin.stop)
        for key, value in {
            "mall.weixin_appid": self.weixin.appid,
            "mall.weixin_secret": self.weixin.secret,
            "mall.weixin_api_base": self.weixin.url,
        }.items():
            self.env["ir.config_parameter"].sudo().set_param(key, value)

    def _share(self, token=None, product=None):
        body = {"product_id": product.id} if product else {}
        return self.api("POST", "/shares", token=token or self.token, json_body=body)

    def _sign_in(self, openid, device="newcomer-phone", **extra):
        self._codes = getattr(self, "_codes", 0) + 1
        code = f"code-{openid}-{self._codes}"
        self.weixin.add_login_code(code, openid)
        status, body, _response = self.api(
            "POST",
            "/auth/weixin",
            json_body={"code": code, "device_id": device, **extra},
        )
        self.assertEqual(status, 200, body)
        return body["data"]

    def _cards(self, partner, program):
        return self.env["loyalty.card"].search(
            [("partner_id", "=", partner.id), ("program_id", "=", program.id)]
        )

    def test_share_then_a_friend_signs_in(self):
        status, body, _response = self._share(product=self.product)
        self.assertEqual(status, 200, body)
        token = body["data"]["token"]
        self.assertEqual(
            body["data"]["path"],
            f"pages/product/product?id={self.product.id}&s={token}",
        )
        self.assertEqual(body["data"]["campaign"], "邀请有礼")
        session = self._sign_in("o-friend", share_token=token)
        self.assertTrue(session["is_new"])
        friend = self.env["res.partner"].browse(session["shopper"]["id"])
        self.assertEqual(len(self._cards(friend, self.newcomer_program)), 1)
        self.assertEqual(len(self._cards(self.shopper, self.sharer_program)), 1)
        referral = self.env["mall.share.referral"].search(
            [("newcomer_id", "=", friend.id)]
        )
        self.assertEqual(
            (referral.state, referral.device_id, referral.ip_address),
            ("rewarded", "newcomer-phone", "127.0.0.1"),
        )
        # Signing in again through the share gives nothing more.
        self._sign_in("o-friend", share_token=token)
        self.assertEqual(len(self._cards(friend, self.newcomer_program)), 1)
        self.assertEqual(len(self._cards(self.shopper, self.sharer_program)), 1)

    def test_self_invite_on_the_sharers_device(self):
        token = self._share()[1]["data"]["token"]
        self.assertEqual(self._share()[1]["data"]["token"], token, "one share")
        session = self._sign_in(
            "o-second-account", device="sharer-phone", share_token=token
        )
        newcomer = self.env["res.partner"].browse(session["shopper"]["id"])
        self.assertFalse(self._cards(newcomer, self.newcomer_program))
        self.assertFalse(self._cards(self.shopper, self.sharer_program))
        self.assertTrue(self.shopper.mall_share_flagged)

    def test_forged_token_signs_in_without_reward(self):
        token = self._share()[1]["data"]["token"]
        forged = f"{int(token.split('.')[0]) + 1}.{token.split('.')[1]}"
        session = self._sign_in("o-forger", share_token=forged)
        self.assertTrue(session["is_new"])
        self.assertFalse(self.env["mall.share.referral"].search([]))

    def test_no_campaign_no_share(self):
        self.campaign.active = False
        self.assertApiError(self._share(), 404, "NOT_FOUND")
        self.campaign.active = True
        hidden = self.env["product.template"].create({"name": "未上架"})
        self.assertApiError(self._share(product=hidden), 404, "NOT_FOUND")
        self.assertApiError(
            self.api("POST", "/shares", json_body={}), 401, "AUTH_REQUIRED"
        )

    def test_shares_belong_to_their_sharer(self):
        """Another shopper's share call makes that shopper's own share."""
        mine = self._share()[1]["data"]["token"]
        theirs = self._share(token=self.other_token)[1]["data"]["token"]
        self.assertNotEqual(mine, theirs)
        Share = self.env["mall.share"]
        self.assertEqual(Share._mall_from_token(mine).partner_id, self.shopper)
        self.assertEqual(Share._mall_from_token(theirs).partner_id, self.other)

    def test_scene_at_sign_in_tags_the_first_channel(self):
        session = self._sign_in("o-kol-fan", scene="k=red")
        fan = self.env["res.partner"].browse(session["shopper"]["id"])
        self.assertEqual(fan.mall_channel_code_id, self.channel)
        self._sign_in("o-kol-fan", scene="s=1")
        self.assertEqual(fan.mall_channel_code_id, self.channel, "the first is kept")
        # An unknown scene changes nothing and does not stop the sign-in.
        session = self._sign_in("o-unknown", scene="nope")
        self.assertFalse(
            self.env["res.partner"]
            .browse(session["shopper"]["id"])
            .mall_channel_code_id
        )

    def test_generate_the_channel_code_image(self):
        self.channel.page = "pages/index/index"
        self.channel.action_generate_code()
        self.assertTrue(base64.b64decode(self.channel.image).startswith(b"\x89PNG"))
        self.assertEqual(
            [(c["scene"], c["page"]) for c in self.weixin.wxa_codes],
            [("k=red", "pages/index/index")],
        )


@tagged("post_install", "-at_install")
class TestChannelCheckout(MallApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        warehouse = env.ref("stock.warehouse0")
        cls.shop = env["mall.shop"].create(
            {"name": "渠道店", "code": "CH", "warehouse_id": warehouse.id}
        )
        cls.mug = env["product.template"].create(
            {
                "name": "渠道马克杯",
                "list_price": 30.0,
                "mall_published": True,
                "sale_ok": True,
                "is_storable": True,
                "taxes_id": False,
                "mall_shop_id": cls.shop.id,
            }
        )
        env["stock.quant"]._update_available_quantity(
            cls.mug.product_variant_id, warehouse.lot_stock_id, 10
        )
        cls.carrier = cls._create_carrier("渠道快递", 10.0)
        cls.address = cls._create_address()
        Source = env["utm.source"]
        cls.first = env["mall.channel.code"].create(
            {
                "name": "门店码",
                "kind": "store",
                "source_id": Source.create({"name": "门店"}).id,
                "scene": "s=1",
            }
        )
        cls.kol = env["mall.channel.code"].create(
            {
                "name": "KOL 码",
                "kind": "kol",
                "source_id": Source.create({"name": "小红"}).id,
                "medium_id": env["utm.medium"].create({"name": "KOL"}).id,
                "scene": "k=red",
            }
        )

    def setUp(self):
        super().setUp()
        self.token = self.env["mall.shopper.token"]._issue(self.shopper, "weixin")

    def _checkout(self, scene=None, body_scene=None):
        status, body, _response = self.api(
            "POST",
            "/cart/lines",
            token=self.token,
            json_body={"variant_id": self.mug.product_variant_id.id, "quantity": 1},
        )
        self.assertEqual(status, 200, body)
        status, body, _response = self.api(
            "POST",
            "/checkout",
            token=self.token,
            json_body={
                "address_id": self.address.id,
                "carriers": {str(self.shop.id): self.carrier.id},
                **({"scene": body_scene} if body_scene else {}),
            },
            headers={"X-Mall-Scene": scene} if scene else None,
        )
        self.assertEqual(status, 201, body)
        return self.env["sale.order"].search(
            [("partner_id", "=", self.shopper.id)], order="id desc", limit=1
        )

    def test_orders_carry_the_channel_in_effect(self):
        order = self._checkout()
        self.assertFalse(order.source_id, "no channel yet")
        self.shopper._mall_set_first_channel(self.first)
        order = self._checkout()
        self.assertEqual(order.source_id, self.first.source_id)
        # A KOL code scanned for this visit wins over the first channel,
        # which is kept.
        order = self._checkout(scene="k=red")
        self.assertEqual(
            (order.source_id, order.medium_id),
            (self.kol.source_id, self.kol.medium_id),
        )
        self.assertEqual(self.shopper.mall_channel_code_id, self.first)
        # The scene may come in the body too.
        order = self._checkout(body_scene="k=red")
        self.assertEqual(order.source_id, self.kol.source_id)
