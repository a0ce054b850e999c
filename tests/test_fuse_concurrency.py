"""Eight threads writing and reading overlapping ranges of one file through the mount."""
# ruff: noqa: F811  (fixtures imported from test_fuse_support are parameters here)

from __future__ import annotations

import os
import random
import threading

import pytest
from test_fuse_support import MountedVault, mounted, vault_dir  # noqa: F401

pytestmark = pytest.mark.fuse

CHUNK = 32 * 1024
FILE_SIZE = 6 * CHUNK + 123
THREADS = 8
ROUNDS = 60


def test_overlapping_writes_and_reads_match_a_model(mounted: MountedVault) -> None:
    """Each write is one pwrite of a random range filled with one byte value; the model applies
    writes in the order a per-write lock grants, so the final file must equal the model, and
    every read must return bytes of values that some write (or the initial fill) produced."""
    path = mounted / "shared.bin"
    path.write_bytes(b"\0" * FILE_SIZE)
    model = bytearray(FILE_SIZE)
    order = threading.Lock()  # serialises pwrite + model update so the model has one order
    failures: list[str] = []
    written_values = {0}

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        fd = os.open(path, os.O_RDWR)
        try:
            for _ in range(ROUNDS):
                start = rng.randrange(FILE_SIZE)
                length = rng.randrange(1, min(3 * CHUNK, FILE_SIZE - start) + 1)
                if rng.random() < 0.5:
                    value = rng.randrange(1, 256)
                    with order:
                        written_values.add(value)
                        assert os.pwrite(fd, bytes([value]) * length, start) == length
                        model[start : start + length] = bytes([value]) * length
                else:
                    data = os.pread(fd, length, start)
                    if len(data) != length:
                        failures.append(f"short read {len(data)} != {length} at {start}")
                    elif not set(data) <= written_values:
                        failures.append(f"read bytes never written at {start}")
        finally:
            os.close(fd)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures[:5]
    assert path.stat().st_size == FILE_SIZE
    assert path.read_bytes() == bytes(model)


def test_unserialised_writers_to_disjoint_ranges(mounted: MountedVault) -> None:
    """No outer lock: writers share chunks (ranges are not chunk-aligned) but never bytes, so a
    lost read-modify-write update in the chunk layer shows up as a wrong byte."""
    path = mounted / "striped.bin"
    stripe = CHUNK // 3 + 5
    size = stripe * THREADS * 4
    path.write_bytes(b"\0" * size)

    def worker(index: int) -> None:
        fd = os.open(path, os.O_WRONLY)
        try:
            for round_no in range(20):
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
    for block in range(4):
        for index in range(THREADS):
            offset = (block * THREADS + index) * stripe
            assert data[offset : offset + stripe] == bytes([index + 1 + 100]) * stripe
