# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rate-limit core, and its Redis counter against the local Redis."""

import os
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from odoo.addons.mall_catalog.tools import ratelimit
from odoo.addons.mall_catalog.tools.ratelimit import (
    Bucket,
    Limit,
    check,
    parse_limit,
    redis_counter,
    redis_key,
)


def test_parse_limit():
    assert parse_limit("10/60") == Limit(10, 60)
    assert parse_limit(" 5 / 2 ") == Limit(5, 2)
    assert parse_limit("30") == Limit(30, 60)
    for disabled in ("0", "0/60", "10/0", "", None):
        assert parse_limit(disabled) is None
    for wrong in ("ten/60", "10/60s", "-1/60", "10/60/2"):
        with pytest.raises(ValueError):
            parse_limit(wrong)


def test_windows_are_aligned_on_the_clock():
    limit = Limit(3, 60)
    assert limit.start(1_000_000_000.5) == 999_999_960
    assert limit.start(999_999_960) == 999_999_960
    assert limit.start(999_999_959.9) == 999_999_900


class MemoryCounter:
    def __init__(self):
        self.counts = {}

    def __call__(self, hits):
        result = []
        for bucket, start in hits:
            key = (bucket.key, start)
            self.counts[key] = self.counts.get(key, 0) + 1
            result.append(self.counts[key])
        return result


def test_check_counts_every_bucket_and_waits_for_the_last_refusal():
    counter = MemoryCounter()
    ip = Bucket("write:ip:1.2.3.4", Limit(3, 60))
    token = Bucket("write:token:7", Limit(2, 10))
    now = 1200.0  # both windows start here
    assert check(counter, [ip, token], now) == (True, 0)
    assert check(counter, [ip, token], now + 1) == (True, 0)
    # The token's third hit is refused until its 10-second window ends.
    assert check(counter, [ip, token], now + 2.5) == (False, 8)
    # The IP's fourth too, later: the longer wait wins.
    assert check(counter, [ip, token], now + 3) == (False, 57)
    # Refused hits count as well.
    assert counter.counts[("write:token:7", 1200)] == 4
    # A new token window lets the token through; the IP is still over.
    assert check(counter, [token], now + 10) == (True, 0)
    assert check(counter, [ip], now + 10) == (False, 50)
    assert check(counter, [ip], now + 60) == (True, 0)


def test_check_without_limits_counts_nothing():
    def count(hits):
        raise AssertionError("nothing to count")

    assert check(count, [], 0) == (True, 0)
    assert check(count, [Bucket("login:ip:x", None)], 0) == (True, 0)


def test_retry_after_is_at_least_a_second():
    counter = MemoryCounter()
    bucket = Bucket("login:ip:x", Limit(1, 60))
    check(counter, [bucket], 59.9)
    assert check(counter, [bucket], 59.95) == (False, 1)


def test_check_uses_the_module_clock(monkeypatch):
    counter = MemoryCounter()
    monkeypatch.setattr(ratelimit, "clock", lambda: 125.0)
    check(counter, [Bucket("k", Limit(1, 60))])
    assert counter.counts == {("k", 120): 1}


@pytest.fixture
def redis_client():
    url = os.environ.get("MALL_REDIS_URL") or "redis://127.0.0.1:6379/0"
    client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url}")
    dbname = f"pytest_ratelimit_{uuid.uuid4().hex[:8]}"
    yield client, dbname
    keys = list(client.scan_iter(match=f"mall:{dbname}:*"))
    if keys:
        client.delete(*keys)


def test_redis_counter(redis_client):
    client, dbname = redis_client
    count = redis_counter(client, dbname)
    ip = Bucket("login:ip:2001:db8::1", Limit(2, 60))
    token = Bucket("login:token:42", Limit(5, 30))
    now = 6000.0
    assert check(count, [ip, token], now) == (True, 0)
    assert check(count, [ip, token], now + 1) == (True, 0)
    assert check(count, [ip, token], now + 2) == (False, 58)
    ip_key = redis_key(dbname, ip, 6000)
    assert ip_key == f"mall:{dbname}:ratelimit:login:ip:2001:db8::1:6000"
    assert int(client.get(ip_key)) == 3
    assert int(client.get(redis_key(dbname, token, 6000))) == 3
    # Every key expires about a window after its last hit.
    assert 0 < client.ttl(ip_key) <= 61
    assert 0 < client.ttl(redis_key(dbname, token, 6000)) <= 31
    # The next window starts from zero.
    assert check(count, [ip], now + 60) == (True, 0)
    assert int(client.get(redis_key(dbname, ip, 6060))) == 1


def test_redis_counter_is_atomic_under_concurrency(redis_client):
    client, dbname = redis_client
    count = redis_counter(client, dbname)
    bucket = Bucket("write:ip:198.51.100.1", Limit(50, 60))
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _i: check(count, [bucket], 600.0), range(80)))
    assert sum(allowed for allowed, _wait in results) == 50
    assert int(client.get(redis_key(dbname, bucket, 600))) == 80
