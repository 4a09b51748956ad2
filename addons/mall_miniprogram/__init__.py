from . import cli
from . import controllers
from . import models
from . import wizards


def post_init_hook(env):
    # Partners created before the module was installed hold clear values.
    env["res.partner"]._mall_reencrypt_personal_data()


def post_load():
    # Run at server start when the module is server-wide (odoo.conf), so the
    # API answers in JSON even while no database can be opened.
    from .http_api import unavailable

    unavailable.install()
