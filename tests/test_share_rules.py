# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dataclasses import replace
from datetime import datetime

import pytest

from odoo.addons.mall_loyalty.tools.share import (
    FLAGGED,
    NEWCOMER_ONLY,
    REFUSED,
    REWARDED,
    ReferralFacts,
    ReferralLimits,
    judge,
    share_path,
    sign,
    verify,
)

SECRET = "a-database-secret"
NOW = datetime(2026, 5, 20, 12, 0)

# A real newcomer on their own phone, the sharer's first referral.
FACTS = ReferralFacts(
    now=NOW,
    sharer_id=7,
    newcomer_id=42,
    newcomer_is_new=True,
    sharer_device_ids=frozenset({"sharer-phone"}),
    newcomer_device_id="newcomer-phone",
    sharer_phone="13800138000",
)
LIMITS = ReferralLimits(per_day=2, per_month=5, budget=100)


def test_token_round_trip():
    token = sign(SECRET, 1234)
    assert token.startswith("1234.")
    assert verify(SECRET, token) == 1234
    assert set(token) <= set("0123456789.-_" + "abcdefghijklmnopqrstuvwxyz").union(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    )


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "1234",
        "1235." + sign(SECRET, 1234).split(".")[1],  # another id, same signature
        sign(SECRET, 1234)[:-1] + "x",
        "01234." + sign(SECRET, 1234).split(".")[1],
        "abc.def",
        "1.2.3",
    ],
)
def test_forged_tokens_are_refused(token):
    assert verify(SECRET, token) is None


def test_another_secret_refuses_the_token():
    assert verify("another-secret", sign(SECRET, 1234)) is None


def test_sign_needs_a_secret_and_an_id():
    with pytest.raises(ValueError):
        sign("", 1)
    with pytest.raises(ValueError):
        sign(SECRET, 0)


def test_share_path():
    assert share_path("5.abc", 9) == "pages/product/product?id=9&s=5.abc"
    assert share_path("5.abc") == "pages/index/index?s=5.abc"


def test_a_real_newcomer_rewards_both():
    decision = judge(FACTS, LIMITS)
    assert decision.outcome == REWARDED
    assert decision.reward_newcomer and decision.reward_sharer


@pytest.mark.parametrize(
    "changes, outcome, reason",
    [
        ({"newcomer_id": 7}, REFUSED, "self_invite"),
        ({"newcomer_is_new": False}, REFUSED, "existing_shopper"),
        ({"already_referred": True}, REFUSED, "existing_shopper"),
        ({"newcomer_device_id": "sharer-phone"}, FLAGGED, "same_device"),
        ({"newcomer_phone": "+86 138-0013-8000"}, FLAGGED, "same_phone"),
        ({"sharer_flagged": True}, FLAGGED, "sharer_flagged"),
        ({"recent_same_device": 2}, FLAGGED, "device_farm"),
        ({"recent_same_ip": 4}, FLAGGED, "ip_farm"),
        ({"campaign_rewarded": 100}, REFUSED, "budget_spent"),
        ({"sharer_rewards_today": 2}, NEWCOMER_ONLY, "sharer_daily_cap"),
        ({"sharer_rewards_month": 5}, NEWCOMER_ONLY, "sharer_monthly_cap"),
    ],
)
def test_rules(changes, outcome, reason):
    decision = judge(replace(FACTS, **changes), LIMITS)
    assert (decision.outcome, decision.reason) == (outcome, reason)
    assert decision.reward_sharer == (outcome == REWARDED)
    assert decision.reward_newcomer == (outcome in (REWARDED, NEWCOMER_ONLY))


def test_below_the_farm_thresholds_is_fine():
    facts = replace(FACTS, recent_same_device=1, recent_same_ip=3)
    assert judge(facts, LIMITS).outcome == REWARDED


def test_no_device_id_is_no_device_farm():
    facts = replace(FACTS, newcomer_device_id=None, recent_same_device=9)
    assert judge(facts, LIMITS).outcome == REWARDED


def test_campaign_period():
    limits = replace(LIMITS, start=datetime(2026, 6, 1), end=None)
    assert judge(FACTS, limits).reason == "campaign_not_started"
    limits = replace(LIMITS, start=None, end=datetime(2026, 5, 1))
    assert judge(FACTS, limits).reason == "campaign_ended"


def test_zero_means_no_limit():
    facts = replace(
        FACTS, sharer_rewards_today=99, sharer_rewards_month=99, campaign_rewarded=99
    )
    limits = ReferralLimits(per_day=0, per_month=0, budget=0)
    assert judge(facts, limits).outcome == REWARDED
