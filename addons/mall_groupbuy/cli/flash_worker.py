# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``odoo flash_worker -c odoo.conf -d <db>``: turn flash-sale claims into
orders, batch by batch (read, create the orders in one go, commit, XACK).

Run several (``--consumer`` names them; the host name and pid by default):
entries a dead worker read but never acknowledged are taken over after
``--min-idle`` seconds. ``--once`` drains what is there and exits.
"""

import argparse
import logging
import os
import socket
import sys
import time

import psycopg2
import redis

import odoo
from odoo.cli import Command

from odoo.addons.mall_catalog.tools import redis_store

_logger = logging.getLogger(__name__)

# How long a worker waits for the rest of a burst before turning what it read
# into orders: one batch of a hundred orders costs about what ten of ten do.
LINGER_MS = 150


def run_worker(dbname, consumer, batch, min_idle, once, idle_sleep=0.2):
    registry = odoo.modules.registry.Registry(dbname)
    redis_on = redis_store.get_client() is not None
    handled = 0
    while True:
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            # Closed sales too: claims taken before the close still get orders.
            sales = env["mall.flash.sale"].search([("state", "!=", "draft")])
            sale_ids = sales.ids
            if redis_on:
                _restore_lost(sales)
        done = 0
        for sale_id in sale_ids if redis_on else ():
            done += _sale_batch(registry, sale_id, consumer, batch, min_idle)
        # Claims taken through PostgreSQL (no Redis) wait here too.
        try:
            with registry.cursor() as cr:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                done += len(env["mall.flash.claim"]._flash_materialize_pending(batch))
        except psycopg2.Error:
            _logger.warning("flash orders failed; retried", exc_info=True)
        handled += done
        if not done:
            if once:
                return handled
            time.sleep(idle_sleep)


def _restore_lost(sales):
    """Put back the published sales Redis lost (one EXISTS round trip when
    none is missing), before their streams are read."""
    try:
        sales._flash_restore_redis()
    except (psycopg2.Error, redis.RedisError):
        _logger.warning("flash sales: restore failed; retried", exc_info=True)
        time.sleep(0.1)


def _sale_batch(registry, sale_id, consumer, batch, min_idle):
    """One batch of one sale in its own transaction; one worker per sale at a
    time (the others skip it). A failed batch stays pending for this
    consumer and is read again first."""
    try:
        with registry.cursor() as cr:
            cr.execute(
                "SELECT id FROM mall_flash_sale WHERE id = %s FOR UPDATE SKIP LOCKED",
                [sale_id],
            )
            if not cr.fetchone():
                return 0
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            return (
                env["mall.flash.sale"]
                .browse(sale_id)
                ._flash_worker_batch(
                    consumer,
                    count=batch,
                    min_idle_ms=int(min_idle * 1000),
                    linger_ms=LINGER_MS,
                )
            )
    except (psycopg2.Error, redis.RedisError):
        _logger.warning("flash sale %s: batch failed; retried", sale_id, exc_info=True)
        time.sleep(0.1)
        return 0


class FlashWorker(Command):
    """Turn accepted flash-sale claims into orders"""

    name = "flash_worker"

    def run(self, cmdargs):
        parser = argparse.ArgumentParser(
            prog=f"{sys.argv[0].split('/')[-1]} {self.name}",
            description=self.__doc__,
        )
        parser.add_argument("-c", "--config", help="Odoo configuration file")
        parser.add_argument("-d", "--database", required=True)
        parser.add_argument("--addons-path")
        parser.add_argument(
            "--consumer", default=f"{socket.gethostname()}-{os.getpid()}"
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--min-idle", type=float, default=30.0)
        parser.add_argument("--once", action="store_true")
        args = parser.parse_args(cmdargs)
        odoo_args = [f"--database={args.database}"]
        if args.config:
            odoo_args.append(f"--config={args.config}")
        if args.addons_path:
            odoo_args.append(f"--addons-path={args.addons_path}")
        odoo.tools.config.parse_config(odoo_args)
        count = run_worker(
            args.database, args.consumer, args.batch_size, args.min_idle, args.once
        )
        sys.stdout.write(f"{count} claims turned into orders\n")
