#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Purchase path under load: many simulated shoppers over loopback through
home -> search (Chinese) -> list -> product -> cart -> checkout -> pay (the
stored balance) -> order visible, against Odoo in multi-worker mode; and
fault scenarios (Redis stopped, PostgreSQL restarted, flash worker killed)
with the invariants checked in the database afterwards.

    python3 bench/purchase_path.py [--db mall_bench_purchase] [--shoppers 24]
        [--orders 3] [--workers 4] [--fault none|redis|postgres|flash-worker]
        [--url http://127.0.0.1:8069] [--keep-db]

The database (the mall and its demo data) is created unless it exists; the
bench adds its shop, products (one of them scarce: few units for everyone),
shoppers with a delivery address, a token and a stored balance, and turns
the per-IP and per-token write rate limits off (every shopper calls from
127.0.0.1). It always runs its own Redis on a free port (the shared one is
never touched); ``--fault postgres`` also copies the database into its own
PostgreSQL cluster (initdb in /tmp, another port) and restarts that one.

Baseline, measured in the same run on the same server: one shopper going
through the path alone; the load's orders/s is given as a ratio of it.
"""

import argparse
import asyncio
import json
import math
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

# bench/ (for _odoo) when this file is loaded by its path (tests/).
sys.path.insert(0, str(Path(__file__).resolve().parent))
import _odoo  # noqa: E402
from _odoo import ROOT, Redis, addons_path, ensure_database, free_port  # noqa: E402

DB = "mall_bench_purchase"
API = "/mall/api/v1"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SEARCH_WORD = "茶壶"
# The mini-program tries a 503 again after Retry-After; a patient shopper
# (the bench) a few times.
UNAVAILABLE_RETRIES = 3
UNAVAILABLE_RETRY_MAX = 5.0
PRODUCTS = ["紫砂茶壶", "玻璃茶壶", "铁茶壶", "白瓷茶壶"]
SCARCE = "限量建盏茶壶"


# ----------------------------------------------------------------------
# Pure helpers (tests/test_bench_purchase_path.py)
# ----------------------------------------------------------------------
def percentile(values, fraction):
    """The ``fraction`` percentile (nearest rank) of ``values``; 0 if empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered) - 1e-9)))
    return ordered[rank - 1]


class Stats:
    """Latencies per route and outcomes per error code, of one run."""

    def __init__(self):
        self.latency = {}
        self.codes = {}
        self.orders = 0
        self.non_json = 0
        # 503 answers tried again after Retry-After, as the mini-program does
        self.retried = 0
        self.started = time.perf_counter()
        self.finished = None

    def record(self, route, seconds, status, code):
        self.latency.setdefault(route, []).append(seconds)
        if status is None or status >= 400:
            key = f"{route}: {code or status or 'connection failed'}"
            self.codes[key] = self.codes.get(key, 0) + 1

    @property
    def errors(self):
        return sum(self.codes.values())

    def elapsed(self):
        return (self.finished or time.perf_counter()) - self.started

    def rate(self):
        elapsed = self.elapsed()
        return self.orders / elapsed if elapsed else 0.0

    def table(self):
        """Lines: route, calls, p50 and p99 in ms."""
        lines = [f"  {'route':34} {'calls':>6} {'p50 ms':>8} {'p99 ms':>8}"]
        for route, values in self.latency.items():
            lines.append(
                f"  {route:34} {len(values):6d} "
                f"{percentile(values, 0.5) * 1000:8.1f} "
                f"{percentile(values, 0.99) * 1000:8.1f}"
            )
        return lines


def progress_line(stats):
    elapsed = stats.elapsed()
    return (
        f"\r  {elapsed:6.1f} s  orders {stats.orders:5d}  "
        f"{stats.rate():6.1f} orders/s  errors {stats.errors:4d}"
    )


