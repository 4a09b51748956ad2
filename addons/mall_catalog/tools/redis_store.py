# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Access to the optional Redis server.

Redis is configured by ``mall_redis_url`` in ``odoo.conf`` or by the
``MALL_REDIS_URL`` environment variable (which wins, for containers). Without
either, :func:`get_client` returns ``None`` and every caller falls back to
PostgreSQL alone.
"""

import logging
import os
import threading
import time

import redis

from odoo.tools import config

_logger = logging.getLogger(__name__)

CONFIG_KEY = "mall_redis_url"
ENV_KEY = "MALL_REDIS_URL"
# Short timeouts: a dead Redis must slow a request down by well under a second.
SOCKET_TIMEOUT = 0.5

_clients = {}
_clients_lock = threading.Lock()


def redis_url():
    """The configured Redis URL, or an empty string when Redis is not used."""
    return (os.environ.get(ENV_KEY) or config.get(CONFIG_KEY) or "").strip()


def get_client():
    """A shared client for the configured URL, or ``None`` without Redis.

    Clients are cached per URL; redis-py's pool reconnects after a fork, so
    the same client is safe in Odoo's prefork workers.
    """
    url = redis_url()
    if not url:
        return None
    client = _clients.get(url)
    if client is None:
        with _clients_lock:
            client = _clients.get(url)
            if client is None:
                client = redis.Redis.from_url(
                    url,
                    socket_timeout=SOCKET_TIMEOUT,
                    socket_connect_timeout=SOCKET_TIMEOUT,
                    health_check_interval=30,
                )
                _clients[url] = client
    return client


def redact(url):
    """The URL without its password, fit for logs and health reports."""
    if "@" not in url:
        return url
    scheme, _sep, rest = url.partition("://")
    return f"{scheme}://***@{rest.rpartition('@')[2]}"


def status():
    """State of Redis for health reports: configured, reachable, latency."""
    url = redis_url()
    if not url:
        return {"configured": False, "ok": None, "latency_ms": None, "error": None}
    start = time.perf_counter()
    try:
        get_client().ping()
    except redis.RedisError as exc:
        return {
            "configured": True,
            "ok": False,
            "latency_ms": None,
            "error": type(exc).__name__,
        }
    latency = round((time.perf_counter() - start) * 1000, 3)
    return {"configured": True, "ok": True, "latency_ms": latency, "error": None}
