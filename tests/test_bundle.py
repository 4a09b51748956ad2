# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from decimal import Decimal

import pytest

from odoo.addons.mall_catalog.tools.bundle import BundlePriceError, split_price


def total(lines, units):
    return sum(unit * qty for unit, (_price, qty) in zip(units, lines, strict=True))


def test_proportional_split():
    lines = [("49.90", 1), ("29.90", 1), ("39.00", 1)]
    units = split_price(lines, "99.00")
    assert total(lines, units) == Decimal("99.00")
    # In proportion to the list prices, to the fen.
    assert units[0] == Decimal("41.58")
    assert units[1] == Decimal("24.92")
    assert units[2] == Decimal("32.50")


def test_remainder_goes_to_a_line_bought_once():
    lines = [("10.00", 1), ("10.00", 3), ("10.00", 3)]
    units = split_price(lines, "50.00")
    assert total(lines, units) == Decimal("50.00")
    assert units[1] == units[2] == Decimal("7.14")
    assert units[0] == Decimal("7.16")


def test_quantities_that_divide_the_remainder():
    lines = [("10.00", 2), ("5.00", 2)]
    assert total(lines, split_price(lines, "20.02")) == Decimal("20.02")
    with pytest.raises(BundlePriceError):
        split_price([("10.00", 2), ("5.00", 2)], "20.01")


def test_no_discount_and_free_lines():
    lines = [("12.50", 2), ("0", 1)]
    assert split_price(lines, "25.00") == [Decimal("12.50"), Decimal("0.00")]
    assert split_price([("0", 1)], "0") == [Decimal("0.00")]
    with pytest.raises(BundlePriceError):
        split_price([("0", 1)], "5")
    with pytest.raises(BundlePriceError):
        split_price([], "5")
