"""Mount benchmark: a Strongroom vault, a gocryptfs filesystem and a plain folder, same workloads.

    python bench/bench_mount.py [--quick] [--dir /tmp] [--only fsbench,coldrand,copy,listing]
        [--targets strongroom,gocryptfs,plain] [--workloads small,readdir] [--rounds N]
        [--profile [--profile-workloads small,rand,listing] [--keep-profiles]]

Workloads: bench/fsbench.py (sequential write/read, file creates, stats, random
4 KiB reads, `ls -l` of 5,000 entries, a fixed-count concurrent workload); random 4 KiB reads
of every block, in shuffled order, of a file another process wrote through the mount, after
the whole page cache was dropped (coldrand); the peak RSS of the mount process while a 1 GiB
file is copied in, the time from "mount" to a usable folder, and a names-only listing of a
100,000-entry directory (--quick: 256 MiB, 10,000 entries). Both encrypted filesystems run in
their own background process. Prints measured figures only, with the ratios to gocryptfs the
goals of issue 11 are stated in.

`strongroom` is the mount as users get it: on Linux the low-level request path. Extra targets
(not in the default list): `strongroom-highlevel`, the same mount on mfusepy's high-level path
(STRONGROOM_FUSE_API=high), `strongroom-nospin`, the same mount with STRONGROOM_FUSE_SPIN_US=0
(its loop blocks at once instead of polling /dev/fuse first), `passthrough`
(passthrough_lowlevel.py: a plain folder behind a do-nothing Python filesystem on the same
low-level binding and loop, the floor for any Python filesystem here) and
`passthrough-highlevel` (passthrough_fs.py: the same on mfusepy). --profile then re-runs,
under py-spy, the workloads whose goal the Strongroom mount missed, and prints the hottest
frames.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import drop_page_cache  # noqa: E402
from _pyspy import PROFILE_RATE, Profile, find_py_spy, parse_raw, profile_lines  # noqa: E402

from vaultengine.fuse import spawn_mount, unmount_mountpoint  # noqa: E402
from vaultengine.fuse.lowlevel.session import API_ENV  # noqa: E402
from vaultengine.fuse.serve_loop import SPIN_ENV  # noqa: E402
from vaultengine.process_hardening import KEEP_DUMPABLE_ENV  # noqa: E402
from vaultengine.vault import create_vault  # noqa: E402


def _find_fsbench() -> Path:
    """$FSBENCH (another version of the workloads), else the copy in bench/."""
    if "FSBENCH" in os.environ:
        return Path(os.environ["FSBENCH"])
    return ROOT / "bench" / "fsbench.py"


FSBENCH = _find_fsbench()
BENCH = Path(__file__).resolve().parent
PASSTHROUGH = {  # target -> its do-nothing filesystem
    "passthrough": BENCH / "passthrough_lowlevel.py",
    "passthrough-highlevel": BENCH / "passthrough_fs.py",
}
PASSWORD = "bench password"
TARGETS = (
    "strongroom",
    "strongroom-highlevel",
    "strongroom-nospin",
    "passthrough",
    "passthrough-highlevel",
    "gocryptfs",
    "plain",
)
DEFAULT_TARGETS = "strongroom,gocryptfs,plain"
PARTS = ("fsbench", "coldrand", "copy", "listing")  # what --only chooses from
FSBENCH_WORKLOADS = ("seq", "small", "readdir", "rand", "concurrent")
PROFILE_WORKLOADS = (*FSBENCH_WORKLOADS, "listing")
# Speed ratio columns to gocryptfs for the extra targets that ran, beside Strongroom's own.
EXTRA_RATIOS = (
    ("strongroom-highlevel", "HL/gocr"),
    ("strongroom-nospin", "NS/gocr"),
    ("passthrough", "PT/gocr"),
    ("passthrough-highlevel", "PH/gocr"),
)

# (key in results, label, unit, higher_is_better, goal as Strongroom/gocryptfs speed ratio):
# the goals of issue 11 (for times the ratio is gocryptfs's time over Strongroom's).
ROWS = [
    ("seq_write_MBps", "sequential write", "MB/s", True, 1.5),
    ("seq_read_MBps", "sequential read", "MB/s", True, 1.3),
    ("small_files_create_per_s", "file creates", "/s", True, 1.2),
    ("stat_per_s", "stats", "/s", True, 1.3),
    ("rand_read_4k_iops", "random 4 KiB reads", "IOPS", True, 1.5),
    ("cold_rand_read_4k_iops", "random 4 KiB reads, other writer, cold", "IOPS", True, None),
    ("readdir_stat_s", "ls -l of the readdir dir", "s", False, 1.5),
    ("concurrent_total_s", "concurrent workload", "s", False, 1.2),
    ("big_listing_s", "names-only listing of the big dir", "s", False, 1.0),
    ("big_create_per_s", "creates filling the big dir", "/s", True, None),
    ("copy_peak_rss_MiB", "peak RSS of mount process during copy", "MiB", False, None),
    ("copy_MBps", "copy of the big file in (cp)", "MB/s", True, None),
    ("mount_s", "mount to usable folder", "s", False, None),
]
# The workload (fsbench's --only name, or the big listing) each figure with a goal comes from.
ROW_WORKLOAD = {
    "seq_write_MBps": "seq",
    "seq_read_MBps": "seq",
    "small_files_create_per_s": "small",
    "stat_per_s": "small",
    "rand_read_4k_iops": "rand",
    "readdir_stat_s": "readdir",
    "concurrent_total_s": "concurrent",
    "big_listing_s": "listing",
}
COLD_FILE = "cold-rand.bin"
BLOCK = 4096


@dataclass
class Target:
    name: str
    mnt: Path
    pid: int | None = None  # the process serving the mount (None for the plain folder)
    results: dict[str, float] = field(default_factory=dict)
    stop: list[object] = field(default_factory=list)
    reap: bool = False  # a spawn_mount child: our child process, to be waited for


def wait_mounted(path: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not os.path.ismount(path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} did not get mounted")
        time.sleep(0.005)
    os.stat(path)


@contextlib.contextmanager
def environment(name: str, value: str) -> Iterator[None]:
    """os.environ[name] = value for the block; children spawned in it inherit it."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before


