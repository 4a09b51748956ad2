#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dashboard benchmark: ``mall.dashboard._mall_dashboard_data`` on 100,000 paid
orders, against baselines measured in the same run on the same database.

    source bin/_env.sh && python3 bench/dashboard.py \\
        --addons-path "$(odoo_addons_path)" \\
        [-d mall_bench_dash] [--template SCRATCH_DB] [--orders 100000] [--runs 5]

The database is created unless it exists: cloned from ``--template`` (a
database with the mall installed, fast) or installed from scratch. Orders are
generated once with SQL: one order made with the ORM is the template whose
row is copied with ``INSERT ... SELECT`` (so every NOT NULL column gets a sane
value), 1 to 3 lines each, shoppers with a province and city, UTM sources,
shops, footprints (visits) and closed group buys, spread over 90 days.

For each period it prints the dashboard's time cold (first call in a fresh
transaction with Odoo's caches emptied and PostgreSQL's plans discarded) and
warm (median of ``--runs``), and the baselines: ``search_count`` of the
period's paid orders, and a naive ORM loop (read every order of the period
with its lines and address) timed on a 5,000-order subset and scaled. Then
it drops the ``mall_paid_at`` index and times the dashboard again.

It writes to the database: use a bench one.
"""

import argparse
import logging
import statistics
import subprocess
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

PERIODS = ("today", "7d", "30d")
CITIES = ["城区", "新区", "开发区", "高新区", "港区"]


def _pick(name, cast="int"):
    """SQL: a random element of the array parameter ``name``."""
    return (
        f"(%({name})s::{cast}[])"
        f"[1 + floor(random() * cardinality(%({name})s::{cast}[]))::int]"
    )


PICKS = {
    "pick_state": _pick("states"),
    "pick_partner": _pick("partners"),
    "pick_shop": _pick("shops"),
    "pick_source": _pick("sources"),
    "pick_product": _pick("products"),
    "pick_template": _pick("templates"),
}


def _db_exists(name):
    out = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-Atc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "1"


def _create_db(args):
    if args.template:
        subprocess.run(["createdb", "-T", args.template, args.database], check=True)
        return
    subprocess.run(
        [
            "python3",
            "-m",
            "odoo",
            "-c",
            args.config,
            "--addons-path",
            args.addons_path,
            "-d",
            args.database,
            "-i",
            "mall_miniprogram",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )


def _clone(cr, table, template_id, overrides, source_sql, params):
    """``INSERT INTO table SELECT`` copying ``template_id``'s row, with
    ``overrides`` (column -> SQL expression over ``src``) for each row of
    ``source_sql`` (aliased ``src``)."""
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = %s AND column_name != 'id'""",
        (table,),
    )
    columns = [c for (c,) in cr.fetchall()]
    select = ", ".join(overrides.get(c, f"t.{c}") for c in columns)
    cr.execute(
        f"""INSERT INTO {table} ({", ".join(columns)})
            SELECT {select} FROM {table} t, ({source_sql}) src
             WHERE t.id = %(template_id)s""",  # noqa: S608 - bench-owned SQL
        dict(params, template_id=template_id),
    )
    return cr.rowcount


