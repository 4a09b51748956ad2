# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The installed Python packages are the pinned ones.

The payment SDKs, left unpinned, pull cryptography and pyOpenSSL releases
with which Odoo 18 no longer starts; a drift here is caught before it bites.
"""

import importlib
import re
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")


def pins(filename, seen=None):
    seen = set() if seen is None else seen
    result = {}
    for line in (ROOT / filename).read_text().splitlines():
        line = line.strip()
        if line.startswith("-r "):
            included = line[3:].strip()
            if included not in seen:
                seen.add(included)
                result.update(pins(included, seen))
        elif match := PIN.match(line):
            result[match.group(1).split("[")[0]] = match.group(2)
    return result


def _normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


ALL_PINS = pins("requirements-test.txt")


def test_requirement_files_pin_the_critical_set():
    for name, version in {
        "cryptography": "42.0.8",
        "pyOpenSSL": "24.1.0",
        "urllib3": "2.0.7",
    }.items():
        assert ALL_PINS[name] == version


@pytest.mark.parametrize("name", sorted(ALL_PINS, key=str.lower))
def test_installed_version_matches_pin(name):
    installed = metadata.version(_normalise(name))
    assert installed == ALL_PINS[name], (
        f"{name} {installed} installed, {ALL_PINS[name]} pinned"
    )


@pytest.mark.parametrize(
    "module",
    # urllib3.contrib.pyopenssl is what broke Odoo's start with cryptography 50.
    ["odoo.http", "urllib3.contrib.pyopenssl", "alipay", "wechatpy", "wechatpayv3"],
)
def test_sdks_import_beside_odoo(module):
    importlib.import_module(module)
