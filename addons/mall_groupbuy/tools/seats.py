# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rules of joining a group buy, without the ORM.

The model gathers the figures under the group's row lock and asks
:func:`join_refusal`; a refusal is a stable code the API passes on.
"""

GROUP_CLOSED = "group_closed"
GROUP_FULL = "group_full"
ALREADY_JOINED = "already_joined"
LIMIT_REACHED = "limit_reached"
SOLD_OUT = "sold_out"


def seats_left(group_size, seats_taken):
    """Seats still free: never negative."""
    return max(group_size - seats_taken, 0)


def join_refusal(
    *,
    group_open,
    group_size,
    seats_taken,
    already_member,
    shopper_groups,
    per_shopper_limit,
    units_taken,
    units_wanted,
    stock_cap,
):
    """Why a shopper may not take a seat, or ``None`` when they may.

    :param bool group_open: the group still takes members
    :param int seats_taken: paid members and live (unpaid, unexpired) reservations
    :param bool already_member: the shopper holds a seat of this group
    :param int shopper_groups: groups of the campaign the shopper holds a seat in
    :param int per_shopper_limit: at most that many groups per shopper; 0: no limit
    :param int units_taken: units of the campaign held by live seats
    :param int units_wanted: units this seat takes
    :param int stock_cap: units the campaign sells at most; 0: no cap
    """
    if not group_open:
        return GROUP_CLOSED
    if already_member:
        return ALREADY_JOINED
    if seats_left(group_size, seats_taken) <= 0:
        return GROUP_FULL
    if per_shopper_limit and shopper_groups >= per_shopper_limit:
        return LIMIT_REACHED
    if stock_cap and units_taken + units_wanted > stock_cap:
        return SOLD_OUT
    return None


def success_rate(succeeded, failed):
    """Share of the finished groups that succeeded, in percent (0 when none)."""
    finished = succeeded + failed
    return round(100.0 * succeeded / finished, 1) if finished else 0.0
