# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The flash-sale Lua scripts and stream consumer against a real Redis
(``MALL_TEST_REDIS_URL``, by default db 15 of the local server)."""

import os
import secrets
import time
import unittest

import pytest
import redis

from odoo.addons.mall_groupbuy.tools import flash_claims

URL = os.environ.get("MALL_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def client():
    conn = redis.Redis.from_url(URL)
    try:
        conn.ping()
    except redis.RedisError:
        pytest.skip("no Redis server")
    prefix = f"test:flash:{secrets.token_hex(4)}:"
    conn.mall_prefix = prefix
    yield conn
    for key in conn.scan_iter(f"{prefix}*"):
        conn.delete(key)


def sale(client, stock=5, start=None, limit=1, sale_id=1):
    claims = flash_claims.FlashClaims(client, sale_id, prefix=client.mall_prefix)
    claims.publish(stock, start if start is not None else time.time() - 1, 0, limit)
    return claims


def test_claims_beyond_stock_are_refused(client):
    claims = sale(client, stock=5)
    results = [claims.claim(partner) for partner in range(1, 9)]
    assert [ok for ok, _ in results].count(True) == 5
    assert [r for ok, r in results if not ok] == ["SOLD_OUT"] * 3
    assert claims.stock() == 0
    assert client.xlen(claims.keys["stream"]) == 5


def test_per_shopper_limit(client):
    claims = sale(client, stock=10, limit=2)
    assert claims.claim(7)[0]
    assert claims.claim(7)[0]
    assert claims.claim(7) == (False, "LIMIT")
    assert claims.claim(8, qty=3) == (False, "LIMIT")
    assert claims.stock() == 8


def test_not_started_and_unknown(client):
    claims = sale(client, start=time.time() + 3600)
    assert claims.claim(1) == (False, "NOT_STARTED")
    other = flash_claims.FlashClaims(client, 99, prefix=client.mall_prefix)
    assert other.claim(1) == (False, "NOT_FOUND")


def test_republish_keeps_the_stock(client):
    claims = sale(client, stock=3)
    claims.claim(1)
    claims.publish(3, time.time() - 1)
    assert claims.stock() == 2


def test_release_returns_stock_once(client):
    claims = sale(client, stock=1)
    claims.claim(1, uid="u1")
    assert claims.claim(2) == (False, "SOLD_OUT")
    assert claims.release("u1", 1, 1)
    assert not claims.release("u1", 1, 1)
    assert claims.stock() == 1
    assert claims.claim(1)[0]  # the shopper's mark went too


def test_dead_consumer_entries_are_taken_over(client):
    claims = sale(client, stock=10, limit=0)
    for partner in range(3):
        claims.claim(partner)
    batch = claims.read_batch("worker-a", count=10, min_idle_ms=None)
    assert len(batch) == 3
    # worker-a dies without XACK: nothing new for worker-b while they are fresh
    assert claims.read_batch("worker-b", count=10, min_idle_ms=60000) == []
    time.sleep(0.05)
    again = claims.read_batch("worker-b", count=10, min_idle_ms=10)
    assert sorted(e for e, _ in again) == sorted(e for e, _ in batch)
    assert claims.ack([e for e, _ in again]) == 3
    assert claims.pending_count() == 0
    assert {c["partner_id"] for _, c in again} == {0, 1, 2}


def answer_codes(answers):
    return [
        (status, body["error"]["code"] if "error" in body else "ok")
        for status, body in answers
    ]


class FakeTokens:
    async def partner_of(self, token):
        return {"tok-1": 1, "tok-2": 2}.get(token)


def test_claim_server_answers_like_the_api(client):
    import asyncio

    from odoo.addons.mall_miniprogram.cli.flash_server import ClaimApp

    sale(client, stock=1)

    async def scenario():
        app = ClaimApp(URL, FakeTokens(), prefix=client.mall_prefix)
        try:
            return [
                await app.claim(1, None, b""),
                await app.claim(1, "Bearer nope", b""),
                await app.claim(1, "Bearer tok-1", b"{bad"),
                await app.claim(1, "Bearer tok-1", b'{"quantity": 0}'),
                await app.claim(1, "Bearer tok-1", b'{"quantity": 1}'),
                await app.claim(1, "Bearer tok-1", b""),
                await app.claim(1, "Bearer tok-2", b""),
                await app.claim(2, "Bearer tok-2", b""),
            ]
        finally:
            await app.redis.aclose()

    answers = asyncio.run(scenario())
    assert answer_codes(answers) == [
        (401, "AUTH_REQUIRED"),
        (401, "TOKEN_INVALID"),
        (400, "INVALID_JSON"),
        (422, "VALIDATION_ERROR"),
        (201, "ok"),
        (409, "FLASH_LIMIT"),
        (409, "FLASH_SOLD_OUT"),
        (404, "NOT_FOUND"),
    ]
    data = answers[4][1]["data"]
    assert data["state"] == "accepted" and data["quantity"] == 1
    assert answers[4][1]["meta"] == {}
    assert answers[0][1]["error"]["message"]


def test_claim_server_speaks_http(client):
    import asyncio

    from odoo.addons.mall_miniprogram.cli.flash_server import ClaimApp, ClaimProtocol

    sale(client, stock=5)

    async def scenario():
        app = ClaimApp(URL, FakeTokens(), prefix=client.mall_prefix)
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: ClaimProtocol(app), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            body = b'{"quantity": 1}'
            request = (
                b"POST /mall/api/v1/flash-sales/1/claims HTTP/1.1\r\nHost: x\r\n"
                b"Authorization: Bearer tok-%d\r\nContent-Length: %d\r\n\r\n%s"
            )
            # Two requests on one keep-alive connection, the second in pieces.
            writer.write(request % (1, len(body), body))
            first = await reader.readuntil(b"}}")
            second = request % (2, len(body), body)
            writer.write(second[:40])
            await writer.drain()
            writer.write(second[40:])
            second_answer = await reader.readuntil(b"}}")
            writer.write(b"GARBAGE\r\n\r\n")
            third = await reader.read()
            writer.close()
            return first, second_answer, third
        finally:
            server.close()
            await app.redis.aclose()

    first, second, third = asyncio.run(scenario())
    assert first.startswith(b"HTTP/1.1 201 Created\r\n")
    assert b"Connection: keep-alive" in first
    assert b'"state": "accepted"' in first
    assert second.startswith(b"HTTP/1.1 201 ")
    assert third.startswith(b"HTTP/1.1 400 ") and b"BAD_REQUEST" in third
    assert flash_claims.FlashClaims(client, 1, prefix=client.mall_prefix).stock() == 3


def lose(client, claims):
    """Redis loses the sale (restart without AOF, failover)."""
    client.delete(*claims.keys.values())


def test_restore_puts_a_lost_sale_back(client):
    claims = sale(client, stock=5, limit=1)
    assert claims.claim(1)[0] and claims.claim(2)[0]
    lose(client, claims)
    assert claims.claim(3) == (False, "NOT_FOUND")
    with pytest.raises(redis.ResponseError) as error:
        claims.read_batch("w", min_idle_ms=None)
    assert flash_claims.is_nogroup(error.value)
    assert claims.restore(3, time.time() - 1, 0, 1, {1: 1, 2: 1, 4: 0})
    assert claims.stock() == 3
    assert claims.claim(1) == (False, "LIMIT")  # the limit survived the loss
    assert claims.read_batch("w", min_idle_ms=None) == []  # the group is back
    assert claims.claim(3)[0]
    assert [c["partner_id"] for _e, c in claims.read_batch("w")] == [3]
    # Restoring again (another process noticed the loss too) changes nothing.
    assert not claims.restore(9, time.time() - 1, 0, 1, {})
    assert claims.stock() == 2


class FakeCursor:
    """A DB-API cursor answering restore_from_db's queries from lists."""

    def __init__(self, sale_row, buyers, recorded=()):
        self.answers = [[sale_row] if sale_row else [], buyers, list(recorded)]
        self.queries = []
        self.rows = []

    def execute(self, query, params=None):
        self.queries.append(query)
        self.rows = self.answers[len(self.queries) - 1]

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return self.rows


