# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from dataclasses import replace
from decimal import Decimal as D

import pytest

from odoo.addons.mall_loyalty.tools.coupon_optimizer import (
    FIXED,
    PERCENT,
    SHIPPING,
    Cart,
    Coupon,
    Line,
    best_assignment,
    best_combination,
    brute_force,
    brute_force_assignment,
    compatible,
    price,
)

CART = Cart(
    lines=(
        Line(1, D("120.00"), 1, frozenset({10})),
        Line(2, D("45.50"), 2, frozenset({20})),
    ),
    delivery_fee=D("12.00"),
)  # goods 211.00, total 223.00

MANJIAN = Coupon(1, FIXED, "满 200 减 30", amount=D(30), threshold=D(200))
TEN_OFF = Coupon(2, FIXED, "无门槛 10", amount=D(10))
NINETY = Coupon(3, PERCENT, "9 折", percent=D(10), stack_group="discount")
SHIP = Coupon(4, SHIPPING, "包邮", stack_group="shipping")
SHOES = Coupon(5, PERCENT, "鞋 8 折", percent=D(20), category_ids=frozenset({20}))


def test_fixed_threshold_coupon():
    pricing = price(CART, (MANJIAN,))
    assert pricing.valid
    assert pricing.total == D("193.00")
    assert pricing.explain() == ["满 200 减 30: -30.00"]


def test_threshold_counts_the_other_discounts_not_shipping():
    coat_ten = Coupon(7, FIXED, amount=D(10), product_ids=frozenset({1}))
    # 211 - 10 = 201 >= 200 still; with 20 % of the shoes, 192.80 < 200.
    assert price(CART, (MANJIAN, coat_ten)).valid
    assert price(CART, (MANJIAN, SHIP)).valid
    pricing = price(CART, (MANJIAN, SHOES))
    assert not pricing.valid
    assert pricing.reason == "threshold not reached"


def test_percentage_applies_on_what_earlier_coupons_left():
    # Shipping first (223 - 12 = 211), 20 % of the shoes (91): 18.20, then
    # 10 % of what is left, 192.80.
    pricing = price(CART, (NINETY, SHOES, SHIP))
    assert [c.id for c in pricing.coupons] == [4, 5, 3]
    assert [pricing.discounts[c] for c in pricing.coupons] == [
        D("12.00"),
        D("18.20"),
        D("19.28"),
    ]
    assert pricing.total == D("173.52")
    assert price(CART, (TEN_OFF, SHOES, SHIP)).total == D("182.80")


def test_percentage_on_the_order_includes_the_delivery_fee():
    # Odoo's base for an order discount is every untaxed line, delivery too.
    pricing = price(CART, (NINETY,))
    assert pricing.discounts[NINETY] == D("22.30")


def test_category_scope_and_cap():
    assert price(CART, (SHOES,)).discounts[SHOES] == D("18.20")
    capped = Coupon(
        6, PERCENT, percent=D(50), max_discount=D(15), product_ids=frozenset({2})
    )
    assert price(CART, (capped,)).discounts[capped] == D("15")


def test_specific_fixed_after_percentage_sees_the_reduced_lines():
    cheap = Cart(lines=(Line(7, D("20.00")), Line(8, D("100.00"))))
    fixed = Coupon(9, FIXED, amount=D(50), product_ids=frozenset({7}))
    pct = Coupon(10, PERCENT, percent=D(50))
    pricing = price(cheap, (fixed, pct))
    # 50 % of 120 = 60, then line 7 has 10 left: at most 10 off.
    assert pricing.discounts[pct] == D("60.00")
    assert pricing.discounts[fixed] == D("10.00")
    assert pricing.total == D("50.00")


def test_never_negative_and_nothing_to_discount():
    small = Cart(lines=(Line(1, D("5.00")),), delivery_fee=D("3.00"))
    big = Coupon(1, FIXED, amount=D(100))
    assert price(small, (big,)).total == D(0)
    # On products first (5 - 1), then the order's discount takes the rest.
    other = Coupon(2, FIXED, amount=D(1), product_ids=frozenset({1}))
    pricing = price(small, (big, other))
    assert pricing.valid and pricing.total == D(0)
    assert pricing.discounts == {other: D("1.00"), big: D("7.00")}
    scoped = Coupon(3, FIXED, amount=D(5), product_ids=frozenset({99}))
    assert not price(small, (scoped,)).valid


