#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Coupon benchmark: the exact best-coupon choice at checkout, without Odoo.

    python3 bench/coupons.py [--carts 50] [--wallet 50] [--small 12] [--seed 7]
                             [--orders 4]

It draws random carts and wallets like a shopper's (most coupons in the
"discount" stacking group, free-shipping ones in "shipping", a few product
coupons that stack with anything), then times, on the same carts:

* the branch and bound of ``mall_loyalty.tools.coupon_optimizer`` with the
  full wallet (``--wallet`` coupons);
* the same with the small wallet (``--small`` coupons, its first ones);
* the brute force over every combination of the small wallet, the baseline;

and prints the mean time per cart and the ratios; then the checkout of
several shop orders (``--orders`` carts, half of them with price-included
13 %/6 % VAT, sharing one ``--wallet`` wallet): the exact assignment of
``best_assignment``, per checkout. Not a test: the plain tests prove the
searches give the same answer as the brute force.
"""

import argparse
import dataclasses
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _import_optimizer():
    sys.path.insert(0, str(ROOT / "addons" / "mall_loyalty" / "tools"))
    import coupon_optimizer  # pylint: disable=import-outside-toplevel

    return coupon_optimizer


TAXES = ((Decimal("0.13"), True), (Decimal("0.06"), True))


def random_cart(co, rng, taxed=False):
    lines = tuple(
        co.Line(
            rng.randint(1, 20),
            Decimal(rng.randint(500, 40000)) / 100,
            rng.randint(1, 3),
            frozenset({rng.randint(1, 5)}),
            *(rng.choice(TAXES) if taxed else (Decimal(0), True)),
        )
        for _ in range(rng.randint(1, 6))
    )
    return co.Cart(lines=lines, delivery_fee=Decimal(rng.choice([0, 8, 10, 12])))


def random_wallet(co, rng, size):
    wallet = []
    for coupon_id in range(1, size + 1):
        roll = rng.random()
        if roll < 0.15:
            coupon = co.Coupon(
                coupon_id,
                co.SHIPPING,
                threshold=Decimal(rng.choice([0, 49, 99])),
                stack_group="shipping",
            )
        elif roll < 0.25:
            coupon = co.Coupon(
                coupon_id,
                co.FIXED,
                amount=Decimal(rng.choice([5, 10, 20])),
                product_ids=frozenset(rng.sample(range(1, 21), 3)),
            )
        else:
            coupon = co.Coupon(
                coupon_id,
                rng.choice([co.FIXED, co.FIXED, co.PERCENT]),
                amount=Decimal(rng.choice([5, 10, 20, 30, 50, 100])),
                percent=Decimal(rng.choice([5, 10, 15, 20])),
                threshold=Decimal(rng.choice([0, 99, 199, 299, 499])),
                max_discount=rng.choice([None, Decimal(30), Decimal(50)]),
                stack_group="discount",
            )
        wallet.append(coupon)
    return tuple(wallet)


def program_wallet(co, rng, size, programs):
    """``size`` cards of ``programs`` coupon programs, as a shopper collects
    them: several cards of the same program are equal but for their id."""
    templates = [
        dataclasses.replace(coupon, program_id=coupon.id)
        for coupon in random_wallet(co, rng, programs)
    ]
    return tuple(
        dataclasses.replace(rng.choice(templates), id=card_id)
        for card_id in range(1, size + 1)
    )


def timed(function, cases):
    start = time.perf_counter()
    for cart, wallet in cases:
        function(cart, wallet)
    return (time.perf_counter() - start) / len(cases)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carts", type=int, default=50)
    parser.add_argument("--wallet", type=int, default=50)
    parser.add_argument("--small", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--orders", type=int, default=4)
    parser.add_argument("--programs", type=int, default=15)
    args = parser.parse_args()
    co = _import_optimizer()
    rng = random.Random(args.seed)
    cases = [
        (random_cart(co, rng), random_wallet(co, rng, args.wallet))
        for _ in range(args.carts)
    ]
    small = [(cart, wallet[: args.small]) for cart, wallet in cases]
    bnb_full = timed(co.best_combination, cases)
    bnb_small = timed(co.best_combination, small)
    brute_small = timed(co.brute_force, small)
    print(f"{args.carts} carts, seed {args.seed}, mean time per cart")
    print(f"  branch and bound, {args.wallet} coupons: {bnb_full * 1000:9.2f} ms")
    print(f"  branch and bound, {args.small} coupons: {bnb_small * 1000:9.2f} ms")
    print(f"  brute force,      {args.small} coupons: {brute_small * 1000:9.2f} ms")
    print(
        f"ratios: brute force {args.small} / branch and bound {args.small}: "
        f"{brute_small / bnb_small:.1f}x; brute force {args.small} / "
        f"branch and bound {args.wallet}: {brute_small / bnb_full:.1f}x"
    )
    for label, make_wallet in (
        (
            f"cards of {args.programs} programs",
            lambda: program_wallet(co, rng, args.wallet, args.programs),
        ),
        ("all coupons different", lambda: random_wallet(co, rng, args.wallet)),
    ):
        checkouts = [
            (
                [random_cart(co, rng, taxed=i % 2) for i in range(args.orders)],
                make_wallet(),
            )
            for _ in range(args.carts)
        ]
        times, alone = [], []
        for carts, wallet in checkouts:
            start = time.perf_counter()
            co.best_assignment(carts, wallet)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            for cart in carts:
                co.best_combination(cart, wallet)
            alone.append(time.perf_counter() - start)
        times.sort()
        mean = sum(times) / len(times)
        print(
            f"{args.carts} checkouts of {args.orders} shop orders, {args.wallet} "
            f"coupons ({label}), exact assignment: mean {mean * 1000:.2f} ms, "
            f"median {times[len(times) // 2] * 1000:.2f} ms, max "
            f"{times[-1] * 1000:.2f} ms; {mean / (sum(alone) / len(alone)):.1f}x "
            "the best combination of each order alone"
        )


if __name__ == "__main__":
    main()
