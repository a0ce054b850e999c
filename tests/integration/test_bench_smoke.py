"""Smoke test for bench/bench_engine.py: --quick runs every part end to end and prints the table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_engine_quick_prints_the_table(tmp_path: Path) -> None:
    # The tree part compares against pycryptomator; without it the benchmark cannot run whole.
    pytest.importorskip("pycryptomator")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "bench_engine.py"),
            "--quick",
            "--workdir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    header = next((line for line in lines if line.startswith("workload")), None)
    assert header is not None, run.stdout
    assert header.split() == ["workload", "strongroom", "baseline", "ratio", "goal", "met?"]
    # One row per workload, each with a figure (only that there is one: never how fast).
    for label, unit in (
        ("write 8 MiB via API", "MB/s"),
        ("read 8 MiB via API", "MB/s"),
        ("import tree (100 files", "files/s"),
        ("export tree (100 files", "files/s"),
        ("peak RSS importing a 32 MiB file", " MB"),
    ):
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, f"no row for {label!r} in:\n{run.stdout}"
        assert unit in row
    # The benchmark cleans its temporary folder up.
    assert list(tmp_path.iterdir()) == []
