"""Growing a file never fills the disk nor leaves the file half grown (issue 10, finding 9).

pjdfstest's truncate/12.t (`truncate(f, 999999999999999)`) used to write encrypted zeros until
the disk was full. Here the vault lives on its own 64 MiB tmpfs (needs root; always unmounted):
a size over MAX_CLEARTEXT_SIZE is EFBIG, a size the tmpfs cannot hold is ENOSPC, both at once
and through the filesystem API and a real mount; a grow that fails midway puts the ciphertext
back byte for byte.
"""

from __future__ import annotations

import errno
import os
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import end_mount, require_fuse
from tests.helpers.tmpfs import mounted_tmpfs
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.fs import VaultFileSystem, growth
from vaultengine.fs.cleartext_file import CleartextFile
from vaultengine.fs.growth import MAX_CLEARTEXT_SIZE
from vaultengine.fuse import mount
from vaultengine.health import check_vault
from vaultengine.vault import create_vault, open_keys, unlock_vault

PASSWORD = "growth limits pw"
CHUNK = 32768
CIPHERTEXT_CHUNK = 32816  # the largest ciphertext chunk of the two cipher combos
HUGE = 999_999_999_999_999  # pjdfstest truncate/12.t: over the maximum, EFBIG
NO_ROOM = 10**12  # under the maximum, far more than the tmpfs holds: ENOSPC
OTHER = random.Random(7).randbytes(5000)
# Old contents that put the end of the file in each place a grow starts from: a 0-byte
# ciphertext (a sync placeholder), a header only, a partial last chunk, a chunk boundary.
START_SIZES = {"placeholder": None, "empty": 0, "partial": CHUNK + 1234, "aligned": 2 * CHUNK}
HANG_GUARD_S = 5.0  # the issue asks for "at once"; generous against a loaded test machine


def content(size: int) -> bytes:
    return random.Random(size).randbytes(size)


