# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Share-to-get-coupon and invite-a-friend: signed share tokens and the
rules deciding whether a referral earns its coupons.

Nothing here reads the database or the clock: the caller (an Odoo model)
collects the facts of one referral into :class:`ReferralFacts` and the
campaign's limits into :class:`ReferralLimits`, then calls :func:`judge`.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

TOKEN_DOMAIN = b"mall-share:"
SIGNATURE_LENGTH = 16  # characters of base64url: 96 bits

# Outcomes of a referral.
REWARDED = "rewarded"  # both get a coupon
NEWCOMER_ONLY = "newcomer_only"  # the sharer's rewards are capped
REFUSED = "refused"  # nobody gets anything, nothing suspicious
FLAGGED = "flagged"  # nobody gets anything, looks like a farm


def _signature(secret, share_id):
    if not secret:
        raise ValueError("A share token needs a secret")
    digest = hmac.new(
        secret.encode(), TOKEN_DOMAIN + str(share_id).encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_LENGTH]


def sign(secret, share_id):
    """The token of the share ``share_id``: ``<id>.<signature>``, safe in a
    mini-program path (letters, digits, ``-``, ``_`` and ``.``)."""
    if not isinstance(share_id, int) or share_id <= 0:
        raise ValueError("A share id is a positive integer")
    return f"{share_id}.{_signature(secret, share_id)}"


def verify(secret, token):
    """The share id ``token`` was signed for, or None if it was not signed
    with ``secret`` (forged, altered or garbage)."""
    if not token or not isinstance(token, str) or token.count(".") != 1:
        return None
    raw_id, signature = token.split(".")
    if not raw_id.isdigit() or raw_id.startswith("0"):
        return None
    share_id = int(raw_id)
    if not hmac.compare_digest(signature, _signature(secret, share_id)):
        return None
    return share_id


@dataclass(frozen=True)
class ReferralLimits:
    """A campaign's limits; 0 or None means "no limit"."""

    per_day: int = 0  # rewards of one sharer per day
    per_month: int = 0  # rewards of one sharer per month
    budget: int = 0  # rewarded referrals of the campaign, in all
    start: datetime | None = None
    end: datetime | None = None
    farm_per_device: int = 3  # newcomers from one device through one sharer
    farm_per_ip: int = 5  # newcomers from one IP address through one sharer


@dataclass(frozen=True)
class ReferralFacts:
    """One newcomer arriving through one share.

    Counts are the caller's, over the sharer's earlier referrals: rewards
    given today / this month, and newcomers of the farm window who came from
    the same device or IP address (this one not included).
    """

    now: datetime
    sharer_id: int
    newcomer_id: int
    newcomer_is_new: bool
    sharer_flagged: bool = False
    sharer_device_ids: frozenset = field(default_factory=frozenset)
    newcomer_device_id: str | None = None
    sharer_phone: str | None = None
    newcomer_phone: str | None = None
    already_referred: bool = False  # the newcomer came through a share before
    sharer_rewards_today: int = 0
    sharer_rewards_month: int = 0
    campaign_rewarded: int = 0
    recent_same_device: int = 0
    recent_same_ip: int = 0


@dataclass(frozen=True)
class Decision:
    outcome: str
    reason: str

    @property
    def reward_newcomer(self):
        return self.outcome in (REWARDED, NEWCOMER_ONLY)

    @property
    def reward_sharer(self):
        return self.outcome == REWARDED


def _phone(number):
    digits = "".join(c for c in number or "" if c.isdigit())
    return digits[-11:] or None


def judge(facts, limits):
    """The :class:`Decision` on one referral; the first rule that applies
    decides, in the order: campaign open, real newcomer, self-invite, farm,
    budget, sharer caps."""
    if limits.start and facts.now < limits.start:
        return Decision(REFUSED, "campaign_not_started")
    if limits.end and facts.now > limits.end:
        return Decision(REFUSED, "campaign_ended")
    if facts.sharer_id == facts.newcomer_id:
        return Decision(REFUSED, "self_invite")
    if not facts.newcomer_is_new or facts.already_referred:
        return Decision(REFUSED, "existing_shopper")
    if facts.newcomer_device_id and facts.newcomer_device_id in facts.sharer_device_ids:
        return Decision(FLAGGED, "same_device")
    if _phone(facts.newcomer_phone) and _phone(facts.newcomer_phone) == _phone(
        facts.sharer_phone
    ):
        return Decision(FLAGGED, "same_phone")
    if facts.sharer_flagged:
        return Decision(FLAGGED, "sharer_flagged")
    if (
        limits.farm_per_device
        and facts.newcomer_device_id
        and facts.recent_same_device + 1 >= limits.farm_per_device
    ):
        return Decision(FLAGGED, "device_farm")
    if limits.farm_per_ip and facts.recent_same_ip + 1 >= limits.farm_per_ip:
        return Decision(FLAGGED, "ip_farm")
    if limits.budget and facts.campaign_rewarded >= limits.budget:
        return Decision(REFUSED, "budget_spent")
    if limits.per_day and facts.sharer_rewards_today >= limits.per_day:
        return Decision(NEWCOMER_ONLY, "sharer_daily_cap")
    if limits.per_month and facts.sharer_rewards_month >= limits.per_month:
        return Decision(NEWCOMER_ONLY, "sharer_monthly_cap")
    return Decision(REWARDED, "")


def share_path(token, product_id=None):
    """The mini-program page a share opens, carrying its token in ``s``."""
    if product_id:
        return f"pages/product/product?id={int(product_id)}&s={token}"
    return f"pages/index/index?s={token}"
