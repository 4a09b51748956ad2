# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain tests import the addons' ORM-free modules as ``odoo.addons.*``.

Under bin/test, pytest-odoo has set the addons path already; run alone
(``pytest tests/test_geo.py``), the repository's addons are added here.
"""

import os

import odoo

import odoo.addons

ADDONS = os.path.normcase(os.path.join(os.path.dirname(__file__), "..", "addons"))
# Odoo's own addons too: an addon's __init__ may import one (payment).
ODOO_ADDONS = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "addons")
for path in (ADDONS, ODOO_ADDONS):
    if os.path.isdir(path) and os.path.abspath(path) not in odoo.addons.__path__:
        odoo.addons.__path__.append(os.path.abspath(path))