def cpu_seconds(pids):
    """User+system CPU seconds of each process of ``pids`` still alive, from
    /proc (clock ticks): ``{pid: seconds}``."""
    tick = os.sysconf("SC_CLK_TCK")
    result = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        result[pid] = (int(fields[11]) + int(fields[12])) / tick
    return result


# ----------------------------------------------------------------------
# Processes: Odoo, Redis, PostgreSQL
# ----------------------------------------------------------------------
def as_postgres(cmd):
    """``cmd`` run as the postgres user when this is root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


class Postgres:
    """A private PostgreSQL cluster in /tmp on a free port (the shared one is
    never stopped): the bench database is copied into it."""

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="mall-bench-pg-"))
        self.data = self.dir / "data"
        self.socket = self.dir / "sock"

    def start(self):
        self.socket.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            shutil.chown(self.socket, "postgres")
        user = os.environ.get("USER") or "root"
        subprocess.run(
            as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    user,
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.ctl("start")

    def ctl(self, action, mode="fast"):
        subprocess.run(
            as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    mode,
                    "-w",
                    "-l",
                    str(self.dir / "log"),
                    "-o",
                    f"-p {self.port} -k {self.socket} -c listen_addresses='' "
                    "-c fsync=off -c max_connections=200",
                    action,
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def env(self):
        return {"PGHOST": str(self.socket), "PGPORT": str(self.port)}

    def copy_database(self, db):
        """``db`` of the shared cluster, dumped and restored here."""
        env = {**os.environ, **self.env()}
        subprocess.run(["createdb", db], env=env, check=True)
        dump = subprocess.Popen(["pg_dump", "-Fc", db], stdout=subprocess.PIPE)
        subprocess.run(
            ["pg_restore", "--no-owner", "-d", db],
            stdin=dump.stdout,
            env=env,
            check=True,
        )
        if dump.wait():
            raise SystemExit("pg_dump failed")

    def stop(self):
        try:
            self.ctl("stop", mode="immediate")
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


def db_args(pg):
    if pg is None:
        return []
    return [f"--db_host={pg.socket}", f"--db_port={pg.port}"]


class OdooServer(_odoo.OdooServer):
    """Odoo in multi-worker (prefork) mode on loopback, with the settings of
    docs/operations.md scaled to this machine, its log in a file."""

    def __init__(self, addons, db, workers, redis_url, pg=None):
        self.log = Path(tempfile.mkstemp(prefix="mall-bench-odoo-", suffix=".log")[1])
        super().__init__(
            addons,
            db,
            workers,
            [
                *db_args(pg),
                f"--gevent-port={free_port()}",
                "--max-cron-threads=1",
                f"--db_maxconn={max(16, workers * 2 + 4)}",
                "--limit-memory-soft=2147483648",
                "--limit-memory-hard=2684354560",
                "--limit-time-cpu=120",
                "--limit-time-real=240",
                "--limit-request=65536",
                f"--logfile={self.log}",
            ],
            env={**os.environ, "MALL_REDIS_URL": redis_url},
        )

    def errors_logged(self):
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines() if " ERROR " in line]


# ----------------------------------------------------------------------
# The bench's own access to the database, in this process
# ----------------------------------------------------------------------
def balance_program(env, currency):
    """The stored balance in ``currency`` paying through the balance provider
    (mall_payment's eWallet program, one point per unit of money), in test mode."""
    env["payment.provider"]._setup_provider("mall_balance")
    provider = env.ref("mall_payment.payment_provider_mall_balance")
    program = provider.mall_balance_program_id
    if not program or program.currency_id != currency:
        program = env["payment.provider"]._mall_create_balance_program(
            currency, "压测余额充值"
        )
    if provider.state == "disabled" or provider.mall_balance_program_id != program:
        provider.write({"state": "test", "mall_balance_program_id": program.id})
    provider.payment_method_ids.active = True
    return program


class Bench(_odoo.Local):
    def __init__(self, addons, db, redis_url, pg=None):
        os.environ["MALL_REDIS_URL"] = redis_url
        super().__init__(addons, db, ["--log-level=warn", *db_args(pg)])

    def setup(self, shoppers, stock, scarce):
        """Shop, products, carrier, balance, shoppers: a dict of ids and
        tokens. Run once per bench run (new shoppers each time)."""

        def work(env):
            ICP = env["ir.config_parameter"]
            for name in ("mall.rate_limit.write", "mall.rate_limit.write.token"):
                ICP.set_param(name, "0")
            cny = env.ref("base.CNY")
            cny.active = True
            today = env.cr.now().date()
            if not cny.rate_ids.filtered(lambda r: r.name == today):
                env["res.currency.rate"].create(
                    {"currency_id": cny.id, "rate": 1.0, "name": today}
                )
            pricelist = env["product.pricelist"].search(
                [("name", "=", "压测人民币")], limit=1
            ) or env["product.pricelist"].create(
                {"name": "压测人民币", "currency_id": cny.id}
            )
            program = balance_program(env, cny)
            shop = env["mall.shop"].search([("code", "=", "BENCH")], limit=1)
            if not shop:
                shop = env["mall.shop"].create(
                    {
                        "name": "压测店",
                        "code": "BENCH",
                        "warehouse_id": env.ref("stock.warehouse0").id,
                    }
                )
            category = env["mall.category"].search(
                [("name", "=", "压测茶具")], limit=1
            ) or env["mall.category"].create({"name": "压测茶具"})
            location = env.ref("stock.warehouse0").lot_stock_id
            templates = env["product.template"]
            tag = secrets.token_hex(2)
            for name, units in [(n, stock) for n in PRODUCTS] + [(SCARCE, scarce)]:
                template = env["product.template"].create(
                    {
                        "name": f"{name} {tag}",
                        "list_price": 100.0,
                        "mall_published": True,
                        "is_storable": True,
                        "taxes_id": False,
                        "mall_shop_id": shop.id,
                        "mall_category_id": category.id,
                    }
                )
                env["stock.quant"]._update_available_quantity(
                    template.product_variant_id, location, units
                )
                templates |= template
            fee = env["product.product"].create(
                {"name": "压测快递 运费", "type": "service", "taxes_id": False}
            )
            carrier = env["delivery.carrier"].create(
                {
                    "name": "压测快递",
                    "delivery_type": "fixed",
                    "fixed_price": 0.0,
                    "product_id": fee.id,
                }
            )
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"压测顾客 {tag}-{i}",
                        "mall_is_shopper": True,
                        "property_product_pricelist": pricelist.id,
                    }
                    for i in range(shoppers)
                ]
            )
            addresses = env["res.partner"].create(
                [
                    {
                        "name": "张三",
                        "type": "delivery",
                        "parent_id": partner.id,
                        "phone": "13800001111",
                        "street": "文三路 1 号",
                        "city": "杭州",
                        "country_id": env.ref("base.cn").id,
                    }
                    for partner in partners
                ]
            )
            env["loyalty.card"].create(
                [
                    {"program_id": program.id, "partner_id": p.id, "points": 1e6}
                    for p in partners
                ]
            )
            Token = env["mall.shopper.token"]
            return {
                "tag": tag,
                "shop": shop.id,
                "category": category.id,
                "carrier": carrier.id,
                "products": [(t.id, t.product_variant_id.id) for t in templates[:-1]],
                "scarce": (templates[-1].id, templates[-1].product_variant_id.id),
                "scarce_stock": scarce,
                "partners": partners.ids,
                "shoppers": [
                    {
                        "partner": p.id,
                        "address": a.id,
                        "token": Token._issue(p, "weixin"),
                    }
                    for p, a in zip(partners, addresses, strict=True)
                ],
            }

        return self.run(work)

    def invariants(self, data):
        """What the database says after a run, for its shoppers."""

        def work(env):
            cr = env.cr
            partners = tuple(data["partners"])
            cr.execute(
                "SELECT count(*) FROM mall_checkout c WHERE c.partner_id IN %s "
                "AND NOT EXISTS (SELECT 1 FROM sale_order o "
                "WHERE o.mall_checkout_id = c.id)",
                [partners],
            )
            checkouts_without_orders = cr.fetchone()[0]
            cr.execute(
                "SELECT count(*) FROM sale_order o WHERE o.partner_id IN %s "
                "AND o.mall_is_cart IS NOT TRUE AND NOT EXISTS (SELECT 1 "
                "FROM sale_order_line l "
                "WHERE l.order_id = o.id AND l.is_delivery IS NOT TRUE)",
                [partners],
            )
            orders_without_lines = cr.fetchone()[0]
            cr.execute(
                "SELECT count(*), count(*) FILTER (WHERE o.mall_payment_state = "
                "'paid') FROM sale_order o WHERE o.partner_id IN %s "
                "AND o.state = 'sale'",
                [partners],
            )
            confirmed, paid = cr.fetchone()
            cr.execute(
                "SELECT count(*) FROM mall_checkout c WHERE c.partner_id IN %s "
                "AND c.state = 'paid' AND EXISTS (SELECT 1 FROM sale_order o "
                "WHERE o.mall_checkout_id = c.id AND o.mall_payment_state "
                "IS DISTINCT FROM 'paid')",
                [partners],
            )
            paid_checkout_unpaid_order = cr.fetchone()[0]
            cr.execute(
                "SELECT count(*) FROM (SELECT t.id FROM payment_transaction t "
                "JOIN account_payment p ON p.payment_transaction_id = t.id "
                "WHERE t.partner_id IN %s GROUP BY t.id HAVING count(*) > 1) x",
                [partners],
            )
            double_payments = cr.fetchone()[0]
            cr.execute(
                "SELECT COALESCE(sum(l.product_uom_qty), 0) FROM sale_order_line l "
                "JOIN sale_order o ON o.id = l.order_id WHERE o.state = 'sale' "
                "AND l.product_id = %s",
                [data["scarce"][1]],
            )
            scarce_sold = float(cr.fetchone()[0])
            return {
                "confirmed orders": confirmed,
                "paid orders": paid,
                "checkouts without orders": checkouts_without_orders,
                "orders without lines": orders_without_lines,
                "paid checkouts with an unpaid order": paid_checkout_unpaid_order,
                "transactions with 2+ payments": double_payments,
                "scarce units sold": scarce_sold,
                "scarce oversell": max(0.0, scarce_sold - data["scarce_stock"]),
            }

        return self.run(work)