@pytest.fixture(params=["SIV_GCM", "SIV_CTRMAC"])
def tmpfs_vault(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A vault of each cipher combo (their chunks differ in size) on its own 64 MiB tmpfs,
    unmounted afterwards whatever happens."""
    with mounted_tmpfs(tmp_path / "small", "64m") as small:
        vault = small / "vault"
        create_vault(vault, PASSWORD, scrypt_cost=TEST_SCRYPT_COST, cipher_combo=request.param)
        with unlock_vault(vault, PASSWORD) as v:
            v.fs.write_file("/other.bin", OTHER)
        yield vault


def free_bytes(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def plant(fs: VaultFileSystem, vault: Path, name: str, start: str) -> bytes:
    """Create /name in the state START_SIZES[start]; its cleartext."""
    size = START_SIZES[start]
    data = b"" if size is None else content(size)
    fs.write_file(name, data)
    if size is None:  # what a sync client leaves before the download: a 0-byte ciphertext
        os.truncate(ciphertext_of(fs, name), 0)
    return data


def ciphertext_of(fs: VaultFileSystem, name: str) -> str:
    fh = fs.open(name, os.O_RDONLY)
    try:
        return fs._table.handle(fh).file.ciphertext_path  # the open file knows its ciphertext
    finally:
        fs.release(fh)


def refused(expected: int, call: Callable[[], object], what: str) -> None:
    """`call` fails with `expected` within the hang guard (the time is printed)."""
    started = time.monotonic()
    with pytest.raises(OSError) as info:
        call()
    took = time.monotonic() - started
    print(f"{what}: {errno.errorcode[info.value.errno]} in {took * 1000:.1f} ms")
    assert info.value.errno == expected, (what, info.value)
    assert took < HANG_GUARD_S, (what, took)


def assert_untouched(vault: Path, name: str, data: bytes, ciphertext: bytes | None) -> None:
    """A fresh unlock reads the old content; the ciphertext is byte for byte what it was."""
    with unlock_vault(vault, PASSWORD, read_only=True) as v:
        assert v.fs.stat(name).st_size == len(data)
        assert v.fs.read_file(name) == data
        assert v.fs.read_file("/other.bin") == OTHER
        if ciphertext is not None:
            assert Path(ciphertext_of(v.fs, name)).read_bytes() == ciphertext
    keys, config = open_keys(vault, PASSWORD)
    assert check_vault(vault, keys, config, deep=True).ok


# -- through the filesystem API -----------------------------------------------------------


@pytest.mark.parametrize("start", START_SIZES)
def test_huge_grows_are_refused_at_once_through_the_api(tmpfs_vault: Path, start: str) -> None:
    with unlock_vault(tmpfs_vault, PASSWORD) as v:
        fs: VaultFileSystem = v.fs
        data = plant(fs, tmpfs_vault, "/f.bin", start)
        ciphertext_path = Path(ciphertext_of(fs, "/f.bin"))
        before = ciphertext_path.read_bytes()
        free_before = free_bytes(tmpfs_vault)
        fh = fs.open("/f.bin", os.O_RDWR)
        try:
            for expected, size in ((errno.EFBIG, HUGE), (errno.ENOSPC, NO_ROOM)):
                refused(expected, lambda s=size: fs.truncate("/f.bin", s), f"truncate {size}")
                refused(expected, lambda s=size: fs.ftruncate(fh, s), f"ftruncate {size}")
                refused(expected, lambda s=size: fs.fallocate(fh, 0, s), f"fallocate {size}")
                refused(expected, lambda s=size: fs.write(fh, b"x", s), f"write at {size}")
                assert fs.stat("/f.bin").st_size == len(data)
                assert ciphertext_path.read_bytes() == before
            refused(errno.EFBIG, lambda: fs.write(fh, b"x", MAX_CLEARTEXT_SIZE), "write at max")
        finally:
            fs.release(fh)
        assert free_bytes(tmpfs_vault) >= free_before - CIPHERTEXT_CHUNK
    assert_untouched(tmpfs_vault, "/f.bin", data, before)


def test_the_free_margin_is_kept_and_a_grow_that_leaves_it_works(tmpfs_vault: Path) -> None:
    """The up-front check is exact: ENOSPC for a grow that would eat into the margin by one
    chunk, success for one that leaves the margin free (and the zeros read back)."""
    with unlock_vault(tmpfs_vault, PASSWORD) as v:
        fs: VaultFileSystem = v.fs
        fs.write_file("/f.bin", b"")
        st = os.statvfs(tmpfs_vault)
        margin = growth.free_margin(st)
        assert margin == min(64 << 20, st.f_blocks * st.f_frsize // 100)
        ciphertext_chunk = fs._content.ciphertext_chunk_size  # the vault's cipher combo
        room_chunks = (free_bytes(tmpfs_vault) - margin) // ciphertext_chunk
        too_big = (room_chunks + 1) * CHUNK
        refused(errno.ENOSPC, lambda: fs.truncate("/f.bin", too_big), "truncate into the margin")
        assert fs.stat("/f.bin").st_size == 0
        fits = (room_chunks - 8) * CHUNK  # a few chunks of slack for tmpfs's own bookkeeping
        fs.truncate("/f.bin", fits)
        assert fs.stat("/f.bin").st_size == fits
        fh = fs.open("/f.bin", os.O_RDONLY)
        try:
            assert fs.read(fh, CHUNK, fits - CHUNK) == bytes(CHUNK)
        finally:
            fs.release(fh)
        assert free_bytes(tmpfs_vault) >= margin


# -- a grow that fails midway is undone ---------------------------------------------------


@pytest.mark.parametrize("start", START_SIZES)
def test_a_disk_that_fills_midway_gets_the_ciphertext_back(
    tmpfs_vault: Path, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real ENOSPC from the tmpfs in the middle of a grow. The up-front check is exact, so
    only another writer racing the grow could make that happen for real; a race would make
    the test depend on timing, so the check is switched off here instead."""
    monkeypatch.setattr(growth, "check_space", lambda fd, needed: None)
    with unlock_vault(tmpfs_vault, PASSWORD) as v:
        fs: VaultFileSystem = v.fs
        data = plant(fs, tmpfs_vault, "/f.bin", start)
        before = Path(ciphertext_of(fs, "/f.bin")).read_bytes()
        free_before = free_bytes(tmpfs_vault)
        fh = fs.open("/f.bin", os.O_RDWR)
        try:
            grows: list[tuple[str, Callable[[], object]]] = [
                ("ftruncate", lambda: fs.ftruncate(fh, 200 << 20)),
                ("fallocate", lambda: fs.fallocate(fh, 0, 200 << 20)),
                ("write past the end", lambda: fs.write(fh, b"tail", 200 << 20)),
            ]
            for what, grow in grows:
                refused(errno.ENOSPC, grow, what)
                assert fs.stat("/f.bin").st_size == len(data)
                assert Path(ciphertext_of(fs, "/f.bin")).read_bytes() == before
                assert free_bytes(tmpfs_vault) >= free_before - CIPHERTEXT_CHUNK
                assert fs.read(fh, len(data) + 1, 0) == data
        finally:
            fs.release(fh)
    assert_untouched(tmpfs_vault, "/f.bin", data, before)


def test_a_torn_tail_is_put_back_as_it_was(
    tmpfs_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file ending in a torn chunk (a crash mid-append): a failed grow leaves those bytes
    exactly as they were, so the damage is neither spread nor hidden."""
    monkeypatch.setattr(growth, "check_space", lambda fd, needed: None)
    with unlock_vault(tmpfs_vault, PASSWORD) as v:
        fs: VaultFileSystem = v.fs
        data = plant(fs, tmpfs_vault, "/f.bin", "aligned")
        ciphertext_path = Path(ciphertext_of(fs, "/f.bin"))
        with ciphertext_path.open("ab") as torn:
            torn.write(b"torn tail")  # shorter than a chunk's overhead
        before = ciphertext_path.read_bytes()
        fh = fs.open("/f.bin", os.O_RDWR)
        try:
            refused(errno.ENOSPC, lambda: fs.ftruncate(fh, 200 << 20), "ftruncate a torn file")
            refused(errno.EFBIG, lambda: fs.ftruncate(fh, HUGE), "ftruncate a torn file")
            assert ciphertext_path.read_bytes() == before
            assert fs.read(fh, len(data), 0) == data
        finally:
            fs.release(fh)


@pytest.mark.parametrize("start", ["partial", "aligned"])
def test_an_append_bigger_than_the_disk_is_undone(tmpfs_vault: Path, start: str) -> None:
    """A plain append has no up-front check (its bytes are the caller's): 80 MiB on the 64 MiB
    tmpfs runs into a real ENOSPC midway, through the worker pool, and is undone."""
    with unlock_vault(tmpfs_vault, PASSWORD) as v:
        fs: VaultFileSystem = v.fs
        data = plant(fs, tmpfs_vault, "/f.bin", start)
        before = Path(ciphertext_of(fs, "/f.bin")).read_bytes()
        free_before = free_bytes(tmpfs_vault)
        fh = fs.open("/f.bin", os.O_WRONLY | os.O_APPEND)
        try:
            refused(errno.ENOSPC, lambda: fs.write(fh, bytes(80 << 20), 0), "append 80 MiB")
            assert fs.stat("/f.bin").st_size == len(data)
        finally:
            fs.release(fh)
        assert free_bytes(tmpfs_vault) >= free_before - CIPHERTEXT_CHUNK
    assert_untouched(tmpfs_vault, "/f.bin", data, before)


@pytest.mark.parametrize("fault", [KeyboardInterrupt(), OSError(errno.EIO, "injected EIO")])
def test_an_interrupted_grow_gets_the_ciphertext_back(
    tmpfs_vault: Path, fault: BaseException, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C or an I/O error on the third batch of encrypted zeros: the fault is injected at
    the one place ciphertext is written (a real EIO cannot be had from a tmpfs)."""
    real_store = CleartextFile._store
    calls = 0

    def failing_store(self: CleartextFile, sealed: tuple[int, memoryview]) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise fault
        real_store(self, sealed)

    with unlock_vault(tmpfs_vault, PASSWORD) as v:
        fs: VaultFileSystem = v.fs
        data = plant(fs, tmpfs_vault, "/f.bin", "partial")
        before = Path(ciphertext_of(fs, "/f.bin")).read_bytes()
        monkeypatch.setattr(CleartextFile, "_store", failing_store)
        with pytest.raises(type(fault)):
            fs.truncate("/f.bin", 10 << 20)
        monkeypatch.undo()
        assert fs.stat("/f.bin").st_size == len(data)
        assert Path(ciphertext_of(fs, "/f.bin")).read_bytes() == before
        assert fs.read_file("/f.bin") == data
    assert_untouched(tmpfs_vault, "/f.bin", data, before)


# -- through a real mount -----------------------------------------------------------------


@pytest.mark.fuse
@pytest.mark.timeout(120)
def test_huge_grows_are_refused_at_once_through_the_mount(
    tmpfs_vault: Path, tmp_path: Path
) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    data = content(CHUNK + 1234)
    handle = mount(tmpfs_vault, mnt, password=PASSWORD)
    try:
        path = mnt / "f.bin"
        path.write_bytes(data)
        free_before = free_bytes(tmpfs_vault)
        fd = os.open(path, os.O_RDWR)
        try:
            for expected, size in ((errno.EFBIG, HUGE), (errno.ENOSPC, NO_ROOM)):
                refused(expected, lambda s=size: os.truncate(path, s), f"truncate {size}")
                refused(expected, lambda s=size: os.ftruncate(fd, s), f"ftruncate {size}")
                refused(expected, lambda s=size: os.posix_fallocate(fd, 0, s), f"fallocate {size}")
                refused(expected, lambda s=size: os.pwrite(fd, b"x", s), f"pwrite at {size}")
                assert os.fstat(fd).st_size == len(data)
                assert os.stat(path).st_size == len(data)
            assert os.pread(fd, len(data) + 1, 0) == data
        finally:
            os.close(fd)
        assert free_bytes(tmpfs_vault) >= free_before - CIPHERTEXT_CHUNK
        assert free_bytes(mnt) >= free_before - CIPHERTEXT_CHUNK
    finally:
        end_mount(handle)
    assert_untouched(tmpfs_vault, "/f.bin", data, None)


@pytest.mark.fuse
@pytest.mark.timeout(120)
def test_a_disk_that_fills_midway_through_the_mount_gets_the_ciphertext_back(
    tmpfs_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mount runs in this process: the up-front check is switched off as in the API test
    above, so the kernel's truncate, fallocate and pwrite meet a real ENOSPC midway."""
    require_fuse()
    with unlock_vault(tmpfs_vault, PASSWORD) as v:
        data = plant(v.fs, tmpfs_vault, "/f.bin", "partial")
        before = Path(ciphertext_of(v.fs, "/f.bin")).read_bytes()
    monkeypatch.setattr(growth, "check_space", lambda fd, needed: None)
    mnt = tmp_path / "mnt"
    handle = mount(tmpfs_vault, mnt, password=PASSWORD)
    try:
        path = mnt / "f.bin"
        free_before = free_bytes(tmpfs_vault)
        fd = os.open(path, os.O_RDWR)
        try:
            refused(errno.ENOSPC, lambda: os.truncate(path, 200 << 20), "truncate midway")
            refused(errno.ENOSPC, lambda: os.ftruncate(fd, 200 << 20), "ftruncate midway")
            refused(errno.ENOSPC, lambda: os.posix_fallocate(fd, 0, 200 << 20), "fallocate")
            refused(errno.ENOSPC, lambda: os.pwrite(fd, b"x", 200 << 20), "pwrite midway")
            assert os.fstat(fd).st_size == len(data)
            assert os.pread(fd, len(data) + 1, 0) == data
        finally:
            os.close(fd)
        assert free_bytes(tmpfs_vault) >= free_before - CIPHERTEXT_CHUNK
    finally:
        end_mount(handle)
    assert_untouched(tmpfs_vault, "/f.bin", data, before)
