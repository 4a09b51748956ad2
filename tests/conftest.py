# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain tests import the addons' ORM-free modules as ``odoo.addons.*``.

Under bin/test, pytest-odoo has set the addons path already; run alone
(``pytest tests/test_geo.py``), the repository's addons are added here.
"""

import os

import odoo.addons

ADDONS = os.path.normcase(os.path.join(os.path.dirname(__file__), "..", "addons"))
if os.path.abspath(ADDONS) not in odoo.addons.__path__:
    odoo.addons.__path__.append(os.path.abspath(ADDONS))