def test_stacking_rules():
    assert not compatible((NINETY, Coupon(11, PERCENT, percent=D(5))))  # 1 global
    assert not compatible((MANJIAN, TEN_OFF))  # a fixed one is global too
    assert not compatible((SHIP, Coupon(12, SHIPPING)))  # one free shipping
    assert not compatible((NINETY, Coupon(13, FIXED, stack_group="discount")))
    assert not compatible((MANJIAN, Coupon(14, FIXED, program_id=-1)))  # program
    assert compatible(
        (NINETY, SHIP, SHOES, Coupon(15, FIXED, product_ids=frozenset({1})))
    )


def test_best_combination_hand_case():
    wallet = (MANJIAN, TEN_OFF, NINETY, SHIP, SHOES)
    best = best_combination(CART, wallet)
    assert best.total == brute_force(CART, wallet).total
    assert SHIP in best.coupons
    # 223 - 12 (shipping) - 18.20 (20 % of 91) - 19.28 (10 % of 192.80);
    # 满 200 减 30 with the shoes' discount: the goods fall below 200, and
    # alone with shipping it gives 181.
    assert best.total == D("173.52")
    assert set(best.coupons) == {SHIP, SHOES, NINETY}
    assert best.saved == CART.total - best.total


def test_empty_wallet():
    assert best_combination(CART, ()).total == CART.total
    assert best_combination(CART, ()).coupons == ()


TAXES = (
    (D(0), True),
    (D("0.13"), True),  # Chinese retail prices: VAT included
    (D("0.06"), True),
    (D("0.09"), True),
    (D("0.13"), False),  # added on top
)


def _random_cart(rng, taxed=False):
    lines = tuple(
        Line(
            rng.randint(1, 6),
            D(rng.randint(100, 30000)) / 100,
            rng.randint(1, 3),
            frozenset({rng.randint(1, 3)}),
            *(rng.choice(TAXES) if taxed else TAXES[0]),
        )
        for _ in range(rng.randint(1, 4))
    )
    return Cart(lines=lines, delivery_fee=D(rng.choice([0, 0, 6, 10, 12.5])))


def _random_coupon(rng, coupon_id):
    kind = rng.choice([FIXED, FIXED, PERCENT, SHIPPING])
    scope = {}
    if kind != SHIPPING and rng.random() < 0.3:
        if rng.random() < 0.5:
            scope["product_ids"] = frozenset(rng.sample(range(1, 7), 2))
        else:
            scope["category_ids"] = frozenset({rng.randint(1, 3)})
    return Coupon(
        coupon_id,
        kind,
        amount=D(rng.choice([5, 10, 20, 30, 50, 100])),
        percent=D(rng.choice([5, 10, 12, 15, 20, 50])),
        threshold=D(rng.choice([0, 0, 50, 100, 200, 300])),
        threshold_tax_included=rng.random() < 0.7,
        max_discount=rng.choice([None, None, D(8), D(25)]),
        stack_group=rng.choice([None, "discount", "discount", "shipping"]),
        program_id=rng.choice([None, None, 1, 2]),
        **scope,
    )


@pytest.mark.parametrize("seed", range(300))
def test_branch_and_bound_agrees_with_brute_force(seed):
    rng = random.Random(seed)
    cart = _random_cart(rng)
    wallet = tuple(_random_coupon(rng, i) for i in range(1, rng.randint(2, 9)))
    best = best_combination(cart, wallet)
    reference = brute_force(cart, wallet)
    assert best.total == reference.total
    assert [c.id for c in best.coupons] == [c.id for c in reference.coupons]
    assert best.valid and best.total >= 0


@pytest.mark.parametrize("seed", range(300))
def test_taxed_branch_and_bound_agrees_with_brute_force(seed):
    rng = random.Random(1000 + seed)
    cart = _random_cart(rng, taxed=True)
    wallet = tuple(_random_coupon(rng, i) for i in range(1, rng.randint(2, 9)))
    best = best_combination(cart, wallet)
    reference = brute_force(cart, wallet)
    assert best.total == reference.total
    assert [c.id for c in best.coupons] == [c.id for c in reference.coupons]


