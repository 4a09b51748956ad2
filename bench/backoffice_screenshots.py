#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Back-office screenshots for the README, in Chinese: the dashboard (数据看板)
and the queue of orders to ship.

    source bin/_env.sh && python3 bench/backoffice_screenshots.py \\
        --addons-path "$(odoo_addons_path)" [-d mall_screenshots] \\
        [--template scratch_dash] [--seed 60] [--port 8079] [--out docs/screenshots]

The database is cloned from ``--template`` (one with the mall and its demo
data) unless it exists. It writes to it: use a throwaway one. The admin's
language becomes zh_CN and, when the database has no paid order yet,
``--seed`` paid orders spread over the last 30 days are created (half of
them shipped). Then it starts
Odoo on ``--port``, signs in as admin/admin in headless Chromium
(playwright-core from miniprogram/node_modules, /usr/bin/chromium), saves
dashboard.png and orders.png and shrinks them to a 256-colour palette.
"""

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NODE_SCRIPT = r"""
const {chromium} = require("playwright-core");
const [base, out] = process.argv.slice(1);
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.MALL_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
  });
  const page = await browser.newPage({
    viewport: {width: 1366, height: 860},
    locale: "zh-CN",
  });
  await page.goto(`${base}/web/login`);
  await page.fill("input[name=login]", "admin");
  await page.fill("input[name=password]", "admin");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  const shots = [
    ["dashboard", "/odoo/action-mall_miniprogram.mall_dashboard_action",
     ".o_mall_dashboard .o_mall_hot_products"],
    ["orders", "/odoo/action-mall_miniprogram.sale_order_action_to_ship",
     ".o_list_view .o_data_row"],
  ];
  for (const [name, path, ready] of shots) {
    await page.goto(`${base}${path}`);
    await page.locator(ready).first().waitFor({timeout: 60000});
    await page.waitForTimeout(1500);
    await page.screenshot({path: `${out}/${name}.png`});
  }
  await browser.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
"""


def seed(env, count):
    """``count`` paid mini-program orders over 30 days; half are shipped."""
    Order = env["sale.order"].with_context(mall_risk_defer=True, tracking_disable=True)
    if Order.search_count([("mall_paid_at", "!=", False)]):
        return 0
    rng = random.Random(618)
    shop = env["mall.shop"].search([], limit=1)
    products = env["product.product"].search(
        [("sale_ok", "=", True), ("type", "=", "consu"), ("list_price", ">", 0)],
        limit=12,
    )
    cn = env.ref("base.cn")
    states = env["res.country.state"].search([("country_id", "=", cn.id)], limit=12)
    names = "王芳 李娜 张伟 刘洋 陈静 杨帆 赵磊 黄敏 周杰 吴霞 徐丽 孙强".split()
    shoppers = env["res.partner"].create(
        [
            {
                "name": name,
                "mall_is_shopper": True,
                "country_id": cn.id,
                "state_id": rng.choice(states).id,
                "city": "市区",
            }
            for name in names
        ]
    )
    now = time.time()
    for index in range(count):
        order = Order.create(
            {
                "partner_id": rng.choice(shoppers).id,
                "mall_shop_id": shop.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": product.id,
                            "product_uom_qty": rng.randint(1, 3),
                        },
                    )
                    for product in rng.sample(list(products), rng.randint(1, 2))
                ],
            }
        )
        order.action_confirm()
        checkout = env["mall.checkout"].create({"partner_id": order.partner_id.id})
        order.mall_checkout_id = checkout
        checkout._mall_mark_paid()
        age = timedelta(seconds=rng.uniform(0, 30 * 86400) if index % 4 else 3600)
        order.flush_recordset()
        env.cr.execute(
            "UPDATE sale_order SET mall_paid_at = now() at time zone 'UTC' - %s,"
            " date_order = now() at time zone 'UTC' - %s WHERE id = %s",
            (age, age, order.id),
        )
        if index % 2:
            env.cr.execute(
                "UPDATE sale_order SET mall_shipped_at = mall_paid_at WHERE id = %s",
                (order.id,),
            )
    env.invalidate_all()
    print(f"seeded {count} paid orders in {time.time() - now:.1f} s")
    return count


def prepare(args, clone):
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    config = odoo.tools.config
    config.parse_config(
        ["-c", str(ROOT / "odoo.conf"), "--addons-path", args.addons_path]
    )
    if clone:
        subprocess.run(["createdb", "-T", args.template, args.database], check=True)
        shutil.copytree(
            config.filestore(args.template), config.filestore(args.database)
        )
    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["res.lang"]._activate_lang("zh_CN")
        env.ref("base.user_admin").lang = "zh_CN"
        if args.seed:
            seed(env, args.seed)


def wait_port(port, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit(f"Odoo did not listen on port {port}")


def shrink(path):
    from PIL import Image

    image = Image.open(path).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        path, optimize=True
    )
    return path.stat().st_size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("-d", "--database", default="mall_screenshots")
    parser.add_argument("--template", default="scratch_dash")
    parser.add_argument("--seed", type=int, default=60)
    parser.add_argument("--port", type=int, default=8079)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    exists = subprocess.run(
        ["psql", "-Atqc", "SELECT 1", args.database], capture_output=True, check=False
    )
    prepare(args, clone=bool(exists.returncode))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            str(ROOT / "odoo.conf"),
            "--addons-path",
            args.addons_path,
            "-d",
            args.database,
            "--db-filter",
            f"^{args.database}$",
            "--http-port",
            str(args.port),
            "--max-cron-threads",
            "0",
            "--log-level",
            "warn",
        ],
        cwd=ROOT,
    )
    try:
        wait_port(args.port)
        start = time.time()
        subprocess.run(
            ["node", "-e", NODE_SCRIPT, f"http://127.0.0.1:{args.port}", str(out)],
            cwd=ROOT / "miniprogram",
            check=True,
            env=dict(os.environ),
        )
        sizes = {name: shrink(out / f"{name}.png") for name in ("dashboard", "orders")}
        print(json.dumps({"seconds": round(time.time() - start, 1), "bytes": sizes}))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
