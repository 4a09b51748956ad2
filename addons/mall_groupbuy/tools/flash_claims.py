# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Flash-sale (秒杀) claims in Redis, without the ORM.

Per sale ``<p><id>`` (``p`` is the key prefix, ``mall:flash:`` by default):

- ``<p><id>`` hash: ``stock`` (units left), ``start``/``end`` (epoch
  seconds, end 0 = open) and ``limit`` (units per shopper, 0 = no limit);
- ``<p><id>:buyers`` hash: shopper (partner id) -> units claimed;
- ``<p><id>:claims`` stream: one entry per accepted claim (uid, partner, qty,
  at), read by the order workers through the consumer group ``orders``;
- ``<p><id>:expired`` set: uids whose stock went back (expiry is idempotent).

A claim is one Lua script: checked, counted and recorded atomically, so the
stock never goes below zero whatever the burst. Workers read the stream in
batches, create the orders, commit, then XACK; entries of a dead worker stay
pending and another worker takes them over with XAUTOCLAIM.

When Redis loses a published sale (restart without AOF, failover to an empty
replica), :func:`restore_from_db` puts it back from PostgreSQL: the stock is
the sale's ``remaining`` and the buyers hash is rebuilt from the claims
recorded there. Claims accepted but not yet recorded in PostgreSQL when Redis
lost them are gone with it.
"""

import logging
import secrets
import time

_logger = logging.getLogger(__name__)

PREFIX = "mall:flash:"
GROUP = "orders"

CLAIM_LUA = """
local meta = redis.call('HMGET', KEYS[1], 'stock', 'start', 'end', 'limit')
if not meta[1] then return {0, 'NOT_FOUND'} end
local now = tonumber(ARGV[3])
if now < tonumber(meta[2]) then return {0, 'NOT_STARTED'} end
local stop = tonumber(meta[3])
if stop > 0 and now >= stop then return {0, 'ENDED'} end
local qty = tonumber(ARGV[2])
local limit = tonumber(meta[4])
local had = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if limit > 0 and had + qty > limit then return {0, 'LIMIT'} end
if tonumber(meta[1]) < qty then return {0, 'SOLD_OUT'} end
redis.call('HINCRBY', KEYS[1], 'stock', -qty)
redis.call('HINCRBY', KEYS[2], ARGV[1], qty)
local id = redis.call('XADD', KEYS[3], '*', 'uid', ARGV[4], 'partner', ARGV[1],
    'qty', qty, 'at', ARGV[3])
return {1, id}
"""

RELEASE_LUA = """
if redis.call('SADD', KEYS[3], ARGV[1]) == 0 then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then
    redis.call('HINCRBY', KEYS[1], 'stock', tonumber(ARGV[3]))
end
local left = redis.call('HINCRBY', KEYS[2], ARGV[2], -tonumber(ARGV[3]))
if left <= 0 then redis.call('HDEL', KEYS[2], ARGV[2]) end
return 1
"""

# Put a lost sale back, only when its hash is missing (several processes may
# notice the loss at once: the first one restores, the others change nothing).
RESTORE_LUA = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[1], 'stock', ARGV[1], 'start', ARGV[2], 'end', ARGV[3],
    'limit', ARGV[4])
for i = 6, #ARGV, 2 do
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
redis.pcall('XGROUP', 'CREATE', KEYS[3], ARGV[5], '0', 'MKSTREAM')
return 1
"""

# Why a claim was refused -> (HTTP status, API error code)
REFUSALS = {
    "NOT_FOUND": (404, "NOT_FOUND"),
    "NOT_STARTED": (409, "FLASH_NOT_STARTED"),
    "ENDED": (409, "FLASH_ENDED"),
    "LIMIT": (409, "FLASH_LIMIT"),
    "SOLD_OUT": (409, "FLASH_SOLD_OUT"),
}


def new_uid():
    return secrets.token_hex(12)


def keys(sale_id, prefix=PREFIX):
    base = f"{prefix}{int(sale_id)}"
    return {
        "sale": base,
        "buyers": f"{base}:buyers",
        "stream": f"{base}:claims",
        "expired": f"{base}:expired",
    }


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def is_nogroup(exc):
    """Whether a Redis error says the claims stream or its group is gone."""
    return "NOGROUP" in str(exc)


