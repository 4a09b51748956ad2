# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.addons.mall_loyalty.tools.signin import (
    current_streak,
    cycle_day,
    month_calendar,
    next_streak,
    reward,
    upcoming,
)

TODAY = date(2026, 6, 10)
BONUSES = [(3, 10), (7, 30)]


def test_streak_continues_only_from_yesterday():
    assert next_streak(TODAY) == 1
    assert next_streak(TODAY, date(2026, 6, 9), 4) == 5
    # A missed day starts again.
    assert next_streak(TODAY, date(2026, 6, 8), 4) == 1
    # Across a month's end.
    assert next_streak(date(2026, 7, 1), date(2026, 6, 30), 2) == 3


def test_current_streak_shows_zero_once_missed():
    assert current_streak(TODAY) == 0
    assert current_streak(TODAY, TODAY, 3) == 3
    assert current_streak(TODAY, date(2026, 6, 9), 3) == 3
    assert current_streak(TODAY, date(2026, 6, 8), 3) == 0


def test_cycle_day():
    assert [cycle_day(d, 7) for d in (1, 7, 8, 14, 15)] == [1, 7, 1, 7, 1]
    assert cycle_day(9, 0) == 9
    assert cycle_day(0, 7) == 0


def test_reward_base_and_bonuses():
    assert [reward(d, 5, BONUSES, 7) for d in range(1, 9)] == [
        5, 5, 15, 5, 5, 5, 35, 5,
    ]  # fmt: skip
    # Without a cycle the bonuses come once.
    assert reward(10, 5, BONUSES) == 5
    assert reward(7, 5, BONUSES) == 35
    assert reward(0, 5, BONUSES) == 0
    assert reward(1, -3, [(1, -5)]) == 0


def test_upcoming():
    assert upcoming(2, 5, BONUSES, 7, days=3) == [(3, 15), (4, 5), (5, 5)]


def test_month_calendar():
    days = month_calendar(2026, 2, {date(2026, 2, 3): "x"}, today=date(2026, 2, 4))
    assert len(days) == 28
    assert days[2] == (date(2026, 2, 3), "x", False)
    assert days[3] == (date(2026, 2, 4), None, False)
    assert days[4][2] is True
