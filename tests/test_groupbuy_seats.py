# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.mall_groupbuy.tools import seats


def _refusal(**overrides):
    figures = {
        "group_open": True,
        "group_size": 3,
        "seats_taken": 1,
        "already_member": False,
        "shopper_groups": 0,
        "per_shopper_limit": 1,
        "units_taken": 10,
        "units_wanted": 1,
        "stock_cap": 100,
    }
    figures.update(overrides)
    return seats.join_refusal(**figures)


def test_a_free_seat_is_given():
    assert _refusal() is None


def test_refusals_in_order():
    assert _refusal(group_open=False, already_member=True) == seats.GROUP_CLOSED
    assert _refusal(already_member=True, seats_taken=3) == seats.ALREADY_JOINED
    assert _refusal(seats_taken=3) == seats.GROUP_FULL
    assert _refusal(shopper_groups=1) == seats.LIMIT_REACHED
    assert _refusal(units_taken=100) == seats.SOLD_OUT


def test_no_limit_and_no_cap():
    assert _refusal(per_shopper_limit=0, shopper_groups=9) is None
    assert _refusal(stock_cap=0, units_taken=10**6) is None


def test_last_seat_then_full():
    assert _refusal(seats_taken=2) is None
    assert _refusal(seats_taken=3) == seats.GROUP_FULL
    assert seats.seats_left(3, 5) == 0


def test_success_rate():
    assert seats.success_rate(0, 0) == 0.0
    assert seats.success_rate(2, 1) == 66.7
    assert seats.success_rate(4, 0) == 100.0