# ----------------------------------------------------------------------
# Simulated shoppers (aiohttp, one pooled session)
# ----------------------------------------------------------------------
async def call(session, stats, route, method, url, token, body=None, key=None):
    """One API call as the mini-program's client makes it: a key on every
    write, and a 503 tried again (same key) after its Retry-After."""
    headers = {"Authorization": f"Bearer {token}", "X-Mall-Platform": "weixin"}
    if method != "GET":
        headers["Idempotency-Key"] = key or str(uuid.uuid4())
    for attempt in range(UNAVAILABLE_RETRIES + 1):
        started = time.perf_counter()
        status, code, data, retry_after = await _send(
            session, stats, method, url, headers, body
        )
        seconds = time.perf_counter() - started
        if status == 503 and attempt < UNAVAILABLE_RETRIES:
            stats.retried += 1
            stats.latency.setdefault(route, []).append(seconds)
            await asyncio.sleep(min(retry_after, UNAVAILABLE_RETRY_MAX))
            continue
        stats.record(route, seconds, status, code)
        break
    if status is None or status >= 400 or data is None:
        return None, code
    return data.get("data", data), None


async def _send(session, stats, method, url, headers, body):
    """``(status, error code, body, Retry-After seconds)`` of one request."""
    import aiohttp

    status = code = data = None
    retry_after = 1.0
    try:
        async with session.request(method, url, json=body, headers=headers) as resp:
            status = resp.status
            text = await resp.text()
            try:
                retry_after = float(resp.headers.get("Retry-After", 1))
            except ValueError:
                pass
        try:
            data = json.loads(text)
        except ValueError:
            stats.non_json += 1
            code = f"{status} not JSON"
        else:
            if status >= 400:
                code = (data.get("error") or {}).get("code") or str(status)
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as exc:
        code = type(exc).__name__
    return status, code, data, retry_after


