# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.mall_catalog.tools import redis_store

from ..const import ALIPAY_GATEWAY, WEIXIN_API_BASE


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Redis is set in odoo.conf (mall_redis_url) or MALL_REDIS_URL: shown here.
    mall_redis_status = fields.Char(
        string="Redis", compute="_compute_mall_redis_status"
    )

    def _compute_mall_redis_status(self):
        state = redis_store.status()
        if not state["configured"]:
            text = _("Not configured: flash sales use the PostgreSQL fallback.")
        elif state["ok"]:
            text = _("Connected to %(url)s (%(ms)s ms)") % {
                "url": redis_store.redact(redis_store.redis_url()),
                "ms": state["latency_ms"],
            }
        else:
            text = _("Unreachable: %(url)s (%(error)s)") % {
                "url": redis_store.redact(redis_store.redis_url()),
                "error": state["error"],
            }
        for settings in self:
            settings.mall_redis_status = text

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
    mall_alipay_aes_key = fields.Char(
        string="Alipay AES Key",
        config_parameter="mall.alipay_aes_key",
        help="The app's content encryption key: decrypts shoppers' phone numbers.",
    )
    mall_alipay_gateway = fields.Char(
        string="Alipay Gateway",
        config_parameter="mall.alipay_gateway",
        default=ALIPAY_GATEWAY,
    )

    # Anti-fraud (防刷单): the rules themselves are mall.risk.rule records.
    mall_risk_freeze_threshold = fields.Integer(
        string="Freeze From Score",
        config_parameter="mall.risk_freeze_threshold",
        default=60,
        help="An order scoring this much or more freezes its shopper (0-100).",
    )
    mall_risk_review_threshold = fields.Integer(
        string="Review From Score",
        config_parameter="mall.risk_review_threshold",
        default=30,
        help="An order scoring this much or more is sent for review (0-100).",
    )
    mall_risk_responsible_id = fields.Many2one(
        "res.users",
        string="Risk Reviewer",
        config_parameter="mall.risk_responsible_id",
        domain=[("share", "=", False)],
        help="Who gets the risk review to-dos; all mall administrators if empty.",
    )

    @api.constrains("mall_risk_freeze_threshold", "mall_risk_review_threshold")
    def _check_mall_risk_thresholds(self):
        for settings in self:
            freeze = settings.mall_risk_freeze_threshold
            review = settings.mall_risk_review_threshold
            if not (0 < review <= freeze <= 100):
                raise ValidationError(
                    _(
                        "Risk scores: the review score must be above 0 and at "
                        "most the freeze score, which is at most 100."
                    )
                )

    mall_winback_days = fields.Integer(
        string="Win-back After (days)",
        config_parameter="mall.winback_days",
        default=30,
    )
    mall_winback_valid_days = fields.Integer(
        string="Gift Valid (days)",
        config_parameter="mall.winback_valid_days",
        default=14,
    )
    mall_winback_program_id = fields.Many2one(
        "loyalty.program",
        string="Comeback Gift",
        config_parameter="mall.winback_program_id",
        domain=[("program_type", "=", "coupons")],
    )