def mount_strongroom(
    work: Path, name: str = "strongroom", spin_us: str | None = None, api: str | None = None
) -> Target:
    """A new vault mounted by a background child; spin_us sets its STRONGROOM_FUSE_SPIN_US,
    api its STRONGROOM_FUSE_API (high: mfusepy's path; unset: the default, low on Linux)."""
    vault = work / f"{name}-vault"
    create_vault(vault, PASSWORD)  # real scrypt cost: the mount time includes the unlock
    mnt = work / f"{name}-mnt"
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if spin_us is not None:
            stack.enter_context(environment(SPIN_ENV, spin_us))
        if api is not None:
            stack.enter_context(environment(API_ENV, api))
        pid = spawn_mount(vault, mnt, password=PASSWORD, log_path=work / f"{name}-mount.log")
    target = Target(name, mnt, pid, reap=True)
    target.results["mount_s"] = time.perf_counter() - started
    return target


def mount_passthrough(work: Path, name: str) -> Target:
    """The do-nothing filesystem of target `name` serving a plain folder, in its own process."""
    source, mnt = work / f"{name}-source", work / f"{name}-mnt"
    source.mkdir()
    mnt.mkdir()
    started = time.perf_counter()
    with open(work / f"{name}.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, str(PASSTHROUGH[name]), str(source), str(mnt)],
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # like the Strongroom child: Ctrl+C reaches only us
        )
    # SIGTERM on failure: our loop's libfuse handler unmounts, then it exits
    return serving_target(name, mnt, process, started)


