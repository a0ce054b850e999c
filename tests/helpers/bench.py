"""Running a bench/ script in the smoke tests and reading its printed table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A guard against a hung benchmark only: the --quick runs are bounded by their own sizes.
HANG_GUARD_S = 1200


def run_bench(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """bench/<script> with `args`, from the repository root; fails with the output's tail."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return run


def table_row(stdout: str, label: str) -> str:
    """The printed table's row that starts with `label`."""
    row = next((line for line in stdout.splitlines() if line.startswith(label)), None)
    assert row is not None, f"no row {label!r} in:\n{stdout}"
    return row
