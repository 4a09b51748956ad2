# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Prices of the lines of a bundle (组合套餐), without the ORM."""

from decimal import ROUND_HALF_UP, Decimal


class BundlePriceError(ValueError):
    """The bundle price cannot be split into whole fen per unit."""


def split_price(lines, bundle_price, digits=2):
    """Unit prices of the bundle lines so that their total is the bundle price.

    ``lines`` is ``[(unit list price, quantity), ...]`` in the bundle's order,
    ``bundle_price`` the price of one bundle. The discount is spread over the
    lines in proportion to their list subtotals, each unit price rounded to
    the currency's ``digits``; the rounding remainder goes to the last line
    bought once (else the last line whose quantity divides it). Returns the
    unit prices as Decimals, in the order of ``lines``.
    """
    step = Decimal(1).scaleb(-digits)
    lines = [(Decimal(str(price)), int(quantity)) for price, quantity in lines]
    target = Decimal(str(bundle_price)).quantize(step, ROUND_HALF_UP)
    if not lines or any(quantity <= 0 for _price, quantity in lines):
        raise BundlePriceError("a bundle needs lines with positive quantities")
    if target < 0:
        raise BundlePriceError("a bundle price cannot be negative")
    total = sum(price * quantity for price, quantity in lines)
    if total <= 0:
        if target:
            raise BundlePriceError("the products have no price to scale")
        return [Decimal(0).quantize(step)] * len(lines)
    ratio = target / total
    units = [(price * ratio).quantize(step, ROUND_HALF_UP) for price, _q in lines]
    remainder = target - sum(
        unit * quantity for unit, (_p, quantity) in zip(units, lines, strict=True)
    )
    if remainder:
        carriers = [i for i, (_p, quantity) in enumerate(lines) if quantity == 1]
        carriers += [
            i
            for i, (_p, quantity) in enumerate(lines)
            if quantity > 1 and (remainder / step) % quantity == 0
        ]
        if not carriers:
            raise BundlePriceError(
                "the bundle price cannot be split into whole cents per unit"
            )
        # The last line bought once, else the last one that divides it.
        single = [i for i in carriers if lines[i][1] == 1]
        index = single[-1] if single else carriers[-1]
        units[index] += remainder / lines[index][1]
        if units[index] < 0:
            raise BundlePriceError("the bundle price is too low to split")
    return units
