# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read-through JSON cache in Redis, namespaced per database.

Without Redis, or while it is unreachable, values are computed from the
database every time: the cache can make the shop faster, never wrong.
"""

import json
import logging

import redis

from . import redis_store

_logger = logging.getLogger(__name__)

DEFAULT_TTL = 300


def _full_key(env, key):
    return f"mall:{env.cr.dbname}:{key}"


def _dirty_prefixes(cr):
    # Kept with the transaction: cleared by Odoo on commit and on rollback.
    return cr.precommit.data.setdefault("mall_cache.dirty", set())


def get_or_set(env, key, compute, ttl=DEFAULT_TTL):
    """The cached value of ``key``, computing and storing it on a miss.

    A transaction that changed the data behind ``key`` neither reads nor fills
    the cache: it would see stale data, or publish data that may roll back.
    """
    client = redis_store.get_client()
    if client is None or any(key.startswith(p) for p in _dirty_prefixes(env.cr)):
        return compute()
    full_key = _full_key(env, key)
    try:
        raw = client.get(full_key)
    except redis.RedisError as exc:
        _logger.info("Redis unavailable, reading %s from the database: %s", key, exc)
        return compute()
    if raw is not None:
        return json.loads(raw)
    value = compute()
    try:
        client.set(full_key, json.dumps(value, ensure_ascii=False), ex=ttl)
    except redis.RedisError as exc:
        _logger.info("Redis unavailable, %s not cached: %s", key, exc)
    return value


def _delete(dbname_key):
    client = redis_store.get_client()
    if client is None:
        return
    try:
        keys = list(client.scan_iter(match=f"{dbname_key}*", count=500))
        if keys:
            client.delete(*keys)
    except redis.RedisError as exc:
        # The TTL bounds how long a stale copy can live.
        _logger.info("Redis unavailable, %s not invalidated: %s", dbname_key, exc)


def invalidate(env, prefix):
    """Drop every cached key starting with ``prefix``.

    Done at once and again after commit, so that a concurrent reader cannot
    put back a copy of the data as it was before this transaction.
    """
    full_prefix = _full_key(env, prefix)
    _dirty_prefixes(env.cr).add(prefix)
    _delete(full_prefix)
    env.cr.postcommit.add(lambda: _delete(full_prefix))


def _version_key(env, namespace):
    return _full_key(env, f"version:{namespace}")


def versioned_key(env, namespace, key):
    """``key`` in ``namespace``'s current generation, or None without Redis.

    Bumping a namespace (:func:`bump`) retires every key of the previous
    generation at once; they expire by their TTL.
    """
    client = redis_store.get_client()
    if client is None:
        return None
    try:
        version = int(client.get(_version_key(env, namespace)) or 0)
    except redis.RedisError:
        return None
    return f"{namespace}:{version}:{key}"


def _incr(version_key):
    client = redis_store.get_client()
    if client is None:
        return
    try:
        client.incr(version_key)
    except redis.RedisError as exc:
        _logger.info("Redis unavailable, %s not bumped: %s", version_key, exc)


def bump(env, namespace):
    """Retire every cached value of ``namespace``, now and after commit.

    As with :func:`invalidate`, this transaction then reads past the cache.
    """
    version_key = _version_key(env, namespace)
    _dirty_prefixes(env.cr).add(f"{namespace}:")
    _incr(version_key)
    env.cr.postcommit.add(lambda: _incr(version_key))


def get_or_set_versioned(env, namespace, key, compute, ttl=DEFAULT_TTL):
    """:func:`get_or_set` for a key of a versioned ``namespace``."""
    if any(p == f"{namespace}:" for p in _dirty_prefixes(env.cr)):
        return compute()
    full = versioned_key(env, namespace, key)
    if full is None:
        return compute()
    return get_or_set(env, full, compute, ttl=ttl)
