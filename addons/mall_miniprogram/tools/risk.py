# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Anti-fraud (防刷单) scoring of one order: pure rules over plain facts.

The caller (an Odoo model) collects the facts about an order and its context
from the database into an :class:`OrderFacts`, then calls :func:`score` with
the merchant's rules. Nothing here reads the database, the clock or anything
else: the same facts and rules always give the same assessment.

Each rule scores 0 up to its ``weight``: nothing while its measure is at or
within ``threshold``, then in proportion to how far it goes beyond, the full
weight from ``ramp`` units beyond on. The total is capped at 100.
"""

import math
from dataclasses import asdict, dataclass, fields
from datetime import timedelta
from decimal import Decimal

FREEZE_THRESHOLD = 60
REVIEW_THRESHOLD = 30
MAX_SCORE = 100


@dataclass(frozen=True)
class OrderFacts:
    """What the caller knows about one order; omitted facts count as harmless.

    Counts are over the caller's look-back window and include this shopper
    and this order: a shopper alone on their device has ``accounts_on_device``
    1, and their first order of the hour makes ``orders_last_hour`` 1.
    """

    shopper_id: int | None = None
    account_age: timedelta | None = None  # None: unknown, never "new"
    accounts_on_device: int = 0  # distinct shoppers seen with this device id
    accounts_on_phone: int = 0  # distinct shoppers with this phone number
    accounts_on_address: int = 0  # distinct shoppers shipping to this address
    orders_last_hour: int = 0
    orders_last_day: int = 0
    coupon_uses_last_day: int = 0  # by this shopper or on this device
    groupbuy_joins_last_day: int = 0
    groupbuy_same_device_in_group: int = 0  # other members sharing device/address
    max_line_quantity: int = 0  # the largest quantity of one product
    quantity_limit: int | None = None  # the product's purchase limit, if any
    flash_sale: bool = False  # the order takes flash-sale stock
    amount_total: Decimal = Decimal(0)


@dataclass(frozen=True)
class RuleHit:
    code: str
    points: int
    reason: str


@dataclass(frozen=True)
class RiskRule:
    """One tunable rule; ``kind`` (by default the code) picks its measure."""

    code: str
    description: str
    weight: int
    threshold: float
    ramp: float = 1
    kind: str = ""

    def __post_init__(self):
        if not self.kind:
            object.__setattr__(self, "kind", self.code)
        if self.kind not in KINDS:
            raise ValueError(f"Unknown risk rule kind {self.kind!r}")
        if self.weight < 0 or self.ramp <= 0:
            raise ValueError(f"Risk rule {self.code!r}: weight < 0 or ramp <= 0")

    @classmethod
    def from_dict(cls, data):
        unknown = set(data) - {field.name for field in fields(cls)}
        if unknown:
            raise ValueError(f"Unknown risk rule keys: {', '.join(sorted(unknown))}")
        return cls(**data)

    def to_dict(self):
        return asdict(self)

    def points(self, excess):
        """0 if ``excess`` <= 0, else in proportion, full weight at ``ramp``."""
        if excess <= 0:
            return 0
        return math.ceil(self.weight * min(excess, self.ramp) / self.ramp)


@dataclass(frozen=True)
class RiskAssessment:
    total: int
    hits: tuple[RuleHit, ...] = ()

    def decision(
        self, freeze_threshold=FREEZE_THRESHOLD, review_threshold=REVIEW_THRESHOLD
    ):
        """Return "freeze" from ``freeze_threshold`` points on, "review" from
        ``review_threshold`` on, else "pass"."""
        if review_threshold > freeze_threshold:
            raise ValueError("The review threshold is above the freeze threshold")
        if self.total >= freeze_threshold:
            return "freeze"
        if self.total >= review_threshold:
            return "review"
        return "pass"


def _count(attribute, noun, where):
    """The kind of rule that fires when the count ``attribute`` is too high."""

    def measure(facts, rule):
        value = getattr(facts, attribute)
        points = rule.points(value - rule.threshold)
        if points:
            plural = noun if value == 1 else noun + "s"
            reason = f"{value} {plural} {where} (limit {rule.threshold:g})"
            return RuleHit(rule.code, points, reason)
        return None

    return measure


def _abnormal_quantity(facts, rule):
    """The product's own purchase limit if it has one, else the threshold."""
    limit = rule.threshold if facts.quantity_limit is None else facts.quantity_limit
    points = rule.points(facts.max_line_quantity - limit)
    if points:
        reason = f"{facts.max_line_quantity} units of one product (limit {limit:g})"
        return RuleHit(rule.code, points, reason)
    return None


def _new_account_flash_sale(facts, rule):
    """Flash-sale stock bought by an account younger than threshold hours."""
    if not facts.flash_sale or facts.account_age is None:
        return None
    hours = facts.account_age / timedelta(hours=1)
    points = rule.points(rule.threshold - hours)
    if points:
        reason = (
            f"account {hours:.1f} hours old buys flash-sale stock for "
            f"{facts.amount_total} (limit {rule.threshold:g} hours)"
        )
        return RuleHit(rule.code, points, reason)
    return None


KINDS = {
    "shared_device": _count("accounts_on_device", "account", "on this device"),
    "shared_phone": _count("accounts_on_phone", "account", "with this phone"),
    "shared_address": _count("accounts_on_address", "account", "at this address"),
    "order_velocity_hour": _count("orders_last_hour", "order", "in the last hour"),
    "order_velocity_day": _count("orders_last_day", "order", "in the last day"),
    "coupon_abuse": _count("coupon_uses_last_day", "coupon use", "in the last day"),
    "groupbuy_abuse": _count(
        "groupbuy_joins_last_day", "group-buy join", "in the last day"
    ),
    "groupbuy_same_device": _count(
        "groupbuy_same_device_in_group", "group member", "on this device or address"
    ),
    "abnormal_quantity": _abnormal_quantity,
    "new_account_flash_sale": _new_account_flash_sale,
}

DEFAULT_RULES = tuple(
    RiskRule(*row)
    for row in (
        # code, description, weight, threshold, ramp
        ("shared_device", "Many accounts on one device", 25, 2, 3),
        ("shared_phone", "Many accounts with one phone number", 20, 2, 2),
        ("shared_address", "Many accounts shipping to one address", 15, 3, 5),
        ("order_velocity_hour", "Many orders within an hour", 20, 3, 5),
        ("order_velocity_day", "Many orders within a day", 15, 10, 10),
        ("coupon_abuse", "Many coupons used within a day", 20, 3, 3),
        ("groupbuy_abuse", "Many group buys joined within a day", 15, 5, 5),
        ("groupbuy_same_device", "Group members on one device", 20, 1, 2),
        ("abnormal_quantity", "Unusually many units of one product", 15, 20, 20),
        ("new_account_flash_sale", "New account buying flash sales", 20, 24, 24),
    )
)


def score(facts, rules=DEFAULT_RULES):
    """The :class:`RiskAssessment` of ``facts`` under ``rules``, in rule order."""
    hits = tuple(
        hit for rule in rules if (hit := KINDS[rule.kind](facts, rule)) is not None
    )
    return RiskAssessment(min(MAX_SCORE, sum(hit.points for hit in hits)), hits)
