#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Flash-sale (秒杀) burst: thousands of buyers for a few units, over HTTP on
loopback, with Redis (claim server + flash workers) and without (the in-Odoo
route, PostgreSQL row lock), against one-by-one ORM order creation.

    python3 bench/flash_sale.py [--buyers 2000] [--units 100] [--workers 4]
                                [--server-processes 2] [--flash-workers 2] [--keep-db]

It creates the database ``mall_bench_flash`` (the mall with its demo data)
unless it exists, one shopper token per buyer, and one published flash sale
per run; fires every buyer's claim at once (asyncio, raw sockets, one
connection each), then waits until every accepted claim is an order. It
prints accepted claims, orders, oversell (must be 0), claims/s, p50/p99
latency, the time until every claim is an order, the baseline and ratios.
"""

import argparse
import asyncio
import gc
import hashlib
import json
import os
import secrets
import subprocess
import time
from datetime import timedelta

from _odoo import (
    ROOT,
    Local,
    OdooServer,
    addons_path,
    child_env,
    conf_file,
    ensure_database,
    free_port,
    odoo_cmd,
    stop,
    wait_port,
)

DB = "mall_bench_flash"
CLAIM_PATH = "/mall/api/v1/flash-sales/{id}/claims"


class Odoo(Local):
    """The bench's own access to the database, in this process."""

    def setup(self, buyers):
        """The variant and one live token per buyer: ``(variant id, tokens)``."""

        def work(env):
            variant = env["product.product"].create(
                {"name": "秒杀 bench 茅台", "list_price": 1499.0, "type": "consu"}
            )
            partners = env["res.partner"].create(
                [{"name": f"Flash buyer {i}"} for i in range(buyers)]
            )
            tokens = [secrets.token_urlsafe(32) for _ in partners]
            now = env.cr.now().replace(tzinfo=None)
            env["mall.shopper.token"].create(
                [
                    {
                        "partner_id": partner.id,
                        "token_hash": hashlib.sha256(token.encode()).hexdigest(),
                        "platform": "weixin",
                        "expires_at": now + timedelta(days=1),
                    }
                    for partner, token in zip(partners, tokens, strict=True)
                ]
            )
            return variant.id, tokens

        return self.run(work)

    def new_sale(self, variant_id, units, label):
        def work(env):
            sale = env["mall.flash.sale"].create(
                {
                    "name": f"bench {label}",
                    "product_id": variant_id,
                    "flash_price": 999.0,
                    "quota": units,
                    "date_start": env.cr.now().replace(tzinfo=None)
                    - timedelta(minutes=1),
                    "payment_minutes": 30,
                }
            )
            sale.action_publish()
            return sale.id

        return self.run(work)

    def claim_stats(self, sale_id):
        def work(env):
            env.cr.execute(
                "SELECT count(*), COALESCE(sum(qty), 0), count(order_id) "
                "FROM mall_flash_claim WHERE sale_id = %s",
                [sale_id],
            )
            claims, units, ordered = env.cr.fetchone()
            env.cr.execute(
                "SELECT count(DISTINCT order_id) FROM mall_flash_claim "
                "WHERE sale_id = %s",
                [sale_id],
            )
            return {"claims": claims, "units": units, "orders": env.cr.fetchone()[0]}

        return self.run(work)

    def baseline(self, variant_id, count, partner_ids):
        """One-by-one ORM orders: create, confirm, commit. Orders/s."""
        started = time.perf_counter()
        for i in range(count):

            def work(env, i=i):
                order = env["sale.order"].create(
                    {
                        "partner_id": partner_ids[i % len(partner_ids)],
                        "order_line": [
                            (0, 0, {"product_id": variant_id, "product_uom_qty": 1})
                        ],
                    }
                )
                order.action_confirm()

            self.run(work)
        return count / (time.perf_counter() - started)

    def drain(self, variant_id, partner_ids):
        """The materialiser alone: claims already in the Redis stream, one
        batch read, orders created in one go, committed, acknowledged.
        Orders/s."""
        from odoo.addons.mall_catalog.tools import redis_store

        sale_id = self.new_sale(variant_id, len(partner_ids), "drain")

        def fill(env):
            claims = env["mall.flash.sale"].browse(sale_id)._flash_claims()
            for partner_id in partner_ids:
                claims.claim(partner_id)

        def work(env):
            sale = env["mall.flash.sale"].browse(sale_id)
            return sale._flash_worker_batch(
                "bench-drain", count=len(partner_ids), min_idle_ms=None
            )

        if redis_store.get_client() is None:
            return None
        self.run(fill)
        started = time.perf_counter()
        done = self.run(work)
        return done / (time.perf_counter() - started)

    def partner_ids(self, n):
        def work(env):
            return (
                env["res.partner"]
                .search([("name", "like", "Flash buyer %")], limit=n)
                .ids
            )

        return self.run(work)