def test_included_vat_per_tax_lines():
    # 113 at 13 % and 106 at 6 %, VAT included: 10 % off the order is one
    # line per tax, 11.30 and 10.60, the payable total 197.10.
    cart = Cart(
        lines=(
            Line(1, D("113.00"), tax_rate=D("0.13")),
            Line(2, D("106.00"), tax_rate=D("0.06")),
        )
    )
    pricing = price(cart, (NINETY,))
    assert pricing.discounts[NINETY] == D("21.90")
    assert pricing.total == D("197.10")


def test_tax_on_top_and_untaxed_cap():
    # 100 + 13 % on top = 113; 8 折 on it: 20 off the base, 2.60 of tax.
    cart = Cart(lines=(Line(1, D("100.00"), tax_rate=D("0.13"), tax_included=False),))
    assert cart.total == D("113.00")
    pct = Coupon(1, PERCENT, percent=D(20), product_ids=frozenset({1}))
    assert price(cart, (pct,)).discounts[pct] == D("22.60")
    # A fixed amount on the order is one untaxed line: at most the untaxed
    # amount (100), not the total (113).
    big = Coupon(2, FIXED, amount=D(110))
    assert price(cart, (big,)).total == D("13.00")
    # A threshold without tax: 100 < 105.
    manjian = Coupon(3, FIXED, amount=D(5), threshold=D(105))
    assert price(cart, (manjian,)).valid
    excl = Coupon(4, FIXED, amount=D(5), threshold=D(105), threshold_tax_included=False)
    assert not price(cart, (excl,)).valid


def _check_assignment(carts, wallet, limits=None):
    plan = best_assignment(carts, wallet, limits)
    reference = brute_force_assignment(carts, wallet, limits)
    assert len(plan) == len(carts)
    assert sum(p.total for p in plan) == sum(p.total for p in reference)
    assert sum(len(p.coupons) for p in plan) == sum(len(p.coupons) for p in reference)
    used = [c for p in plan for c in p.coupons]
    assert len(used) == len(set(used))
    for cart, pricing in zip(carts, plan, strict=True):
        again = price(cart, pricing.coupons)
        assert again.valid and again.total == pricing.total


@pytest.mark.parametrize("seed", range(200))
def test_assignment_agrees_with_brute_force(seed):
    rng = random.Random(5000 + seed)
    count = rng.randint(1, 5)
    carts = [_random_cart(rng, taxed=rng.random() < 0.5) for _ in range(count)]
    size = rng.randint(2, 6 if count <= 3 else 5)
    wallet = tuple(_random_coupon(rng, i) for i in range(1, size + 1))
    _check_assignment(carts, wallet)


def test_assignment_hand_case():
    # Both orders want 满 200 减 30; only one gets it, the other takes the
    # next best (10 off), whichever way saves more in all.
    big = Cart(lines=(Line(1, D("250.00")),))
    small = Cart(lines=(Line(2, D("205.00")),))
    plan = best_assignment([big, small], (MANJIAN, TEN_OFF))
    assert sum(p.total for p in plan) == D("415.00")
    assert len({c for p in plan for c in p.coupons}) == 2
    assert best_assignment([], (MANJIAN,)) == []
    assert [p.total for p in best_assignment([big], ())] == [D("250.00")]


@pytest.mark.parametrize("seed", range(100))
def test_assignment_of_cards_of_one_program(seed):
    # A shopper's cards: several of each program, equal but for their id.
    rng = random.Random(9000 + seed)
    carts = [
        _random_cart(rng, taxed=rng.random() < 0.5) for _ in range(rng.randint(2, 4))
    ]
    programs = [
        replace(_random_coupon(rng, i), program_id=i)
        for i in range(1, rng.randint(2, 4))
    ]
    wallet = tuple(
        replace(rng.choice(programs), id=card) for card in range(1, rng.randint(3, 6))
    )
    _check_assignment(carts, wallet)
    # The shopper may use each program on so many orders only.
    limits = {p.program_id: rng.randint(0, 2) for p in programs if rng.random() < 0.6}
    _check_assignment(carts, wallet, limits)
    for cart in carts:
        assert best_combination(cart, wallet).total == brute_force(cart, wallet).total
