"""Eight threads writing and reading overlapping ranges of one file through the mount, checked
against a model of what each read and the final file may show."""

from __future__ import annotations

import graphlib
import itertools
import os
import random
import re
import threading
import time
from dataclasses import dataclass

import pytest

from tests.helpers.mounts import FUSE2, PASSWORD, MountedVault
from vaultengine.vault import unlock_vault

pytestmark = pytest.mark.fuse

CHUNK = 32 * 1024
FILE_SIZE = 6 * CHUNK + 123
THREADS = 8
WRITES_PER_THREAD = 31  # 8 x 31 = 248 writes: each gets its own byte value 1..248 (0 = initial)
ROUNDS = 4  # a fresh file each round, so that each round has its 248 distinct write values


@dataclass(frozen=True)
class Write:
    value: int  # every byte of the write; unique to it
    start: int
    end: int
    began: int  # tickets: a global counter taken before the call and after it returns
    ended: int


@dataclass(frozen=True)
class Read:
    start: int
    data: bytes
    began: int
    ended: int


RUNS = re.compile(rb"(.)\1*", re.DOTALL)


def overlaps(write: Write, start: int, end: int) -> bool:
    return write.start < end and start < write.end


def read_violations(read: Read, writes: dict[int, Write]) -> tuple[list[str], list[str]]:
    """What this read may show, byte by byte (reads are not atomic against writes on Linux, so
    only per-byte rules hold). Returned apart: (wrong, stale).
    wrong: a byte no write put there, or from a write that began after the read ended.
    stale: a byte from a write that another write covering it had replaced (ended after it,
    and before the read began), or zero where a write had ended before the read began."""
    wrong: list[str] = []
    stale: list[str] = []
    for run in RUNS.finditer(read.data):
        value, start, end = run.group(1)[0], read.start + run.start(), read.start + run.end()
        where = f"bytes {start}..{end} = {value} in read [{read.began}, {read.ended}]"
        if value == 0:
            done = [w for w in writes.values() if w.ended < read.began and overlaps(w, start, end)]
            if done:
                stale.append(f"{where}: still zero after write {done[0]}")
            continue
        source = writes.get(value)
        if source is None or not (source.start <= start and end <= source.end):
            wrong.append(f"{where}: no write put that value there")
        elif source.began > read.ended:
            wrong.append(f"{where}: from write {source}, which began after the read ended")
        else:
            newer = [
                w
                for w in writes.values()
                if source.ended < w.began and w.ended < read.began and overlaps(w, start, end)
            ]
            if newer:
                stale.append(f"{where}: write {newer[0]} had replaced it before the read")
    return wrong, stale


def final_model(final: bytes, writes: dict[int, Write]) -> tuple[bytes | None, str]:
    """Order the writes as the final file and real time say they happened: a write that ended
    before another began comes first, and a write visible at a byte comes after every other
    write covering that byte. Writes are atomic against each other (POSIX; Linux holds the inode
    lock over a whole write), so such an order must exist (no cycle), and applying the writes in
    it must rebuild the final file exactly."""
    order = graphlib.TopologicalSorter[int]({value: set() for value in writes})
    for first, second in itertools.permutations(writes.values(), 2):
        if first.ended < second.began:
            order.add(second.value, first.value)
    for run in RUNS.finditer(final):
        value, start, end = run.group(1)[0], run.start(), run.end()
        if value == 0:
            continue  # never written here: the model keeps zero unless some write covers it
        for other in writes.values():
            if other.value != value and overlaps(other, start, end):
                order.add(value, other.value)  # `value` wrote last here
    try:
        sequence = list(order.static_order())
    except graphlib.CycleError as error:
        return None, f"no order of the writes explains the final file: cycle {error.args[1]}"
    model = bytearray(len(final))
    for value in sequence:
        if value in writes:
            write = writes[value]
            model[write.start : write.end] = bytes([value]) * (write.end - write.start)
    return bytes(model), f"writes applied in the order {sequence[:12]}..."


@dataclass
class Round:
    writes: dict[int, Write]
    reads: list[Read]
    problems: list[str]  # anything wrong except stale reads
    stale: list[str]  # reads that missed a write which had already returned
    overlapped: int  # operations during which another thread took a ticket


