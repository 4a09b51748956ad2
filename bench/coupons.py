#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Coupon benchmark: the exact best-coupon choice at checkout, without Odoo.

    python3 bench/coupons.py [--carts 50] [--wallet 50] [--small 12] [--seed 7]

It draws random carts and wallets like a shopper's (most coupons in the
"discount" stacking group, free-shipping ones in "shipping", a few product
coupons that stack with anything), then times, on the same carts:

* the branch and bound of ``mall_loyalty.tools.coupon_optimizer`` with the
  full wallet (``--wallet`` coupons);
* the same with the small wallet (``--small`` coupons, its first ones);
* the brute force over every combination of the small wallet, the baseline;

and prints the mean time per cart and the ratios. Not a test: the plain
tests prove both give the same answer.
"""

import argparse
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


def random_cart(co, rng):
    lines = tuple(
        co.Line(
            rng.randint(1, 20),
            Decimal(rng.randint(500, 40000)) / 100,
            rng.randint(1, 3),
            frozenset({rng.randint(1, 5)}),
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


if __name__ == "__main__":
    main()