def mount_gocryptfs(work: Path) -> Target:
    cipher, mnt = work / "gocryptfs-cipher", work / "gocryptfs-mnt"
    cipher.mkdir()
    mnt.mkdir()
    subprocess.run(
        ["gocryptfs", "-init", "-quiet", "-extpass", f"echo {PASSWORD}", str(cipher)],
        check=True,
        capture_output=True,
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        ["gocryptfs", "-fg", "-quiet", "-extpass", f"echo {PASSWORD}", str(cipher), str(mnt)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # SIGTERM on failure: gocryptfs unmounts whatever it mounted, then exits
    return serving_target("gocryptfs", mnt, process, started)


def serving_target(
    name: str, mnt: Path, process: subprocess.Popen[bytes], started: float
) -> Target:
    """The Target of a foreground filesystem process once `mnt` answers (else SIGTERM it)."""
    try:
        wait_mounted(mnt)
    except BaseException:
        process.terminate()
        process.wait(30)
        raise
    target = Target(name, mnt, process.pid)
    target.results["mount_s"] = time.perf_counter() - started
    target.stop.append(process)
    return target


def unmount(target: Target) -> None:
    if target.pid is None:
        return
    for _ in range(50):
        try:
            unmount_mountpoint(str(target.mnt))
            break
        except Exception:
            time.sleep(0.1)
    for process in target.stop:
        assert isinstance(process, subprocess.Popen)
        process.wait(30)
    if target.reap:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(target.pid, 0)


def run_fsbench(
    target: Target, quick: bool, workloads: str = "", repeat: int = 1
) -> dict[str, float]:
    """One fsbench suite run (all its workloads, or the comma list `workloads`; `repeat` times
    over); its figures (of the last run)."""
    command = [sys.executable, str(FSBENCH), str(target.mnt), "--label", target.name]
    if quick:
        command.append("--quick")
    if repeat > 1:
        command += ["--repeat", str(repeat)]
    if workloads:
        command += ["--only", workloads]
    out = subprocess.run(command, capture_output=True, text=True, timeout=900, check=True)
    figures: dict[str, float] = {}
    for line in out.stdout.splitlines():
        record = json.loads(line)
        if record.get("workload") == "summary":
            for key, value in record.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    figures[key] = float(value)
    return figures


def median_into(target: Target, runs: list[dict[str, float]]) -> None:
    for key in {k for run in runs for k in run}:
        values = sorted(run[key] for run in runs if key in run)
        target.results[key] = values[len(values) // 2]


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def copy_big_file(target: Target, source: Path) -> None:
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            if target.pid is not None:
                with contextlib.suppress(OSError):
                    peak[0] = max(peak[0], rss_kib(target.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    destination = target.mnt / "big.bin"
    started = time.perf_counter()
    subprocess.run(["cp", str(source), str(destination)], check=True)
    subprocess.run(["sync", "-f", str(destination)], check=True)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    target.results["copy_MBps"] = source.stat().st_size / elapsed / 1e6
    if target.pid is not None:
        target.results["copy_peak_rss_MiB"] = peak[0] / 1024
    os.unlink(destination)


def fill_big_dir(target: Target, entries: int) -> Path:
    """A new folder of `entries` empty files in the target; their creation rate is recorded."""
    folder = target.mnt / "big-dir"
    folder.mkdir()
    started = time.perf_counter()
    for i in range(entries):
        os.close(os.open(folder / f"entry-{i:06d}", os.O_CREAT | os.O_WRONLY, 0o644))
    target.results["big_create_per_s"] = entries / (time.perf_counter() - started)
    time.sleep(1.1)  # let the kernel's 1 s entry/attribute caches expire
    return folder


def list_big_dir(folder: Path, entries: int) -> float:
    """Seconds for one names-only listing of the folder fill_big_dir made."""
    started = time.perf_counter()
    names = os.listdir(folder)
    seconds = time.perf_counter() - started
    assert len(names) == entries
    return seconds


def remove_big_dir(target: Target, folder: Path) -> None:
    """rmtree through the mount; a failure is printed with what is left (a finding to look
    into, not a reason to lose the run's other figures) and the folder renamed out of the way."""
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        left = os.listdir(folder)
        print(f"[{target.name}] WARNING: removing {folder.name} failed ({exc}); {len(left)} "
              f"entries still listed, e.g. {left[:3]}", file=sys.stderr)  # fmt: skip
        folder.rename(folder.with_name(f"{folder.name}-left-{time.monotonic_ns()}"))


def big_listing(target: Target, entries: int) -> None:
    folder = fill_big_dir(target, entries)
    target.results["big_listing_s"] = list_big_dir(folder, entries)
    target.results["big_entries"] = entries
    remove_big_dir(target, folder)


# ------------------------------------------------------------- random reads, cold cache


def write_cold_file(target: Target, size: int) -> None:
    """The file the cold random reads read, written through the mount by another process
    (dd), so that nothing of it is in the mount process from our own reads."""
    subprocess.run(
        ["dd", "if=/dev/urandom", f"of={target.mnt / COLD_FILE}", "bs=1M",
         f"count={size >> 20}", "conv=fsync", "status=none"],
        check=True,
    )  # fmt: skip


def cold_random_reads(target: Target, seed: int, seconds: float) -> dict[str, float]:
    """Every 4 KiB block of the cold file once, in an order shuffled by `seed` (the same for
    every target in a round), after the page cache was dropped: IOPS, over at most `seconds`."""
    path = target.mnt / COLD_FILE
    whole_cache = drop_page_cache(path)
    blocks = list(range(path.stat().st_size // BLOCK))
    random.Random(seed).shuffle(blocks)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)  # no readahead: one block a read
        done = 0
        started = time.perf_counter()
        deadline = started + seconds
        for block in blocks:
            if len(os.pread(fd, BLOCK, block * BLOCK)) != BLOCK:
                raise RuntimeError(f"short read of {path} at block {block}")
            done += 1
            if time.perf_counter() > deadline:
                break
        elapsed = time.perf_counter() - started
    finally:
        os.close(fd)
    return {"cold_rand_read_4k_iops": done / elapsed, "cold_rand_whole_cache": float(whole_cache)}


def make_source(path: Path, size: int) -> None:
    block = os.urandom(64 << 20)
    with open(path, "wb") as handle:
        written = 0
        while written < size:
            part = block[: min(len(block), size - written)]
            handle.write(part)
            written += len(part)


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.3f}"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def speed_ratio(ours: float | None, theirs: float | None, higher_better: bool) -> float | None:
    """How many times as fast as the other (> 1: Strongroom better), for rates and times."""
    if not ours or not theirs:
        return None
    return ours / theirs if higher_better else theirs / ours


def goal_verdicts(targets: dict[str, Target]) -> dict[str, bool]:
    """Row key -> goal met, for each row with a goal that Strongroom and gocryptfs both measured."""
    sr, gc = targets.get("strongroom"), targets.get("gocryptfs")
    verdicts: dict[str, bool] = {}
    for key, _label, _unit, higher, goal in ROWS:
        if goal is None or sr is None or gc is None:
            continue
        ratio = speed_ratio(sr.results.get(key), gc.results.get(key), higher)
        if ratio is not None:
            verdicts[key] = ratio >= goal
    return verdicts


def row_label(key: str, label: str, unit: str, targets: dict[str, Target]) -> str:
    """The row's label with the sizes this run used, and its unit."""
    counts = {"readdir_stat_s": "readdir_entries", "big_listing_s": "big_entries"}
    if key in counts:
        counted = [t.results[counts[key]] for t in targets.values() if t.results.get(counts[key])]
        if counted:
            what = "ls -l" if key == "readdir_stat_s" else "names-only listing"
            label = f"{what} of {int(counted[0]):,} entries"
    return f"{label} ({unit})"


def print_table(targets: dict[str, Target]) -> None:
    """One column per target in the order given, then the speed ratios and goals."""
    columns = list(targets.values())
    sr, gc, plain = (targets.get(n) for n in ("strongroom", "gocryptfs", "plain"))
    extras = [(targets[name], heading) for name, heading in EXTRA_RATIOS if name in targets]
    widths = [max(12, len(t.name)) for t in columns]
    verdicts = goal_verdicts(targets)
    rows = [r for r in ROWS if any(t.results.get(r[0]) is not None for t in columns)]
    labels = {key: row_label(key, label, unit, targets) for key, label, unit, _, _ in rows}
    width = max([42, *(len(label) for label in labels.values())])
    names = " ".join(f"{t.name:>{w}}" for t, w in zip(columns, widths, strict=True))
    ratio_names = ["SR/gocr", "SR/plain", *(heading for _, heading in extras)]
    header = f"{'metric':{width}} {names} " + " ".join(f"{n:>8}" for n in ratio_names) + "  goal"
    print(header)
    print("-" * len(header))

    def ratio(target: Target | None, key: str, higher: bool) -> str:
        theirs = gc.results.get(key) if gc else None
        ours = target.results.get(key) if target else None
        return fmt(speed_ratio(ours, theirs, higher), "x")

    for key, _label, unit, higher, goal in rows:
        values = [t.results.get(key) for t in columns]
        ours = sr.results.get(key) if sr else None
        r_plain = speed_ratio(ours, plain.results.get(key) if plain else None, higher)
        ratios = [ratio(sr, key, higher), fmt(r_plain, "x")]
        ratios += [ratio(target, key, higher) for target, _ in extras]
        verdict = ""
        if goal is not None:
            verdict = f">= {goal:.1f}x"
            if key in verdicts:
                verdict += " met" if verdicts[key] else " MISSED"
        cells = " ".join(f"{fmt(v, unit):>{w}}" for v, w in zip(values, widths, strict=True))
        print(f"{labels[key]:{width}} {cells} " + " ".join(f"{r:>8}" for r in ratios)
              + f"  {verdict}".rstrip())  # fmt: skip
    print("Ratios are speed ratios to gocryptfs (SR/plain: to the plain folder): > 1 means faster")
    print("(or smaller, for RSS and times). Goals (issue 11) are judged on SR/gocr.")
    for target, heading in extras:
        print(f"{heading}: the {target.name} column's speed ratio to gocryptfs.")
    notes = {
        "strongroom": "the mount as users get it (the default request path: low-level on Linux).",
        "strongroom-highlevel": f"the same mount on mfusepy's high-level path ({API_ENV}=high).",
        "strongroom-nospin": f"the same mount with {SPIN_ENV}=0 (no polling before blocking).",
        "passthrough": "a plain folder behind a do-nothing Python filesystem on the same "
        "low-level\n  binding and loop (bench/passthrough_lowlevel.py): the floor for "
        "Python here.",
        "passthrough-highlevel": "the same on mfusepy's high-level API (bench/passthrough_fs.py).",
    }
    for name, note in notes.items():
        if name in targets:
            print(f"{name}: {note}")
    if "cold_rand_read_4k_iops" in labels:
        cold = [t.results.get("cold_rand_whole_cache") for t in columns]
        how = (
            "the whole page cache dropped first (sync; drop_caches)"
            if all(cold)
            else "only the file's pages dropped first (POSIX_FADV_DONTNEED: not root)"
        )
        print(f"{labels['cold_rand_read_4k_iops']}: every 4 KiB block of a file dd wrote "
              f"through the mount, once,\n  in shuffled order, with {how}.")  # fmt: skip


# ---------------------------------------------------------------------------- profile


STALL_SECONDS = 2.0


class SamplerStalled(RuntimeError):
    """py-spy --native deadlocked with the mount (see watch_for_stall)."""


def _thread_states(pid: int) -> list[str]:
    states = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            states.append((task / "stat").read_text().rpartition(")")[2].split()[0])
    return states


def watch_for_stall(pid: int, spy: subprocess.Popen[bytes], done: threading.Event) -> list[bool]:
    """Kill py-spy if it holds the mount in a deadlock; the returned list then holds True.

    py-spy --native stops every thread of the process for each sample, and waits until each
    has stopped. A thread in uninterruptible sleep stops only when its wait ends: the
    low-level path's page-cache notifier waits so for a page that a read request holds
    locked until the loop thread answers it, and py-spy has already stopped the loop thread.
    Seen as: a thread stopped by the tracer and one in D state, for STALL_SECONDS on end.
    Killing py-spy lets the loop run again.
    """
    stalled: list[bool] = []

    def watch() -> None:
        since = None
        while not done.wait(0.1):
            with contextlib.suppress(OSError):
                states = _thread_states(pid)
                if "t" in states and "D" in states:
                    since = since or time.monotonic()
                    if time.monotonic() - since > STALL_SECONDS:
                        stalled.append(True)
                        spy.kill()
                        return
                    continue
            since = None

    threading.Thread(target=watch, daemon=True).start()
    return stalled


def record_profile(
    py_spy: str,
    target: Target,
    workload: str,
    why: str,
    run: Callable[[], object],
    folder: Path,
    native: bool = True,
) -> Profile:
    """`run` (one run of `workload` on the target) while py-spy samples the target's process:
    with native frames (stopping the process for each sample), else Python frames only
    (--nonblocking: never stopping it). SamplerStalled if the native sampler deadlocked."""
    assert target.pid is not None
    raw = folder / f"{target.name}-{workload}.raw.txt"
    log_path = folder / f"{target.name}-{workload}.py-spy.log"
    command = [py_spy, "record", "--native" if native else "--nonblocking"]
    command += ["-r", str(PROFILE_RATE), "-f", "raw", "-o", str(raw), "-p", str(target.pid)]
    with contextlib.suppress(FileNotFoundError):
        raw.unlink()  # from a stalled attempt
    with open(log_path, "wb") as log:  # py-spy's chatter goes here, never into the table
        spy = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    done = threading.Event()
    try:
        deadline = time.monotonic() + 30
        while b"Sampling process" not in log_path.read_bytes():
            if spy.poll() is not None or time.monotonic() > deadline:
                said = log_path.read_text(errors="replace").strip()[-600:]
                raise RuntimeError(f"py-spy did not start sampling pid {target.pid}: {said}")
            time.sleep(0.01)
        stalled = watch_for_stall(target.pid, spy, done)
        started = time.perf_counter()
        run()
        seconds = time.perf_counter() - started
    finally:
        done.set()
        if spy.poll() is None:
            spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT, then exits
        try:
            spy.wait(120)
        except subprocess.TimeoutExpired:
            spy.kill()
            spy.wait()
    said = log_path.read_text(errors="replace")
    if stalled:
        raise SamplerStalled(f"py-spy --native deadlocked with the {target.name} mount")
    if not raw.exists():
        raise RuntimeError(f"py-spy wrote no profile (exit {spy.returncode}): {said[-600:]}")
    report = []
    counted = re.search(r"Samples: (\d+) Errors: (\d+)", said)
    if counted and counted[2] != "0":
        report.append(f"py-spy: {int(counted[2]):,} sampling errors")
    if "behind in sampling" in said:
        report.append("py-spy fell behind the 1 kHz rate")
    if not native:
        report.append("Python frames only (--nonblocking): --native deadlocked with the mount")
    return Profile(
        workload, why, parse_raw(raw.read_text(errors="replace")), seconds, "; ".join(report)
    )


def profile_plan(
    targets: dict[str, Target], explicit: list[str], ran: list[str]
) -> list[tuple[str, str]]:
    """(fsbench workload, why) to profile: as asked, else those with a missed goal."""
    if explicit:
        return [(w, "asked for") for w in explicit]
    verdicts = goal_verdicts(targets)
    if not verdicts:
        return [(w, "goal not judged: no gocryptfs figures") for w in ran]
    missed: dict[str, list[str]] = {}
    for key, label, _unit, _higher, _goal in ROWS:
        if verdicts.get(key) is False:
            missed.setdefault(ROW_WORKLOAD[key], []).append(label)
    return [(w, "goal missed: " + ", ".join(missed[w])) for w in PROFILE_WORKLOADS if w in missed]


def profile_one(
    py_spy: str, target: Target, workload: str, why: str, quick: bool, entries: int, folder: Path
) -> Profile:
    """One run of `workload` under py-spy: an fsbench --only run, or the big listing (its
    folder filled before sampling starts and removed after it ends). With native frames if
    py-spy gets through the run, else once more with Python frames only (SamplerStalled)."""

    def attempt(native: bool) -> Profile:
        if workload != "listing":
            # --quick runs are short enough (rand: ~0.2 s) to sample few of their requests
            run = functools.partial(run_fsbench, target, quick, workload, 3 if quick else 1)
            return record_profile(py_spy, target, workload, why, run, folder, native)
        big = fill_big_dir(target, entries)
        try:
            run = functools.partial(list_big_dir, big, entries)
            return record_profile(py_spy, target, workload, why, run, folder, native)
        finally:
            remove_big_dir(target, big)

    try:
        return attempt(native=True)
    except SamplerStalled as stalled:
        print(f"[{target.name}] {stalled}: again, Python frames only", file=sys.stderr)
        return attempt(native=False)


def print_profiles(
    py_spy: str,
    target: Target,
    plan: list[tuple[str, str]],
    quick: bool,
    entries: int,
    folder: Path,
) -> None:
    print()
    print(
        f"Profiles of the {target.name} mount process (pid {target.pid}): py-spy record "
        f"--native -r {PROFILE_RATE}, one fsbench{' --quick --repeat 3' if quick else ''} --only "
        f"<workload> run each (listing: one names-only listing of {entries:,} entries)."
    )
    print(
        "Where py-spy --native deadlocks with the mount (its page-cache notifier), that workload "
        "runs again\nwith Python frames only (py-spy --nonblocking), as its profile says.\n"
        "py-spy stops the process for every sample, so it runs slower than in the table (taken "
        "without py-spy);\nthe seconds below are not measurements. Percentages are of the "
        "samples taken while the process was busy\n(py-spy skips idle waits; other threads' "
        "waits for work, which it samples, are left out here)."
    )
    if not plan:
        print("No goal missed: nothing to profile (--profile-workloads to choose).")
        return
    folder.mkdir(exist_ok=True)
    for workload, why in plan:
        print(f"[{target.name}] profiling {workload}", file=sys.stderr, flush=True)
        profile = profile_one(py_spy, target, workload, why, quick, entries, folder)
        print()
        print("\n".join(profile_lines(profile)), flush=True)


def keep_only(work: Path, kept: Path) -> None:
    """Remove everything in the work folder except `kept`."""
    for child in work.iterdir():
        if child == kept:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a minute or two)")
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where to put everything")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma list of {','.join(PARTS)}")
    parser.add_argument(
        "--targets",
        default=DEFAULT_TARGETS,
        help=f"comma list, columns in this order, of: {', '.join(TARGETS)}",
    )
    parser.add_argument(
        "--workloads", default="", help="fsbench's --only list (seq,small,readdir,rand,concurrent)"
    )
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--rounds", type=int, default=3, help="fsbench rounds (median shown)")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="after the table, profile the Strongroom mount with py-spy while fsbench re-runs "
        "each workload whose goal was missed (every workload run without a gocryptfs column)",
    )
    parser.add_argument(
        "--profile-workloads",
        default="",
        help=f"workloads to profile instead, of: {', '.join(PROFILE_WORKLOADS)}",
    )
    parser.add_argument(
        "--keep-profiles",
        action="store_true",
        help="keep py-spy's raw profiles (the rest of the work folder is removed)",
    )
    args = parser.parse_args(argv)
    only = {part for part in args.only.split(",") if part}
    if only - set(PARTS):
        parser.error(f"--only takes {', '.join(PARTS)}")
    wanted = [name for name in args.targets.split(",") if name]
    unknown = [name for name in wanted if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    ran = [w for w in args.workloads.split(",") if w] or list(FSBENCH_WORKLOADS)
    explicit = [w for w in args.profile_workloads.split(",") if w]
    if any(w not in FSBENCH_WORKLOADS for w in ran):
        parser.error(f"fsbench workloads are {', '.join(FSBENCH_WORKLOADS)}")
    if any(w not in PROFILE_WORKLOADS for w in explicit):
        parser.error(f"workloads to profile are {', '.join(PROFILE_WORKLOADS)}")
    py_spy = None
    if args.profile:
        if "strongroom" not in wanted and "strongroom-nospin" not in wanted:
            parser.error("--profile profiles the Strongroom mount: add strongroom to --targets")
        py_spy = find_py_spy()
        # The mount child makes itself non-dumpable, which keeps py-spy out unless it runs
        # with CAP_SYS_PTRACE (root): this bench is the one place allowed to keep it dumpable.
        os.environ[KEEP_DUMPABLE_ENV] = "1"
        if py_spy is None:
            parser.error(
                f"--profile needs py-spy, found neither next to {sys.executable} nor on PATH; "
                f"install it: {sys.executable} -m pip install py-spy"
            )
    copy_size = (256 << 20) if args.quick else (1 << 30)
    entries = 10_000 if args.quick else 100_000
    cold_size = (16 << 20) if args.quick else (64 << 20)
    cold_seconds = 3.0 if args.quick else 10.0
    work = Path(tempfile.mkdtemp(prefix="strongroom-bench-", dir=args.dir))
    profiles = work / "profiles"
    targets: dict[str, Target] = {}
    status = 0
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        for name in wanted:  # columns in the order asked for
            if name == "strongroom":
                targets[name] = mount_strongroom(work)
            elif name == "strongroom-nospin":
                targets[name] = mount_strongroom(work, name, spin_us="0")
            elif name == "strongroom-highlevel":
                targets[name] = mount_strongroom(work, name, api="high")
            elif name in PASSTHROUGH:
                targets[name] = mount_passthrough(work, name)
            elif name == "gocryptfs" and shutil.which("gocryptfs"):
                targets[name] = mount_gocryptfs(work)
            elif name == "plain":
                (work / "plain").mkdir()
                targets[name] = Target("plain", work / "plain")
        source = work / "source.bin"
        if "copy" in only:
            make_source(source, copy_size)
        if "coldrand" in only:
            for target in targets.values():
                write_cold_file(target, cold_size)
        if only & {"fsbench", "coldrand"}:
            # Rounds interleave the targets, so that slow phases of this noisy VM's disk hit
            # all of them alike; the table shows the median of the rounds.
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
            for round_no in range(args.rounds):
                for target in targets.values():
                    print(f"[{target.name}] round {round_no + 1}", file=sys.stderr, flush=True)
                    figures: dict[str, float] = {}
                    if "fsbench" in only:
                        figures.update(run_fsbench(target, args.quick, args.workloads))
                    if "coldrand" in only:
                        figures.update(cold_random_reads(target, round_no, cold_seconds))
                    runs[target.name].append(figures)
            for target in targets.values():
                median_into(target, runs[target.name])
                with contextlib.suppress(FileNotFoundError):
                    (target.mnt / COLD_FILE).unlink()
        for target in targets.values() if only & {"copy", "listing"} else ():
            print(f"[{target.name}] copy and big listing", file=sys.stderr, flush=True)
            if "copy" in only:
                copy_big_file(target, source)
            if "listing" in only:
                big_listing(target, entries)
        with contextlib.suppress(FileNotFoundError):
            source.unlink()
        print(f"mode: {'quick' if args.quick else 'full'}; median of {args.rounds} rounds "
              f"(fsbench, cold random reads of {cold_size >> 20} MiB); big copy "
              f"{copy_size >> 20} MiB; big dir {entries:,} entries; "
              f"machine: {os.cpu_count()} CPUs")  # fmt: skip
        print_table(targets)
        sys.stdout.flush()
        if args.json:
            Path(args.json).write_text(
                json.dumps({n: t.results for n, t in targets.items()}, indent=2)
            )
        if py_spy is not None:
            profiled = targets.get("strongroom") or targets["strongroom-nospin"]
            ran_parts = (ran if "fsbench" in only else []) + (
                ["listing"] if "listing" in only else []
            )
            plan = profile_plan(targets, explicit, ran_parts)
            try:
                print_profiles(py_spy, profiled, plan, args.quick, entries, profiles)
            except (RuntimeError, subprocess.SubprocessError) as exc:
                print(f"profile failed: {exc}", flush=True)
                status = 1
            if args.keep_profiles and profiles.is_dir():
                print(f"raw profiles and py-spy's output kept in {profiles}")
    finally:
        signal.signal(signal.SIGTERM, previous)
        for target in targets.values():
            unmount(target)
        if args.keep_profiles and profiles.is_dir():
            keep_only(work, profiles)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
