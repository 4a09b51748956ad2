# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The exact best choice of coupons for one order, without the ORM.

A small pricing model of an order (goods lines with their percentage tax,
included in the price as Chinese retail prices are or added on top, and an
untaxed delivery fee) and of the coupons of a wallet, mirroring how Odoo 18's
``sale_loyalty`` (with ``sale_loyalty_delivery``) prices rewards:

* coupons are applied one after the other in :func:`application_order`
  (free shipping, percentages on products, percentage on the order, fixed
  amounts on products, fixed amount on the order), each one seeing the
  order as the earlier ones left it, exactly as ``_apply_program_reward``
  computes a reward line from the current lines;
* free shipping: ``min(max, delivery fee)`` (``_get_reward_values_free_shipping``);
* on the order (``_discountable_order``): the base is every line, taxes
  included, that is the current total, delivery and earlier rewards
  included; percentage: ``min(max, total, base * percent)``, one reward line
  per set of taxes in proportion; fixed: ``min(max, amount, total)``, one
  untaxed line of at most the untaxed amount;
* on products (``_discountable_specific``): the base is what is left of the
  matching goods lines after the earlier discounts: an earlier percentage
  multiplies the lines it covers by ``1 - percent`` (its maximum is not
  taken into account there, as in Odoo), an earlier fixed amount is taken
  from the lines it covers outside this coupon's scope first, then from the
  shared ones, line by line, never below zero;
* every reward line is rounded to the fen (``price_unit`` has two digits,
  rounded half up); a coupon with nothing left to discount cannot be applied
  (Odoo raises "There is nothing to discount");
* a threshold (满减: the program rule's ``minimum_amount``, with or without
  tax as its ``minimum_amount_tax_mode`` says) is
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
:func:`best_assignment` shares one wallet between several orders exactly.
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
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
    """A line: the product, its categories (with their parents), the unit
    price, the quantity and its tax: ``tax_rate`` (``Decimal("0.13")``; 0:
    none), price-included (``tax_included``, the Chinese retail price) or
    added on top. Reward lines of the model are lines too (no product)."""

    product_id: int
    price: Decimal
    quantity: int = 1
    category_ids: frozenset = frozenset()
    tax_rate: Decimal = ZERO
    tax_included: bool = True

    @property
    def tax_key(self):
        """Odoo groups discounts per set of taxes: None for no tax."""
        return (self.tax_rate, self.tax_included) if self.tax_rate else None

    @cached_property
    def raw(self):
        """``price_unit * quantity``, unrounded."""
        return self.price * self.quantity

    @cached_property
    def subtotal(self):
        """``price_subtotal`` (taxes rounded per line)."""
        if self.tax_rate and self.tax_included:
            return money(self.raw / (1 + self.tax_rate))
        return money(self.raw)

    @cached_property
    def total(self):
        """``price_total``."""
        if not self.tax_rate or self.tax_included:
            return money(self.raw)
        return self.subtotal + money(self.subtotal * self.tax_rate)

    @cached_property
    def raw_total(self):
        """Base and non-fixed taxes, unrounded (``_discountable_order``)."""
        if self.tax_rate and not self.tax_included:
            return self.raw * (1 + self.tax_rate)
        return self.raw


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
    threshold_tax_included: bool = True
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

    @cached_property
    def sort_key(self):
        """Equal for coupons equal but for their id."""
        return (
            self.program_id or 0,
            self.stack_group or "",
            self.kind,
            self.amount,
            self.percent,
            self.threshold,
            self.threshold_tax_included,
            sorted(self.product_ids),
            sorted(self.category_ids),
            self.max_discount or ZERO,
            self.name,
        )

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
    # Interchangeable coupons stay together, so that which of them an order
    # gets does not change the order (see :func:`best_assignment`).
    return tuple(sorted(coupons, key=lambda c: (_rank(c), c.sort_key, c.id)))


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
    """``_discountable_specific``: what is left of the lines in scope (taxes
    included), and per set of taxes the untaxed-or-included amount."""
    lines = cart.lines
    remaining = [line.total for line in lines]
    mine = [i for i, line in enumerate(lines) if coupon.covers(line) and line.total]
    for earlier, reward_lines in applied:
        if earlier.kind == SHIPPING:
            continue
        covered = [i for i, line in enumerate(lines) if earlier.covers(line)]
        if earlier.kind == PERCENT:
            factor = 1 - earlier.percent / 100
            for i in covered:
                remaining[i] *= factor
            continue
        # A fixed amount is taken per set of taxes, from the lines outside
        # this coupon's scope first.
        left = {line.tax_key: abs(line.total) for line in reward_lines}
        others = [i for i in covered if i not in mine]
        shared = [i for i in covered if i in mine]
        for i in others + shared:
            key = lines[i].tax_key
            if not left.get(key):
                continue
            consumed = min(remaining[i], left[key])
            left[key] -= consumed
            remaining[i] -= consumed
    per_tax = {}
    for i in mine:
        line = lines[i]
        per_tax[line.tax_key] = (
            per_tax.get(line.tax_key, ZERO) + line.raw * remaining[i] / line.total
        )
    return sum((remaining[i] for i in mine), ZERO), per_tax


