"""Mount benchmark: a Strongroom vault, a gocryptfs filesystem and a plain folder, same workloads.

    python bench/bench_mount.py [--quick] [--dir /tmp] [--only fsbench,copy,listing]
        [--targets strongroom,gocryptfs,plain] [--workloads small,readdir] [--rounds N]

Workloads: /work/shared/tools/fsbench.py (sequential write/read, file creates, stats, random
4 KiB reads, `ls -l` of 5,000 entries, a fixed-count concurrent workload), the peak RSS of the
mount process while a 1 GiB file is copied in, the time from "mount" to a usable folder, and a
names-only listing of a 100,000-entry directory (--quick: 256 MiB, 10,000 entries). Both
encrypted filesystems run in their own background process. Prints measured figures only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaultengine.fuse import spawn_mount, unmount_mountpoint  # noqa: E402
from vaultengine.vault import create_vault  # noqa: E402

FSBENCH = Path(os.environ.get("FSBENCH", "/work/shared/tools/fsbench.py"))
PASSWORD = "bench password"

# (key in results, label, unit, higher_is_better, goal as Strongroom/gocryptfs speed ratio)
ROWS = [
    ("seq_write_MBps", "sequential write", "MB/s", True, 1.5),
    ("seq_read_MBps", "sequential read", "MB/s", True, 1.0),
    ("small_files_create_per_s", "file creates", "/s", True, 1.0),
    ("stat_per_s", "stats", "/s", True, 1.0),
    ("rand_read_4k_iops", "random 4 KiB reads", "IOPS", True, 1.0),
    ("readdir_stat_s", "ls -l of the readdir dir", "s", False, 1.0),
    ("concurrent_total_s", "concurrent workload", "s", False, 1.0),
    ("copy_peak_rss_MiB", "peak RSS of mount process during copy", "MiB", False, None),
    ("copy_MBps", "copy of the big file in (cp)", "MB/s", True, None),
    ("mount_s", "mount to usable folder", "s", False, None),
    ("big_listing_s", "names-only listing of the big dir", "s", False, None),
    ("big_create_per_s", "creates filling the big dir", "/s", True, None),
]


@dataclass
class Target:
    name: str
    mnt: Path
    pid: int | None = None  # the process serving the mount (None for the plain folder)
    results: dict[str, float] = field(default_factory=dict)
    stop: list[object] = field(default_factory=list)


def wait_mounted(path: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not os.path.ismount(path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{path} did not get mounted")
        time.sleep(0.005)
    os.stat(path)


def mount_strongroom(work: Path) -> Target:
    vault = work / "strongroom-vault"
    create_vault(vault, PASSWORD)  # real scrypt cost: the mount time includes the unlock
    mnt = work / "strongroom-mnt"
    started = time.perf_counter()
    pid = spawn_mount(vault, mnt, password=PASSWORD, log_path=work / "strongroom-mount.log")
    target = Target("strongroom", mnt, pid)
    target.results["mount_s"] = time.perf_counter() - started
    return target


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
    try:
        wait_mounted(mnt)
    except BaseException:
        process.terminate()  # SIGTERM: gocryptfs unmounts whatever it mounted, then exits
        process.wait(30)
        raise
    target = Target("gocryptfs", mnt, process.pid)
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
    if target.name == "strongroom":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(target.pid, 0)


def run_fsbench(target: Target, quick: bool, workloads: str = "") -> dict[str, float]:
    """One fsbench suite run (all its workloads, or the comma list `workloads`); its figures."""
    command = [sys.executable, str(FSBENCH), str(target.mnt), "--label", target.name]
    if quick:
        command.append("--quick")
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


def big_listing(target: Target, entries: int) -> None:
    folder = target.mnt / "big-dir"
    folder.mkdir()
    started = time.perf_counter()
    for i in range(entries):
        os.close(os.open(folder / f"entry-{i:06d}", os.O_CREAT | os.O_WRONLY, 0o644))
    target.results["big_create_per_s"] = entries / (time.perf_counter() - started)
    time.sleep(1.1)  # let the kernel's 1 s entry/attribute caches expire
    started = time.perf_counter()
    names = os.listdir(folder)
    target.results["big_listing_s"] = time.perf_counter() - started
    assert len(names) == entries
    shutil.rmtree(folder)


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


def print_table(targets: dict[str, Target]) -> None:
    sr, gc, plain = (targets.get(n) for n in ("strongroom", "gocryptfs", "plain"))
    entries = int(sr.results.get("readdir_entries", 0)) if sr else 0
    header = (
        f"{'metric':42} {'strongroom':>12} {'gocryptfs':>12} {'plain':>12} "
        f"{'SR/gocr':>8} {'SR/plain':>8}  goal"
    )
    print(header)
    print("-" * len(header))
    for key, label, unit, higher, goal in ROWS:
        values = [t.results.get(key) if t else None for t in (sr, gc, plain)]
        if all(v is None for v in values):
            continue
        if key == "readdir_stat_s" and entries:
            label = f"ls -l of {entries:,} entries"
        r_gc = speed_ratio(values[0], values[1], higher)
        r_plain = speed_ratio(values[0], values[2], higher)
        verdict = ""
        if goal is not None and r_gc is not None:
            verdict = f">= {goal:.1f}x {'met' if r_gc >= goal else 'MISSED'}"
        print(
            f"{label + ' (' + unit + ')':42} {fmt(values[0], unit):>12} {fmt(values[1], unit):>12} "
            f"{fmt(values[2], unit):>12} {fmt(r_gc, 'x'):>8} {fmt(r_plain, 'x'):>8}  {verdict}"
        )
    print("Ratios are speed ratios: > 1 means Strongroom is faster (or smaller, for RSS/times).")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a minute or two)")
    parser.add_argument("--dir", default=tempfile.gettempdir(), help="where to put everything")
    parser.add_argument(
        "--only", default="fsbench,copy,listing", help="comma list of fsbench,copy,listing"
    )
    parser.add_argument("--targets", default="strongroom,gocryptfs,plain")
    parser.add_argument(
        "--workloads", default="", help="fsbench's --only list (seq,small,readdir,rand,concurrent)"
    )
    parser.add_argument("--json", help="also write the raw figures to this file")
    parser.add_argument("--rounds", type=int, default=3, help="fsbench rounds (median shown)")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    wanted = args.targets.split(",")
    copy_size = (256 << 20) if args.quick else (1 << 30)
    entries = 10_000 if args.quick else 100_000
    work = Path(tempfile.mkdtemp(prefix="strongroom-bench-", dir=args.dir))
    targets: dict[str, Target] = {}
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        if "strongroom" in wanted:
            targets["strongroom"] = mount_strongroom(work)
        if "gocryptfs" in wanted and shutil.which("gocryptfs"):
            targets["gocryptfs"] = mount_gocryptfs(work)
        if "plain" in wanted:
            (work / "plain").mkdir()
            targets["plain"] = Target("plain", work / "plain")
        source = work / "source.bin"
        if "copy" in only:
            make_source(source, copy_size)
        if "fsbench" in only:
            # Rounds interleave the targets, so that slow phases of this noisy VM's disk hit
            # all of them alike; the table shows the median of the rounds.
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in targets}
            for round_no in range(args.rounds):
                for target in targets.values():
                    print(f"[{target.name}] fsbench round {round_no + 1}", file=sys.stderr)
                    runs[target.name].append(run_fsbench(target, args.quick, args.workloads))
            for target in targets.values():
                median_into(target, runs[target.name])
        for target in targets.values():
            print(f"[{target.name}] copy and big listing", file=sys.stderr, flush=True)
            if "copy" in only:
                copy_big_file(target, source)
            if "listing" in only:
                big_listing(target, entries)
        print(f"mode: {'quick' if args.quick else 'full'}; fsbench median of {args.rounds} rounds; "
              f"big copy {copy_size >> 20} MiB; big dir {entries:,} entries; "
              f"machine: {os.cpu_count()} CPUs")  # fmt: skip
        print_table(targets)
        if args.json:
            Path(args.json).write_text(
                json.dumps({n: t.results for n, t in targets.items()}, indent=2)
            )
    finally:
        signal.signal(signal.SIGTERM, previous)
        for target in targets.values():
            unmount(target)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
