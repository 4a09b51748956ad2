# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dataclasses import FrozenInstanceError, replace
from datetime import timedelta
from decimal import Decimal

import pytest

from odoo.addons.mall_miniprogram.tools.risk import (
    DEFAULT_RULES,
    OrderFacts,
    RiskAssessment,
    RiskRule,
    RuleHit,
    score,
)

RULES = {rule.code: rule for rule in DEFAULT_RULES}

# A regular shopper: a year-old account, alone on their phone and device,
# sharing an address with a family member, a second order today.
NORMAL = OrderFacts(
    shopper_id=7,
    account_age=timedelta(days=365),
    accounts_on_device=1,
    accounts_on_phone=1,
    accounts_on_address=2,
    orders_last_hour=1,
    orders_last_day=2,
    coupon_uses_last_day=1,
    groupbuy_joins_last_day=1,
    max_line_quantity=2,
    quantity_limit=5,
    flash_sale=True,
    amount_total=Decimal("89.90"),
)

# The count rules: (code, the fact it measures).
COUNT_RULES = [
    ("shared_device", "accounts_on_device"),
    ("shared_phone", "accounts_on_phone"),
    ("shared_address", "accounts_on_address"),
    ("order_velocity_hour", "orders_last_hour"),
    ("order_velocity_day", "orders_last_day"),
    ("coupon_abuse", "coupon_uses_last_day"),
    ("groupbuy_abuse", "groupbuy_joins_last_day"),
    ("groupbuy_same_device", "groupbuy_same_device_in_group"),
    ("abnormal_quantity", "max_line_quantity"),
]


def test_default_rules_cover_every_kind_with_unique_codes():
    codes = [rule.code for rule in DEFAULT_RULES]
    assert len(codes) == len(set(codes)) == 10
    assert set(codes) == {code for code, _ in COUNT_RULES} | {"new_account_flash_sale"}
    assert all(0 < rule.weight <= 100 for rule in DEFAULT_RULES)


def test_normal_shopper_scores_zero_and_passes():
    assessment = score(NORMAL)
    assert assessment == RiskAssessment(0, ())
    assert assessment.decision() == "pass"
    assert score(OrderFacts()).total == 0  # no facts at all: nothing to hold against


def test_scripted_abuser_is_frozen():
    abuser = OrderFacts(
        shopper_id=666,
        account_age=timedelta(days=30),
        accounts_on_device=8,
        orders_last_hour=10,
        orders_last_day=12,
        coupon_uses_last_day=6,
    )
    assessment = score(abuser)
    points = {hit.code: hit.points for hit in assessment.hits}
    assert points == {
        "shared_device": 25,  # 6 beyond the threshold of 2: full weight
        "order_velocity_hour": 20,  # 7 beyond 3: full weight
        "order_velocity_day": 3,  # 2 beyond 10, over a ramp of 10: 15 * 2/10
        "coupon_abuse": 20,  # 3 beyond 3: full weight
    }
    assert assessment.total == 68
    assert assessment.decision() == "freeze"
    assert assessment.decision(freeze_threshold=70) == "review"
    assert assessment.decision(freeze_threshold=90, review_threshold=80) == "pass"
    assert assessment.hits[0] == RuleHit(
        "shared_device", 25, "8 accounts on this device (limit 2)"
    )
    assert "10 orders in the last hour (limit 3)" in [h.reason for h in assessment.hits]
    assert "6 coupon uses in the last day (limit 3)" in [
        h.reason for h in assessment.hits
    ]


