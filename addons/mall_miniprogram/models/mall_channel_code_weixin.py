# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import requests
from wechatpy.exceptions import WeChatClientException

from odoo import _, models
from odoo.exceptions import UserError


class MallChannelCode(models.Model):
    _inherit = "mall.channel.code"

    def _mall_wxa_code(self):
        """The unlimited mini-program code (小程序码) of the scene, from
        WeChat (wxa/getwxacodeunlimit) with the mall's app credentials."""
        self.ensure_one()
        try:
            client = self.env["mall.shopper.identity"]._weixin_client()
        except Exception as exc:
            raise UserError(_("Configure the WeChat mini-program first.")) from exc
        try:
            # The answer is the picture, or a JSON error wechatpy raises.
            response = client._wechat.wxa.get_wxa_code_unlimited(
                self.scene, page=self.page or None
            )
        except (WeChatClientException, requests.RequestException) as exc:
            raise UserError(_("WeChat refused the code: %(error)s", error=exc)) from exc
        content = getattr(response, "content", None)
        if not content or not content.startswith(b"\x89PNG"):
            raise UserError(_("WeChat did not answer with a picture."))
        return content
