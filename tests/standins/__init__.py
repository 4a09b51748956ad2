# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local stand-ins for the platforms' servers, speaking their documented
protocols, so the real SDK code paths run in tests without the internet."""

from .alipay import AlipayStandin, generate_rsa_keypair
from .server import Reply, Request, StandinServer, closed_url
from .wechatpay import WechatpayStandin
from .weixin import WeixinStandin