class FlashClaims:
    """Claims of one flash sale in Redis (``client``: a redis-py client;
    ``redis.asyncio`` clients work for :meth:`claim` too, awaited)."""

    def __init__(self, client, sale_id, prefix=PREFIX):
        self.client = client
        self.sale_id = int(sale_id)
        self.keys = keys(sale_id, prefix)
        self._claim = client.register_script(CLAIM_LUA)
        self._release = client.register_script(RELEASE_LUA)
        self._restore = client.register_script(RESTORE_LUA)

    # -- set-up (Odoo side) ------------------------------------------------
    def publish(self, stock, start, end=0, limit=1, reset=False):
        """Put the sale in Redis. The stock is only set when absent (or on
        ``reset``): republishing never refills a sale in progress."""
        k = self.keys
        pipe = self.client.pipeline()
        if reset:
            pipe.delete(k["sale"], k["buyers"], k["stream"], k["expired"])
        pipe.hset(
            k["sale"],
            mapping={"start": int(start), "end": int(end or 0), "limit": int(limit)},
        )
        pipe.hsetnx(k["sale"], "stock", int(stock))
        pipe.execute()
        self.ensure_group()

    def ensure_group(self):
        try:
            self.client.xgroup_create(self.keys["stream"], GROUP, id="0", mkstream=True)
        except Exception as exc:  # redis.ResponseError: BUSYGROUP
            if "BUSYGROUP" not in str(exc):
                raise

    def restore(self, stock, start, end=0, limit=1, buyers=None):
        """Put back a sale whose hash Redis lost, with its ``buyers``
        (partner id -> units), and recreate the stream's group. Does nothing
        (returns False) while the hash exists."""
        flat = []
        for partner_id, qty in (buyers or {}).items():
            if qty > 0:
                flat += [int(partner_id), int(qty)]
        k = self.keys
        return bool(
            self._restore(
                keys=[k["sale"], k["buyers"], k["stream"]],
                args=[int(stock), int(start), int(end or 0), int(limit), GROUP, *flat],
            )
        )

    def exists(self):
        return bool(self.client.exists(self.keys["sale"]))

    def stream_claims(self):
        """Every claim still in the stream (after a partial loss: the hash
        went, the stream stayed)."""
        return [
            decode_entry(fields)
            for _eid, fields in self.client.xrange(self.keys["stream"])
            if fields
        ]

    def stock(self):
        value = self.client.hget(self.keys["sale"], "stock")
        return None if value is None else int(value)

    # -- the claim (edge side) ---------------------------------------------
    def claim_args(self, partner_id, qty=1, now=None, uid=None):
        return {
            "keys": [self.keys["sale"], self.keys["buyers"], self.keys["stream"]],
            "args": [
                int(partner_id),
                int(qty),
                int(time.time() if now is None else now),
                uid or new_uid(),
            ],
        }

    def claim(self, partner_id, qty=1, now=None, uid=None):
        """``(True, entry_id)`` or ``(False, reason)`` (a :data:`REFUSALS`
        key). With an asyncio client, returns an awaitable of the raw reply:
        pass it to :func:`parse_reply`."""
        reply = self._claim(**self.claim_args(partner_id, qty, now, uid))
        if hasattr(reply, "__await__"):
            return reply
        return parse_reply(reply)

    # -- expiry -------------------------------------------------------------
    def release(self, uid, partner_id, qty):
        """Give the units of an expired claim back (once per uid)."""
        k = self.keys
        return bool(
            self._release(
                keys=[k["sale"], k["buyers"], k["expired"]],
                args=[uid, int(partner_id), int(qty)],
            )
        )

    # -- the order workers ------------------------------------------------
    def read_batch(
        self, consumer, count=500, block_ms=None, min_idle_ms=30000, linger_ms=None
    ):
        """A batch of ``(entry_id, claim)``: first this consumer's own
        unacknowledged entries, then those another consumer left pending
        longer than ``min_idle_ms`` (it died), then new ones. Nothing is
        acknowledged here: call :meth:`ack` after the orders are committed."""
        stream = self.keys["stream"]
        # Entries this consumer read before and never acknowledged (its
        # previous batch failed, or it restarted under the same name).
        reply = self.client.xreadgroup(GROUP, consumer, {stream: "0"}, count=count)
        entries = [item for _stream, items in reply or [] for item in items]
        if min_idle_ms is not None and len(entries) < count:
            reply = self.client.xautoclaim(
                stream, GROUP, consumer, min_idle_ms, "0-0", count=count - len(entries)
            )
            entries.extend(reply[1])
        if len(entries) < count:
            reply = self.client.xreadgroup(
                GROUP,
                consumer,
                {stream: ">"},
                count=count - len(entries),
                block=block_ms,
            )
            entries.extend(item for _stream, items in reply or [] for item in items)
        if linger_ms and entries and len(entries) < count:
            # A burst is arriving: wait a moment so that its claims make one
            # batch of orders rather than many small ones.
            time.sleep(linger_ms / 1000)
            reply = self.client.xreadgroup(
                GROUP, consumer, {stream: ">"}, count=count - len(entries)
            )
            entries.extend(item for _stream, items in reply or [] for item in items)
        return [(_text(eid), decode_entry(fields)) for eid, fields in entries if fields]

    def ack(self, entry_ids):
        if not entry_ids:
            return 0
        return self.client.xack(self.keys["stream"], GROUP, *entry_ids)

    def pending_count(self):
        return self.client.xpending(self.keys["stream"], GROUP)["pending"]


