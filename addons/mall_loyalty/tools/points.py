# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Member points arithmetic, without the ORM.

Points are whole numbers. Earned points form lots (one per order paid, review,
welcome bonus...), spent and expired first in, first out: the lot expiring
first is used first, so that a shopper loses as little as possible.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

# Member day, points and sign-in dates are dates in the shop's time zone
# (``res.company._mall_tz()``); Beijing when none is given.
DEFAULT_TZ = "Asia/Shanghai"


@dataclass(frozen=True)
class Lot:
    """Points earned at once: ``remaining`` of them are still spendable."""

    id: int
    remaining: int
    expires_on: date | None = None


def whole_points(value):
    """``value`` rounded down to whole points (never gives a point not earned)."""
    return int(Decimal(str(value)).to_integral_value(rounding=ROUND_DOWN))


def order_points(amount, points_per_unit, multiplier=1):
    """Points earned by paying ``amount``: ``points_per_unit`` per currency
    unit, times ``multiplier`` (2 on member day), rounded down."""
    if amount <= 0 or points_per_unit <= 0:
        return 0
    return whole_points(
        Decimal(str(amount)) * Decimal(str(points_per_unit)) * Decimal(str(multiplier))
    )


def refund_reversal(earned, amount_total, refunded_before, refund_amount):
    """Points to take back for a refund of ``refund_amount``, after
    ``refunded_before`` was already refunded, of an order of ``amount_total``
    that earned ``earned`` points.

    Computed on the cumulated refund, so that partial refunds add up to
    exactly the points earned when the whole order is refunded.
    """
    if earned <= 0 or amount_total <= 0:
        return 0
    total = Decimal(str(amount_total))
    before = min(Decimal(str(refunded_before)), total)
    after = min(before + Decimal(str(refund_amount)), total)

    def taken(refunded):
        # Rounded up: a refund of part of an order takes back its part of
        # the points, never less.
        share = Decimal(earned) * refunded / total
        return int(share.to_integral_value(rounding="ROUND_CEILING"))

    return max(taken(after) - taken(before), 0)


def _fifo_key(lot):
    # Lots without expiry are spent last.
    return (lot.expires_on is None, lot.expires_on or date.max, lot.id)


def consume(lots, points, first=None):
    """``[(lot id, points taken)]`` to spend ``points`` from ``lots``, FIFO
    by expiry date; lot ``first`` (e.g. the lot of the order refunded) is
    used before the others. Takes what there is when ``lots`` hold less."""
    ordered = sorted(
        (lot for lot in lots if lot.remaining > 0),
        key=lambda lot: (lot.id != first, *_fifo_key(lot)),
    )
    taken = []
    left = points
    for lot in ordered:
        if left <= 0:
            break
        take = min(lot.remaining, left)
        taken.append((lot.id, take))
        left -= take
    return taken


def expired(lots, today):
    """``[(lot id, points expiring)]``: what is left of the lots expired by
    ``today`` (a lot expiring on a day is usable until that day's end)."""
    return [
        (lot.id, lot.remaining)
        for lot in sorted(lots, key=_fifo_key)
        if lot.remaining > 0 and lot.expires_on and lot.expires_on < today
    ]


def add_months(day, months):
    """``day`` plus ``months`` months, kept within the target month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def expiry_date(earned_on, months):
    """When points earned on ``earned_on`` expire, or None (``months`` 0)."""
    if not months or months <= 0:
        return None
    return add_months(earned_on, months)


def shop_zone(tz=DEFAULT_TZ):
    """``tz`` as a tzinfo: a zone name (zoneinfo/pytz), a pytz zone or any
    tzinfo; Beijing when empty."""
    if not tz:
        tz = DEFAULT_TZ
    if isinstance(tz, str):
        return ZoneInfo(tz)
    # A pytz zone's own offset is its first one (LMT): use its name.
    name = getattr(tz, "zone", None)
    return ZoneInfo(name) if name else tz


def shop_date(moment, tz=DEFAULT_TZ):
    """The date of ``moment`` in time zone ``tz`` (a naive datetime is UTC,
    as Odoo's)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(shop_zone(tz)).date()


def day_start(day, tz=DEFAULT_TZ):
    """When ``day`` begins in time zone ``tz``, as a naive UTC datetime (as
    Odoo stores them)."""
    start = datetime.combine(day, time(), tzinfo=shop_zone(tz))
    return start.astimezone(timezone.utc).replace(tzinfo=None)


def is_member_day(moment, member_day, tz=DEFAULT_TZ):
    """Whether ``moment`` falls on the member day (day of month, 0 = none),
    in time zone ``tz``. A member day past a short month's end is its last
    day."""
    if not member_day:
        return False
    day = shop_date(moment, tz)
    last = calendar.monthrange(day.year, day.month)[1]
    return day.day == min(member_day, last)


def next_member_day(moment, member_day, tz=DEFAULT_TZ):
    """The next member day (a date) from ``moment`` on, today included
    (in time zone ``tz``)."""
    if not member_day:
        return None
    day = shop_date(moment, tz)
    for months in range(0, 2):
        first = add_months(day.replace(day=1), months)
        last = calendar.monthrange(first.year, first.month)[1]
        candidate = first.replace(day=min(member_day, last))
        if candidate >= day:
            return candidate
    return None  # pragma: no cover (the next month always has one)


def combined_discount(*percents):
    """Discounts applied one after the other, as one percentage."""
    left = Decimal(1)
    for percent in percents:
        left *= 1 - Decimal(str(percent or 0)) / 100
    return float(((1 - left) * 100).quantize(Decimal("0.01")))


def tier_progress(value, thresholds):
    """Where ``value`` stands among tier ``thresholds`` ``[(key, min)]``:
    ``(current key, next key, points missing, percent to next)``; keys are
    None when there is no tier reached / above."""
    ordered = sorted(thresholds, key=lambda t: t[1])
    current = next_ = None
    for key, minimum in ordered:
        if value >= minimum:
            current = (key, minimum)
        elif next_ is None:
            next_ = (key, minimum)
    if next_ is None:
        return (current and current[0], None, 0, 100)
    floor = current[1] if current else 0
    span = next_[1] - floor
    percent = int((value - floor) * 100 // span) if span > 0 else 100
    return (current and current[0], next_[0], next_[1] - value, max(0, percent))


def window_start(now, days):
    """The start of the rolling window of ``days`` days ending ``now``."""
    return now - timedelta(days=days)


__all__ = [
    "DEFAULT_TZ",
    "Lot",
    "add_months",
    "combined_discount",
    "consume",
    "day_start",
    "expired",
    "expiry_date",
    "is_member_day",
    "next_member_day",
    "order_points",
    "refund_reversal",
    "shop_date",
    "shop_zone",
    "tier_progress",
    "whole_points",
    "window_start",
]