async def shopper_path(session, base, stats, data, shopper, orders, rng):
    """One shopper placing ``orders`` orders, each through the whole path."""
    api = base + API
    token = shopper["token"]
    for _i in range(orders):
        await call(session, stats, "GET /categories", "GET", f"{api}/categories", token)
        await call(
            session,
            stats,
            "GET /products (home)",
            "GET",
            f"{api}/products?sort=sales&page_size=10",
            token,
        )
        await call(
            session,
            stats,
            "GET /products?q= (search)",
            "GET",
            f"{api}/products?q={SEARCH_WORD}&page_size=20",
            token,
        )
        await call(
            session,
            stats,
            "GET /products (list)",
            "GET",
            f"{api}/products?category_id={data['category']}&page_size=20",
            token,
        )
        template_id, variant_id = rng.choice(data["products"])
        await call(
            session,
            stats,
            "GET /products/<id>",
            "GET",
            f"{api}/products/{template_id}",
            token,
        )
        cart, _ = await call(
            session,
            stats,
            "POST /cart/lines",
            "POST",
            f"{api}/cart/lines",
            token,
            {"variant_id": variant_id, "quantity": 1},
        )
        if cart is None:
            continue
        if rng.random() < 0.5:  # half the orders also want the scarce pot
            await call(
                session,
                stats,
                "POST /cart/lines (scarce)",
                "POST",
                f"{api}/cart/lines",
                token,
                {"variant_id": data["scarce"][1], "quantity": 1},
            )
        body = {
            "address_id": shopper["address"],
            "carriers": {str(data["shop"]): data["carrier"]},
        }
        key = str(uuid.uuid4())
        checkout, code = await call(
            session,
            stats,
            "POST /checkout",
            "POST",
            f"{api}/checkout",
            token,
            body,
            key,
        )
        if code == "OUT_OF_STOCK":  # the scarce pot went: drop it, try again
            cart, _ = await call(
                session, stats, "GET /cart", "GET", f"{api}/cart", token
            )
            for line in (cart or {}).get("lines", []):
                if line["variant_id"] == data["scarce"][1]:
                    await call(
                        session,
                        stats,
                        "DELETE /cart/lines/<id>",
                        "DELETE",
                        f"{api}/cart/lines/{line['id']}",
                        token,
                    )
            checkout, code = await call(
                session,
                stats,
                "POST /checkout",
                "POST",
                f"{api}/checkout",
                token,
                body,
                str(uuid.uuid4()),
            )
        if checkout is None:
            continue
        paid, _ = await call(
            session,
            stats,
            "POST /checkouts/<id>/pay",
            "POST",
            f"{api}/checkouts/{checkout['id']}/pay",
            token,
            {"provider": "mall_balance"},
            str(uuid.uuid4()),
        )
        if not paid or paid.get("state") != "done":
            continue
        order, _ = await call(
            session,
            stats,
            "GET /orders/<id>",
            "GET",
            f"{api}/orders/{checkout['orders'][0]['id']}",
            token,
        )
        if order is not None:
            stats.orders += 1


