"""The tamper matrix through a FUSE mount: EIO for the damaged range only, never garbage, no
hang, the mount stays up, and every other file reads back exactly."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import end_mount, require_fuse
from tests.helpers.tamper import (
    CHUNK,
    PASSWORD,
    TAMPERS,
    TRUTH,
    Tamper,
    TamperVault,
    check_damaged_output,
    expected_listing,
    fresh_vault,
    readable_files,
)
from vaultengine.fuse import Mount, mount

pytestmark = pytest.mark.fuse

FAST = 5.0


@pytest.fixture
def mounted_after(tmp_path: Path) -> Iterator:
    """mount_after(tamper): a fresh vault, tampered, then mounted; always unmounted."""
    require_fuse()
    handles: list[Mount] = []

    def mount_after(tamper: Tamper, combo: str = "SIV_GCM") -> tuple[TamperVault, Path]:
        v = fresh_vault(tmp_path, combo)
        tamper.apply(v)
        handles.append(mount(v.root, tmp_path / "mnt", password=PASSWORD))
        return v, tmp_path / "mnt"

    try:
        yield mount_after
    finally:
        for handle in handles:
            end_mount(handle)


def read_until_error(path: Path, block: int = 65536) -> tuple[bytes, OSError | None]:
    """Read sequentially like cp does; return what came out and the error that ended it."""
    out = bytearray()
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError as exc:
        return b"", exc
    try:
        while True:
            try:
                data = os.read(fd, block)
            except OSError as exc:
                return bytes(out), exc
            if not data:
                return bytes(out), None
            out += data
    finally:
        os.close(fd)


def walk(mnt: Path) -> set[str]:
    shown = set()
    for folder, dirs, files in os.walk(mnt):
        for name in dirs + files:
            shown.add("/" + str((Path(folder) / name).relative_to(mnt)))
    return shown


MOUNT_CASES = [pytest.param(t, id=t.name) for t in TAMPERS]


def check_chunk_by_chunk(file: Path, path: str, bad: frozenset[int]) -> None:
    """Every 32 KiB chunk reads as its true bytes, or EIO exactly where the tamper was."""
    try:
        fd = os.open(file, os.O_RDONLY)
    except OSError as exc:
        assert exc.errno == errno.EIO and 0 in bad  # a damaged header fails open() (#7)
        return
    try:
        size = os.fstat(fd).st_size
        for number in range(-(-len(TRUTH[path]) // CHUNK)):
            try:
                data = os.pread(fd, CHUNK, number * CHUNK)
            except OSError as exc:
                assert exc.errno == errno.EIO and number in bad, (number, exc)
                continue
            assert number not in bad, f"tampered chunk {number} was readable"
            if number * CHUNK >= size:
                assert data == b""  # the file was cut before this chunk
            else:
                assert data and data == TRUTH[path][number * CHUNK : (number + 1) * CHUNK]
    finally:
        os.close(fd)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("tamper", MOUNT_CASES)
def test_tamper_through_the_mount(mounted_after, tamper: Tamper) -> None:
    _v, mnt = mounted_after(tamper)
    expect = tamper.expect
    start = time.monotonic()

    assert walk(mnt) == expected_listing(expect)

    for path, bad in expect.damaged.items():
        out, error = read_until_error(mnt / path.lstrip("/"))
        assert error is not None and error.errno == errno.EIO, error
        check_damaged_output(out, path, bad)
        check_chunk_by_chunk(mnt / path.lstrip("/"), path, bad)
    for path in expect.gone:
        with pytest.raises(FileNotFoundError):
            (mnt / path.lstrip("/")).read_bytes()
    for path in expect.unlisted:
        assert (mnt / path.lstrip("/")).read_bytes() == TRUTH[path]
    for folder in expect.broken:
        for call in (os.listdir, os.stat):
            with pytest.raises(OSError) as info:
                call(mnt / folder.lstrip("/"))
            assert info.value.errno == errno.EIO

    for path, data in readable_files(expect).items():
        assert (mnt / path.lstrip("/")).read_bytes() == data, path
    assert time.monotonic() - start < FAST
    assert os.path.ismount(mnt) and os.listdir(mnt)  # the daemon survived all of it
