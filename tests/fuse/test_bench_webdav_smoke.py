"""Smoke test for bench/bench_webdav.py: --quick serves both folders, mounts the vault with FUSE
for the comparison column, prints a figure in every cell and leaves no mount behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.mounts import require_fuse

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.fuse
@pytest.mark.webdav
def test_bench_webdav_quick_prints_strongroom_plain_and_fuse_columns() -> None:
    require_fuse()
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_webdav.py"), "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = run.stdout.splitlines()
    header = next(line for line in lines if line.startswith("workload"))
    assert header.split()[-2:] == ["FUSE", "mount"]
    for label in ("PUT 16 MiB", "GET 16 MiB", "PROPFIND depth 1, 500"):
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, f"no row {label!r} in:\n{run.stdout}"
        cells = row.split(")", 1)[1].split()
        figures = [cells[0], cells[1], cells[2], cells[-1]]  # strongroom, plain, ratio, FUSE
        assert all(float(cell) > 0 for cell in figures), row
    mounts = Path("/proc/self/mounts").read_text()
    assert "bench-webdav-" not in mounts