async def drive(base, data, shoppers, orders, stats, fault=None, live=True):
    """Every shopper of ``shoppers`` at once through ``orders`` orders each;
    ``fault`` (a coroutine function) runs alongside."""
    import aiohttp

    rng = random.Random(7)
    connector = aiohttp.TCPConnector(limit=len(shoppers) + 4, force_close=False)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        done = asyncio.Event()

        async def show():
            # One updating line on a terminal; a line every 5 s in a log.
            tty = sys.stdout.isatty()
            ticks = 0
            while not done.is_set():
                if live and (tty or ticks % 10 == 9):
                    line = progress_line(stats)
                    sys.stdout.write(line if tty else line[1:] + "\n")
                    sys.stdout.flush()
                ticks += 1
                await asyncio.sleep(0.5)

        shower = asyncio.create_task(show())
        side = asyncio.create_task(fault(stats)) if fault else None
        stats.started = time.perf_counter()
        await asyncio.gather(
            *(
                shopper_path(session, base, stats, data, s, orders, rng)
                for s in shoppers
            )
        )
        stats.finished = time.perf_counter()
        done.set()
        await shower
        if side:
            await side
        if live:
            sys.stdout.write(progress_line(stats)[1:] + "\n")


def report(label, stats, cpu=None):
    print(
        f"{label}: {stats.orders} orders in {stats.elapsed():.1f} s = "
        f"{stats.rate():.2f} orders/s, {stats.errors} errors, "
        f"{stats.non_json} answers not JSON, "
        f"{stats.retried} answers 503 tried again after Retry-After"
    )
    for line in stats.table():
        print(line)
    if stats.codes:
        print("  errors by route and code:")
        for key, count in sorted(stats.codes.items()):
            print(f"    {key}: {count}")
    if cpu:
        busy = sum(cpu.values())
        print(
            f"  Odoo CPU: {busy:.1f} s over {len(cpu)} processes "
            f"({busy / stats.elapsed() * 100:.0f}% of one core; "
            f"per process: {', '.join(f'{v:.1f}' for v in sorted(cpu.values()))})"
        )