def _order_base(cart, applied):
    """``_discountable_order``: every line, delivery and earlier rewards
    included (taxed delivery aside, the mall's is not taxed), taxes included;
    per set of taxes: base plus price-included taxes."""
    discountable = money(cart.delivery_fee)
    per_tax = {None: discountable}
    lines = list(cart.lines)
    for _coupon, reward_lines in applied:
        lines += reward_lines
    for line in lines:
        key = line.tax_key
        discountable += line.raw_total
        per_tax[key] = per_tax.get(key, ZERO) + line.raw
    return discountable, per_tax


def _reward_line(key, price_unit):
    rate, included = key if key else (ZERO, True)
    return Line(0, money(price_unit), tax_rate=rate, tax_included=included)


def _untaxed(cart, applied):
    return (
        sum((line.subtotal for line in cart.lines), ZERO)
        + money(cart.delivery_fee)
        + sum((line.subtotal for _c, lines in applied for line in lines), ZERO)
    )


def price(cart, coupons):
    """Price ``cart`` with ``coupons`` applied as Odoo would."""
    ordered = application_order(coupons)
    result = Pricing(coupons=ordered)
    total = cart.total
    applied = []
    for coupon in ordered:
        if coupon.kind == SHIPPING:
            reward_lines = [_reward_line(None, -_cap(coupon, money(cart.delivery_fee)))]
        else:
            if coupon.specific:
                base, per_tax = _specific_base(cart, coupon, applied)
            else:
                base, per_tax = _order_base(cart, applied)
            if base <= 0 or total <= 0:
                result.valid = False
                result.reason = "nothing to discount"
                reward_lines = []
            else:
                most = _cap(coupon, total)
                if coupon.kind == PERCENT:
                    most = min(most, base * coupon.percent / 100)
                else:
                    most = min(most, coupon.amount)
                if coupon.kind == FIXED and not coupon.specific:
                    # One line without tax, at most the untaxed amount.
                    amount = min(money(min(most, base)), _untaxed(cart, applied))
                    reward_lines = [_reward_line(None, -amount)]
                else:
                    factor = min(1, most / base)
                    reward_lines = [
                        _reward_line(key, -amount * factor)
                        for key, amount in per_tax.items()
                        if amount
                    ]
        discount = -sum((line.total for line in reward_lines), ZERO)
        applied.append((coupon, reward_lines))
        result.discounts[coupon] = discount
        total -= discount
    result.total = total
    if result.valid:
        for coupon, _lines in applied:
            if not coupon.threshold:
                continue
            attr = "total" if coupon.threshold_tax_included else "subtotal"
            reached = sum((getattr(line, attr) for line in cart.lines), ZERO) + sum(
                (
                    getattr(line, attr)
                    for other, lines in applied
                    if other is not coupon and other.kind != SHIPPING
                    for line in lines
                ),
                ZERO,
            )
            if reached < coupon.threshold:
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


