"""Smoke test for bench/bench_mount.py: extra targets, figures in every column, a real profile."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.helpers.bench import ROOT, run_bench, table_row
from tests.helpers.mounts import mounts_under, require_fuse

sys.path.insert(0, str(ROOT / "bench"))
from _pyspy import Profile, profile_lines, where_spent
from bench_mount import FSBENCH  # where the benchmark looks for fsbench

# strongroom: the default (low-level) path; passthrough: the do-nothing low-level floor.
COLUMNS = ["strongroom", "strongroom-highlevel", "passthrough", "plain"]


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
    run = run_bench(
        "bench_mount.py",
        "--quick",
        "--targets",
        ",".join(COLUMNS),
        "--only",
        "fsbench,coldrand",
        "--workloads",
        "small,rand",
        "--rounds",
        "1",
        "--profile",
        "--dir",
        str(tmp_path),
    )
    lines = run.stdout.splitlines()

    # The columns in the order asked for, each with a figure for every fsbench row.
    header = next(line for line in lines if line.startswith("metric"))
    assert header.split()[1 : len(COLUMNS) + 1] == COLUMNS
    assert "HL/gocr" in header and "PT/gocr" in header  # the extra targets' ratio columns
    for label in (
        "file creates (/s)",
        "stats (/s)",
        "random 4 KiB reads (IOPS)",
        "random 4 KiB reads, other writer, cold (IOPS)",
    ):
        row = table_row(run.stdout, label)
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

    # The cold reads' file went with the rounds; every mount is gone and the work folder removed.
    assert mounts_under(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


def _stack(*frames: str) -> tuple[str, ...]:
    """A py-spy stack of the mount process's loop thread down to `frames`."""
    start = (
        "<module> (vaultengine/fuse/child.py:90)",
        "_serve (vaultengine/fuse/serve_loop.py:268)",
        "fuse_session_process_buf (libfuse3.so.3.14.0)",
        "0x7f70ba5d604a (libfuse3.so.3.14.0)",
        "0x7f70bb1c2a10 (libffi.so.8.1.2)",
    )
    return (*start, *frames)


def test_profile_names_the_requests_of_both_paths() -> None:
    """Samples inside a request count for that request on either path; other threads' waits
    for work are left out of the percentages, their work is not."""
    low = _stack(
        "LowLevelOperations._guarded.<locals>.call (vaultengine/fuse/lowlevel/ops.py:140)",
        "LowLevelOperations.op_read (vaultengine/fuse/lowlevel/ops.py:480)",
        "GcmContentCryptor.decrypt_chunks_into (vaultengine/crypto/content.py:366)",
    )
    high = _stack(
        "FUSE._wrapper (mfusepy.py:1479)",
        "FUSE.create (mfusepy.py:1800)",
        "VaultOperations.create (vaultengine/fuse/adapter.py:500)",
    )
    guard = _stack(
        "LowLevelOperations._guarded.<locals>.call (vaultengine/fuse/lowlevel/ops.py:143)",
        "LowLevelOperations._answer_failure (vaultengine/fuse/lowlevel/ops.py:150)",
    )
    spin = (*_stack()[:2], "select_poll_poll (selectmodule.c.h:223)", "poll (libc.so.6)")
    thread = ("_bootstrap (threading.py:995)", "Thread.run (threading.py:982)")
    notifier = (*thread, "KernelNotifier._run (vaultengine/fuse/lowlevel/notifier.py:109)")
    waiting = (
        *notifier,
        "Queue.get (queue.py:171)",
        "Condition.wait (threading.py:327)",
        "lock_PyThread_acquire_lock (libpython3.11.so.1.0)",
        "pthread_cond_timedwait (libc.so.6)",
        "0x7f70bb4a3f16 (libc.so.6)",
    )
    storing = (
        *notifier,
        "KernelNotifier._store (vaultengine/fuse/lowlevel/notifier.py:137)",
        "fuse_lowlevel_notify_store (libfuse3.so.3.14.0)",
        "writev (libc.so.6)",
    )
    assert where_spent(low) == ("callback", "read")
    assert where_spent(high) == ("callback", "create")
    assert where_spent(guard) == ("callback", "(the handlers' guard)")
    assert where_spent(spin) == ("loop", "poll (spin)")
    assert where_spent(waiting) == ("idle", "")
    assert where_spent(storing) == ("other", "KernelNotifier._run")

    stacks = [(low, 50), (high, 20), (spin, 20), (storing, 10), (waiting, 900)]
    lines = profile_lines(Profile("rand", "asked for", stacks, 1.0, ""))
    assert lines[0].startswith("== rand: 100 samples (900 more of other threads waiting")
    callbacks = next(line for line in lines if line.startswith("  in FUSE callbacks"))
    assert callbacks == "  in FUSE callbacks 70.0%: read 50.0%, create 20.0%"
    others = next(line for line in lines if line.startswith("  in other threads"))
    assert others == "  in other threads 10.0%: KernelNotifier._run 10.0%"
