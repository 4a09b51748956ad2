# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The bargain (砍价) cut plans: property tests over many random seeds."""

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.addons.mall_groupbuy.tools import bargain_cuts


def _assert_plan(cuts, gap, helpers):
    assert len(cuts) == helpers
    assert all(isinstance(cut, int) and cut >= 1 for cut in cuts)
    assert sum(cuts) == gap
    assert cuts == sorted(cuts, reverse=True)
    bargain_cuts.check_plan(cuts, gap, helpers)


@pytest.mark.parametrize("seed", range(300))
def test_random_plans_add_up(seed):
    rng = random.Random(seed)
    helpers = rng.randint(1, 60)
    gap = rng.randint(helpers, 500_000)
    cuts = bargain_cuts.plan_cuts(gap, helpers, rng)
    _assert_plan(cuts, gap, helpers)


@settings(max_examples=300, deadline=None)
@given(
    start=st.integers(min_value=2, max_value=10**8),
    helpers=st.integers(min_value=1, max_value=200),
    seed=st.integers(min_value=0, max_value=2**32),
    data=st.data(),
)
def test_price_never_below_the_floor(start, helpers, seed, data):
    floor = data.draw(st.integers(min_value=0, max_value=start - 1))
    gap = start - floor
    if gap < helpers:
        with pytest.raises(ValueError):
            bargain_cuts.plan_cuts(gap, helpers, random.Random(seed))
        return
    cuts = bargain_cuts.plan_cuts(gap, helpers, random.Random(seed))
    _assert_plan(cuts, gap, helpers)
    prices = [bargain_cuts.price_after(start, cuts, k) for k in range(helpers + 1)]
    assert prices[0] == start
    assert all(price >= floor for price in prices)
    assert all(a > b for a, b in zip(prices, prices[1:], strict=False))
    assert prices[-1] == floor
    # More helps than planned change nothing.
    assert bargain_cuts.price_after(start, cuts, helpers + 3) == floor


def test_one_helper_cuts_the_whole_gap():
    for seed in range(50):
        assert bargain_cuts.plan_cuts(4321, 1, random.Random(seed)) == [4321]


def test_gap_equal_to_helpers_is_one_cent_each():
    assert bargain_cuts.plan_cuts(7, 7, random.Random(1)) == [1] * 7


def test_gap_smaller_than_helpers_is_refused():
    assert bargain_cuts.plan_refusal(4, 5) == bargain_cuts.GAP_TOO_SMALL
    assert bargain_cuts.plan_refusal(0, 1) == bargain_cuts.NO_GAP
    assert bargain_cuts.plan_refusal(-5, 1) == bargain_cuts.NO_GAP
    assert bargain_cuts.plan_refusal(10, 0) == bargain_cuts.NO_HELPERS
    assert bargain_cuts.plan_refusal(5, 5) is None
    with pytest.raises(ValueError, match="gap_too_small"):
        bargain_cuts.plan_cuts(4, 5, random.Random(0))


def test_first_friends_cut_more():
    """On average, the first friend cuts several times the last one."""
    firsts, lasts = 0, 0
    for seed in range(200):
        cuts = bargain_cuts.plan_cuts(100_000, 10, random.Random(seed))
        firsts += cuts[0]
        lasts += cuts[-1]
    assert firsts > 4 * lasts


def test_same_seed_same_plan():
    one = bargain_cuts.plan_cuts(9_999, 8, random.Random(42))
    two = bargain_cuts.plan_cuts(9_999, 8, random.Random(42))
    assert one == two
    assert bargain_cuts.loads(bargain_cuts.dumps(one)) == one


def test_minor_units():
    assert bargain_cuts.to_minor(Decimal("59.90")) == 5990
    assert bargain_cuts.to_minor(59.9) == 5990
    assert bargain_cuts.to_minor("0.015") == 2
    assert bargain_cuts.to_minor(12, digits=0) == 12
    assert bargain_cuts.from_minor(5990) == Decimal("59.90")
    assert bargain_cuts.from_minor(12, digits=0) == Decimal("12")


def test_bad_plans_are_detected():
    with pytest.raises(ValueError):
        bargain_cuts.check_plan([5, 4], 10, 2)
    with pytest.raises(ValueError):
        bargain_cuts.check_plan([10, 0], 10, 2)
    with pytest.raises(ValueError):
        bargain_cuts.check_plan([10], 10, 2)


def test_progress():
    assert bargain_cuts.progress(1000, 0) == 0.0
    assert bargain_cuts.progress(1000, 333) == 33.3
    assert bargain_cuts.progress(1000, 1000) == 100.0
    assert bargain_cuts.progress(0, 0) == 100.0
