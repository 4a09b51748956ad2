# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The flash-sale Lua scripts and stream consumer against a real Redis
(``MALL_TEST_REDIS_URL``, by default db 15 of the local server)."""

import os
import secrets
import time

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
    codes = [
        (status, body["error"]["code"] if "error" in body else "ok")
        for status, body in answers
    ]
    assert codes == [
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