def measured(server, coro_factory):
    """Run ``coro_factory()`` and return the CPU seconds Odoo's processes used."""
    pids = server.pids() if server else []
    before = cpu_seconds(pids)
    asyncio.run(coro_factory())
    after = cpu_seconds(server.pids() if server else [])
    return {pid: after[pid] - before.get(pid, 0.0) for pid in after}


# ----------------------------------------------------------------------
# Scenarios
# ----------------------------------------------------------------------
def run_load(args, addons):
    redis = Redis()
    redis.start()
    server = None
    try:
        bench = Bench(addons, args.db, redis.url)
        data = bench.setup(args.shoppers + 1, args.stock, args.scarce)
        if args.url:
            base = args.url.rstrip("/")
        else:
            server = OdooServer(addons, args.db, args.workers, redis.url)
            server.wait()
            base = server.url
        shoppers = data["shoppers"]
        # Warm-up: every worker loads its registry and the caches fill. Four
        # different shoppers: one shopper four times at once only measures
        # the conflicts on its own cart and balance card.
        warm = Stats()
        asyncio.run(drive(base, data, shoppers[:4], 1, warm, live=False))
        print(f"baseline: 1 shopper, {args.baseline_orders} orders one after another")
        base_stats = Stats()
        base_cpu = measured(
            server,
            lambda: drive(base, data, shoppers[-1:], args.baseline_orders, base_stats),
        )
        report("baseline", base_stats, base_cpu)
        print(f"load: {args.shoppers} shoppers at once, {args.orders} orders each")
        stats = Stats()
        cpu = measured(
            server,
            lambda: drive(base, data, shoppers[: args.shoppers], args.orders, stats),
        )
        report("load", stats, cpu)
        facts = bench.invariants(data)
        print("database after the run:")
        for key, value in facts.items():
            print(f"  {key}: {value}")
        ratio = stats.rate() / base_stats.rate() if base_stats.rate() else 0
        print(
            f"\n{os.cpu_count()} CPUs, client and server on one machine, Odoo "
            f"--workers={args.workers if not args.url else '?'}: "
            f"{stats.rate():.2f} orders/s with {args.shoppers} shoppers = "
            f"{ratio:.1f}x one shopper alone ({base_stats.rate():.2f} orders/s)"
        )
        if server and server.errors_logged():
            print(f"Odoo logged {len(server.errors_logged())} ERROR lines:")
            print("\n".join(server.errors_logged()[:5]))
    finally:
        if server:
            server.stop()
        redis.stop()


