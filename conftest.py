# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fail a test that logs an ERROR, or a WARNING from a mall module.

OCA's CI treats such log lines as failures: an error swallowed and logged is
still an error. Tests that expect one silence it with Odoo's ``mute_logger``
or assert it with ``assertLogs``; neither reaches the root logger.
"""

import logging

import pytest


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        if record.levelno >= logging.ERROR or (
            record.name.startswith("odoo.addons.mall_")
        ):
            self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_bad_logs(request):
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if collector.records:
        lines = "\n".join(
            f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records[:20]
        )
        pytest.fail(f"the test logged errors or mall warnings:\n{lines}", pytrace=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_collection(session):
    """Import test modules in test mode, as Odoo's own runner does.

    ``odoo.tests`` logs an error when imported outside test mode. pytest-odoo
    turns test mode on only around each test module, because the registry it
    loads after collection would otherwise run Odoo's install-time tests.
    """
    try:
        from odoo.tools import config
    except ImportError:
        yield
        return
    previous = config["test_enable"]
    config["test_enable"] = True
    try:
        yield
    finally:
        config["test_enable"] = previous