def generate(env, n_orders):
    cr = env.cr
    cr.execute("SELECT count(*) FROM sale_order WHERE name LIKE 'BENCH/%%'")
    if cr.fetchone()[0] >= n_orders:
        print(f"data: {n_orders} bench orders already there")
        return
    started = time.perf_counter()
    cr.execute("SELECT setseed(0.42)")
    cn = env.ref("base.cn")
    state_ids = env["res.country.state"].search([("country_id", "=", cn.id)]).ids
    n_shoppers = max(n_orders // 4, 10)
    # Templates made with the ORM.
    shopper = env["res.partner"].create(
        {"name": "BENCH shopper", "mall_is_shopper": True}
    )
    products = env["product.product"].create(
        [
            {"name": f"BENCH 商品 {i}", "list_price": 10 + i, "taxes_id": False}
            for i in range(50)
        ]
    )
    sources = env["utm.source"].create([{"name": f"BENCH 渠道 {i}"} for i in range(6)])
    shops = env["mall.shop"].search([], limit=3)
    order = env["sale.order"].create(
        {
            "partner_id": shopper.id,
            "order_line": [(0, 0, {"product_id": products[0].id, "price_unit": 10})],
        }
    )
    env.flush_all()
    params = {
        "states": state_ids,
        "cities": CITIES,
        "products": products.ids,
        "templates": products.product_tmpl_id.ids,
        "sources": sources.ids,
        "shops": shops.ids or [None],
        "n": n_orders,
        "n_shoppers": n_shoppers,
    }
    _clone(
        cr,
        "res_partner",
        shopper.id,
        {
            "name": "'BENCH 顾客 ' || src.g",
            "state_id": "src.state_id",
            "country_id": str(cn.id),
            "city": "src.city",
            "create_date": "now() - random() * interval '120 days'",
        },
        """SELECT g, {pick_state} AS state_id,
                  (%(cities)s::text[])[1 + floor(random() * 5)::int] AS city
             FROM generate_series(1, %(n_shoppers)s) g""".format(**PICKS),
        params,
    )
    cr.execute("SELECT array_agg(id) FROM res_partner WHERE name LIKE 'BENCH 顾客 %%'")
    params["partners"] = cr.fetchone()[0]
    # Orders: paid over the last 90 days.
    _clone(
        cr,
        "sale_order",
        order.id,
        {
            "name": "'BENCH/' || src.g",
            "partner_id": "src.partner_id",
            "partner_invoice_id": "src.partner_id",
            "partner_shipping_id": "src.partner_id",
            "date_order": "src.paid_at",
            "create_date": "src.paid_at",
            "mall_paid_at": "src.paid_at",
            "mall_payment_state": "src.payment",
            "source_id": "src.source_id",
            "mall_shop_id": "src.shop_id",
            "state": "'sale'",
            "access_token": "NULL",
        },
        """SELECT g,
                  {pick_partner} AS partner_id,
                  now() - random() * interval '90 days' AS paid_at,
                  CASE WHEN random() < 0.05 THEN 'refunded'
                       WHEN random() < 0.03 THEN 'partially_refunded'
                       ELSE 'paid' END AS payment,
                  CASE WHEN random() < 0.3 THEN NULL
                       ELSE {pick_source} END AS source_id,
                  {pick_shop} AS shop_id
             FROM generate_series(1, %(n)s) g""".format(**PICKS),
        params,
    )
    cr.execute(
        "CREATE TEMP TABLE bench_orders AS "
        "SELECT id FROM sale_order WHERE name LIKE 'BENCH/%%'"
    )
    line_id = order.order_line.id
    _clone(
        cr,
        "sale_order_line",
        line_id,
        {
            "order_id": "src.order_id",
            "product_id": "src.product_id",
            "product_uom_qty": "src.qty",
            "price_unit": "src.price",
            "price_subtotal": "src.qty * src.price",
            "price_total": "src.qty * src.price",
            "price_reduce_taxexcl": "src.price",
            "price_reduce_taxinc": "src.price",
            "price_tax": "0",
            "create_date": "now()",
        },
        """SELECT o.id AS order_id, p.product_id, p.qty, p.price
             FROM bench_orders o,
                  LATERAL (
                      SELECT {pick_product} AS product_id,
                             1 + floor(random() * 3) AS qty,
                             round((9.9 + random() * 190)::numeric, 2) AS price,
                             o.id AS oid
                        FROM generate_series(1, 1 + floor(random() * 3)::int)
                  ) p""".format(**PICKS),
        params,
    )
    cr.execute(
        """UPDATE sale_order so
              SET amount_untaxed = l.total, amount_total = l.total, amount_tax = 0,
                  mall_refunded_amount = CASE so.mall_payment_state
                      WHEN 'refunded' THEN l.total
                      WHEN 'partially_refunded' THEN round(l.total / 2, 2) ELSE 0 END
             FROM (SELECT order_id, sum(price_total) AS total FROM sale_order_line
                    WHERE order_id IN (SELECT id FROM bench_orders) GROUP BY order_id) l
            WHERE so.id = l.order_id"""
    )
    # Visits: footprints over 90 days.
    cr.execute(
        """INSERT INTO mall_footprint (partner_id, product_tmpl_id, day, viewed_at,
                                       create_uid, create_date, write_uid, write_date)
           SELECT p, t, d, d, 1, now(), 1, now() FROM (
               SELECT {pick_partner} AS p,
                      {pick_template} AS t,
                      (now() - random() * interval '90 days')::date AS d
                 FROM generate_series(1, %(n)s * 3)) f
           ON CONFLICT DO NOTHING""".format(**PICKS),
        params,
    )
    # Closed group buys.
    campaign = env["mall.groupbuy.campaign"].create(
        {
            "name": "BENCH 拼团",
            "product_tmpl_id": products[0].product_tmpl_id.id,
            "group_price": 9,
            "date_start": "2020-01-01 00:00:00",
            "date_end": "2099-01-01 00:00:00",
        }
    )
    group = env["mall.groupbuy.group"].create(
        {"campaign_id": campaign.id, "leader_id": shopper.id, "group_size": 3}
    )
    env.flush_all()
    _clone(
        cr,
        "mall_groupbuy_group",
        group.id,
        {
            "name": "'BENCH-G' || src.g",
            "leader_id": "src.partner_id",
            "state": "src.state",
            "closed_at": "src.closed_at",
        },
        """SELECT g,
                  {pick_partner} AS partner_id,
                  CASE WHEN random() < 0.7 THEN 'succeeded' ELSE 'failed' END AS state,
                  now() - random() * interval '90 days' AS closed_at
             FROM generate_series(1, %(n)s / 20) g""".format(**PICKS),
        params,
    )
    cr.execute("DROP TABLE bench_orders")
    env.invalidate_all()
    cr.execute("ANALYZE")
    cr.execute(
        "SELECT count(*) FROM sale_order_line "
        "WHERE order_id IN (SELECT id FROM sale_order WHERE name LIKE 'BENCH/%%')"
    )
    print(
        f"data: {n_orders} orders, {cr.fetchone()[0]} lines, {n_shoppers} shoppers "
        f"generated in {time.perf_counter() - started:.1f} s"
    )


def _timed(fn):
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def measure(registry, uid, runs):
    """{period: (cold ms, warm median ms)} of the dashboard."""
    results = {}
    for period in PERIODS:
        with registry.cursor() as cr:
            cr.execute("DISCARD PLANS")
            env = api.Environment(cr, uid, {"tz": "Asia/Shanghai", "lang": "zh_CN"})
            env.invalidate_all()
            cold = _timed(
                lambda env=env, p=period: env["mall.dashboard"]._mall_dashboard_data(p)
            )
            warm = [
                _timed(
                    lambda env=env, p=period: env[
                        "mall.dashboard"
                    ]._mall_dashboard_data(p)
                )
                for _ in range(runs)
            ]
            results[period] = (cold, statistics.median(warm))
    return results


def baselines(registry, uid, runs):
    """{period: (search_count ms, naive ORM ms scaled, orders)}."""
    out = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, {"tz": "Asia/Shanghai", "lang": "zh_CN"})
        Dashboard = env["mall.dashboard"]
        SaleOrder = env["sale.order"]
        for period in PERIODS:
            _prev, start, end, _days = Dashboard._mall_dashboard_bounds(period)
            domain = Dashboard._mall_dashboard_domains(start, end)["orders"]
            count = SaleOrder.search_count(domain)
            search_count = statistics.median(
                _timed(lambda d=domain: SaleOrder.search_count(d)) for _ in range(runs)
            )
            subset = min(count, 5000)

            def naive(domain=domain, subset=subset):
                env.invalidate_all()
                gmv, per_partner, per_product, per_state = 0.0, {}, {}, {}
                for order in SaleOrder.search(domain, limit=subset):
                    gmv += order.amount_total
                    per_partner[order.partner_id.id] = (
                        per_partner.get(order.partner_id.id, 0) + 1
                    )
                    state = order.partner_shipping_id.state_id.id
                    per_state[state] = per_state.get(state, 0) + order.amount_total
                    for line in order.order_line:
                        per_product[line.product_id.id] = (
                            per_product.get(line.product_id.id, 0) + line.price_total
                        )
                return gmv

            naive_ms = _timed(naive) * (count / subset if subset else 0)
            out[period] = (search_count, naive_ms, count)
    return out


