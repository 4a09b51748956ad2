# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta
from decimal import Decimal

from odoo.addons.mall_groupbuy.tools import commission as c


def test_rate_precedence_product_category_default():
    default = {1: 5, 2: 1}
    category = {1: 8, 2: 2}
    product = {1: 12, 2: 0}
    assert c.line_rate(1, product, [None, category], default) == Decimal(12)
    assert c.line_rate(2, product, [None, category], default) == Decimal(0)
    assert c.line_rate(1, None, [None, category], default) == Decimal(8)
    assert c.line_rate(2, None, [None, None], default) == Decimal(1)
    assert c.line_rate(1, None, [], None) == Decimal(0)


def test_discount_shared_pro_rata_and_bases_add_up():
    bases = c.paid_bases(["100.00", "50.00", "0.01"], "-30.00")
    assert sum(bases) == Decimal("120.01")
    assert bases[0] == Decimal("80.00")
    assert c.paid_bases(["10"], "-20") == [Decimal("0.00")]


def test_order_commissions_two_levels():
    lines = [
        {"total": "100.00", "rates": {1: Decimal(10), 2: Decimal(2)}},
        {"total": "33.33", "rates": {1: Decimal(5)}},
    ]
    result = c.order_commissions(lines, (1, 2))
    assert result[1] == (Decimal("133.33"), Decimal("11.67"))
    assert result[2] == (Decimal("100.00"), Decimal("2.00"))
    assert 2 not in c.order_commissions(lines[1:], (1, 2))
    assert list(c.order_commissions(lines, (1,))) == [1]


def test_reversal_pro_rata_adds_up_exactly():
    taken, refunded = Decimal(0), Decimal(0)
    for refund in ("33.33", "33.33", "33.34"):
        taken += c.reversal("10.01", "100.00", refunded, refund)
        refunded += Decimal(refund)
    assert taken == Decimal("10.01")
    assert c.reversal("10.00", "100.00", 0, "50") == Decimal("5.00")
    # A refund above what is left takes back only what is left.
    assert c.reversal("10.00", "100.00", "90", "50") == Decimal("1.00")
    assert c.reversal("10.00", "0", 0, "5") == Decimal("0.00")


def test_binding_expiry():
    now = datetime(2026, 1, 31)
    assert c.expiry_passed(now - timedelta(days=30), 30, now)
    assert not c.expiry_passed(now - timedelta(days=29), 30, now)
    assert not c.expiry_passed(now - timedelta(days=999), 0, now)
    assert c.expiry_passed(None, 30, now)


def test_withdrawal_refusals():
    assert c.withdrawal_refusal("10", "50", "10") is None
    assert c.withdrawal_refusal("0", "50", "1") == "amount_not_positive"
    assert c.withdrawal_refusal("5", "50", "10") == "below_minimum"
    assert c.withdrawal_refusal("60", "50", "10") == "above_withdrawable"