def overlapping_round(
    mounted: MountedVault, name: str, round_no: int, *, flags: int = 0, reads: int = 40
) -> Round:
    """One file, eight threads, no lock around the I/O: each pwrites and preads random
    overlapping ranges (chunk boundaries inside most of them); only the ticket counter is
    shared. Then every read and the final file are checked against the model."""
    path = mounted / name
    path.write_bytes(b"\0" * FILE_SIZE)
    tickets = itertools.count()
    ticket_lock = threading.Lock()
    values = iter(range(1, 256))
    writes: dict[int, Write] = {}
    done_reads: list[Read] = []
    errors: list[str] = []
    start_together = threading.Barrier(THREADS)

    def tick() -> int:
        with ticket_lock:
            return next(tickets)

    def worker(index: int) -> None:
        rng = random.Random(round_no * THREADS + index)
        steps = ["write"] * WRITES_PER_THREAD + ["read"] * reads
        rng.shuffle(steps)
        fd = os.open(path, os.O_RDWR | flags)
        try:
            start_together.wait(30)
            for step in steps:
                start = rng.randrange(FILE_SIZE)
                longest = rng.choice([64, CHUNK, 3 * CHUNK])  # within a chunk, or across some
                length = rng.randrange(1, min(longest, FILE_SIZE - start) + 1)
                if step == "write":
                    with ticket_lock:
                        value = next(values)
                    began = tick()
                    done = os.pwrite(fd, bytes([value]) * length, start)
                    ended = tick()
                    writes[value] = Write(value, start, start + length, began, ended)
                    if done != length:
                        errors.append(f"short write {done} != {length} at {start}")
                else:
                    began = tick()
                    data = os.pread(fd, length, start)
                    ended = tick()
                    done_reads.append(Read(start, data, began, ended))
                    if len(data) != length:
                        errors.append(f"short read {len(data)} != {length} at {start}")
        except (OSError, threading.BrokenBarrierError) as error:
            errors.append(f"thread {index}: {error!r}")
        finally:
            os.close(fd)

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"

    final = path.read_bytes()
    with unlock_vault(mounted.vault, PASSWORD, read_only=True) as unlocked:
        on_disk = unlocked.fs.read_file("/" + name)  # the ciphertext, not the page cache
    problems, stale = list(errors), []
    for read in done_reads:
        wrong, missed = read_violations(read, writes)
        problems += wrong
        stale += missed
    model, how = final_model(final, writes)
    if model is None:
        problems.append(how)
    elif model != final:
        first = next(i for i, (a, b) in enumerate(zip(model, final, strict=True)) if a != b)
        problems.append(f"final file differs from the model at byte {first} ({how})")
    if on_disk != final:
        problems.append("the vault's ciphertext decrypts to other bytes than the mount shows")
    if len(writes) != THREADS * WRITES_PER_THREAD or len(done_reads) != THREADS * reads:
        problems.append(f"only {len(writes)} writes and {len(done_reads)} reads ran")
    overlapped = sum(1 for op in [*writes.values(), *done_reads] if op.ended - op.began > 1)
    return Round(
        writes,
        done_reads,
        [f"{name}: {p}" for p in problems],
        [f"{name}: {p}" for p in stale],
        overlapped,
    )


def run_rounds(
    mounted: MountedVault, capsys: pytest.CaptureFixture[str], label: str, flags: int
) -> list[Round]:
    started = time.monotonic()
    rounds = [overlapping_round(mounted, f"{label}-{n}.bin", n, flags=flags) for n in range(ROUNDS)]
    elapsed = time.monotonic() - started
    writes = sum(len(r.writes) for r in rounds)
    reads = sum(len(r.reads) for r in rounds)
    read_bytes = sum(len(read.data) for r in rounds for read in r.reads)
    failures = sum(len(r.problems) for r in rounds)
    stale = sum(len(r.stale) for r in rounds)
    with capsys.disabled():  # the counts go to the terminal even under capture
        print(
            f"\nconcurrency ({label}): {THREADS} threads x {ROUNDS} files, "
            f"{writes + reads} operations ({writes} writes, {reads} reads of {read_bytes} bytes; "
            f"{sum(r.overlapped for r in rounds)} overlapped another) in {elapsed:.2f} s, "
            f"stale reads: {stale}, failures: {failures}",
            flush=True,
        )
    assert not [p for r in rounds for p in r.problems], [p for r in rounds for p in r.problems][:5]
    # Each round must really have run threads at the same time, or nothing was tested.
    assert all(r.overlapped > THREADS for r in rounds), [r.overlapped for r in rounds]
    return rounds


