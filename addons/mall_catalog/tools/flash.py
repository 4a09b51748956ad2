# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Limited-time discounts (限时折扣): prices and caps, without the ORM."""

from decimal import ROUND_HALF_UP, Decimal

from . import money


def unit_price(list_price, *, price=None, percent=None, digits=2):
    """The discounted unit price of a product listed at ``list_price``.

    A fixed ``price`` wins over a ``percent`` off; a percent off is rounded
    half-up to the currency's smallest unit (the fen). Never more than the
    list price, never below zero.
    """
    listed = money.to_decimal(list_price, digits)
    if price is not None:
        result = money.to_decimal(price, digits)
    elif percent is not None:
        off = Decimal(repr(percent) if isinstance(percent, float) else percent)
        result = (listed * (Decimal(100) - off) / Decimal(100)).quantize(
            Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP
        )
    else:
        result = listed
    return min(max(result, Decimal(0)), listed)


def remaining(cap, sold):
    """Units still sold at the discount price: None without a cap (0)."""
    if not cap:
        return None
    return max(int(cap) - int(sold), 0)


def fits(cap, sold, quantity):
    """Whether ``quantity`` more units can all get the discount price."""
    left = remaining(cap, sold)
    return left is None or quantity <= left


def is_active(start, end, now):
    """Whether a discount running from ``start`` to ``end`` is on at ``now``
    (the start included, the end excluded)."""
    return start <= now < end