def run_fault(args, addons):
    """Load with a fault injected after ``--fault-after`` seconds."""
    redis = Redis()
    redis.start()
    pg = None
    server = None
    try:
        if args.fault == "postgres":
            pg = Postgres()
            pg.start()
            print(f"copying {args.db} into a private PostgreSQL on port {pg.port}...")
            pg.copy_database(args.db)
        bench = Bench(addons, args.db, redis.url, pg)
        data = bench.setup(args.shoppers, args.stock, args.scarce)
        server = OdooServer(addons, args.db, args.workers, redis.url, pg)
        server.wait()
        warm = Stats()
        asyncio.run(drive(server.url, data, data["shoppers"][:4], 1, warm, live=False))
        marks = {}

        async def fault(stats):
            await asyncio.sleep(args.fault_after)
            marks["orders before"] = stats.orders
            if args.fault == "redis":
                redis.stop()
                marks["what"] = f"Redis killed at {stats.elapsed():.1f} s"
            else:
                began = time.perf_counter()
                await asyncio.to_thread(pg.ctl, "restart")
                marks["what"] = (
                    f"PostgreSQL restarted (-m fast) at {stats.elapsed():.1f} s, "
                    f"down {time.perf_counter() - began:.1f} s"
                )
            marks["orders at fault"] = stats.orders

        stats = Stats()
        asyncio.run(
            drive(server.url, data, data["shoppers"], args.orders, stats, fault)
        )
        print(marks.get("what", "the fault did not fire: raise --orders"))
        report(f"load with {args.fault} fault", stats)
        print(
            f"  orders before the fault: {marks.get('orders before')}, "
            f"after it: {stats.orders - marks.get('orders at fault', 0)}"
        )
        if args.fault == "postgres":
            # The bench's own pooled connections died with the restart.
            bench.odoo.sql_db.close_db(args.db)
        facts = bench.invariants(data)
        print("database after the run:")
        for key, value in facts.items():
            print(f"  {key}: {value}")
        print(f"Odoo logged {len(server.errors_logged())} ERROR lines")
        for line in server.errors_logged()[:3]:
            print(f"  {line[:200]}")
    finally:
        if server:
            server.stop()
        redis.stop()
        if pg:
            pg.stop()