def test_overlapping_writes_and_reads_match_a_model(
    mounted: MountedVault, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the kernel's page cache, as applications see the mount: no byte from nowhere or
    from the future, final file = the writes in a real-time order, and the ciphertext agrees.
    Stale reads are counted here and asserted by the two tests below."""
    run_rounds(mounted, capsys, "page cache", 0)


def test_overlapping_writes_and_reads_are_fresh_without_the_page_cache(
    mounted: MountedVault, capsys: pytest.CaptureFixture[str]
) -> None:
    """O_DIRECT: every read and write reaches the filesystem, so the full model holds as well:
    once a write has returned, every read shows it (or what replaced it)."""
    rounds = run_rounds(mounted, capsys, "O_DIRECT", os.O_DIRECT)
    assert not [p for r in rounds for p in r.stale], [p for r in rounds for p in r.stale][:5]


@pytest.mark.xfail(
    not FUSE2,  # on libfuse2 (the FUSE 2 API) it passes: 0 stale reads in 80 rounds
    strict=True,
    reason="BUG: through the kernel's FUSE page cache a read that starts after a pwrite "
    "returned can still show the bytes that write replaced (a whole page or its tail). "
    "Measured on Linux 6.18: 18 of 60 rounds (8 threads, 31 writes + 100 reads each) for "
    "Strongroom, 23 of 60 with noauto_cache, 8 of 60 for gocryptfs, 0 of 150 with O_DIRECT, "
    "0 of 60 on ext4: kernel FUSE behaviour, not the engine",
)
def test_reads_through_the_page_cache_see_returned_writes(mounted: MountedVault) -> None:
    """POSIX: after a write() returns, reads of those bytes return its data. Rounds with many
    reads until one is stale (a few rounds usually; 40 at most, a few seconds)."""
    for n in range(40):
        found = overlapping_round(mounted, f"fresh-{n}.bin", n, reads=100)
        assert not found.problems, found.problems[:5]
        assert not found.stale, found.stale[:3]


def test_the_model_catches_stale_wrong_and_torn_results() -> None:
    """The checks above can fail (plain data, no mount): stale and invented bytes in reads, a
    lost update and a torn write in the final file."""
    first, second = Write(1, 0, 100, 0, 1), Write(2, 50, 150, 2, 3)
    writes = {1: first, 2: second}
    good = bytes([1]) * 50 + bytes([2]) * 100
    assert read_violations(Read(0, good, 4, 5), writes) == ([], [])
    assert final_model(good, writes)[0] == good
    # A read after both writes that still shows the first write's bytes where the second landed.
    assert read_violations(Read(0, bytes([1]) * 100, 4, 5), writes)[1]
    # A read that shows zeros where a finished write had been.
    assert read_violations(Read(0, bytes(10), 4, 5), writes)[1]
    # Bytes no write put there, and bytes of a write that began after the read ended.
    assert read_violations(Read(0, bytes([3]) * 10, 4, 5), writes)[0]
    assert read_violations(Read(0, bytes([2]) * 60, 0, 1), {2: Write(2, 0, 100, 2, 3)})[0]
    # Lost update: the second write (which began after the first ended) is under the first.
    lost = bytes([1]) * 100 + bytes([2]) * 50
    model, _ = final_model(lost, writes)
    assert model is None or model != lost
    # Torn: two concurrent writes over the same range, each visible on half of it.
    a, b = Write(1, 0, 100, 0, 3), Write(2, 0, 100, 1, 2)
    torn = bytes([1]) * 50 + bytes([2]) * 50
    assert final_model(torn, {1: a, 2: b})[0] is None


def test_unserialised_writers_to_disjoint_ranges(
    mounted: MountedVault, capsys: pytest.CaptureFixture[str]
) -> None:
    """No outer lock: writers share chunks (ranges are not chunk-aligned) but never bytes, so a
    lost read-modify-write update in the chunk layer shows up as a wrong byte."""
    path = mounted / "striped.bin"
    stripe = CHUNK // 3 + 5
    size = stripe * THREADS * 4
    path.write_bytes(b"\0" * size)
    rounds = 20

    def worker(index: int) -> None:
        fd = os.open(path, os.O_WRONLY)
        try:
            for round_no in range(rounds):
                for block in range(4):
                    offset = (block * THREADS + index) * stripe
                    os.pwrite(fd, bytes([index + 1 + round_no % 2 * 100]) * stripe, offset)
        finally:
            os.close(fd)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    data = path.read_bytes()
    wrong = [
        (block, index)
        for block in range(4)
        for index in range(THREADS)
        if data[(block * THREADS + index) * stripe :][:stripe] != bytes([index + 101]) * stripe
    ]
    with capsys.disabled():
        print(
            f"\nconcurrency (disjoint stripes): {THREADS} threads, {THREADS * rounds * 4} writes, "
            f"failures: {len(wrong)}",
            flush=True,
        )
    assert not wrong, f"stripes (block, thread) with other bytes: {wrong}"
