# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The cuts of a bargain (砍价), without the ORM.

A bargain starts at ``start`` and must reach ``floor`` after exactly N
friends' help. The cuts are *planned at the bargain's creation* and stored
with it (a JSON list of integer minor units, cents for CNY): the k-th
friend takes the k-th amount. So:

- every cut is at least one cent;
- the cuts add up to the gap (``start - floor``) exactly, in integers;
- the price after k helps is ``start - sum(cuts[:k])``: never below the
  floor, and the floor exactly after the N-th help;
- the first friends cut more (the cuts never increase), as shoppers expect.

Planning up front, rather than drawing at each help, makes the amounts
auditable (the plan is on the record) and a retried help takes the same
amount. The random source is a ``random.Random``-like object
(``secrets.SystemRandom()`` in production, a seeded one in tests).
"""

import json
from decimal import ROUND_HALF_UP, Decimal

NO_GAP = "no_gap"
NO_HELPERS = "no_helpers"
GAP_TOO_SMALL = "gap_too_small"

# Weights are integers: the split below is exact, with no float rounding.
WEIGHT_SCALE = 10**6
# The first friend's expected share against the last one's.
FIRST_TO_LAST = 10


def to_minor(amount, digits=2):
    """``amount`` (Decimal, str, int or float) in integer minor units."""
    if isinstance(amount, float):
        amount = repr(amount)
    quantum = Decimal(1).scaleb(-digits)
    value = Decimal(amount).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(value.scaleb(digits))


def from_minor(units, digits=2):
    """Integer minor units as a Decimal with ``digits`` places."""
    return Decimal(int(units)).scaleb(-digits)


def plan_refusal(gap, helpers):
    """Why ``gap`` minor units cannot be cut by ``helpers`` friends, or
    ``None``: each friend must cut at least one minor unit."""
    if helpers < 1:
        return NO_HELPERS
    if gap <= 0:
        return NO_GAP
    if gap < helpers:
        return GAP_TOO_SMALL
    return None


def _weights(helpers, rng):
    """Random integer weights, decreasing on average from first to last."""
    if helpers == 1:
        return [WEIGHT_SCALE]
    weights = []
    for index in range(helpers):
        # Geometric decay from FIRST_TO_LAST to 1, each jittered by +-50%.
        trend = FIRST_TO_LAST ** ((helpers - 1 - index) / (helpers - 1))
        jitter = 0.5 + rng.random()
        weights.append(max(int(trend * jitter * WEIGHT_SCALE), 1))
    return weights


def plan_cuts(gap, helpers, rng):
    """The N cuts of ``gap`` minor units: integers >= 1 adding up to
    ``gap``, in non-increasing order. Raises ``ValueError`` with a
    :func:`plan_refusal` code when it cannot be done."""
    refusal = plan_refusal(gap, helpers)
    if refusal:
        raise ValueError(refusal)
    # One unit each, the rest split by weight (largest remainders).
    rest = gap - helpers
    weights = _weights(helpers, rng)
    total = sum(weights)
    shares = [rest * weight // total for weight in weights]
    remainders = [rest * weight % total for weight in weights]
    left = rest - sum(shares)
    for index in sorted(range(helpers), key=lambda i: (-remainders[i], i))[:left]:
        shares[index] += 1
    return sorted((share + 1 for share in shares), reverse=True)


def check_plan(cuts, gap, helpers):
    """Raise ``ValueError`` unless ``cuts`` is a valid plan of ``gap``."""
    if len(cuts) != helpers:
        raise ValueError("wrong number of cuts")
    if any(not isinstance(cut, int) or cut < 1 for cut in cuts):
        raise ValueError("a cut is below one minor unit")
    if sum(cuts) != gap:
        raise ValueError("the cuts do not add up to the gap")


def dumps(cuts):
    return json.dumps(list(cuts), separators=(",", ":"))


def loads(text):
    return [int(cut) for cut in json.loads(text or "[]")]


def price_after(start, cuts, helped):
    """The price in minor units after ``helped`` friends of the plan."""
    helped = min(max(helped, 0), len(cuts))
    return start - sum(cuts[:helped])


def progress(gap, cut):
    """Percentage of the gap already cut, 0-100, one decimal."""
    if gap <= 0:
        return 100.0
    return round(min(cut, gap) * 100.0 / gap, 1)
