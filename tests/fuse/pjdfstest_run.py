"""Build the vendored pjdfstest and run it in a folder: TAP results per test file, hangs named.

    python tests/fuse/pjdfstest_run.py MOUNTPOINT [FILE ...]   # e.g. a gocryptfs mount
    (env: PJDFSTEST_JOBS=4 files at a time, PJDFSTEST_TAP_DIR=folder to keep each file's TAP,
    PJDFSTEST_BUILD=where to build, default /tmp/pjdfstest-build)

prints every failing (file, test number) in the format of tests/fuse/pjdfstest_expected.txt, so the
same command gives the comparison with gocryptfs. Must run as root (pjdfstest switches users).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

VENDORED = Path(__file__).resolve().parent / "third_party" / "pjdfstest"
EXPECTED = Path(__file__).resolve().parent / "pjdfstest_expected.txt"
FILE_TIMEOUT = 120.0  # seconds for one .t file; the slowest takes a few seconds on a mount

# Files that may fill the filesystem (a huge truncate, a write 2 GiB past the end): run alone,
# after the others, so that a full disk cannot fail the files running beside them.
SERIAL = frozenset({"truncate/12.t", "ftruncate/12.t", "open/25.t"})

_RESULT = re.compile(r"^(not ok|ok)\s+(\d+)(.*)$")
_PLAN = re.compile(r"^1\.\.(\d+)")


@dataclass
class FileResult:
    name: str  # relative to the tests folder, e.g. "chmod/00.t"
    planned: int | None = None
    passed: set[int] = field(default_factory=set)
    failed: dict[int, str] = field(default_factory=dict)  # number -> the "not ok" line
    skipped_whole: bool = False  # "1..0 # SKIP": the file does not apply to this system
    hung: bool = False
    mount_gone: bool = False  # the folder was no longer a mount point after this file
    seconds: float = 0.0
    output: str = ""

    def failures(self) -> set[int]:
        """Failed numbers, plus those the plan promised but the file never reported."""
        missing = set()
        if self.planned is not None:
            missing = set(range(1, self.planned + 1)) - self.passed - set(self.failed)
        return set(self.failed) | missing


def build(dest: Path) -> Path:
    """Compile pjdfstest into dest and copy the .t tree beside it (misc.sh looks for the
    binary in the parents of each test folder). Returns the tests folder."""
    dest.mkdir(parents=True, exist_ok=True)
    source = VENDORED / "pjdfstest.c"
    command = ["cc", "-Wall", "-O2", f"-I{VENDORED}", "-o", str(dest / "pjdfstest"), str(source)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    shutil.copytree(VENDORED / "tests", dest / "tests", dirs_exist_ok=True)
    return dest / "tests"


def suite_files(tests: Path) -> list[str]:
    return sorted(str(p.relative_to(tests)) for p in tests.rglob("*.t"))


def parse_tap(result: FileResult, text: str) -> None:
    for line in text.splitlines():
        plan = _PLAN.match(line)
        if plan:
            result.planned = int(plan.group(1))
            result.skipped_whole = result.planned == 0
            continue
        found = _RESULT.match(line)
        if not found:
            continue
        number, rest = int(found.group(2)), found.group(3)
        # "not ok N # TODO ..." is upstream's known failure on some systems: prove passes it
        if found.group(1) == "ok" or re.match(r"\s*#\s*TODO", rest):
            result.passed.add(number)
        else:
            result.failed[number] = line


def run_file(tests: Path, name: str, workdir: Path, timeout: float = FILE_TIMEOUT) -> FileResult:
    """Run one .t file with workdir as its current folder; a file past `timeout` is killed
    (its whole process group) and marked hung."""
    result = FileResult(name)
    started = time.monotonic()
    process = subprocess.Popen(
        ["/bin/sh", str(tests / name)],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        result.hung = True
    result.seconds = time.monotonic() - started
    result.output = output
    parse_tap(result, output)
    return result


def run_suite(
    tests: Path,
    mountpoint: Path,
    names: list[str] | None = None,
    timeout: float = FILE_TIMEOUT,
    progress: Callable[[FileResult], None] | None = None,
    jobs: int = 1,
) -> list[FileResult]:
    """Every file (or `names`) inside mountpoint, `jobs` files at a time (most of a file's time
    is `sleep 1` before a timestamp check, so files overlap well); those in SERIAL run alone
    afterwards. Stops early if the mount goes away, so that a dead filesystem is never
    mistaken for the folder under it passing."""
    names = names or suite_files(tests)
    batches = [[n for n in names if n not in SERIAL], [n for n in names if n in SERIAL]]
    results: list[FileResult] = []
    for batch, width in zip(batches, (jobs, 1), strict=True):
        with ThreadPoolExecutor(max_workers=width) as pool:
            futures = {
                name: pool.submit(_run_checked, tests, name, mountpoint, timeout) for name in batch
            }
            for name in batch:
                result = futures[name].result()
                results.append(result)
                if progress:
                    progress(result)
        if any(r.mount_gone for r in results):
            break
    return results


def _run_checked(tests: Path, name: str, mountpoint: Path, timeout: float) -> FileResult:
    if not os.path.ismount(mountpoint):
        return FileResult(name, mount_gone=True)
    result = run_file(tests, name, mountpoint, timeout)
    result.mount_gone = not os.path.ismount(mountpoint)
    return result


# ---- the expected-failure list: "<file> <numbers or *> <reason>" per line, # comments -------


def _numbers(spec: str) -> set[int] | None:
    """ "*" (None: every test of the file), or "3,5-7" -> {3, 5, 6, 7}."""
    if spec == "*":
        return None
    numbers: set[int] = set()
    for part in spec.split(","):
        low, _, high = part.partition("-")
        numbers.update(range(int(low), int(high or low) + 1))
    return numbers


def load_expected(path: Path = EXPECTED) -> dict[str, list[tuple[set[int] | None, str]]]:
    """file -> [(numbers or None for all, reason)]. Every entry must give a reason."""
    expected: dict[str, list[tuple[set[int] | None, str]]] = {}
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3:
            raise ValueError(f"{path.name}:{number}: want '<file> <numbers> <reason>': {raw!r}")
        expected.setdefault(parts[0], []).append((_numbers(parts[1]), parts[2]))
    return expected


def is_expected(expected: dict[str, list[tuple[set[int] | None, str]]], name: str, n: int) -> bool:
    return any(nums is None or n in nums for nums, _ in expected.get(name, []))


def compress(numbers: set[int]) -> str:
    """{1, 2, 3, 7} -> "1-3,7"."""
    ordered, parts = sorted(numbers), []
    start = prev = ordered[0]
    for n in [*ordered[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ",".join(parts)


def summary(results: list[FileResult]) -> str:
    ran = [r for r in results if not r.skipped_whole]
    tests = sum(len(r.passed) + len(r.failures()) for r in ran)
    failures = sum(len(r.failures()) for r in ran)
    seconds = sum(r.seconds for r in results)
    hung = [r.name for r in results if r.hung]
    gone = [r.name for r in results if r.mount_gone]
    return (
        f"pjdfstest: {len(ran)} files"
        + (f" ({len(results) - len(ran)} skipped)" if len(results) > len(ran) else "")
        + f", {tests} tests, {failures} failures, {seconds:.0f} s"
        + (f", HUNG: {', '.join(hung)}" if hung else "")
        + (f", MOUNT GONE after {gone[0]}" if gone else "")
    )


def main(argv: list[str]) -> int:
    if not argv or os.geteuid() != 0:
        print(__doc__, file=sys.stderr)
        return 2
    workdir = Path(argv[0]).resolve()  # a mount point
    build_dir = Path(os.environ.get("PJDFSTEST_BUILD", "/tmp/pjdfstest-build"))
    tests = build(build_dir)

    def report(result: FileResult) -> None:
        failed = result.failures()
        if failed or result.hung:
            reason = "HUNG" if result.hung else "fails"
            print(f"{result.name} {compress(failed) if failed else '*'} {reason}", flush=True)

    jobs = int(os.environ.get("PJDFSTEST_JOBS", "1"))
    results = run_suite(tests, workdir, argv[1:] or None, progress=report, jobs=jobs)
    tap_dir = os.environ.get("PJDFSTEST_TAP_DIR")  # keep each file's TAP output there
    for result in results if tap_dir else []:
        out = Path(tap_dir) / result.name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(result.output)
    print(summary(results))
    return 1 if results and results[-1].mount_gone else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
