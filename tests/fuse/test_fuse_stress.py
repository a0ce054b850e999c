"""stress-ng's filesystem stressors with --verify, and fio random writes with crc32c verify,
against a real mount: bounded in time, counts printed, zero failures."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.mounts import MountedVault, run

pytestmark = [pytest.mark.fuse, pytest.mark.slow]

# Excluded stressors, and why: bind-mount..handle per docs/machine-notes.md (need privileges or
# kernel features no FUSE filesystem offers); access needs chmod to change access() results and
# the vault format stores no modes (chmod is accepted without effect); link and xattr test
# features the vault refuses by design (EPERM / ENOTSUP) and would only report "skipped";
# fiemap needs FS_IOC_FIEMAP, which the kernel's FUSE client does not offer ("not supported on
# the file system, skipping stressor": it ran no operation, exit status 0).
EXCLUDED = (
    "access,bind-mount,binderfs,fanotify,verity,procfs,dnotify,inotify,chattr,inode-flags,"
    "file-ioctl,ioprio,handle,link,xattr,fiemap"
)

# "stress-ng: metrc: [pid] <stressor> <bogo ops> <real> <usr> <sys> <ops/s> <ops/s>"; the
# "miscellaneous metrics" lines that follow have text after the figures and do not match.
METRIC_LINE = re.compile(
    r"^stress-ng: metrc: +\[\d+\] +([a-z0-9-]+) +(\d+)(?: +\d+\.\d+){5} *$", re.MULTILINE
)
# "stress-ng: fail:  [pid] <stressor>: ..." (verify mismatches and failed calls), same for error.
FAILURE_LINE = re.compile(r"^stress-ng: (?:fail|error): +\[\d+\] +(?:([a-z0-9-]+):)?.*$", re.M)


def require(tool: str) -> None:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed (apt-get install -y {tool})")


def say(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """Print to the terminal even under pytest's capture: the counts are the point."""
    with capsys.disabled():
        print("\n" + text, flush=True)


# These three allocate or write 1 GiB per operation by default. The format has no sparse files,
# so an allocation is written out as encrypted zeros (~2-3 s per GiB here) and one operation
# outlasted the 1 s budget: stress-ng reported 0 bogo ops. At 16 MiB they run many operations.
BIG_FILE_STRESSORS = (
    "--fallocate-bytes", "16m", "--iomix-bytes", "16m", "--sync-file-bytes", "16m",
)  # fmt: skip


# The stress runs are bounded by their own options (stress-ng: 1 s per stressor; fio: a fixed
# number of writes). A slow or busy machine only makes them take longer, so the guard below is
# far above any slow run and catches a real hang only: then the run is killed and what it did
# so far is printed.
SECONDS_PER_STRESSOR_GUARD = 60
FIO_HANG_GUARD = 1200