def best_combination(cart, coupons, alone=None, below=None):
    """The combination with the lowest payable total (then the fewest
    coupons, then the lowest ids), as a :class:`Pricing`.

    Branch and bound: coupons are grouped by their stacking group (a coupon
    without one is its own group); each group contributes none or one of its
    coupons. A coupon never saves more in a combination than alone (the
    total it sees only shrinks, its threshold is only harder to reach), so
    the savings alone bound what the undecided groups can add. ``alone``:
    the savings alone of the coupons to consider, when already known.

    With ``below`` (an amount), every valid combination whose payable total
    is at most ``below`` instead, as a list of :class:`Pricing`, the
    cheapest first."""
    if alone is None:
        # An order holds at most one of interchangeable coupons: the one
        # with the lowest id stands for them all.
        standing = {}
        for coupon in sorted(coupons, key=lambda c: c.id):
            standing.setdefault(_class_key(coupon), coupon)
        alone = usable(cart, tuple(standing.values()))
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
    found = []

    def search(i, chosen, keys, optimistic):
        # ``optimistic``: the savings alone of the coupons chosen so far.
        limit = best[0].total if below is None else below
        if start - (optimistic + bound[i]) > limit:
            return
        if i == len(order):
            pricing = price(cart, chosen)
            if below is not None:
                if pricing.valid and pricing.total <= below:
                    found.append(pricing)
            elif pricing.valid and _key(pricing) < _key(best[0]):
                best[0] = pricing
            return
        for coupon in order[i]:
            ckeys = coupon.exclusive_keys
            if ckeys & keys:
                continue
            search(i + 1, chosen + (coupon,), keys | ckeys, optimistic + alone[coupon])
        search(i + 1, chosen, keys, optimistic)

    search(0, (), frozenset(), ZERO)
    if below is not None:
        return sorted(found, key=_key)
    return best[0]


def _plan_key(plan):
    return (
        sum((p.total for p in plan), ZERO),
        sum(len(p.coupons) for p in plan),
    )


def _class_key(coupon):
    """Coupons equal but for their id are interchangeable when an order
    holds at most one of them (same program, same stacking group, free
    shipping or on the whole order): their class is the coupon without its
    id. Others are a class of their own."""
    if coupon.program_id is None and not coupon.stack_group and coupon.specific:
        return coupon
    return replace(coupon, id=0)


def best_assignment(carts, coupons, limits=None):
    """The exact best use of one wallet on several orders (one per shop):
    each coupon goes to one order or none, each order's coupons are priced
    by :func:`price`, and the sum of the payable totals is the lowest (then
    the fewest coupons). ``limits``: ``{program_id: n}``, at most ``n`` of
    the orders use a coupon of that program (the shopper's use limit).
    Returns one :class:`Pricing` per cart."""
    carts = tuple(carts)
    if not carts:
        return []
    return _Assignment(carts, coupons, limits or {}).solution()


