# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``odoo flash_server -c odoo.conf -d <db> [--port 8075] [--processes 2]``:
the flash-sale claim route at the edge.

A small asyncio server beside Odoo (a lean HTTP/1.1 protocol, stdlib only),
sharing its configuration and Redis. It answers
``POST /mall/api/v1/flash-sales/<id>/claims`` like the in-Odoo route: it
checks the shopper's bearer token (token hashes read from the database, kept
in memory and reloaded every ``--token-refresh`` seconds; an unknown token is
looked up once), runs the claim's Lua script (claims arriving together go to
Redis in one pipeline) and answers with the API's envelope or error.
Odoo's workers only see the orders (``odoo flash_worker``).

A sale Redis does not know (``NOT_FOUND``) is looked up in PostgreSQL: when
it is published, Redis lost it (restart without AOF, failover) and it is put
back from the database (``flash_claims.restore_from_db``), then the claim is
tried once more. One look-up per sale every ``RESTORE_EVERY`` seconds at most,
shared by the claims arriving meanwhile.
"""

import argparse
import asyncio
import contextlib
import gc
import hashlib
import json
import logging
import os
import re
import signal
import sys
import time

import odoo
from odoo.cli import Command

from odoo.addons.mall_catalog.tools import redis_store
from odoo.addons.mall_groupbuy.tools import flash_claims

from ..http_api.errors import ERRORS

_logger = logging.getLogger(__name__)

ROUTE = re.compile(r"^/mall/api/v1/flash-sales/(\d+)/claims/?$")
BEARER = re.compile(r"^bearer\s+(\S+)$", re.IGNORECASE)
TOKENS_SQL = """
    SELECT t.token_hash, t.partner_id, t.expires_at
      FROM mall_shopper_token t JOIN res_partner p ON p.id = t.partner_id
     WHERE NOT COALESCE(t.revoked, false) AND t.expires_at > now() at time zone 'utc'
       AND p.active AND NOT COALESCE(p.mall_frozen, false)
