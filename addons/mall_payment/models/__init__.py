# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import account_chart_template
from . import mall_payment_bill
from . import mall_payment_bill_line
from . import payment_provider
from . import payment_transaction
