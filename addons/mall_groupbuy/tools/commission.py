# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Commission maths of the distribution (分销), without the ORM.

Amounts are Decimals rounded half-up to the currency's digits; rates are
percentages (10 means 10 %).
"""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

LEVELS = (1, 2)


def to_decimal(amount, digits=2):
    if isinstance(amount, float):
        amount = repr(amount)
    return Decimal(amount).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)


def line_rate(level, product_rates=None, category_rates=(), default_rates=None):
    """The rate of ``level`` for a line: the product's own rates, else the
    nearest category's (``category_rates``: from the product's category up
    to the root, ``None`` for a category without rates of its own), else the
    default. Each rates argument maps a level to a percentage."""
    for rates in (product_rates, *category_rates, default_rates):
        if rates is not None:
            return Decimal(str(rates.get(level, 0) or 0))
    return Decimal(0)


def paid_bases(line_totals, discount_total=0, digits=2):
    """What each product line was paid: the order-wide discount (a negative
    total, e.g. a coupon) shared pro rata over the lines; the last line takes
    the rounding difference so that the bases add up to what was paid."""
    totals = [to_decimal(t, digits) for t in line_totals]
    gross = sum(totals, Decimal(0))
    discount = to_decimal(discount_total, digits)
    if gross <= 0:
        return [Decimal(0).quantize(Decimal(1).scaleb(-digits)) for __ in totals]
    paid = max(gross + discount, Decimal(0))
    bases, given = [], Decimal(0)
    for index, total in enumerate(totals):
        if index == len(totals) - 1:
            base = paid - given
        else:
            base = to_decimal(total * paid / gross, digits)
        bases.append(base)
        given += base
    return bases


def commission(base, rate, digits=2):
    """``rate`` % of ``base``, rounded."""
    return to_decimal(Decimal(str(base)) * Decimal(str(rate)) / 100, digits)


def order_commissions(lines, levels, digits=2, discount_total=0):
    """Commission per level of an order.

    :param lines: dicts with ``total`` (the line's amount) and ``rates``
        (level -> percentage, from :func:`line_rate`)
    :param levels: the levels that earn (``(1,)`` or ``(1, 2)``)
    :return: ``{level: (base, amount)}`` for the levels earning more than 0
    """
    bases = paid_bases([line["total"] for line in lines], discount_total, digits)
    result = {}
    for level in levels:
        base_sum, amount = Decimal(0), Decimal(0)
        for line, base in zip(lines, bases, strict=True):
            rate = Decimal(str(line["rates"].get(level, 0) or 0))
            if rate > 0 and base > 0:
                base_sum += base
                amount += commission(base, rate, digits)
        if amount > 0:
            result[level] = (base_sum, amount)
    return result


def reversal(amount, order_total, refunded_before, refund, digits=2):
    """The part of the commission ``amount`` a refund takes back.

    Counted on the running total (what all the refunds so far take back,
    minus what was taken back before), so that refunds adding up to the order
    total take back the commission exactly, whatever the rounding.
    """
    amount = to_decimal(amount, digits)
    total = to_decimal(order_total, digits)
    if total <= 0 or amount == 0:
        return Decimal(0).quantize(Decimal(1).scaleb(-digits))
    before = min(to_decimal(refunded_before, digits), total)
    after = min(before + to_decimal(refund, digits), total)
    return to_decimal(amount * after / total, digits) - to_decimal(
        amount * before / total, digits
    )


def expiry_passed(bound_at, days, now):
    """Whether a binding made at ``bound_at`` lapsed at ``now`` (``days``
    0: bindings never lapse)."""
    if not bound_at:
        return True
    if not days:
        return False
    return bound_at + timedelta(days=days) <= now


def withdrawal_refusal(amount, available, minimum):
    """Why a withdrawal of ``amount`` cannot be asked for, or None."""
    amount, available = Decimal(str(amount)), Decimal(str(available))
    if amount <= 0:
        return "amount_not_positive"
    if amount < Decimal(str(minimum or 0)):
        return "below_minimum"
    if amount > available:
        return "above_withdrawable"
    return None
