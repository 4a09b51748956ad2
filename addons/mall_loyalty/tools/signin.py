# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Daily sign-in (签到) arithmetic, without the ORM.

Sign-in days are dates in the shop's time zone. A streak counts consecutive
days signed in; missing a day starts it again at 1. With a cycle of N days
(e.g. 7), the bonuses repeat every N days of a streak: day 8 of a streak is
day 1 of its second week.
"""

import calendar
from datetime import date, timedelta


def next_streak(today, last_date=None, last_streak=0):
    """The streak day of a sign-in on ``today`` when the shopper last signed
    in on ``last_date`` at streak day ``last_streak`` (None: never)."""
    if last_date is not None and last_date == today - timedelta(days=1):
        return max(int(last_streak), 0) + 1
    return 1


def current_streak(today, last_date=None, last_streak=0):
    """The streak shown on ``today``: alive if the last sign-in was today or
    yesterday, 0 once a day was missed."""
    if last_date is not None and last_date >= today - timedelta(days=1):
        return max(int(last_streak), 0)
    return 0


def cycle_day(streak, cycle_days=0):
    """Day of the cycle of streak day ``streak`` (1-based)."""
    if streak < 1:
        return 0
    if cycle_days and cycle_days > 0:
        return (streak - 1) % cycle_days + 1
    return streak


def reward(streak, base_points, bonuses=(), cycle_days=0):
    """Points of streak day ``streak``: ``base_points`` plus the bonus of its
    day of the cycle; ``bonuses`` are ``[(day, points)]``."""
    if streak < 1:
        return 0
    day = cycle_day(streak, cycle_days)
    extra = sum(points for bonus_day, points in bonuses if bonus_day == day)
    return max(int(base_points), 0) + max(int(extra), 0)


def upcoming(streak, base_points, bonuses=(), cycle_days=0, days=7):
    """``[(streak day, points)]`` for the next ``days`` streak days after
    ``streak`` (what the shopper gets by keeping it up)."""
    return [
        (day, reward(day, base_points, bonuses, cycle_days))
        for day in range(streak + 1, streak + 1 + days)
    ]


def month_calendar(year, month, signed, today=None):
    """The days of a month: ``[(date, signed record or None, is future)]``;
    ``signed`` maps dates to anything (the sign-in of that day)."""
    last = calendar.monthrange(year, month)[1]
    days = []
    for day in range(1, last + 1):
        current = date(year, month, day)
        days.append((current, signed.get(current), bool(today and current > today)))
    return days


__all__ = [
    "current_streak",
    "cycle_day",
    "month_calendar",
    "next_streak",
    "reward",
    "upcoming",
]
