# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Paid member card (付费会员) arithmetic, without the ORM.

A card is valid from its start date through its end date, both included,
in the shop's dates. Buying again while the card is valid extends it from the
day after its end date (renewal), never from today; buying after it ended
starts a new period today.

The card's discount stacks on the tier's (and the member day's): the card
is paid for, so it comes on top, applied after them.
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from .points import add_months

DURATIONS = {"monthly": 1, "quarterly": 3, "yearly": 12}


def extend(end, months):
    """The last valid day after ``months`` more months from the last valid
    day ``end``: the same day of the month, or the month's last day when
    ``end`` is one (28 February, then 31 March), so chained renewals never
    lose days."""
    target = add_months(end, months)
    if (end + timedelta(days=1)).month != end.month:
        following = add_months(target.replace(day=1), 1)
        return following - timedelta(days=1)
    return target


def period_end(start, months):
    """The last valid day of a period of ``months`` months from ``start``
    (the day before the same day ``months`` months later)."""
    return extend(start - timedelta(days=1), months)


def new_period(today, months, current_start=None, current_end=None):
    """``(start, end, renewal)`` of a card bought ``today`` for ``months``
    months: extended from ``current_end`` while the card still runs (the
    start stays), a new period from today otherwise."""
    if months <= 0:
        raise ValueError("a card lasts at least one month")
    if current_end and current_end >= today:
        return (
            current_start or today,
            extend(current_end, months),
            True,
        )
    return today, period_end(today, months), False


def is_valid(today, start, end):
    """Whether a card from ``start`` through ``end`` is valid ``today``."""
    return bool(start and end and start <= today <= end)


def days_left(today, end):
    """Valid days left, today included (0 once ended)."""
    if not end or end < today:
        return 0
    return (end - today).days + 1


def reminder_due(today, end, days_before, reminded_for):
    """Whether the renewal reminder of the period ending ``end`` is due:
    within ``days_before`` days of its end, and not yet sent for that end."""
    if not end or end < today or reminded_for == end:
        return False
    return (end - today).days < days_before


def coupon_dates(next_date, today, end):
    """The monthly coupon dates due by ``today`` from ``next_date`` within
    the period ending ``end``, and the next date after them."""
    due = []
    day = next_date
    while day and day <= today and day <= end:
        due.append(day)
        day = add_months(day, 1)
    return due, day


def saving(price_unit, quantity, discount, card_percent):
    """What the card's ``card_percent`` saved on a line sold at ``discount``
    (%, the card's included): the line's price without the card, less its
    price. Zero when the line's discount does not include the card's."""
    price = Decimal(str(price_unit)) * Decimal(str(quantity))
    d = Decimal(str(discount or 0)) / 100
    c = Decimal(str(card_percent or 0)) / 100
    if c <= 0 or c >= 1 or d < c:
        return Decimal(0)
    paid = price * (1 - d)
    return (paid / (1 - c) - paid).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def example_saving(monthly_spend, percent, price, months):
    """A plan's saving example: a shopper spending ``monthly_spend`` a
    month saves ``percent`` of it over ``months`` months, less the price."""
    spend = Decimal(str(monthly_spend)) * months
    saved = spend * Decimal(str(percent or 0)) / 100
    return (
        saved.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        (saved - Decimal(str(price))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
    )
