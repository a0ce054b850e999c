"""Shared helpers for the bench/ scripts: timing, child peak-RSS measurement, table printing,
dropping the page cache."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass

MB = 1_000_000  # figures are printed in decimal MB (and MB/s), the unit the goals are stated in
MIB = 1024 * 1024


class Stopwatch:
    """`with Stopwatch() as sw: ...` then `sw.seconds` (perf_counter, wall time)."""

    seconds: float = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


@dataclass(frozen=True)
class ChildRun:
    """How a measured child process ended."""

    returncode: int
    seconds: float
    peak_rss_bytes: int  # the command's own peak RSS (ru_maxrss via a clean launcher)
    stdout: str
    stderr: str


# Linux carries the parent's RSS high-water mark into a forked child's ru_maxrss (the exec'd
# child's figure starts at its parent's peak), so a benchmark holding hundreds of MB would see
# that in every child. A small launcher in between starts from a fresh ~10 MB image: it runs the
# command, then reports the command's own ru_maxrss on a pipe.
_LAUNCHER = """
import os, subprocess, sys
fd = int(sys.argv[1])
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
os.write(fd, b"%d" % usage.ru_maxrss)
sys.exit(proc.returncode if proc.returncode >= 0 else 128 - proc.returncode)
"""


def run_measured(
    cmd: Sequence[str],
    *,
    stdin_data: bytes = b"",
    cwd: str | None = None,
    env: dict[str, str] | None = None,
) -> ChildRun:
    """Run cmd to completion and return its exit code, wall time and its own peak RSS.

    The launcher adds ~20 ms of Python start-up to `seconds` (the same for every command).
    Output goes to temp files, so a chatty command cannot fill a pipe and stall.
    """
    read_fd, write_fd = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        launcher = [sys.executable, "-c", _LAUNCHER, str(write_fd), *cmd]
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                launcher,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=err,
                cwd=cwd,
                env=env,
                pass_fds=(write_fd,),
            )
        finally:
            os.close(write_fd)
        try:
            proc.communicate(stdin_data)
        finally:
            with os.fdopen(read_fd, "rb") as report:
                peak_kib = report.read()
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        return ChildRun(
            returncode=proc.returncode,
            seconds=seconds,
            peak_rss_bytes=int(peak_kib or b"0") * 1024,  # Linux reports KiB; 0 if none came
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
        )


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with a header rule; columns padded to their widest cell."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def drop_page_cache(path: str | os.PathLike[str]) -> bool:
    """sync, then drop the whole page cache, dentries and inodes (root only: True); else only
    the file's pages as the mount shows them (POSIX_FADV_DONTNEED: False)."""
    os.sync()
    try:
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
        return True
    except OSError:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
        return False
