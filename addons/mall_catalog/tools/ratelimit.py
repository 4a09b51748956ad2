# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixed-window rate limits, counted in Redis or by the caller.

A limit such as ``10/60`` allows 10 hits per bucket (an IP address, a token)
in each 60-second window aligned on the clock. Fixed windows, not sliding
ones: one counter per bucket and window is a single atomic ``INCR`` in Redis
and a single upserted row in PostgreSQL, so both stores count the same way,
and ``Retry-After`` is exact (the end of the window). The price is that a
client may burst up to twice the limit across a window boundary, which is
fine for stopping abuse.

Every hit is counted, refused ones included: a client that keeps hammering
stays refused until the window ends, no longer.
"""

import math
import re
import time
from dataclasses import dataclass

# The clock of every check; tests replace it to move between windows.
clock = time.time

_LIMIT = re.compile(r"^\s*(\d+)\s*(?:/\s*(\d+)\s*)?$")


@dataclass(frozen=True)
class Limit:
    hits: int
    window: int  # seconds

    def start(self, now):
        """Start of the window holding ``now``, in whole epoch seconds."""
        return int(now // self.window * self.window)


@dataclass(frozen=True)
class Bucket:
    """What one limit counts: ``key`` is like ``write:ip:203.0.113.7``."""

    key: str
    limit: Limit


def parse_limit(text, default_window=60):
    """``"10/60"`` → ``Limit(10, 60)``; ``"0"`` or empty → ``None`` (no limit).

    A bare number is per ``default_window`` seconds. Raises ``ValueError``
    on anything else.
    """
    match = _LIMIT.match(text or "0")
    if not match:
        raise ValueError(f"rate limit {text!r} is not like '10/60'")
    hits, window = int(match.group(1)), int(match.group(2) or default_window)
    if not hits or not window:
        return None
    return Limit(hits, window)


def check(count, buckets, now=None):
    """Count one hit in every bucket: ``(allowed, retry_after_seconds)``.

    ``count(hits)`` receives ``[(bucket, window_start)]``, adds one to each
    counter and returns their new values in the same order. ``retry_after``
    is 0 when allowed, else the seconds until the last refusing window ends.
    """
    buckets = [bucket for bucket in buckets if bucket.limit]
    if not buckets:
        return True, 0
    now = clock() if now is None else now
    hits = [(bucket, bucket.limit.start(now)) for bucket in buckets]
    counts = count(hits)
    waits = [
        math.ceil(start + bucket.limit.window - now)
        for (bucket, start), counted in zip(hits, counts, strict=True)
        if counted > bucket.limit.hits
    ]
    if not waits:
        return True, 0
    return False, max(1, *waits)


def redis_key(dbname, bucket, start):
    # Namespaced like the cache's keys, so that a database's keys go together.
    return f"mall:{dbname}:ratelimit:{bucket.key}:{start}"


def redis_counter(client, dbname):
    """A ``count`` for :func:`check` that counts in Redis.

    One round trip for all buckets: ``INCR`` and ``EXPIRE`` of each key in a
    ``MULTI``/``EXEC`` transaction, so no key is left without its expiry. The
    expiry is relative (a window and a second): Redis forgets a window soon
    after it ends whatever the clocks of Odoo's servers say.
    """

    def count(hits):
        pipe = client.pipeline(transaction=True)
        for bucket, start in hits:
            key = redis_key(dbname, bucket, start)
            pipe.incr(key)
            pipe.expire(key, bucket.limit.window + 1)
        return pipe.execute()[::2]

    return count
