# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pure helpers of bench/purchase_path.py (the bench itself runs on
demand: docs/benchmarks.md)."""

import importlib.util
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location(
    "purchase_path", ROOT / "bench" / "purchase_path.py"
)
purchase_path = importlib.util.module_from_spec(spec)
spec.loader.exec_module(purchase_path)


def test_percentile_nearest_rank():
    values = [0.1 * i for i in range(1, 101)]
    assert purchase_path.percentile(values, 0.5) == values[49]
    assert purchase_path.percentile(values, 0.99) == values[98]
    assert purchase_path.percentile([3.0], 0.99) == 3.0
    assert purchase_path.percentile([], 0.5) == 0.0


def test_stats_count_errors_by_route_and_code():
    stats = purchase_path.Stats()
    stats.record("POST /checkout", 0.2, 201, None)
    stats.record("POST /checkout", 0.3, 409, "OUT_OF_STOCK")
    stats.record("POST /checkout", 0.4, None, "ClientOSError")
    stats.orders = 1
    assert stats.errors == 2
    assert stats.codes == {
        "POST /checkout: OUT_OF_STOCK": 1,
        "POST /checkout: ClientOSError": 1,
    }
    table = stats.table()
    assert "POST /checkout" in table[1] and " 3 " in table[1]
    assert "orders     1" in purchase_path.progress_line(stats)


def test_cpu_seconds_of_this_process():
    cpu = purchase_path.cpu_seconds([os.getpid(), 0])
    assert list(cpu) == [os.getpid()]
    assert cpu[os.getpid()] >= 0