def _print(title, dash, base):
    print(f"\n{title}")
    print(
        f"{'period':>6} {'orders':>7} {'cold ms':>8} {'warm ms':>8} "
        f"{'search_count ms':>16} {'naive ORM ms':>13} "
        f"{'warm/count':>10} {'naive/warm':>10}"
    )
    for period in PERIODS:
        cold, warm = dash[period]
        count_ms, naive_ms, count = base[period]
        print(
            f"{period:>6} {count:>7} {cold:>8.1f} {warm:>8.1f} {count_ms:>16.1f} "
            f"{naive_ms:>13.0f} {warm / count_ms:>10.1f} {naive_ms / warm:>10.0f}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", default="mall_bench_dash")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("-c", "--config", default="odoo.conf")
    parser.add_argument("--template", help="clone this database (mall installed)")
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not _db_exists(args.database):
        print(f"creating database {args.database}")
        _create_db(args)
    odoo.tools.config.parse_config(
        ["-c", args.config, "--addons-path", args.addons_path, "--log-level=warn"]
    )
    logging.getLogger("odoo").setLevel(logging.WARNING)
    registry = Registry(args.database)
    with registry.cursor() as cr:
        generate(
            api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True}), args.orders
        )
    uid = 2  # admin: a mall user
    base = baselines(registry, uid, args.runs)
    _print(
        "dashboard with the mall_paid_at index", measure(registry, uid, args.runs), base
    )
    with registry.cursor() as cr:
        cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'sale_order' "
            "AND indexdef LIKE '%%(mall_paid_at)%%'"
        )
        indexes = [i for (i,) in cr.fetchall()]
        cr.execute(
            "SELECT pg_get_indexdef(indexname::regclass) FROM pg_indexes "
            "WHERE indexname = ANY(%s)",
            (indexes,),
        )
        definitions = [d for (d,) in cr.fetchall()]
        for name in indexes:
            cr.execute(f'DROP INDEX "{name}"')
    if indexes:
        _print("dashboard without it", measure(registry, uid, args.runs), base)
        with registry.cursor() as cr:
            for definition in definitions:
                cr.execute(definition)
    else:
        print("\n(no mall_paid_at index to compare with)")


if __name__ == "__main__":
    main()