class _Assignment:
    """Branch and bound on what the orders compete for: the coupons of each
    class, and the uses left of each limited program (a resource: some
    classes and how many orders may take them).

    At each node every order takes its own best combination
    (:func:`best_combination`) among the classes still allowed to it,
    ignoring the others: the sum bounds the node from below, and when no
    resource is taken by more orders than it supplies the node is solved.
    Else at least as many of the orders taking a short resource as it lacks
    go without it, each losing at least what going without it alone costs it
    (which tightens the bound), and the node splits in two for one of these
    orders: the resource is kept for it (and forbidden to the others once
    all of it is kept), or forbidden to it. Each order's best combination is
    computed once per set of allowed classes."""

    def __init__(self, carts, coupons, limits):
        self.carts = carts
        copies = {}
        for coupon in sorted(coupons, key=lambda c: c.id):
            copies.setdefault(_class_key(coupon), []).append(coupon)
        self.copies = list(copies.values())
        # One coupon of each class stands for the class in the searches.
        standing = [members[0] for members in self.copies]
        self.number = {coupon: n for n, coupon in enumerate(standing)}
        self.resources = [
            (frozenset({n}), len(members)) for n, members in enumerate(self.copies)
        ]
        for program, limit in limits.items():
            classes = frozenset(
                n for n, c in enumerate(standing) if c.program_id == program
            )
            if classes:
                self.resources.append((classes, limit))
        self.uses = {}  # class: the resources it takes from
        for r, (classes, _supply) in enumerate(self.resources):
            for n in classes:
                self.uses.setdefault(n, []).append(r)
        self.alone = []
        for cart in carts:
            savings = usable(cart, tuple(standing))
            self.alone.append(
                {self.number[c]: (c, saving) for c, saving in savings.items()}
            )
        self.memo = {}
        self.solved = [[] for _ in carts]
        self.best = self.best_key = None

    def solve(self, index, forbidden):
        """``(pricing, classes)``: the order's best without ``forbidden``."""
        allowed = frozenset(self.alone[index]) - forbidden
        found = self.memo.get((index, allowed))
        if found is not None:
            return found
        # The best over more classes is the best here when it takes only
        # classes still allowed.
        for wider, result in self.solved[index]:
            if allowed <= wider and allowed.issuperset(result[1]):
                found = result
                break
        else:
            options = self.alone[index]
            pricing = best_combination(
                self.carts[index], (), {options[n][0]: options[n][1] for n in allowed}
            )
            found = (pricing, tuple(self.number[c] for c in pricing.coupons))
            self.solved[index].append((allowed, found))
        self.memo[index, allowed] = found
        return found

    def offer(self, plan):
        key = _plan_key(plan)
        if self.best_key is None or key < self.best_key:
            self.best, self.best_key = plan, key

    def greedy(self):
        """A first solution to prune with: the orders, one after the other
        (from each in turn), each take the best of what the earlier left."""
        count = len(self.carts)
        for first in range(count):
            taken = [0] * len(self.resources)
            plan = [None] * count
            for index in [*range(first, count), *range(first)]:
                spent = frozenset().union(
                    *(
                        classes
                        for (classes, supply), used in zip(
                            self.resources, taken, strict=True
                        )
                        if used >= supply
                    )
                )
                plan[index], chosen = self.solve(index, spent)
                for r in {r for n in chosen for r in self.uses[n]}:
                    taken[r] += 1
            self.offer(plan)

    def search(self, forbidden, kept):
        plan = [self.solve(i, forbidden[i]) for i in range(len(self.carts))]
        total, coupons = _plan_key([pricing for pricing, _classes in plan])
        if self.best_key is not None and (total, coupons) >= self.best_key:
            return
        takers = {}
        for index, (_pricing, chosen) in enumerate(plan):
            for r in {r for n in chosen for r in self.uses[n]}:
                takers.setdefault(r, []).append(index)
        short = [
            r for r, orders in takers.items() if len(orders) > self.resources[r][1]
        ]
        if not short:
            self.offer([pricing for pricing, _classes in plan])
            return
        losses, penalty = {}, {}
        for r in short:
            classes, supply = self.resources[r]
            losses[r] = sorted(
                (self.solve(i, forbidden[i] | classes)[0].total - plan[i][0].total, i)
                for i in takers[r]
            )
            lacking = len(takers[r]) - supply
            penalty[r] = sum((loss for loss, _i in losses[r][:lacking]), ZERO)
        r = max(short, key=lambda r: (penalty[r], -r))
        if total + penalty[r] > self.best_key[0]:
            return
        # Keep the resource for the order that would lose most without it.
        classes, supply = self.resources[r]
        holders = kept.get(r, frozenset())
        index = next(i for _loss, i in reversed(losses[r]) if i not in holders)
        holders |= {index}
        limited = forbidden
        if len(holders) == supply:
            limited = tuple(
                f if i in holders else f | classes for i, f in enumerate(forbidden)
            )
        self.search(limited, {**kept, r: holders})
        self.search(
            tuple(f | classes if i == index else f for i, f in enumerate(forbidden)),
            kept,
        )

    def solution(self):
        self.greedy()
        spent = frozenset().union(
            *(classes for classes, supply in self.resources if not supply)
        )
        self.search(tuple(spent for _ in self.carts), {})
        # Give each order real coupons of the classes it takes, lowest ids
        # first (they price the same: see :func:`application_order`).
        left = [list(members) for members in self.copies]
        return [
            price(cart, tuple(left[self.number[c]].pop(0) for c in pricing.coupons))
            for cart, pricing in zip(self.carts, self.best, strict=True)
        ]


def brute_force_assignment(carts, coupons, limits=None):
    """The reference for :func:`best_assignment`: every way of giving each
    coupon to one order or none (tiny wallets only)."""
    carts = tuple(carts)
    best = [None]

    def within_limits(plan):
        for program, limit in (limits or {}).items():
            users = [p for p in plan if any(c.program_id == program for c in p.coupons)]
            if len(users) > limit:
                return False
        return True

    def search(i, left, plan):
        if i == len(carts):
            if not within_limits(plan):
                return
            if best[0] is None or _plan_key(plan) < _plan_key(best[0]):
                best[0] = list(plan)
            return
        for size in range(len(left) + 1):
            for combo in combinations(left, size):
                if not compatible(combo):
                    continue
                pricing = price(carts[i], combo)
                if pricing.valid:
                    rest = tuple(c for c in left if c not in combo)
                    search(i + 1, rest, plan + [pricing])

    search(0, tuple(coupons), [])
    return best[0]
