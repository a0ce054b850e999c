"""Smoke test for bench/bench_mount.py: extra targets, figures in every column, a real profile."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_fuse_support import require_fuse

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench" / "bench_mount.py"
sys.path.insert(0, str(ROOT / "bench"))
from bench_mount import FSBENCH  # noqa: E402  (where the benchmark looks for fsbench)

COLUMNS = ["strongroom", "passthrough", "plain"]


def _mounts_under(folder: Path) -> list[str]:
    """Mount points inside `folder` (the bench's work folder lives there)."""
    mounts = Path("/proc/mounts").read_text().splitlines()
    points = [
        re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), line.split()[1]) for line in mounts
    ]
    return [p for p in points if Path(p).is_relative_to(folder)]


def _py_spy() -> str | None:
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.is_file() else shutil.which("py-spy")


def _can_trace_others() -> bool:
    """py-spy attaches to a process it did not start: root, or Yama's ptrace_scope 0."""
    if os.geteuid() == 0:
        return True
    try:
        return Path("/proc/sys/kernel/yama/ptrace_scope").read_text().strip() == "0"
    except OSError:
        return True


def _block(lines: list[str], workload: str) -> list[str]:
    """The profile section of one workload: from its `== name:` line to the next one."""
    start = next(i for i, line in enumerate(lines) if line.startswith(f"== {workload}:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("== ")), None)
    return lines[start:end]


@pytest.mark.slow
@pytest.mark.fuse
def test_bench_mount_targets_and_profile(tmp_path: Path) -> None:
    require_fuse()
    if not FSBENCH.is_file():
        pytest.skip(f"fsbench not found at {FSBENCH}")
    if _py_spy() is None:
        pytest.skip("py-spy is not installed")
    if not _can_trace_others():
        pytest.skip("py-spy may not attach to other processes here (ptrace_scope)")
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--quick",
            "--targets",
            ",".join(COLUMNS),
            "--only",
            "fsbench",
            "--workloads",
            "small,rand",
            "--rounds",
            "1",
            "--profile",
            "--dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=150,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    lines = run.stdout.splitlines()

    # The columns in the order asked for, each with a figure for every fsbench row.
    header = next(line for line in lines if line.startswith("metric"))
    assert header.split()[1:4] == COLUMNS
    for label in ("file creates (/s)", "stats (/s)", "random 4 KiB reads (IOPS)"):
        row = next((line for line in lines if line.startswith(label)), None)
        assert row is not None, f"no row {label!r} in:\n{run.stdout}"
        figures = row[len(label) :].split()[: len(COLUMNS)]
        assert all(float(cell.replace(",", "")) > 0 for cell in figures), row

    # Without a gocryptfs column no goal is judged, so both workloads run are profiled, each
    # with samples of the Strongroom mount process doing the workload's own FUSE requests.
    assert any(line.startswith("Profiles of the strongroom mount process") for line in lines)
    for workload, request in (("small", "create"), ("rand", "read")):
        block = _block(lines, workload)
        samples = re.match(rf"== {workload}: ([\d,]+) samples", block[0])
        assert samples and int(samples[1].replace(",", "")) > 0, block[0]
        callbacks = next(line for line in block if line.startswith("  in FUSE callbacks"))
        assert re.search(rf"[:,] {request} \d+\.\d%", callbacks), callbacks
        frames = [line for line in block if re.match(r"\s+\d+\.\d%  \S", line)]
        assert any("vaultengine/" in frame for frame in frames), "\n".join(block)
    assert "py-spy>" not in run.stdout  # py-spy's own output stays out of the report

    # Every mount is gone and the work folder removed.
    assert _mounts_under(tmp_path) == []
    assert list(tmp_path.iterdir()) == []
