# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..const import ALIPAY_GATEWAY, WEIXIN_API_BASE


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The mini-program apps shoppers sign in with. The endpoints point at the
    # platforms; tests point them at local stand-ins.
    mall_weixin_appid = fields.Char(
        string="WeChat Mini-program AppID", config_parameter="mall.weixin_appid"
    )
    mall_weixin_secret = fields.Char(
        string="WeChat AppSecret", config_parameter="mall.weixin_secret"
    )
    mall_weixin_api_base = fields.Char(
        string="WeChat API Endpoint",
        config_parameter="mall.weixin_api_base",
        default=WEIXIN_API_BASE,
    )
    mall_alipay_app_id = fields.Char(
        string="Alipay Mini-program AppID", config_parameter="mall.alipay_app_id"
    )
    mall_alipay_private_key = fields.Char(
        string="Alipay App Private Key", config_parameter="mall.alipay_private_key"
    )
    mall_alipay_public_key = fields.Char(
        string="Alipay Public Key", config_parameter="mall.alipay_public_key"
    )
    mall_alipay_gateway = fields.Char(
        string="Alipay Gateway",
        config_parameter="mall.alipay_gateway",
        default=ALIPAY_GATEWAY,
    )
