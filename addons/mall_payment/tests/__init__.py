# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_accounting
from . import test_alipay
from . import test_balance
from . import test_bills
from . import test_wechatpay
