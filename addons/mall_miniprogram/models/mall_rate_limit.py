# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import datetime, timezone

import redis

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.mall_catalog.tools import ratelimit, redis_store

_logger = logging.getLogger(__name__)

# Default limits per policy, overridden by the system parameters
# ``mall.rate_limit.<policy>`` (per client IP) and ``mall.rate_limit.<policy>.token``
# (per shopper token); "0" disables one. IP limits are the looser ones: behind
# a carrier's NAT, many shoppers share one address.
DEFAULT_LIMITS = {
    "login": {"ip": "20/60", "token": "10/60"},
    "write": {"ip": "300/60", "token": "60/60"},
}
# Counters are kept a while after their window, for servers whose clocks lag.
GC_GRACE = 60


def _utc(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None)


def param_name(policy, scope):
    return f"mall.rate_limit.{policy}" + (".token" if scope == "token" else "")


class MallRateLimit(models.Model):
    """Rate-limit counters in PostgreSQL, used when Redis is not configured
    (or not reachable): one row per bucket and window."""

    _name = "mall.rate.limit"
    _description = "API Rate Limit Counter"
    _log_access = False

    key = fields.Char(string="Bucket", required=True)
    window_start = fields.Datetime(required=True)
    window_end = fields.Datetime(required=True, index=True)
    hits = fields.Integer(required=True, default=0)

    _sql_constraints = [
        (
            "key_window_uniq",
            "unique(key, window_start)",
            "A bucket has one counter per window.",
        )
    ]

    @api.model
    def _limits(self, policy):
        """``{scope: Limit or None}`` of ``policy``, from the system parameters."""
        ICP = self.env["ir.config_parameter"].sudo()
        limits = {}
        for scope, default in DEFAULT_LIMITS[policy].items():
            name = param_name(policy, scope)
            text = ICP.get_param(name, default)
            try:
                limits[scope] = ratelimit.parse_limit(text)
            except ValueError:
                _logger.warning(
                    "%s = %r is not like '10/60'; using %s", name, text, default
                )
                limits[scope] = ratelimit.parse_limit(default)
        return limits

    @api.model
    def _check(self, policy, ip, token_id=None):
        """Count a request of ``policy`` from ``ip`` and, when signed in, from
        the token ``token_id``: ``(allowed, retry_after_seconds)``."""
        limits = self._limits(policy)
        buckets = [ratelimit.Bucket(f"{policy}:ip:{ip or 'unknown'}", limits["ip"])]
        if token_id:
            buckets.append(
                ratelimit.Bucket(f"{policy}:token:{token_id}", limits["token"])
            )
        client = redis_store.get_client()
        if client is not None:
            counter = ratelimit.redis_counter(client, self.env.cr.dbname)
            try:
                return ratelimit.check(counter, buckets)
            except redis.RedisError as exc:
                _logger.info("Redis unavailable, rate limits counted in SQL: %s", exc)
        return ratelimit.check(self._count, buckets)

    @api.model
    def _count(self, hits):
        """Add one to the counter of each ``(bucket, window_start)``.

        In a transaction of its own, committed at once: the request's
        transaction rolls back on errors (and on a refusal), which must not
        undo the count; and the counters' row locks last one statement, not
        a whole request, so a busy bucket never queues other requests.
        """
        rows = SQL(", ").join(
            SQL(
                "(%s, %s, %s, 1)",
                bucket.key,
                _utc(start),
                _utc(start + bucket.limit.window),
            )
            # Always the same locking order: no deadlock between two requests.
            for bucket, start in sorted(hits, key=lambda hit: hit[0].key)
        )
        registry = self.env.registry
        with registry.cursor() as cr:
            if not registry.in_test_mode():
                # Repeatable read (Odoo's default) would fail the upsert of a
                # row that another request has just updated; read committed
                # adds to the newest count instead.
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            cr.execute(
                SQL(
                    """
                    INSERT INTO %(table)s AS counter
                        (key, window_start, window_end, hits)
                    VALUES %(rows)s
                    ON CONFLICT (key, window_start)
                    DO UPDATE SET hits = counter.hits + 1
                    RETURNING key, hits
                    """,
                    table=SQL.identifier(self._table),
                    rows=rows,
                )
            )
            counts = dict(cr.fetchall())
        return [counts[bucket.key] for bucket, _start in hits]

    @api.autovacuum
    def _gc_windows(self):
        """Forget the counters of windows that have ended."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE window_end < %s",
                SQL.identifier(self._table),
                _utc(ratelimit.clock() - GC_GRACE),
            )
        )
        _logger.debug("%s old rate-limit counters deleted", self.env.cr.rowcount)
