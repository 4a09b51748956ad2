# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benches share: the processes they run (the database they install,
Odoo in multi-worker (prefork) mode on loopback, a private Redis) and
helpers of the addons' tests they load.

The bench scripts (``python3 bench/<x>.py``) import it as ``_odoo``.
"""

import argparse
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = "mall_catalog,mall_payment,mall_loyalty,mall_groupbuy,mall_miniprogram"


def addons_path():
    out = subprocess.run(
        ["bash", "-c", f"source {ROOT}/bin/_env.sh && odoo_addons_path"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def load(path):
    """The Python file ``path`` (in the repository) as a module, without its
    package: an addon's ``tests/__init__.py`` imports all its tests."""
    spec = importlib.util.spec_from_file_location(Path(path).stem, ROOT / path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def odoo_cmd(args):
    return [sys.executable, "-m", "odoo", *args]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port, proc=None, seconds=120):
    """Until something listens on ``port``; ``SystemExit`` if ``proc`` exits
    first or nothing does within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"process exited ({proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing listens on port {port}")


def stop(procs, sig=signal.SIGTERM, seconds=30):
    """``procs`` sent ``sig`` (Odoo stops gracefully on SIGINT or SIGTERM),
    killed if still running after ``seconds``."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(sig)
    for proc in procs:
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def ensure_database(
    addons,
    db,
    modules=MODULES,
    marker="mall_miniprogram",
    what="the mall and its demo data; a minute or two",
):
    """``db`` with ``modules`` installed, unless ``marker`` already is."""
    exists = subprocess.run(
        [
            "psql",
            "-d",
            db,
            "-Atc",
            "select 1 from ir_module_module "
            f"where name = '{marker}' and state = 'installed'",
        ],
        capture_output=True,
        text=True,
    )
    if exists.stdout.strip() == "1":
        return
    print(f"creating {db} ({what})...")
    subprocess.run(
        odoo_cmd(
            [
                "-c",
                str(ROOT / "odoo.conf"),
                f"--addons-path={addons}",
                "-d",
                db,
                "-i",
                modules,
                "--stop-after-init",
                "--log-level=warn",
                "--max-cron-threads=0",
            ]
        ),
        check=True,
        cwd=ROOT,
    )


def conf_file(redis):
    """A copy of odoo.conf, with its ``mall_redis_url`` commented out unless
    ``redis``; the caller unlinks it."""
    conf = Path(tempfile.mkstemp(suffix=".conf")[1])
    text = (ROOT / "odoo.conf").read_text()
    if not redis:
        text = text.replace("mall_redis_url = ", "; mall_redis_url = ")
    conf.write_text(text)
    return conf


def child_env():
    """This environment without ``MALL_REDIS_URL`` (the config file decides)."""
    return {k: v for k, v in os.environ.items() if k != "MALL_REDIS_URL"}


class OdooServer:
    """Odoo serving ``db`` in multi-worker (prefork) mode on loopback, started
    at once; ``wait()`` until it listens, ``stop()`` it. ``options`` are added
    to the command line (limits, cron threads, log file...)."""

    def __init__(self, addons, db, workers, options=(), conf=None, env=None):
        self.port = free_port()
        self.proc = subprocess.Popen(
            odoo_cmd(
                [
                    "-c",
                    str(conf or ROOT / "odoo.conf"),
                    f"--addons-path={addons}",
                    "-d",
                    db,
                    f"--db-filter=^{db}$",
                    "--http-interface=127.0.0.1",
                    f"--http-port={self.port}",
                    f"--workers={workers}",
                    "--log-level=warn",
                    *options,
                ]
            ),
            cwd=ROOT,
            env=child_env() if env is None else env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.db = db
        self.url = f"http://127.0.0.1:{self.port}"

    def wait(self, seconds=120):
        wait_port(self.port, self.proc, seconds)

    def wait_health(self, seconds=120):
        """Until the API's health route answers; stopped, ``SystemExit`` if it
        does not within ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"{self.url}/mall/api/v1/health", timeout=5
                ):
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"Odoo did not start on {self.db}")

    def pids(self):
        """The server and its workers (children)."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        try:
            kids = [int(p) for p in children.read_text().split()]
        except OSError:
            kids = []
        return [self.proc.pid, *kids]

    def stop(self):
        stop([self.proc], signal.SIGINT)


class Local:
    """The bench's own access to ``db``, in this process; ``options`` are
    added to Odoo's configuration."""

    def __init__(self, addons, db, options=(), conf=None):
        import odoo

        self.odoo = odoo
        odoo.tools.config.parse_config(
            [
                "-c",
                str(conf or ROOT / "odoo.conf"),
                f"--addons-path={addons}",
                "-d",
                db,
                *options,
            ]
        )
        self.db = db
        self.registry = odoo.modules.registry.Registry(db)

    def run(self, func):
        """``func(env)`` as the superuser, committed."""
        with self.registry.cursor() as cr:
            env = self.odoo.api.Environment(
                cr, self.odoo.SUPERUSER_ID, {"tracking_disable": True}
            )
            result = func(env)
            cr.commit()
            return result


def race_parser(description):
    """The options of the race benches naming their database."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("-c", "--config", default="odoo.conf")
    return parser


def race_registry(args):
    """The registry of the race benches' database (see ``race_parser``) and
    mall_groupbuy's ``tests/race.py``."""
    local = Local(args.addons_path, args.database, ["--log-level=warn"], args.config)
    return local.registry, load("addons/mall_groupbuy/tests/race.py")


class Redis:
    """A private redis-server on a free port."""

    def __init__(self):
        self.port = free_port()
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_port(self.port, self.proc)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