@pytest.mark.parametrize("code,fact", COUNT_RULES)
def test_each_count_rule_fires_alone_above_its_threshold(code, fact):
    rule = RULES[code]
    at = score(OrderFacts(**{fact: int(rule.threshold)}))
    assert at.total == 0 and at.hits == ()
    above = score(OrderFacts(**{fact: int(rule.threshold) + 1}))
    assert [hit.code for hit in above.hits] == [code]
    # One step beyond the threshold earns a share of the weight, never nothing.
    expected = -(-rule.weight // rule.ramp)
    assert above.total == above.hits[0].points == expected > 0
    assert f"{int(rule.threshold) + 1} " in above.hits[0].reason
    assert f"(limit {int(rule.threshold)})" in above.hits[0].reason
    # Far beyond: exactly the full weight, no more.
    far = score(OrderFacts(**{fact: int(rule.threshold + rule.ramp) + 50}))
    assert far.total == rule.weight


def test_points_grow_in_proportion_to_the_excess():
    rule = RULES["shared_device"]
    assert (rule.weight, rule.threshold, rule.ramp) == (25, 2, 3)
    totals = [score(OrderFacts(accounts_on_device=n)).total for n in range(1, 8)]
    assert totals == [0, 0, 9, 17, 25, 25, 25]


def test_new_account_buying_flash_sale_is_flagged_but_not_an_old_one():
    rule = RULES["new_account_flash_sale"]  # 20 points, under 24 hours old
    new = OrderFacts(
        account_age=timedelta(hours=2),
        flash_sale=True,
        amount_total=Decimal("199.00"),
    )
    assessment = score(new)
    assert [hit.code for hit in assessment.hits] == ["new_account_flash_sale"]
    assert assessment.total == 19  # 22 hours short of 24: 20 * 22/24, rounded up
    assert assessment.hits[0].reason == (
        "account 2.0 hours old buys flash-sale stock for 199.00 (limit 24 hours)"
    )
    brand_new = score(replace(new, account_age=timedelta(0)))
    assert brand_new.total == rule.weight
    just_under = score(replace(new, account_age=timedelta(hours=23)))
    assert just_under.total > 0
    assert score(replace(new, account_age=timedelta(hours=24))).total == 0
    assert score(replace(new, account_age=timedelta(days=400))).total == 0
    # Not a flash sale, or an account whose age is unknown: nothing to say.
    assert score(replace(new, flash_sale=False)).total == 0
    assert score(replace(new, account_age=None)).total == 0


def test_quantity_above_the_products_limit_is_flagged():
    within = OrderFacts(max_line_quantity=5, quantity_limit=5)
    assert score(within).total == 0
    above = score(replace(within, max_line_quantity=9))
    assert [hit.code for hit in above.hits] == ["abnormal_quantity"]
    assert above.hits[0].reason == "9 units of one product (limit 5)"
    assert above.total == 3  # 4 beyond 5, ramp 20: 15 * 4/20
    # Without a product limit the rule's threshold (20) applies instead.
    assert score(replace(within, max_line_quantity=9, quantity_limit=None)).total == 0
    # A product limit above the threshold is the merchant's word: 30 is allowed.
    assert score(OrderFacts(max_line_quantity=30, quantity_limit=50)).total == 0


def test_total_is_capped_at_100():
    everything = OrderFacts(
        account_age=timedelta(minutes=5),
        accounts_on_device=50,
        accounts_on_phone=50,
        accounts_on_address=50,
        orders_last_hour=50,
        orders_last_day=50,
        coupon_uses_last_day=50,
        groupbuy_joins_last_day=50,
        groupbuy_same_device_in_group=50,
        max_line_quantity=500,
        flash_sale=True,
    )
    assessment = score(everything)
    assert len(assessment.hits) == len(DEFAULT_RULES)
    assert sum(hit.points for hit in assessment.hits) > 100
    assert assessment.total == 100
    assert assessment.decision() == "freeze"


def test_custom_rules_from_dicts_change_the_outcome():
    facts = OrderFacts(accounts_on_device=3, orders_last_hour=4)
    assert score(facts).decision() == "pass"  # 9 + 4 points
    rows = [rule.to_dict() for rule in DEFAULT_RULES]
    assert rows[0] == {
        "code": "shared_device",
        "description": "Many accounts on one device",
        "weight": 25,
        "threshold": 2,
        "ramp": 3,
        "kind": "shared_device",
    }
    assert tuple(RiskRule.from_dict(row) for row in rows) == DEFAULT_RULES
    # A strict merchant: one account per device, any excess worth 60 points.
    strict = [
        RiskRule.from_dict(
            {
                "code": "one_device_one_account",
                "description": "One account per device",
                "kind": "shared_device",
                "weight": 60,
                "threshold": 1,
            }
        ),
        RiskRule.from_dict(rows[3]),  # order_velocity_hour as it was
    ]
    assessment = score(facts, strict)
    assert [(h.code, h.points) for h in assessment.hits] == [
        ("one_device_one_account", 60),
        ("order_velocity_hour", 4),
    ]
    assert assessment.decision() == "freeze"
    # A lenient one: the velocity rule switched off by a weight of 0.
    lenient = [RiskRule.from_dict({**rows[3], "weight": 0})]
    assert score(facts, lenient) == RiskAssessment(0, ())


def test_bad_rules_are_refused():
    row = RULES["coupon_abuse"].to_dict()
    with pytest.raises(ValueError, match="kind"):
        RiskRule.from_dict({**row, "kind": "astrology"})
    with pytest.raises(ValueError, match="treshold"):
        RiskRule.from_dict({**row, "treshold": 5})
    with pytest.raises(ValueError, match="ramp"):
        RiskRule.from_dict({**row, "ramp": 0})
    with pytest.raises(ValueError, match="weight"):
        RiskRule.from_dict({**row, "weight": -1})
    with pytest.raises(FrozenInstanceError):
        RULES["coupon_abuse"].weight = 99


def test_decision_thresholds_and_determinism():
    assert RiskAssessment(29).decision() == "pass"
    assert RiskAssessment(30).decision() == "review"
    assert RiskAssessment(60).decision() == "freeze"
    assert RiskAssessment(50).decision(freeze_threshold=50, review_threshold=20) == (
        "freeze"
    )
    with pytest.raises(ValueError):
        RiskAssessment(10).decision(freeze_threshold=20, review_threshold=40)
    facts = OrderFacts(accounts_on_phone=5, orders_last_day=15)
    assert score(facts) == score(facts)
