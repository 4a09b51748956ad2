# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models

from ..const import ALIPAY_GATEWAY, WEIXIN_API_BASE
from ..fields import EncryptedChar
from ..http_api import MallApiError
from ..platforms.alipay import AlipayClient
from ..platforms.weixin import MiniProgramClient

_logger = logging.getLogger(__name__)


# WeChat access tokens last two hours and are rationed per day: one per
# worker process and app, not one per request.
_ACCESS_TOKENS = {}


PLATFORMS = [("weixin", "WeChat"), ("alipay", "Alipay")]


class MallShopperIdentity(models.Model):
    """Who a shopper is on one platform: the openid of a WeChat app, the
    user id of an Alipay app. A shopper may hold one of each, joined by
    the phone number both platforms vouch for."""

    _name = "mall.shopper.identity"
    _description = "Mall Shopper Platform Identity"
    _order = "last_login desc, id desc"
    _rec_name = "openid"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade"
    )
    platform = fields.Selection(PLATFORMS, required=True)
    appid = fields.Char(string="App ID", required=True)
    openid = fields.Char(
        string="Platform User ID",
        required=True,
        help="WeChat openid of the mini-program, or Alipay user id.",
    )
    unionid = fields.Char(
        string="WeChat UnionID",
        index="btree_not_null",
        help="Shared by the apps of one WeChat Open Platform account.",
    )
    # Decrypts the legacy phone-number payload of WeChat; a secret, so
    # stored encrypted like personal data.
    session_key = EncryptedChar(groups="base.group_system")
    last_login = fields.Datetime(readonly=True)

    _sql_constraints = [
        (
            "platform_user_uniq",
            "unique(platform, appid, openid)",
            "A platform account belongs to one shopper.",
        ),
    ]

    @api.model
    def _sign_in(self, platform, appid, openid, unionid=None, session_key=None):
        """The identity of a platform user, its shopper created on first
        sign-in: ``(identity, is_new)``."""
        identity = self.sudo().search(
            [
                ("platform", "=", platform),
                ("appid", "=", appid),
                ("openid", "=", openid),
            ]
        )
        is_new = False
        if not identity:
            partner = self._shopper_of_unionid(unionid)
            if not partner:
                partner = self._new_shopper(platform)
                is_new = True
            identity = self.sudo().create(
                {
                    "partner_id": partner.id,
                    "platform": platform,
                    "appid": appid,
                    "openid": openid,
                }
            )
        values = {"last_login": fields.Datetime.now()}
        if unionid:
            values["unionid"] = unionid
        if session_key:
            values["session_key"] = session_key
        identity.write(values)
        if is_new:
            # New shoppers become members; a welcome bonus must never stop a
            # sign-in.
            try:
                with self.env.cr.savepoint():
                    identity.partner_id.sudo()._mall_member_welcome()
            except Exception:
                _logger.exception("Could not welcome %s", identity.partner_id)
        return identity, is_new

    @api.model
    def _shopper_of_unionid(self, unionid):
        if not unionid:
            return self.env["res.partner"]
        return self.sudo().search([("unionid", "=", unionid)], limit=1).partner_id

    @api.model
    def _new_shopper(self, platform):
        name = _("WeChat User") if platform == "weixin" else _("Alipay User")
        return (
            self.env["res.partner"]
            .sudo()
            .create({"name": name, "mall_is_shopper": True})
        )

    # ------------------------------------------------------------------
    # Platform clients, from the settings
    # ------------------------------------------------------------------
    @api.model
    def _weixin_client(self):
        params = self.env["ir.config_parameter"].sudo()
        appid = params.get_param("mall.weixin_appid")
        secret = params.get_param("mall.weixin_secret")
        if not (appid and secret):
            raise MallApiError("PLATFORM_NOT_CONFIGURED")
        api_base = params.get_param("mall.weixin_api_base") or WEIXIN_API_BASE
        store = _ACCESS_TOKENS.setdefault((api_base, appid), {})
        return MiniProgramClient(
            appid, secret, api_base=api_base, access_token_store=store
        )

    @api.model
    def _alipay_client(self):
        params = self.env["ir.config_parameter"].sudo()
        app_id = params.get_param("mall.alipay_app_id")
        private_key = params.get_param("mall.alipay_private_key")
        public_key = params.get_param("mall.alipay_public_key")
        if not (app_id and private_key and public_key):
            raise MallApiError("PLATFORM_NOT_CONFIGURED")
        return AlipayClient(
            app_id,
            private_key,
            public_key,
            gateway=params.get_param("mall.alipay_gateway") or ALIPAY_GATEWAY,
            aes_key=params.get_param("mall.alipay_aes_key") or None,
        )

    @api.model
    def _mall_after_sign_in(
        self, identity, is_new, share_token=None, scene=None, device_id=None, ip=None
    ):
        """What a sign-in brings along: the channel code scanned (the
        shopper's first channel is kept) and the share opened (a referral,
        judged by its campaign). Never stops the sign-in."""
        shopper = identity.partner_id
        try:
            with self.env.cr.savepoint():
                if scene:
                    channel = self.env["mall.channel.code"]._mall_from_scene(scene)
                    shopper._mall_set_first_channel(channel)
                if share_token:
                    self._mall_share_referral(
                        shopper, is_new, share_token, device_id, ip
                    )
        except Exception:
            _logger.exception("Could not record the arrival of shopper %s", shopper.id)

    @api.model
    def _mall_share_referral(self, shopper, is_new, share_token, device_id, ip):
        share = self.env["mall.share"]._mall_from_token(share_token)
        if not share:
            return self.env["mall.share.referral"]
        sharer_devices = (
            self.env["mall.shopper.token"]
            .sudo()
            .search([("partner_id", "=", share.partner_id.id)])
            .mapped("device_id")
        )
        return self.env["mall.share.referral"]._mall_register(
            share,
            shopper,
            is_new,
            device_id=device_id,
            ip_address=ip,
            sharer_device_ids=sharer_devices,
        )