"""


# Seconds between two database look-ups of a sale Redis does not know.
RESTORE_EVERY = 5.0


def error_body(code, details=None):
    spec = ERRORS[code]
    error = {"code": code, "message": spec.message, "message_en": spec.message_en}
    if details:
        error["details"] = details
    return spec.status, {"error": error}


class TokenCache:
    """Live token hashes -> (partner id, expiry epoch), from PostgreSQL."""

    def __init__(self, dsn_args, refresh):
        self.dsn_args = dsn_args
        self.refresh = refresh
        self.tokens = {}
        self.misses = {}
        self.loaded_at = 0.0

    def _query(self, token_hash=None):
        import psycopg2

        conn = psycopg2.connect(**self.dsn_args)
        try:
            with conn.cursor() as cr:
                if token_hash:
                    cr.execute(TOKENS_SQL + " AND t.token_hash = %s", [token_hash])
                else:
                    cr.execute(TOKENS_SQL)
                return {
                    row[0]: (row[1], row[2].timestamp() if row[2] else 0)
                    for row in cr.fetchall()
                }
        finally:
            conn.close()

    def reload(self):
        self.tokens = self._query()
        self.misses.clear()
        self.loaded_at = time.monotonic()

    async def partner_of(self, token):
        if not token or len(token) > 512:
            return None
        if time.monotonic() - self.loaded_at > self.refresh:
            self.loaded_at = time.monotonic()
            self.tokens = await asyncio.to_thread(self._query)
            self.misses.clear()
        token_hash = hashlib.sha256(token.encode()).hexdigest()
        found = self.tokens.get(token_hash)
        if found is None and token_hash not in self.misses:
            # A token issued since the last load.
            rows = await asyncio.to_thread(self._query, token_hash)
            self.tokens.update(rows)
            found = rows.get(token_hash)
            if found is None:
                self.misses[token_hash] = True
        if found is None or found[1] < time.time():
            return None
        return found[0]


class DbRestorer:
    """Puts back a published sale that Redis lost, from PostgreSQL (blocking:
    called in a thread). Returns whether the sale was restored."""

    def __init__(self, dsn_args, redis_url, prefix=flash_claims.PREFIX):
        self.dsn_args = dsn_args
        self.redis_url = redis_url
        self.prefix = prefix
        self._client = None

    def __call__(self, sale_id):
        import psycopg2
        import redis

        if self._client is None:
            self._client = redis.Redis.from_url(self.redis_url, socket_timeout=5)
        claims = flash_claims.FlashClaims(self._client, sale_id, prefix=self.prefix)
        conn = psycopg2.connect(**self.dsn_args)
        try:
            with conn, conn.cursor() as cr:  # the commit releases the sale's row
                return flash_claims.restore_from_db(cr, claims) is not None
        finally:
            conn.close()


class ClaimApp:
    def __init__(self, redis_url, tokens, prefix=flash_claims.PREFIX, restorer=None):
        import redis.asyncio as aioredis

        # A bounded pool that waits for a free connection under a burst.
        pool = aioredis.BlockingConnectionPool.from_url(
            redis_url, max_connections=64, timeout=10
        )
        self.redis = aioredis.Redis(connection_pool=pool)
        self.tokens = tokens
        self.prefix = prefix
        self.sales = {}
        self._queue = []
        self._sha = None
        self.restorer = restorer
        self._restores = {}  # sale id -> (started at, task)

    async def _run_claim(self, claims, partner_id, quantity, uid):
        """The claim script's reply. Claims arriving in the same turn of the
        event loop go to Redis in one pipeline (one round trip, one
        connection) instead of one pooled call each."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._queue.append((claims.claim_args(partner_id, quantity, uid=uid), future))
        if len(self._queue) == 1:
            loop.call_soon(lambda: asyncio.ensure_future(self._flush()))
        return await future

    async def _flush(self):
        queue, self._queue = self._queue, []
        try:
            if self._sha is None:
                self._sha = await self.redis.script_load(flash_claims.CLAIM_LUA)
            pipe = self.redis.pipeline(transaction=False)
            for call, _future in queue:
                pipe.evalsha(self._sha, len(call["keys"]), *call["keys"], *call["args"])
            replies = await pipe.execute(raise_on_error=False)
        except Exception as exc:  # noqa: BLE001 - every waiter gets it
            replies = [exc] * len(queue)
        for (call, future), reply in zip(queue, replies, strict=True):
            if isinstance(reply, Exception) and "NOSCRIPT" in str(reply):
                # Redis restarted: the script is loaded again; never run.
                self._sha = None
                try:
                    reply = await self.redis.eval(
                        flash_claims.CLAIM_LUA,
                        len(call["keys"]),
                        *call["keys"],
                        *call["args"],
                    )
                except Exception as exc:  # noqa: BLE001
                    reply = exc
            if isinstance(reply, Exception):
                future.set_exception(reply)
            else:
                future.set_result(reply)

    async def _restored(self, sale_id):
        """Whether a sale Redis did not know was put back from the database
        (see :class:`DbRestorer`); claims arriving together share one
        look-up, and a sale is looked up once per ``RESTORE_EVERY`` s."""
        if self.restorer is None:
            return False
        now = time.monotonic()
        started, task = self._restores.get(sale_id, (0.0, None))
        if task is None or (task.done() and now - started > RESTORE_EVERY):
            if len(self._restores) > 1000:  # unknown ids must not pile up
                self._restores = {
                    key: value
                    for key, value in self._restores.items()
                    if now - value[0] <= RESTORE_EVERY
                }
            task = asyncio.ensure_future(asyncio.to_thread(self.restorer, sale_id))
            self._restores[sale_id] = (now, task)
        try:
            return await asyncio.shield(task)
        except Exception:
            _logger.exception(
                "flash sale %s: restore from the database failed", sale_id
            )
            return False

    def _sale(self, sale_id):
        claims = self.sales.get(sale_id)
        if claims is None:
            claims = self.sales[sale_id] = flash_claims.FlashClaims(
                self.redis, sale_id, prefix=self.prefix
            )
        return claims

    async def claim(self, sale_id, authorization, raw_body):
        """(status, body) of a claim request."""
        match = BEARER.match(authorization or "")
        if not match:
            return error_body("AUTH_REQUIRED")
        partner_id = await self.tokens.partner_of(match.group(1))
        if partner_id is None:
            return error_body("TOKEN_INVALID")
        quantity = 1
        if raw_body:
            try:
                body = json.loads(raw_body)
            except ValueError:
                return error_body("INVALID_JSON")
            quantity = body.get("quantity", 1) if isinstance(body, dict) else None
            if not isinstance(quantity, int) or not 1 <= quantity <= 99:
                return error_body(
                    "VALIDATION_ERROR",
                    [
                        {
                            "field": "body.quantity",
                            "type": "int_range",
                            "message": "quantity must be an integer from 1 to 99",
                        }
                    ],
                )
        uid = flash_claims.new_uid()
        claims = self._sale(sale_id)
        try:
            reply = await self._run_claim(claims, partner_id, quantity, uid)
            ok, reason = flash_claims.parse_reply(reply)
            if reason == "NOT_FOUND" and await self._restored(sale_id):
                reply = await self._run_claim(claims, partner_id, quantity, uid)
                ok, reason = flash_claims.parse_reply(reply)
        except Exception:
            _logger.exception("flash claim failed")
            return error_body("SERVICE_UNAVAILABLE")
        if not ok:
            return error_body(flash_claims.REFUSALS[reason][1])
        data = {"claim_uid": uid, "sale_id": sale_id, "quantity": quantity}
        return 201, {"data": {**data, "state": "accepted"}, "meta": {}}

    async def dispatch(self, method, target, authorization, raw):
        """(status, body) of one HTTP request."""
        match = ROUTE.match(target.partition("?")[0])
        if not match:
            return error_body("NOT_FOUND")
        if method != "POST":
            return error_body("METHOD_NOT_ALLOWED")
        return await self.claim(int(match.group(1)), authorization, raw)


REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Payload Too Large",
    422: "Unprocessable Entity",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
MAX_HEAD = 8192
MAX_BODY = 4096


class ClaimProtocol(asyncio.Protocol):
    """A lean HTTP/1.1 server for the one route: keep-alive, one request at
    a time per connection, Content-Length bodies only (no chunked bodies)."""

    def __init__(self, app):
        self.app = app
        self.transport = None
        self.buffer = b""
        self.busy = False

    def connection_made(self, transport):
        self.transport = transport

    def connection_lost(self, exc):
        self.transport = None

    def data_received(self, data):
        self.buffer += data
        if not self.busy:
            self._next()

    def _next(self):
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self.buffer) > MAX_HEAD:
                self._answer(*error_body("PAYLOAD_TOO_LARGE"), keep_alive=False)
            return
        try:
            lines = self.buffer[:end].decode("latin-1").split("\r\n")
            method, target, version = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _sep, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0)
            if "transfer-encoding" in headers or length < 0:
                raise ValueError("unsupported body")
        except ValueError:
            self._answer(*error_body("BAD_REQUEST"), keep_alive=False)
            return
        if length > MAX_BODY:
            self._answer(*error_body("PAYLOAD_TOO_LARGE"), keep_alive=False)
            return
        if len(self.buffer) < end + 4 + length:
            return  # the rest of the body is on its way
        body = self.buffer[end + 4 : end + 4 + length]
        self.buffer = self.buffer[end + 4 + length :]
        keep_alive = (
            version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        )
        self.busy = True
        asyncio.ensure_future(
            self._respond(
                method, target, headers.get("authorization"), body, keep_alive
            )
        )

    async def _respond(self, method, target, authorization, body, keep_alive):
        try:
            status, payload = await self.app.dispatch(
                method, target, authorization, body
            )
        except Exception:
            _logger.exception("flash claim request failed")
            status, payload = error_body("INTERNAL_ERROR")
        self._answer(status, payload, keep_alive)

    def _answer(self, status, payload, keep_alive):
        if self.transport is None:
            return
        data = json.dumps(payload, ensure_ascii=False).encode()
        head = (
            f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n"
            f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
        ).encode()
        self.transport.write(head + data)
        if not keep_alive:
            self.transport.close()
            self.transport = None
            return
        self.busy = False
        if self.buffer:
            self._next()


def serve(host, port, redis_url, dsn_args, refresh):
    async def main():
        tokens = TokenCache(dsn_args, refresh)
        await asyncio.to_thread(tokens.reload)
        app = ClaimApp(redis_url, tokens, restorer=DbRestorer(dsn_args, redis_url))
        loop = asyncio.get_running_loop()
        await loop.create_server(
            lambda: ClaimProtocol(app), host, port, reuse_port=True, backlog=4096
        )
        # Odoo's modules are loaded in this process: keep the collector off
        # their objects, it would walk them all on every full collection.
        gc.collect()
        gc.freeze()
        _logger.info("flash claim server pid %s on %s:%s", os.getpid(), host, port)
        await asyncio.Event().wait()

    asyncio.run(main())


class FlashServer(Command):
    """Serve flash-sale claims from Redis, beside Odoo"""

    name = "flash_server"

    def run(self, cmdargs):
        parser = argparse.ArgumentParser(
            prog=f"{sys.argv[0].split('/')[-1]} {self.name}",
            description=self.__doc__,
        )
        parser.add_argument("-c", "--config", help="Odoo configuration file")
        parser.add_argument("-d", "--database", required=True)
        parser.add_argument("--addons-path")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8075)
        parser.add_argument("--processes", type=int, default=1)
        parser.add_argument("--token-refresh", type=float, default=30.0)
        args = parser.parse_args(cmdargs)
        odoo_args = [f"--database={args.database}"]
        if args.config:
            odoo_args.append(f"--config={args.config}")
        if args.addons_path:
            odoo_args.append(f"--addons-path={args.addons_path}")
        odoo.tools.config.parse_config(odoo_args)
        url = redis_store.redis_url()
        if not url:
            sys.exit("flash_server needs Redis (mall_redis_url or MALL_REDIS_URL)")
        _db, dsn_args = odoo.sql_db.connection_info_for(args.database)
        dsn_args = {k: v for k, v in dsn_args.items() if k != "dsn"}
        children = []
        # Stopping the first process stops the others.
        signal.signal(signal.SIGTERM, lambda *_args: sys.exit(0))
        for _i in range(max(args.processes, 1) - 1):
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                serve(args.host, args.port, url, dsn_args, args.token_refresh)
                os._exit(0)
            children.append(pid)
        try:
            serve(args.host, args.port, url, dsn_args, args.token_refresh)
        finally:
            for pid in children:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGTERM)