async def claim(host, port, path, token, timeout):
    body = b'{"quantity": 1}'
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    start = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection(host, port), timeout
        )
        writer.write(head + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
        writer.close()
        status = int(raw.split(b" ", 2)[1])
        payload = json.loads(raw.partition(b"\r\n\r\n")[2] or b"{}")
    except (OSError, asyncio.TimeoutError, ValueError, IndexError):
        return None, None, time.perf_counter() - start
    code = payload.get("error", {}).get("code") if status >= 400 else None
    return status, code, time.perf_counter() - start


def burst(port, sale_id, tokens, timeout=120.0, concurrency=None):
    """Every buyer's claim at once (or ``concurrency`` at a time)."""
    path = CLAIM_PATH.format(id=sale_id)

    async def one(token, gate):
        if gate is None:
            return await claim("127.0.0.1", port, path, token, timeout)
        async with gate:
            return await claim("127.0.0.1", port, path, token, timeout)

    gc.collect()
    gc.freeze()  # this process holds an Odoo registry: spare the collector

    async def main():
        gate = asyncio.Semaphore(concurrency) if concurrency else None
        started = time.perf_counter()
        results = await asyncio.gather(*(one(t, gate) for t in tokens))
        return results, time.perf_counter() - started

    results, elapsed = asyncio.run(main())
    latencies = sorted(r[2] for r in results)
    codes = {}
    for status, code, _lat in results:
        key = "accepted" if status == 201 else (code or f"failed {status}")
        codes[key] = codes.get(key, 0) + 1
    return {
        "requests": len(results),
        "accepted": codes.get("accepted", 0),
        "codes": codes,
        "elapsed": elapsed,
        "rps": len(results) / elapsed,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def wait_orders(bench, sale_id, accepted, started, seconds=300):
    """Seconds from ``started`` until every accepted claim has its order."""
    deadline = time.monotonic() + seconds
    stats = bench.claim_stats(sale_id)
    while stats["orders"] < accepted and time.monotonic() < deadline:
        time.sleep(0.05)
        stats = bench.claim_stats(sale_id)
    return time.perf_counter() - started, stats


def start_workers(addons, db, conf, count, tag):
    return [
        subprocess.Popen(
            odoo_cmd(
                [
                    f"--addons-path={addons}",
                    "flash_worker",
                    "-c",
                    str(conf),
                    "-d",
                    db,
                    f"--consumer=bench-{tag}-{i}",
                ]
            ),
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Orders come behind the claims: on this one box the workers
            # yield the CPU to the claim server while a burst is answered.
            preexec_fn=lambda: os.nice(10),
        )
        for i in range(count)
    ]


def run_redis(args, addons, bench, variant_id, tokens):
    sale_id = bench.new_sale(variant_id, args.units, "redis")
    conf = conf_file(redis=True)
    port = free_port()
    server = subprocess.Popen(
        odoo_cmd(
            [
                f"--addons-path={addons}",
                "flash_server",
                "-c",
                str(conf),
                "-d",
                args.db,
                f"--port={port}",
                f"--processes={args.server_processes}",
            ]
        ),
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers = start_workers(addons, args.db, conf, args.flash_workers, "redis")
    try:
        wait_port(port, server)
        time.sleep(6)  # servers loaded their tokens, workers their registry
        # Warm-up: connections to Redis opened, scripts loaded (sale 0 does
        # not exist: nothing is claimed).
        burst(port, 0, tokens)
        started = time.perf_counter()
        result = burst(port, sale_id, tokens)
        result["to_orders"], result["stats"] = wait_orders(
            bench, sale_id, result["accepted"], started
        )
    finally:
        stop([server, *workers])
        conf.unlink(missing_ok=True)
    import redis

    client = redis.Redis.from_url(
        (ROOT / "odoo.conf").read_text().split("mall_redis_url = ")[1].split()[0]
    )
    result["redis_stock"] = int(client.hget(f"mall:flash:{sale_id}", "stock"))
    return result


def run_postgres(args, addons, bench, variant_id, tokens):
    sale_id = bench.new_sale(variant_id, args.units, "postgres")
    conf = conf_file(redis=False)
    server = OdooServer(
        addons,
        args.db,
        args.workers,
        [
            "--max-cron-threads=0",
            "--limit-time-real=600",
            "--limit-time-cpu=600",
            f"--db_maxconn={max(args.workers * 2, 16)}",
        ],
        conf=conf,
    )
    workers = start_workers(addons, args.db, conf, args.flash_workers, "pg")
    try:
        server.wait()
        time.sleep(6)
        burst(server.port, 0, tokens[:100], concurrency=args.pg_concurrency)  # warm-up
        started = time.perf_counter()
        result = burst(server.port, sale_id, tokens, concurrency=args.pg_concurrency)
        result["to_orders"], result["stats"] = wait_orders(
            bench, sale_id, result["accepted"], started
        )
    finally:
        stop([server.proc, *workers])
        conf.unlink(missing_ok=True)
    result["redis_stock"] = None
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DB)
    parser.add_argument("--buyers", type=int, default=2000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4, help="Odoo workers")
    parser.add_argument("--server-processes", type=int, default=2)
    parser.add_argument(
        "--flash-workers",
        type=int,
        default=2,
        help="order workers; one at a time works on a given sale, the other "
        "takes over if it dies",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--pg-concurrency",
        type=int,
        default=32,
        help="connections at once on the Odoo route: Odoo's prefork server "
        "listens with a backlog of 8 x workers, so thousands of simultaneous "
        "connections time out in SYN retries (0: all at once)",
    )
    parser.add_argument(
        "--runs", default="redis,postgres", help="which bursts: redis,postgres"
    )
    args = parser.parse_args()
    addons = addons_path()
    ensure_database(addons, args.db)
    bench = Odoo(addons, args.db)
    results = {}
    try:
        variant_id, tokens = bench.setup(args.buyers)
        runs = args.runs.split(",")
        if "redis" in runs:
            results["Redis + claim server"] = run_redis(
                args, addons, bench, variant_id, tokens
            )
        if "postgres" in runs:
            results["PostgreSQL, Odoo route"] = run_postgres(
                args, addons, bench, variant_id, tokens
            )
        partners = bench.partner_ids(args.units)
        drain_rate = bench.drain(variant_id, partners)
        base_rate = bench.baseline(variant_id, args.units, partners)
    finally:
        if not args.keep_db and args.db == DB:
            bench.registry.delete(args.db)
            bench.odoo.sql_db.close_db(args.db)
            subprocess.run(["dropdb", "--if-exists", args.db], check=False)
    print(
        f"\n{args.buyers} buyers at once for {args.units} units, {os.cpu_count()} "
        f"CPUs, client and servers on one machine; claim server processes: "
        f"{args.server_processes}, flash workers: {args.flash_workers}, "
        f"Odoo --workers={args.workers} (its route fed "
        f"{args.pg_concurrency or args.buyers} connections at a time)"
    )
    head = (
        f"{'run':24} {'accepted':>8} {'orders':>6} {'oversell':>8} {'claims/s':>9} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'to orders s':>11}  refusals"
    )
    print(head)
    for label, r in results.items():
        oversell = max(r["stats"]["units"] - args.units, 0) + max(
            r["accepted"] - args.units, 0
        )
        refusals = {k: v for k, v in r["codes"].items() if k != "accepted"}
        print(
            f"{label:24} {r['accepted']:8d} {r['stats']['orders']:6d} {oversell:8d} "
            f"{r['rps']:9.0f} {r['p50']:8.1f} {r['p99']:8.1f} {r['to_orders']:11.2f}  "
            f"{refusals}"
        )
        if r["redis_stock"] is not None:
            print(f"  Redis stock left: {r['redis_stock']}")
    print(
        f"baseline: one-by-one ORM sale.order create+confirm: {base_rate:.1f} orders/s "
        f"({args.units / base_rate:.1f} s for {args.units} orders)"
    )
    if drain_rate:
        print(
            f"materialiser alone ({args.units} claims -> orders, one batch, "
            f"committed): {drain_rate:.1f} orders/s, "
            f"{drain_rate / base_rate:.1f}x the one-by-one baseline"
        )
    for label, r in results.items():
        rate = r["stats"]["orders"] / r["to_orders"] if r["to_orders"] else 0
        print(
            f"{label}: {r['accepted']} claims answered and turned into orders in "
            f"{r['to_orders']:.2f} s = {rate:.1f} orders/s, "
            f"{rate / base_rate:.1f}x the one-by-one baseline"
        )


if __name__ == "__main__":
    main()
