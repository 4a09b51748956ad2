# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import pytz

from odoo.addons.mall_loyalty.tools.points import (
    Lot,
    add_months,
    combined_discount,
    consume,
    day_start,
    expired,
    expiry_date,
    is_member_day,
    next_member_day,
    order_points,
    refund_reversal,
    shop_date,
    tier_progress,
)


def test_order_points_round_down_and_multiply():
    assert order_points(99.99, 1) == 99
    assert order_points(99.99, 1, 2) == 199
    assert order_points(10, 0.5) == 5
    assert order_points(0, 1) == 0
    assert order_points(-5, 1) == 0
    assert order_points(100, 0) == 0


def test_partial_refunds_add_up_to_the_points_earned():
    earned, total = 199, 199.90
    first = refund_reversal(earned, total, 0, 50)
    second = refund_reversal(earned, total, 50, 100)
    third = refund_reversal(earned, total, 150, 49.90)
    assert first == 50  # 49.77 rounded up
    assert first + second + third == earned


def test_refund_reversal_caps_at_the_order_total():
    assert refund_reversal(100, 100, 0, 150) == 100
    assert refund_reversal(100, 100, 100, 10) == 0
    assert refund_reversal(0, 100, 0, 10) == 0


def test_consume_is_fifo_by_expiry_lot_without_expiry_last():
    lots = [
        Lot(1, 100, None),
        Lot(2, 50, date(2027, 3, 1)),
        Lot(3, 30, date(2027, 1, 1)),
        Lot(4, 0, date(2026, 1, 1)),
    ]
    assert consume(lots, 60) == [(3, 30), (2, 30)]
    assert consume(lots, 500) == [(3, 30), (2, 50), (1, 100)]


def test_consume_takes_a_given_lot_first():
    lots = [Lot(1, 100, date(2027, 1, 1)), Lot(2, 50, date(2027, 6, 1))]
    assert consume(lots, 70, first=2) == [(2, 50), (1, 20)]


def test_expired_lots_usable_until_their_day_ends():
    lots = [
        Lot(1, 10, date(2026, 5, 1)),
        Lot(2, 20, date(2026, 5, 2)),
        Lot(3, 0, date(2026, 4, 1)),
        Lot(4, 5, None),
    ]
    assert expired(lots, date(2026, 5, 2)) == [(1, 10)]
    assert expired(lots, date(2026, 5, 3)) == [(1, 10), (2, 20)]


def test_expiry_months_stay_in_month():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 14) == date(2028, 1, 15)
    assert expiry_date(date(2026, 3, 31), 12) == date(2027, 3, 31)
    assert expiry_date(date(2026, 3, 31), 0) is None


def test_member_day_is_in_beijing_time():
    # 2026-06-07 16:30 UTC is already the 8th in Beijing.
    assert is_member_day(datetime(2026, 6, 7, 16, 30), 8)
    assert not is_member_day(datetime(2026, 6, 7, 15, 59), 8)
    assert not is_member_day(datetime(2026, 6, 8, 16, 0), 8)
    assert is_member_day(datetime(2026, 6, 8, 1, 0, tzinfo=timezone.utc), 8)
    assert not is_member_day(datetime(2026, 6, 8), 0)
    # The 31st falls on the last day of short months.
    assert is_member_day(datetime(2026, 2, 28, 3), 31)
    assert shop_date(datetime(2026, 12, 31, 20)) == date(2027, 1, 1)


def test_next_member_day():
    assert next_member_day(datetime(2026, 6, 8, 1), 8) == date(2026, 6, 8)
    assert next_member_day(datetime(2026, 6, 9, 1), 8) == date(2026, 7, 8)
    assert next_member_day(datetime(2026, 12, 20), 8) == date(2027, 1, 8)
    assert next_member_day(datetime(2026, 1, 31), 30) == date(2026, 2, 28)
    assert next_member_day(datetime(2026, 1, 1), 0) is None


@pytest.mark.parametrize(
    "paris",
    ["Europe/Paris", ZoneInfo("Europe/Paris"), pytz.timezone("Europe/Paris")],
)
def test_dates_in_the_shop_time_zone(paris):
    # The 8th begins at 22:00 UTC in Paris in summer, 23:00 UTC in winter.
    assert shop_date(datetime(2026, 6, 7, 21, 59), paris) == date(2026, 6, 7)
    assert shop_date(datetime(2026, 6, 7, 22), paris) == date(2026, 6, 8)
    assert shop_date(datetime(2026, 1, 7, 22, 30), paris) == date(2026, 1, 7)
    assert not is_member_day(datetime(2026, 6, 7, 21, 59), 8, paris)
    assert is_member_day(datetime(2026, 6, 7, 22), 8, paris)
    assert next_member_day(datetime(2026, 6, 8, 21, 59), 8, paris) == date(2026, 6, 8)
    assert next_member_day(datetime(2026, 6, 8, 22), 8, paris) == date(2026, 7, 8)
    assert day_start(date(2026, 6, 8), paris) == datetime(2026, 6, 7, 22)
    assert day_start(date(2026, 1, 8), paris) == datetime(2026, 1, 7, 23)


def test_dates_default_to_beijing():
    moment = datetime(2026, 6, 7, 16)
    assert shop_date(moment) == shop_date(moment, None) == date(2026, 6, 8)
    assert shop_date(moment, timezone(timedelta(hours=8))) == date(2026, 6, 8)
    assert shop_date(moment, "UTC") == date(2026, 6, 7)
    assert day_start(date(2026, 6, 8)) == datetime(2026, 6, 7, 16)


def test_combined_discount():
    assert combined_discount(5, 10) == 14.5
    assert combined_discount(0, None) == 0
    assert combined_discount(5) == 5


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, ("regular", "silver", 1000, 0)),
        (500, ("regular", "silver", 500, 50)),
        (1000, ("silver", "gold", 4000, 0)),
        (3000, ("silver", "gold", 2000, 50)),
        (9000, ("gold", None, 0, 100)),
    ],
)
def test_tier_progress(value, expected):
    tiers = [("gold", 5000), ("regular", 0), ("silver", 1000)]
    assert tier_progress(value, tiers) == expected


def test_tier_progress_below_every_tier():
    assert tier_progress(100, [("silver", 1000)]) == (None, "silver", 900, 10)
