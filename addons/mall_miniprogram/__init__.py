from . import cli
from . import controllers
from . import models
from . import wizards


def post_init_hook(env):
    # Partners created before the module was installed hold clear values.
    env["res.partner"]._mall_reencrypt_personal_data()
