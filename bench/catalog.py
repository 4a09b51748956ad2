#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Catalog benchmark: the product-list route with Redis warm, with Redis off,
and Odoo's own /shop page as the baseline, measured in one run on one database.

    python3 bench/catalog.py [--seconds 20] [--clients 8] [--workers 2] [--db DB]
                             [--keep-db]

It creates the database ``mall_bench`` (the mall with its demo shop, plus
website_sale for /shop) unless it exists, starts Odoo on loopback once with
Redis and once without, drives each target with concurrent keep-alive
clients for a fixed time, and prints requests/s, p50 and p99 and the ratios.
"""

import argparse
import os
import statistics
import subprocess
import threading
import time

import requests
from _odoo import MODULES, OdooServer, addons_path, conf_file, ensure_database

DB = "mall_bench"
LIST_PATHS = [
    "/mall/api/v1/products?sort=sales&page={page}",
    "/mall/api/v1/products?sort=newest&page={page}",
    "/mall/api/v1/products?sort=price_asc&page={page}&page_size=10",
]


class Server(OdooServer):
    """Odoo serving ``db`` on loopback, with or without Redis, started and
    answering."""

    def __init__(self, addons, db, redis, workers):
        self.conf = conf_file(redis)
        super().__init__(
            addons,
            db,
            workers,
            ["--max-cron-threads=0", "--limit-time-real=600", "--limit-time-cpu=600"],
            conf=self.conf,
        )
        self.base = self.url
        self.wait_health()

    def stop(self):
        super().stop()
        self.conf.unlink(missing_ok=True)


def drive(base, paths, seconds, clients):
    """Requests/s, p50, p99 (ms) and errors of ``paths`` served by ``base``."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(index):
        session = requests.Session()
        i = index
        mine = []
        while time.monotonic() < stop_at:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            try:
                ok = session.get(base + path, timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    quantiles = (
        statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    )
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": quantiles[49] * 1000,
        "p99": quantiles[98] * 1000,
        "errors": errors[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--db", default=DB, help=f"another database is kept afterwards (default {DB})"
    )
    parser.add_argument("--keep-db", action="store_true", help=f"keep {DB} afterwards")
    args = parser.parse_args()
    addons = addons_path()
    ensure_database(
        addons,
        args.db,
        f"{MODULES},website_sale",
        marker="website_sale",
        what="the mall, its demo shop and website_sale; a few minutes",
    )
    list_paths = [p.format(page=page) for p in LIST_PATHS for page in (1, 2, 3)]
    results = {}
    try:
        for label, redis, paths in [
            ("product list, Redis warm", True, list_paths),
            ("product list, Redis off", False, list_paths),
            ("Odoo /shop (baseline)", False, ["/shop", "/shop/page/2"]),
        ]:
            server = Server(addons, args.db, redis, args.workers)
            try:
                drive(
                    server.base, paths, min(3.0, args.seconds), args.clients
                )  # warm-up
                results[label] = drive(server.base, paths, args.seconds, args.clients)
            finally:
                server.stop()
    finally:
        if not args.keep_db and args.db == DB:
            subprocess.run(["dropdb", "--if-exists", DB], check=False)
    print(
        f"\n{args.clients} clients, {args.seconds:g} s each, "
        f"Odoo --workers={args.workers}, {os.cpu_count()} CPUs, "
        "client and server on one machine"
    )
    print(f"{'target':30} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for label, r in results.items():
        row = f"{r['rps']:8.1f} {r['p50']:8.1f} {r['p99']:8.1f} {r['errors']:7d}"
        print(f"{label:30} {row}")
    base = results["Odoo /shop (baseline)"]
    for label in ("product list, Redis warm", "product list, Redis off"):
        r = results[label]
        print(
            f"{label} vs /shop: {r['rps'] / base['rps']:.1f}x req/s, "
            f"{base['p50'] / r['p50']:.1f}x faster p50"
        )
    warm, off = results["product list, Redis warm"], results["product list, Redis off"]
    print(f"Redis warm vs off: {warm['rps'] / off['rps']:.2f}x req/s")


if __name__ == "__main__":
    main()