def run_flash_worker(args, addons):
    """Claims in the Redis stream, a flash worker killed (SIGKILL) in the
    middle of its batches, another started: every claim an order, once."""
    redis = Redis()
    redis.start()
    workers = []
    try:
        bench = Bench(addons, args.db, redis.url)
        claims_n = args.claims
        data = bench.setup(claims_n, args.stock, args.scarce)

        def new_sale(env):
            variant = env["product.product"].browse(data["products"][0][1])
            sale = env["mall.flash.sale"].create(
                {
                    "name": f"压测秒杀 {data['tag']}",
                    "product_id": variant.id,
                    "flash_price": 9.9,
                    "quota": claims_n,
                    "date_start": env.cr.now().replace(tzinfo=None)
                    - timedelta(minutes=1),
                    "payment_minutes": 30,
                }
            )
            sale.action_publish()
            claims = sale._flash_claims()
            accepted = sum(1 for pid in data["partners"] if claims.claim(pid)[0])
            return sale.id, accepted

        sale_id, accepted = bench.run(new_sale)

        def stats(env):
            env.cr.execute(
                "SELECT count(*), count(order_id), count(DISTINCT order_id) "
                "FROM mall_flash_claim WHERE sale_id = %s",
                [sale_id],
            )
            claims, with_order, orders = env.cr.fetchone()
            env.cr.execute(
                "SELECT count(*) FROM (SELECT partner_id FROM mall_flash_claim "
                "WHERE sale_id = %s GROUP BY partner_id HAVING count(*) > 1) x",
                [sale_id],
            )
            doubled = env.cr.fetchone()[0]
            env.cr.execute(
                "SELECT count(DISTINCT o.id) FROM sale_order o JOIN sale_order_line l "
                "ON l.order_id = o.id WHERE o.partner_id IN %s AND l.product_id = %s",
                [tuple(data["partners"]), data["products"][0][1]],
            )
            return {
                "claims": claims,
                "with order": with_order,
                "orders": orders,
                "partners claimed twice": doubled,
                "orders of the product": env.cr.fetchone()[0],
            }

        def worker(name):
            return subprocess.Popen(
                _odoo.odoo_cmd(
                    [
                        f"--addons-path={addons}",
                        "flash_worker",
                        "-c",
                        str(ROOT / "odoo.conf"),
                        "-d",
                        args.db,
                        f"--consumer={name}",
                        f"--batch-size={args.batch}",
                        "--min-idle=2",
                    ]
                ),
                cwd=ROOT,
                env={**os.environ, "MALL_REDIS_URL": redis.url},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        print(f"{accepted} claims accepted in Redis; worker A starts")
        started = time.perf_counter()
        workers.append(worker("bench-a"))
        while bench.run(stats)["with order"] == 0:
            time.sleep(0.05)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait()
        at_kill = bench.run(stats)
        print(f"worker A killed (SIGKILL) with {at_kill['with order']} claims done")
        workers.append(worker("bench-b"))
        deadline = time.monotonic() + 300
        now = bench.run(stats)
        while now["with order"] < accepted and time.monotonic() < deadline:
            time.sleep(0.2)
            now = bench.run(stats)
        elapsed = time.perf_counter() - started
        claims = bench.run(
            lambda env: env["mall.flash.sale"].browse(sale_id)._flash_claims()
        )
        pending = claims.client.xpending(claims.keys["stream"], "orders")
        print(f"after {elapsed:.1f} s with worker B: {now}")
        print(
            f"  exactly once: {now['with order'] == now['orders'] == accepted} "
            f"(claims {accepted}, orders {now['orders']}, "
            f"unacknowledged stream entries {pending and pending.get('pending')})"
        )
    finally:
        for proc in workers:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()
        redis.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DB)
    parser.add_argument("--url", help="a running Odoo (load only; same --db)")
    parser.add_argument("--shoppers", type=int, default=24)
    parser.add_argument("--orders", type=int, default=3, help="orders per shopper")
    parser.add_argument("--baseline-orders", type=int, default=6)
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="Odoo workers (default 2 x CPUs + 1)",
    )
    parser.add_argument("--stock", type=int, default=100000)
    parser.add_argument("--scarce", type=int, default=10, help="scarce pot units")
    parser.add_argument(
        "--fault", choices=("none", "redis", "postgres", "flash-worker"), default="none"
    )
    parser.add_argument("--fault-after", type=float, default=8.0, help="seconds")
    parser.add_argument("--claims", type=int, default=400, help="flash-worker")
    parser.add_argument("--batch", type=int, default=50, help="flash-worker batch")
    args = parser.parse_args()
    addons = addons_path()
    ensure_database(addons, args.db)
    if args.fault == "none":
        run_load(args, addons)
    elif args.fault == "flash-worker":
        run_flash_worker(args, addons)
    else:
        run_fault(args, addons)


if __name__ == "__main__":
    main()
