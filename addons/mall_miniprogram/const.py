# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# The platforms' real endpoints, the defaults of the settings.
WEIXIN_API_BASE = "https://api.weixin.qq.com/"
ALIPAY_GATEWAY = "https://openapi.alipay.com/gateway.do"