def test_restore_from_db_counts_claims_of_a_surviving_stream(client):
    claims = sale(client, stock=5, limit=2)
    claims.claim(1, uid="recorded")
    claims.claim(2, qty=2, uid="not-recorded")
    client.delete(claims.keys["sale"], claims.keys["buyers"])  # the stream stays
    start = int(time.time()) - 1
    # PostgreSQL: 4 remaining (the recorded claim), shopper 1 holds 1 unit.
    cr = FakeCursor(("published", 4, start, 0, 2), [(1, 1)], [("recorded",)])
    with unittest.TestCase().assertLogs(flash_claims.__name__, "WARNING") as logs:
        assert flash_claims.restore_from_db(cr, claims) == 2
    assert "Flash sale 1 was missing in Redis" in logs.output[0]
    assert "with 2 units in stock" in logs.output[0]
    assert claims.stock() == 2
    assert claims.claim(2) == (False, "LIMIT")
    assert claims.claim(1)[0]
    # Already there: nothing read from the database.
    assert flash_claims.restore_from_db(FakeCursor(None, []), claims) is None


def test_restore_from_db_skips_sales_not_published(client):
    claims = flash_claims.FlashClaims(client, 7, prefix=client.mall_prefix)
    closed = FakeCursor(("closed", 4, 0, 0, 1), [])
    assert flash_claims.restore_from_db(closed, claims, wait=False) is None
    assert "SKIP LOCKED" in closed.queries[0]
    assert flash_claims.restore_from_db(FakeCursor(None, []), claims) is None
    assert not claims.exists()


def test_claim_server_restores_a_lost_sale(client):
    import asyncio

    from odoo.addons.mall_miniprogram.cli.flash_server import ClaimApp

    claims = sale(client, stock=3, limit=1)
    assert claims.claim(1)[0]
    lose(client, claims)
    calls = []

    def restorer(sale_id):
        calls.append(sale_id)
        return sale_id == 1 and claims.restore(2, time.time() - 1, 0, 1, {1: 1})

    async def scenario():
        app = ClaimApp(URL, FakeTokens(), prefix=client.mall_prefix, restorer=restorer)
        try:
            together = await asyncio.gather(
                app.claim(1, "Bearer tok-1", b""), app.claim(1, "Bearer tok-2", b"")
            )
            unknown = [await app.claim(5, "Bearer tok-2", b"") for _i in range(2)]
            return [*together, *unknown]
        finally:
            await app.redis.aclose()

    limit, claimed, *unknown = answer_codes(asyncio.run(scenario()))
    assert (limit, claimed) == ((409, "FLASH_LIMIT"), (201, "ok"))
    assert unknown == [(404, "NOT_FOUND")] * 2
    assert calls == [1, 5]  # one look-up per sale, shared by concurrent claims
    assert claims.stock() == 1
