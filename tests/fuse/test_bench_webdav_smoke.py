"""Smoke test for bench/bench_webdav.py: --quick serves both folders, mounts the vault with FUSE
for the comparison column, prints a figure in every cell and leaves no mount behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.bench import run_bench, table_row
from tests.helpers.mounts import require_fuse


@pytest.mark.slow
@pytest.mark.fuse
@pytest.mark.webdav
def test_bench_webdav_quick_prints_strongroom_plain_and_fuse_columns() -> None:
    require_fuse()
    run = run_bench("bench_webdav.py", "--quick")
    header = next(line for line in run.stdout.splitlines() if line.startswith("workload"))
    assert header.split()[-2:] == ["FUSE", "mount"]
    for label in ("PUT 16 MiB", "GET 16 MiB", "PROPFIND depth 1, 500"):
        row = table_row(run.stdout, label)
        cells = row.split(")", 1)[1].split()
        figures = [cells[0], cells[1], cells[2], cells[-1]]  # strongroom, plain, ratio, FUSE
        assert all(float(cell) > 0 for cell in figures), row
    mounts = Path("/proc/self/mounts").read_text()
    assert "bench-webdav-" not in mounts
