# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The exact best choice of coupons for one order, without the ORM.

A small pricing model of an order (goods lines, a delivery fee) and of the
coupons of a wallet, mirroring how Odoo 18's ``sale_loyalty`` (with
``sale_loyalty_delivery``) prices rewards on an order whose lines carry no
tax (the mall's prices include everything):

* coupons are applied one after the other in :func:`application_order`
  (free shipping, percentages on products, percentage on the order, fixed
  amounts on products, fixed amount on the order), each one seeing the
  order as the earlier ones left it, exactly as ``_apply_program_reward``
  computes a reward line from the current lines;
* free shipping: ``min(max, delivery fee)`` (``_get_reward_values_free_shipping``);
* on the order (``_discountable_order``): the base is every line without
  tax, that is the current total, delivery and earlier rewards included;
  percentage: ``min(max, total, base * percent)``; fixed: ``min(max, amount,
  total)``;
* on products (``_discountable_specific``): the base is what is left of the
  matching goods lines after the earlier discounts: an earlier percentage
  multiplies the lines it covers by ``1 - percent`` (its maximum is not
  taken into account there, as in Odoo), an earlier fixed amount is taken
  from the lines it covers outside this coupon's scope first, then from the
  shared ones, line by line, never below zero;
* every reward line is rounded to the fen (``price_unit`` has two digits,
  rounded half up); a coupon with nothing left to discount cannot be applied
  (Odoo raises "There is nothing to discount");
* a threshold (满减: the program rule's ``minimum_amount``, tax included) is
  checked on the final order as Odoo checks it when it updates the programs
  at confirmation: the goods plus the discounts of the *other* coupons
  (delivery and free-shipping lines do not count);
* stacking: at most one coupon per program, one free shipping and one
  discount on the whole order, fixed or percentage (Odoo keeps one "global
  discount"), and at most one coupon per stacking group
  (``mall_stack_group``); coupons on products stack with one on the order.

:func:`best_combination` searches all combinations allowed by these rules
with a branch and bound over the groups (exact, not greedy): the lowest
payable total wins, then the fewest coupons, then the lowest ids.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

FEN = Decimal("0.01")
ZERO = Decimal(0)

SHIPPING = "shipping"
FIXED = "fixed"
PERCENT = "percent"
KINDS = (SHIPPING, FIXED, PERCENT)


def money(value):
    """Round to the fen, half up, as Odoo stores a 2-digit ``price_unit``."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """A goods line: the product, its categories (with their parents), the
    unit price and the quantity."""

    product_id: int
    price: Decimal
    quantity: int = 1
    category_ids: frozenset = frozenset()

    @property
    def total(self):
        return money(self.price * self.quantity)


@dataclass(frozen=True)
class Coupon:
    """A coupon of the wallet.

    ``kind``: ``fixed`` (``amount`` off), ``percent`` (``percent`` % off) or
    ``shipping`` (the delivery fee off, at most ``max_discount``);
    ``threshold``: the order must reach it (0: none); ``product_ids`` /
    ``category_ids``: the scope (both empty: the whole order), a line matches
    if its product or one of its categories is listed; ``max_discount``: the
    reward's cap (None: none); ``stack_group``: coupons of the same group
    cannot be combined (None: stacks with anything); ``program_id``: one
    coupon per program and order."""

    id: int
    kind: str
    name: str = ""
    amount: Decimal = ZERO
    percent: Decimal = ZERO
    threshold: Decimal = ZERO
    product_ids: frozenset = frozenset()
    category_ids: frozenset = frozenset()
    max_discount: Decimal | None = None
    stack_group: str | None = None
    program_id: int | None = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown coupon kind {self.kind!r}")

    @property
    def specific(self):
        return self.kind != SHIPPING and bool(self.product_ids or self.category_ids)

    @property
    def program(self):
        return self.program_id if self.program_id is not None else -self.id

    def covers(self, line):
        if not self.specific:
            return True
        return line.product_id in self.product_ids or bool(
            line.category_ids & self.category_ids
        )

    @property
    def exclusive_keys(self):
        """The keys of which an order holds at most one coupon."""
        keys = {("program", self.program)}
        if self.stack_group:
            keys.add(("group", self.stack_group))
        if self.kind == SHIPPING:
            keys.add(("odoo", "shipping"))
        elif not self.specific:
            # Odoo's ``is_global_discount``: a fixed amount or a percentage
            # on the whole order; ``_apply_program_reward`` keeps one.
            keys.add(("odoo", "global_discount"))
        return keys


@dataclass(frozen=True)
class Cart:
    lines: tuple
    delivery_fee: Decimal = ZERO

    @property
    def goods(self):
        return sum((line.total for line in self.lines), ZERO)

    @property
    def total(self):
        return self.goods + money(self.delivery_fee)


@dataclass
class Pricing:
    """The outcome of a combination: ``discounts`` maps the coupons, in the
    order applied, to what each takes off; ``valid`` is False when Odoo
    would refuse one of them (nothing to discount, threshold not reached)."""

    coupons: tuple
    discounts: dict = field(default_factory=dict)
    total: Decimal = ZERO
    valid: bool = True
    reason: str = ""

    @property
    def saved(self):
        return sum(self.discounts.values(), ZERO)

    def explain(self):
        """One line per coupon: ``满 200 减 30: -30.00``."""
        return [
            f"{coupon.name or coupon.id}: -{self.discounts[coupon]}"
            for coupon in self.coupons
        ]


def _rank(coupon):
    if coupon.kind == SHIPPING:
        return 0
    if coupon.kind == PERCENT:
        return 1 if coupon.specific else 2
    return 3 if coupon.specific else 4


def application_order(coupons):
    """The order in which the coupons are applied to the Odoo order."""
    return tuple(sorted(coupons, key=lambda c: (_rank(c), c.id)))


def compatible(coupons):
    """Whether these coupons may be combined on one order."""
    seen = set()
    for coupon in coupons:
        keys = coupon.exclusive_keys
        if keys & seen:
            return False
        seen |= keys
    return True


def _cap(coupon, *amounts):
    if coupon.max_discount:
        amounts += (coupon.max_discount,)
    return min(amounts)


def _specific_base(cart, coupon, applied):
    """``_discountable_specific``: what is left of the lines in scope."""
    remaining = [line.total for line in cart.lines]
    mine = [
        i for i, line in enumerate(cart.lines) if coupon.covers(line) and line.total
    ]
    for earlier, discount in applied:
        if earlier.kind == SHIPPING:
            continue
        covered = [i for i, line in enumerate(cart.lines) if earlier.covers(line)]
        if earlier.kind == PERCENT:
            factor = 1 - earlier.percent / 100
            for i in covered:
                remaining[i] *= factor
            continue
        left = discount
        others = [i for i in covered if i not in mine]
        shared = [i for i in covered if i in mine]
        for i in others + shared:
            if not left:
                break
            consumed = min(remaining[i], left)
            left -= consumed
            remaining[i] -= consumed
    return sum((remaining[i] for i in mine), ZERO)


def price(cart, coupons):
    """Price ``cart`` with ``coupons`` applied as Odoo would."""
    ordered = application_order(coupons)
    result = Pricing(coupons=ordered)
    total = cart.total
    applied = []
    for coupon in ordered:
        if coupon.kind == SHIPPING:
            discount = money(_cap(coupon, money(cart.delivery_fee)))
        else:
            if coupon.specific:
                base = _specific_base(cart, coupon, applied)
            else:
                base = total
            if base <= 0 or total <= 0:
                result.valid = False
                result.reason = "nothing to discount"
                discount = ZERO
            elif coupon.kind == PERCENT:
                discount = money(_cap(coupon, total, base, base * coupon.percent / 100))
            else:
                discount = money(_cap(coupon, total, base, coupon.amount))
        applied.append((coupon, discount))
        result.discounts[coupon] = discount
        total -= discount
    result.total = total
    if result.valid:
        discounts = sum((d for c, d in applied if c.kind != SHIPPING), ZERO)
        goods = cart.goods
        for coupon, discount in applied:
            if not coupon.threshold:
                continue
            own = ZERO if coupon.kind == SHIPPING else discount
            if goods - (discounts - own) < coupon.threshold:
                result.valid = False
                result.reason = "threshold not reached"
                break
    return result


def _key(pricing):
    return (pricing.total, len(pricing.coupons), sorted(c.id for c in pricing.coupons))


def brute_force(cart, coupons):
    """The reference: price every allowed combination (small wallets only)."""
    best = price(cart, ())
    for size in range(1, len(coupons) + 1):
        for combo in combinations(coupons, size):
            if not compatible(combo):
                continue
            pricing = price(cart, combo)
            if pricing.valid and _key(pricing) < _key(best):
                best = pricing
    return best


def usable(cart, coupons):
    """The coupons that apply alone to this cart, with what each saves alone."""
    result = {}
    for coupon in coupons:
        pricing = price(cart, (coupon,))
        if pricing.valid:
            result[coupon] = pricing.discounts[coupon]
    return result


def best_combination(cart, coupons):
    """The combination with the lowest payable total (then the fewest
    coupons, then the lowest ids), as a :class:`Pricing`.

    Branch and bound: coupons are grouped by their stacking group (a coupon
    without one is its own group); each group contributes none or one of its
    coupons. A coupon never saves more in a combination than alone (the
    total it sees only shrinks, its threshold is only harder to reach), so
    the savings alone bound what the undecided groups can add."""
    alone = usable(cart, coupons)
    groups = {}
    for coupon in alone:
        key = coupon.stack_group or ("own", coupon.id)
        groups.setdefault(key, []).append(coupon)
    order = []
    for members in groups.values():
        members.sort(key=lambda c: (-alone[c], c.id))
        order.append(members)
    order.sort(key=lambda members: -alone[members[0]])
    # What the groups from index i on can save at most.
    bound = [ZERO] * (len(order) + 1)
    for i in range(len(order) - 1, -1, -1):
        bound[i] = bound[i + 1] + alone[order[i][0]]
    start = cart.total
    best = [price(cart, ())]

    def search(i, chosen, keys, optimistic):
        # ``optimistic``: the savings alone of the coupons chosen so far.
        if start - (optimistic + bound[i]) > best[0].total:
            return
        if i == len(order):
            pricing = price(cart, chosen)
            if pricing.valid and _key(pricing) < _key(best[0]):
                best[0] = pricing
            return
        for coupon in order[i]:
            ckeys = coupon.exclusive_keys
            if ckeys & keys:
                continue
            search(i + 1, chosen + (coupon,), keys | ckeys, optimistic + alone[coupon])
        search(i + 1, chosen, keys, optimistic)

    search(0, (), frozenset(), ZERO)
    return best[0]
