# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Odoo payment providers for the mini-program: no dependency on the rest of the mall.
from . import controllers
from . import models
from . import wizard

from odoo.addons.payment import reset_payment_provider, setup_provider


def post_init_hook(env):
    setup_provider(env, "wechatpay")
    setup_provider(env, "mall_balance")
    setup_provider(env, "alipay")


def uninstall_hook(env):
    reset_payment_provider(env, "wechatpay")
    reset_payment_provider(env, "mall_balance")
    reset_payment_provider(env, "alipay")