SALE_SQL = """
    SELECT state, remaining, EXTRACT(EPOCH FROM date_start)::bigint,
           COALESCE(EXTRACT(EPOCH FROM date_end)::bigint, 0), per_shopper_limit
      FROM mall_flash_sale WHERE id = %s FOR UPDATE
"""
BUYERS_SQL = """
    SELECT partner_id, SUM(qty) FROM mall_flash_claim
     WHERE sale_id = %s AND state != 'expired' GROUP BY partner_id
"""


def restore_from_db(cr, claims, wait=True):
    """Restore the sale of ``claims`` (a :class:`FlashClaims`) from
    PostgreSQL (``cr``: a DB-API cursor) when Redis lost it and the sale is
    published: stock = ``remaining`` (claims already recorded are counted
    there), buyers = units of the shopper's claims that did not expire. The
    sale's row stays locked until ``cr``'s transaction ends, so no expiry or
    batch of orders changes ``remaining`` meanwhile (``wait=False``: skip a
    sale whose row is locked, a worker is on it). Returns the stock restored,
    or None when nothing was restored."""
    if claims.exists():
        return None
    cr.execute(SALE_SQL + ("" if wait else " SKIP LOCKED"), [claims.sale_id])
    row = cr.fetchone()
    if not row or row[0] != "published":
        return None
    _state, stock, start, end, limit = row
    cr.execute(BUYERS_SQL, [claims.sale_id])
    buyers = {int(partner_id): int(qty) for partner_id, qty in cr.fetchall()}
    # A stream that survived the hash: its claims not recorded yet will be
    # (their stock is taken from ``remaining`` then), count them now.
    leftovers = claims.stream_claims()
    if leftovers:
        cr.execute(
            "SELECT uid FROM mall_flash_claim WHERE uid = ANY(%s)",
            [[entry["uid"] for entry in leftovers]],
        )
        recorded = {row[0] for row in cr.fetchall()}
        for entry in leftovers:
            if entry["uid"] not in recorded:
                stock -= entry["qty"]
                partner_id = entry["partner_id"]
                buyers[partner_id] = buyers.get(partner_id, 0) + entry["qty"]
    stock = max(stock, 0)
    if not claims.restore(stock, start, end, limit, buyers):
        return None
    _logger.warning(
        "Flash sale %s was missing in Redis (restart without AOF, failover): "
        "restored from the database with %s units in stock and %s shoppers' "
        "claims. Claims accepted but not yet turned into orders when Redis lost "
        "them are gone; keep Redis AOF on (docs/operations.md, Redis).",
        claims.sale_id,
        stock,
        len(buyers),
    )
    return stock


def parse_reply(reply):
    ok, value = reply
    return bool(int(ok)), _text(value)


def decode_entry(fields):
    data = {_text(k): _text(v) for k, v in fields.items()}
    return {
        "uid": data["uid"],
        "partner_id": int(data["partner"]),
        "qty": int(data["qty"]),
        "at": int(data["at"]),
    }
