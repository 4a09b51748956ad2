# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Start Odoo as a user does (``python3 -m odoo -c odoo.conf``) on the test
database and use it: health, the API, and the back office's Mall menu."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("MALL_TEST_DB")
ADDONS_PATH = os.environ.get("MALL_ADDONS_PATH")

pytestmark = pytest.mark.skipif(
    not (DB and ADDONS_PATH), reason="run by bin/test, which installs the test database"
)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _odoo_server(*database_args):
    """A server started from odoo.conf, as a user does; its base URL."""
    port = _free_port()
    log_path = Path(tempfile.mkstemp(prefix="mall-odoo-", suffix=".log")[1])
    log = log_path.open("w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            str(ROOT / "odoo.conf"),
            f"--addons-path={ADDONS_PATH}",
            *database_args,
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--max-cron-threads=0",
            "--log-level=warn",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, "Odoo exited while starting"
            try:
                if requests.get(f"{base}/web/health", timeout=2).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.5)
        else:
            pytest.fail("Odoo did not answer within 90 s")
        yield base
    finally:
        # What the server logged while serving, before the noise of shutdown.
        output = log_path.read_text()
        process.terminate()
        process.wait(timeout=30)
        log.close()
        log_path.unlink()
        assert " ERROR " not in output and "Traceback" not in output, output[-3000:]


@pytest.fixture(scope="module")
def server():
    with _odoo_server("-d", DB, f"--db-filter=^{DB}$") as base:
        yield base


def test_api_health(server):
    response = requests.get(f"{server}/mall/api/v1/health", timeout=10)
    assert response.status_code == 200
    health = response.json()["data"]
    assert health["database"]["ok"] is True
    assert health["redis"] == {
        **health["redis"],
        "configured": True,
        "ok": True,
        "error": None,
    }


def test_back_office_serves_the_mall_menu(server):
    session = requests.Session()
    response = session.post(
        f"{server}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": DB, "login": "admin", "password": "admin"},
        },
        timeout=30,
    )
    assert response.json()["result"]["uid"], response.text
    menus = session.get(f"{server}/web/webclient/load_menus/1", timeout=60).json()
    root = next(
        m for m in menus.values() if m.get("xmlid") == "mall_catalog.mall_menu_root"
    )
    children = {menus[str(c)]["xmlid"] for c in root["children"]}
    assert {
        "mall_catalog.mall_menu_orders",
        "mall_catalog.mall_menu_products",
        "mall_catalog.mall_menu_marketing",
        "mall_catalog.mall_menu_members",
        "mall_catalog.mall_menu_content",
        "mall_catalog.mall_menu_config",
    } <= children
    page = session.get(f"{server}/odoo", timeout=60)
    assert page.status_code == 200 and "odoo" in page.text.lower()


def test_api_answers_json_without_a_database():
    """No database to serve (none matches the filter, as while PostgreSQL is
    down): the API answers its JSON 503 that clients retry, because odoo.conf
    loads mall_miniprogram server-wide; the rest of Odoo is unchanged."""
    with _odoo_server("--db-filter=^mall_no_such_database$") as base:
        response = requests.post(f"{base}/mall/api/v1/checkout", json={}, timeout=10)
        assert response.status_code == 503
        assert response.headers["Content-Type"].startswith("application/json")
        assert response.headers["Retry-After"] == "5"
        assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
        assert requests.get(f"{base}/mall/nothing", timeout=10).status_code == 404
