#!/usr/bin/env python3
# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""First-screen budget of the mini-program's H5 build, in one run: the API
payloads of the home and list pages (raw and gzipped, bytes per product card)
against the full product detail as the baseline, and the H5 first contentful
paint in headless Chromium for home and list against the detail page,
unthrottled and on an emulated "Fast 3G" link.

    python3 bench/miniprogram_first_screen.py [--db mall_bench] [--url URL] [--runs 3]

Starts Odoo on loopback on ``--db`` (a database with mall_miniprogram and
its demo data; bench/catalog.py creates ``mall_bench``) unless ``--url``
names a running one, builds the H5 site into a temporary directory, serves
it with the API on one origin (tests/standins/h5_proxy.py), and drives
Chromium through ``miniprogram/tests/e2e/first-screen.mjs``. Needs
``/usr/bin/chromium`` and ``npm ci`` in miniprogram/.
"""

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "miniprogram"
sys.path.insert(0, str(ROOT))

from _odoo import OdooServer, addons_path  # noqa: E402

from tests.standins.h5_proxy import H5Proxy  # noqa: E402

API = "/mall/api/v1"
HEADERS = {"X-Mall-Platform": "h5"}
ROUTES = {
    "home: categories": "/categories",
    "home: new (8 cards)": "/products?new=true&sort=newest&page_size=8&image_size=256",
    "home: hot (10 cards)": "/products?sort=sales&page_size=10&image_size=512",
    "list: first page (20 cards)": "/products?page_size=20&image_size=512",
}


def start_odoo(db):
    server = OdooServer(
        addons_path(), db, 2, ["--max-cron-threads=0"], env=dict(os.environ)
    )
    server.wait_health()
    return server, server.url


def kib(n):
    return f"{n / 1024:.1f} KiB"


def payloads(base):
    """Home and list API answers, then the product detail as the baseline."""
    rows, cards = [], []
    for name, path in ROUTES.items():
        body = requests.get(base + API + path, headers=HEADERS, timeout=30).content
        data = json.loads(body)["data"]
        is_cards = isinstance(data, list) and data and "price" in data[0]
        per_card = len(body) // len(data) if is_cards else None
        if is_cards:
            cards.extend(data)
        rows.append((name, len(body), len(gzip.compress(body)), per_card))
    product_id = cards[-1]["id"]  # a card of the list page
    detail = requests.get(
        f"{base}{API}/products/{product_id}", headers=HEADERS, timeout=30
    ).content
    return rows, (len(detail), len(gzip.compress(detail))), product_id


def build_h5(out):
    env = dict(os.environ, NO_COLOR="1", CI="1")
    env.pop("VITE_MALL_API_BASE", None)
    subprocess.run(
        [str(APP / "node_modules" / ".bin" / "uni"), "build", "--outDir", out],
        cwd=APP,
        env=env,
        check=True,
        capture_output=True,
    )
    assets = Path(out) / "assets"
    total = gz = 0
    for f in assets.iterdir():
        if f.suffix in (".js", ".css"):
            data = f.read_bytes()
            total += len(data)
            gz += len(gzip.compress(data))
    return total, gz


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="mall_bench")
    parser.add_argument("--url", help="a running Odoo (skips starting one)")
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page")
    args = parser.parse_args()

    server = None
    base = args.url
    if not base:
        server, base = start_odoo(args.db)
    try:
        with tempfile.TemporaryDirectory(prefix="mall-fcp-") as tmp:
            started = time.monotonic()
            js_css, js_css_gz = build_h5(os.path.join(tmp, "h5"))
            print(
                f"H5 built in {time.monotonic() - started:.1f} s: JS+CSS {kib(js_css)}"
                f" ({kib(js_css_gz)} gzipped)"
            )
            rows, detail, product_id = payloads(base)
            print(f"\nAPI payloads (Odoo at {base})")
            print(f"{'route':32} {'raw':>10} {'gzip':>10} {'per card':>9}")
            total = total_gz = 0
            for name, raw, gz, per_card in rows:
                total += raw
                total_gz += gz
                card = f"{per_card} B" if per_card else ""
                print(f"{name:32} {kib(raw):>10} {kib(gz):>10} {card:>9}")
            print(f"{'home + list':32} {kib(total):>10} {kib(total_gz):>10}")
            print(
                f"{'baseline: one product detail':32} {kib(detail[0]):>10} "
                f"{kib(detail[1]):>10}   (a card is "
                f"{rows[-1][3] / detail[0]:.0%} of it)"
            )
            with H5Proxy(os.path.join(tmp, "h5"), base.rsplit(":", 1)[1]) as site:
                proc = subprocess.run(
                    [
                        "node",
                        str(APP / "tests" / "e2e" / "first-screen.mjs"),
                        site,
                        str(args.runs),
                        str(product_id),
                    ],
                    cwd=APP,
                    capture_output=True,
                    text=True,
                    timeout=900,
                    check=False,
                )
            if proc.returncode:
                raise SystemExit(f"first-screen.mjs failed:\n{proc.stderr[-3000:]}")
            line = next(
                x for x in proc.stdout.splitlines() if x.startswith("FIRST_SCREEN ")
            )
            result = json.loads(line.removeprefix("FIRST_SCREEN "))
            print(f"\nH5 in Chromium, cold, median of {args.runs} loads")
            print(
                f"{'network':12} {'page':18} {'FCP':>8} {'1st card':>9} {'bytes':>10}"
            )
            for network in ("unthrottled", "fast-3g"):
                for page, m in result[network].items():
                    label = "detail (baseline)" if page == "detail" else page
                    print(
                        f"{network:12} {label:18} {m['fcp_ms']:>6} ms"
                        f" {m['ready_ms']:>6} ms {kib(m['bytes']):>10}"
                    )
    finally:
        if server:
            server.stop()


if __name__ == "__main__":
    main()
