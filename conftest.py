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


def _not_the_framework_import_notice(record):
    # pytest-odoo imports odoo.tests before it turns Odoo's test mode on (it
    # must: the registry it loads would otherwise run Odoo's install-time
    # tests), and odoo.tests logs this as an error when outside test mode.
    return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_not_the_framework_import_notice)


def pytest_terminal_summary(terminalreporter):
    """Say how many of the tests ran inside Odoo (addons/*/tests)."""
    counts = {"odoo": 0, "plain": 0}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) == "call":
                kind = "odoo" if report.nodeid.startswith("addons/") else "plain"
                counts[kind] += 1
    terminalreporter.write_line(
        f"Odoo tests run (TransactionCase, HttpCase): {counts['odoo']}; "
        f"plain tests run: {counts['plain']}"
    )
