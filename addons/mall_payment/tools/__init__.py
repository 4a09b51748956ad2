# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Plain helpers: none of them needs the ORM.
from . import bills
from . import alipay_client