def run_bounded(
    capsys: pytest.CaptureFixture[str], what: str, *command: str | Path, hang_guard: float
) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    with subprocess.Popen(
        [str(c) for c in command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so a hang can be killed with every child it started
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=hang_guard)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            pytest.fail(
                f"{what} hung: killed, still running after {hang_guard:.0f} s; it printed:\n"
                + (stdout + stderr)[-6000:]
            )
    say(capsys, f"{what}: finished in {time.monotonic() - started:.1f} s")
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def filesystem_stressors() -> set[str]:
    """The filesystem class as this stress-ng knows it, less what we exclude."""
    listing = run("stress-ng", "--class", "filesystem?").stdout
    names = set(listing.split(":", 1)[1].split()) if ":" in listing else set()
    assert names, f"cannot read the filesystem class from stress-ng: {listing!r}"
    return names - set(EXCLUDED.split(","))


@dataclass
class StressCounts:
    bogo_ops: dict[str, int]
    failures: dict[str, list[str]]  # stressor (or "harness") -> its fail/error lines
    returncode: int
    output: str

    @property
    def failed(self) -> int:
        return sum(len(lines) for lines in self.failures.values())


def parse_stress_ng(output: str, returncode: int) -> StressCounts:
    bogo_ops = {name: int(ops) for name, ops in METRIC_LINE.findall(output)}
    failures: dict[str, list[str]] = {}
    for match in FAILURE_LINE.finditer(output):
        name = match.group(1) if match.group(1) in bogo_ops else "harness"
        failures.setdefault(name, []).append(match.group(0))
    return StressCounts(bogo_ops, failures, returncode, output)


def stress_ng(
    mounted: MountedVault, capsys: pytest.CaptureFixture[str], expected: set[str], *which: str
) -> StressCounts:
    """Run stress-ng (1 s per stressor, --verify) in the mount, print the table of bogo ops and
    failures per stressor, and check what every run must show."""
    require("stress-ng")
    work = mounted / "sng"
    work.mkdir()
    result = run_bounded(
        capsys, "stress-ng",
        "stress-ng", "--temp-path", work, "-t", "1s", "--verify",
        "--metrics-brief", *which,
        hang_guard=SECONDS_PER_STRESSOR_GUARD * max(len(expected), 1),
    )  # fmt: skip
    counts = parse_stress_ng(result.stdout + result.stderr, result.returncode)
    table = [f"{'stressor':<12} {'bogo ops':>10} {'failures':>8}"]
    for name in sorted(expected | set(counts.bogo_ops)):
        ops = counts.bogo_ops.get(name)
        fails = len(counts.failures.get(name, []))
        table.append(f"{name:<12} {'(none)' if ops is None else ops:>10} {fails:>8}")
    table.append(
        f"stress-ng: {len(counts.bogo_ops)} stressors, {sum(counts.bogo_ops.values())} bogo ops, "
        f"failures: {counts.failed}, exit status {result.returncode}"
    )
    say(capsys, "\n".join(table))
    assert counts.failed == 0, "\n".join(
        line for lines in counts.failures.values() for line in lines
    )
    assert result.returncode == 0, counts.output[-2000:]
    assert "successful run completed" in counts.output, counts.output[-2000:]
    # Every stressor we meant to run reported metrics (a skipped one reports none).
    assert set(counts.bogo_ops) == expected, (
        expected ^ set(counts.bogo_ops),
        counts.output[-2000:],
    )
    return counts


@pytest.mark.timeout(SECONDS_PER_STRESSOR_GUARD * 64)  # the hang guard, not a time limit
def test_stress_ng_filesystem_class_with_verify(
    mounted: MountedVault, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = filesystem_stressors()
    assert {"fallocate", "iomix", "sync-file"} <= expected  # sized by BIG_FILE_STRESSORS
    counts = stress_ng(
        mounted, capsys, expected, "--seq", "1", "--class", "filesystem", "--exclude", EXCLUDED,
        *BIG_FILE_STRESSORS,
    )  # fmt: skip
    idle = sorted(name for name, ops in counts.bogo_ops.items() if ops <= 0)
    assert not idle, f"stressors that ran no operation: {idle}"


FIO_JOBS = 2


def fio_command(work: Path, *extra: str) -> list[str | Path]:
    return [
        "fio", "--name=verify", f"--directory={work}", "--rw=randwrite", "--bs=4k",
        "--size=8m", f"--numjobs={FIO_JOBS}", "--ioengine=psync", "--verify=crc32c",
        # No state files: fio would write them into the current folder (the repository).
        "--output-format=json", "--verify_state_save=0", *extra,
    ]  # fmt: skip


@dataclass
class FioCounts:
    jobs: int
    writes: int  # write I/Os issued
    verify_reads: int  # read I/Os: with do_verify the read-back of every written block
    errors: int  # jobs that ended with an error (a bad checksum is EILSEQ with verify_fatal)
    verify_failures: list[str]  # fio's "verify: bad ..." / "crc32c: verify failed" lines


def parse_fio(stdout: str, stderr: str) -> FioCounts:
    # fio may print notes before the JSON document on stdout.
    report: dict[str, Any] = json.loads(stdout[stdout.index("{") :])
    jobs = report["jobs"]
    lines = (stdout[: stdout.index("{")] + stderr).splitlines()
    return FioCounts(
        jobs=len(jobs),
        writes=sum(job["write"]["total_ios"] for job in jobs),
        verify_reads=sum(job["read"]["total_ios"] for job in jobs),
        errors=sum(1 for job in jobs if job["error"] != 0),
        verify_failures=[line for line in lines if "verify" in line and "bad" in line.lower()]
        + [line for line in lines if "verify failed" in line],
    )


def fio_failures(counts: FioCounts, returncode: int) -> int:
    return counts.errors + len(counts.verify_failures) + (returncode != 0)


@pytest.mark.timeout(FIO_HANG_GUARD + 120)  # the hang guard, not a time limit
def test_fio_random_writes_verify_crc32c(
    mounted: MountedVault, capsys: pytest.CaptureFixture[str]
) -> None:
    require("fio")
    work = mounted / "fio"
    work.mkdir()
    result = run_bounded(
        capsys, "fio", *fio_command(work, "--do_verify=1", "--verify_fatal=1"),
        hang_guard=FIO_HANG_GUARD,
    )  # fmt: skip
    counts = parse_fio(result.stdout, result.stderr)
    failures = fio_failures(counts, result.returncode)
    say(
        capsys,
        f"fio: {counts.jobs} jobs, {counts.writes} random 4 KiB writes, "
        f"{counts.verify_reads} crc32c-verified reads, failures: {failures}",
    )
    assert failures == 0, (counts, result.stderr[-3000:])
    # Every block written was read back and verified: 2 jobs x 8 MiB / 4 KiB.
    assert counts.jobs == FIO_JOBS
    assert counts.writes == FIO_JOBS * 2048
    assert counts.verify_reads == counts.writes


def test_fio_verify_failures_are_counted(tmp_path: Path) -> None:
    """The fio counting above can see a failure: corrupt a block fio wrote (on a plain folder)
    and its verify-only pass must report it, so "failures: 0" through the mount means something."""
    require("fio")
    written = run(*fio_command(tmp_path, "--do_verify=0"), timeout=60)
    assert written.returncode == 0, written.stderr[-2000:]
    victim = tmp_path / "verify.0.0"
    with victim.open("r+b") as handle:
        handle.seek(4096 * 100 + 1000)
        handle.write(b"\xff" * 16)  # inside one block's payload, after its verify header
    checked = run(*fio_command(tmp_path, "--verify_only", "--verify_fatal=1"), timeout=60)
    counts = parse_fio(checked.stdout, checked.stderr)
    assert fio_failures(counts, checked.returncode) > 0, (counts, checked.stderr[-2000:])


def test_the_hang_guard_kills_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    """A run that never ends is killed at the guard and fails saying so, with its output."""
    with pytest.raises(pytest.fail.Exception, match="hung") as failure:
        run_bounded(capsys, "sh", "sh", "-c", "echo started; sleep 30", hang_guard=0.5)
    assert "started" in str(failure.value)
