# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Money as the API shows it: a decimal string with the currency's digits."""

from decimal import ROUND_HALF_UP, Decimal


def to_decimal(amount, digits=2):
    """``amount`` (float, int, str or Decimal) rounded half-up to ``digits``.

    Floats go through ``repr`` (their shortest exact decimal form), so that
    59.9 becomes Decimal("59.90"), not 59.89999999999999857891452847979962825775.
    """
    if isinstance(amount, float):
        amount = repr(amount)
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(amount).quantize(quantum, rounding=ROUND_HALF_UP)


def format_amount(amount, digits=2):
    """``amount`` as the API writes it: ``"59.90"``."""
    return str(to_decimal(amount, digits))
