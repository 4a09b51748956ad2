# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta
from decimal import Decimal

from odoo.addons.mall_catalog.tools import flash


def test_fixed_price():
    assert flash.unit_price(59.9, price=39.9) == Decimal("39.90")


def test_percent_rounds_half_up_to_the_fen():
    # 299 x 0.85 = 254.15; 59.9 x 0.67 = 40.133 -> 40.13; 0.15 x 0.5 = 0.075
    assert flash.unit_price(299, percent=15) == Decimal("254.15")
    assert flash.unit_price(59.9, percent=33) == Decimal("40.13")
    assert flash.unit_price(0.15, percent=50) == Decimal("0.08")
    assert flash.unit_price("19.99", percent=12.5) == Decimal("17.49")


def test_never_above_list_price_nor_below_zero():
    assert flash.unit_price(10, price=12) == Decimal("10.00")
    assert flash.unit_price(10, price=-1) == Decimal("0.00")
    assert flash.unit_price(10) == Decimal("10.00")


def test_currency_digits():
    assert flash.unit_price(1000, percent=33, digits=0) == Decimal("670")


def test_remaining_and_fits():
    assert flash.remaining(0, 99) is None
    assert flash.remaining(10, 3) == 7
    assert flash.remaining(10, 12) == 0
    assert flash.fits(0, 1000, 5)
    assert flash.fits(10, 7, 3)
    assert not flash.fits(10, 8, 3)


def test_is_active_window():
    start = datetime(2026, 6, 18)
    end = start + timedelta(hours=2)
    assert not flash.is_active(start, end, start - timedelta(seconds=1))
    assert flash.is_active(start, end, start)
    assert not flash.is_active(start, end, end)
