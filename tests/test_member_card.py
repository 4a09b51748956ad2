# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.mall_loyalty.tools.member_card import (
    coupon_dates,
    days_left,
    example_saving,
    extend,
    is_valid,
    new_period,
    period_end,
    reminder_due,
    saving,
)


def test_period_end_includes_both_ends():
    assert period_end(date(2026, 1, 15), 1) == date(2026, 2, 14)
    assert period_end(date(2026, 1, 1), 12) == date(2026, 12, 31)
    # A month from 31 January ends on the last day of February, a month
    # from 1 March on the last day of March.
    assert period_end(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert period_end(date(2026, 3, 1), 1) == date(2026, 3, 31)
    assert period_end(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_new_period_from_today_or_renewal():
    today = date(2026, 3, 10)
    assert new_period(today, 12) == (today, date(2027, 3, 9), False)
    # Still valid: extended from the end date, the start kept.
    assert new_period(today, 1, date(2026, 1, 1), date(2026, 3, 20)) == (
        date(2026, 1, 1),
        date(2026, 4, 20),
        True,
    )
    # Valid through today is still a renewal.
    assert new_period(today, 3, date(2026, 1, 1), today)[1:] == (
        date(2026, 6, 10),
        True,
    )
    # Ended yesterday: a new period from today.
    assert new_period(today, 1, date(2026, 1, 1), date(2026, 3, 9)) == (
        today,
        date(2026, 4, 9),
        False,
    )
    with pytest.raises(ValueError):
        new_period(today, 0)


def test_chained_renewals_never_lose_a_day():
    start = date(2026, 1, 31)
    _s, end, _r = new_period(start, 1)
    for _month in range(11):
        _s, end, renewal = new_period(start, 1, start, end)
        assert renewal
    # Twelve months from 31 January: through 31 January (never short).
    assert end == date(2027, 1, 31)


def test_extend_keeps_month_ends():
    assert extend(date(2026, 2, 28), 1) == date(2026, 3, 31)
    assert extend(date(2026, 4, 30), 10) == date(2027, 2, 28)
    assert extend(date(2026, 4, 14), 1) == date(2026, 5, 14)


def test_validity_and_days_left():
    start, end = date(2026, 5, 1), date(2026, 5, 31)
    assert is_valid(date(2026, 5, 31), start, end)
    assert not is_valid(date(2026, 6, 1), start, end)
    assert not is_valid(date(2026, 4, 30), start, end)
    assert not is_valid(date(2026, 5, 5), None, None)
    assert days_left(date(2026, 5, 31), end) == 1
    assert days_left(date(2026, 5, 1), end) == 31
    assert days_left(date(2026, 6, 1), end) == 0


def test_one_reminder_per_period():
    end = date(2026, 5, 31)
    assert not reminder_due(date(2026, 5, 20), end, 7, None)
    assert reminder_due(date(2026, 5, 25), end, 7, None)
    assert not reminder_due(date(2026, 5, 25), end, 7, end)
    # Renewed: the new end date gets its own reminder.
    assert reminder_due(date(2026, 6, 28), date(2026, 6, 30), 7, end)
    assert not reminder_due(date(2026, 6, 1), end, 7, None)


def test_monthly_coupon_dates():
    due, following = coupon_dates(
        date(2026, 1, 10), date(2026, 3, 15), date(2026, 12, 31)
    )
    assert due == [date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 10)]
    assert following == date(2026, 4, 10)
    # None after the card's end.
    due, following = coupon_dates(
        date(2026, 1, 10), date(2026, 3, 15), date(2026, 2, 1)
    )
    assert due == [date(2026, 1, 10)]
    assert (
        coupon_dates(date(2026, 4, 10), date(2026, 3, 15), date(2026, 12, 31))[0] == []
    )


def test_saving_of_a_line():
    # 100.00 at 10 % off: the card saved 10.00.
    assert saving(100, 1, 10, 10) == Decimal("10.00")
    # Tier 5 % then card 10 %: 85.50 paid, 95.00 without the card.
    assert saving(100, 1, 14.5, 10) == Decimal("9.50")
    assert saving(59.9, 3, 10, 10) == Decimal("17.97")
    # The pricelist gave more than the card: the card saved nothing.
    assert saving(100, 1, 5, 10) == 0
    assert saving(100, 1, 10, 0) == 0


def test_saving_example():
    assert example_saving(500, 10, 99, 12) == (Decimal("600.00"), Decimal("501.00"))
    assert example_saving(100, 5, 15, 1) == (Decimal("5.00"), Decimal("-10.00"))
