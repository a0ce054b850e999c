"""The low-level FUSE path (-o api=low) serving a real vault mount.

Real file operations through the mount, checked afterwards against the cleartext read through
the engine API with the vault unlocked again; plus the request path's own promises: every
request is answered even when a handler raises (FORGET included), readdirplus counts a lookup
for each entry it returns (so the kernel's FORGETs bring the inode table back to the root),
slow requests are answered from the request pool, and unmount is clean.
"""

from __future__ import annotations

import errno
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, MountedVault, end_mount, require_fuse
from vaultengine.fuse import mount, our_mounts
from vaultengine.fuse.lowlevel.inodes import InodeTable
from vaultengine.fuse.lowlevel.notifier import STORE_ENV
from vaultengine.fuse.lowlevel.ops import POOL_IO_ENV, LowLevelOperations
from vaultengine.fuse.lowlevel.session import CACHE_READDIR_ENV, LIVE_HANDLERS
from vaultengine.vault import unlock_vault

pytestmark = pytest.mark.fuse

LOW = ["api=low"]


@pytest.fixture
def low(tmp_path: Path, vault_dir: Path) -> Iterator[MountedVault]:
    """The test vault mounted through the low-level path (whatever the environment says)."""
    require_fuse()
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD, options=LOW)
    try:
        yield MountedVault(vault_dir, tmp_path / "mnt", handle)
    finally:
        end_mount(handle)


def _handlers(mounted: MountedVault) -> LowLevelOperations:
    return LIVE_HANDLERS[str(mounted.mnt.resolve())]


def _unmount_and_unlock(mounted: MountedVault):  # type: ignore[no-untyped-def]
    mounted.handle.unmount(timeout=10.0)
    assert not mounted.handle.is_alive()
    assert mounted.handle.error is None  # the serving thread ended without an exception
    assert not os.path.ismount(mounted.mnt)
    assert all(r.mountpoint != str(mounted.mnt.resolve()) for r in our_mounts(all_users=True))
    return unlock_vault(mounted.vault, PASSWORD)


def _drop_kernel_caches() -> None:
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("2\n")  # dentries and inodes: FORGETs


def _wait_for(condition, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_file_operations_land_in_the_vault(low: MountedVault) -> None:
    m = low.mnt
    assert _handlers(low) is not None  # served by the low-level path
    (m / "notes.txt").write_bytes(b"first")
    with open(m / "notes.txt", "ab") as f:
        f.write(b" second")
    assert (m / "notes.txt").read_bytes() == b"first second"
    big = os.urandom(5 * 1024 * 1024 + 123)
    (m / "big.bin").write_bytes(big)
    assert (m / "big.bin").read_bytes() == big
    with open(m / "big.bin", "r+b") as f:
        f.truncate(100_000)
        f.seek(50_000)
        f.write(b"X" * 10)
        f.flush()
        os.fsync(f.fileno())
    expected_big = big[:50_000] + b"X" * 10 + big[50_010:100_000]
    os.truncate(m / "notes.txt", 5)
    os.mkdir(m / "dir")
    os.mkdir(m / "gone")
    os.rmdir(m / "gone")
    (m / "dir" / "a").write_bytes(b"a")
    (m / "dir" / "b").write_bytes(b"b")
    os.rename(m / "dir" / "a", m / "dir" / "a2")
    os.rename(m / "dir" / "a2", m / "dir" / "b")  # rename over
    os.rename(m / "dir", m / "folder")
    assert sorted(os.listdir(m / "folder")) == ["b"]
    assert (m / "folder" / "b").read_bytes() == b"a"
    os.symlink("folder/b", m / "link")
    assert os.readlink(m / "link") == "folder/b"
    assert (m / "link").read_bytes() == b"a"
    os.utime(m / "notes.txt", ns=(1_000_000_000, 2_000_000_123))
    st = os.stat(m / "notes.txt")
    assert (st.st_size, st.st_mtime_ns) == (5, 2_000_000_123)
    assert os.lstat(m / "link").st_ino != os.stat(m / "folder" / "b").st_ino
    vfs = os.statvfs(m)
    assert vfs.f_namemax == 255 and vfs.f_blocks > 0
    with pytest.raises(FileNotFoundError):
        os.stat(m / "missing")
    with pytest.raises(PermissionError):
        os.link(m / "notes.txt", m / "hard")

    vault = _unmount_and_unlock(low)
    fs = vault.fs
    assert fs.read_file("/notes.txt") == b"first"
    assert fs.read_file("/big.bin") == expected_big
    assert fs.read_file("/folder/b") == b"a"
    assert fs.readlink("/link") == "folder/b"
    assert sorted(name for name, _ in fs.listdir("/")) == ["big.bin", "folder", "link", "notes.txt"]
    assert fs.stat("/notes.txt").st_mtime_ns == 2_000_000_123
    vault.lock()


def test_unlink_while_open_keeps_the_file_until_closed(low: MountedVault) -> None:
    m = low.mnt
    (m / "open.txt").write_bytes(b"still here")
    with open(m / "open.txt", "r+b") as f:
        os.unlink(m / "open.txt")
        assert not (m / "open.txt").exists()
        assert f.read() == b"still here"
        f.write(b"!")
        f.flush()
        os.ftruncate(f.fileno(), 4)
        assert os.fstat(f.fileno()).st_size == 4
    # replaced by rename while open: the reader keeps the old content
    (m / "target").write_bytes(b"old")
    (m / "source").write_bytes(b"new")
    with open(m / "target", "rb") as reader:
        os.rename(m / "source", m / "target")
        assert reader.read() == b"old"
    assert (m / "target").read_bytes() == b"new"
    assert _wait_for(lambda: os.listdir(m) == ["target"])  # parked files go on release

    vault = _unmount_and_unlock(low)
    assert [name for name, _ in vault.fs.listdir("/")] == ["target"]
    vault.lock()


def test_listing_of_2000_entries_counts_lookups_and_forgets(low: MountedVault) -> None:
    m = low.mnt
    os.mkdir(m / "many")
    names = {f"entry-{i:04d}.txt" for i in range(2000)}
    for name in names:
        (m / "many" / name).write_bytes(name.encode())
    _drop_kernel_caches()
    listed = {entry.name: entry.stat(follow_symlinks=False) for entry in os.scandir(m / "many")}
    assert set(listed) == names
    assert all(st.st_size == len(name) for name, st in listed.items())
    assert len({st.st_ino for st in listed.values()}) == 2000  # readdirplus gave each a number
    table = _handlers(low).inodes
    assert len(table) > 2000
    # Every number handed out (lookups, creates, readdirplus entries) is given back once the
    # kernel drops its caches: a count too many would keep entries, too few shows here.
    _drop_kernel_caches()
    assert _wait_for(lambda: len(table) == 1), len(table)
    assert table.overforgets == 0
    # and the entries are still reachable afterwards (fresh lookups)
    assert (m / "many" / "entry-0042.txt").read_bytes() == b"entry-0042.txt"

    vault = _unmount_and_unlock(low)
    assert {name for name, _ in vault.fs.listdir("/many")} == names
    vault.lock()


def test_a_raising_handler_still_answers_and_the_mount_keeps_serving(
    low: MountedVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = low.mnt
    os.symlink("t", m / "ln")
    (m / "f").write_bytes(b"x")
    handlers = _handlers(low)

    def broken(*args: object) -> None:
        raise ZeroDivisionError("a bug in a handler")

    # The thunks call the bound methods captured at mount time: break the inode table and
    # the fs calls below them instead, which every handler goes through.
    monkeypatch.setattr(handlers.ops, "readlink", broken)
    with pytest.raises(OSError) as caught:
        os.readlink(m / "ln")
    assert caught.value.errno == errno.EIO
    monkeypatch.setattr(InodeTable, "forget", broken)
    _drop_kernel_caches()  # FORGETs: each must still get fuse_reply_none
    monkeypatch.undo()
    assert (m / "f").read_bytes() == b"x"
    assert os.readlink(m / "ln") == "t"


def test_fsync_is_answered_from_the_request_pool(low: MountedVault) -> None:
    m = low.mnt
    with open(m / "synced", "wb") as f:
        f.write(b"data")
        f.flush()
        os.fsync(f.fileno())
    workers = [t.name for t in threading.enumerate() if t.name.startswith("fuse-requests")]
    assert workers  # the pool's threads exist only once it ran a request
    vault = _unmount_and_unlock(low)
    assert vault.fs.read_file("/synced") == b"data"
    vault.lock()


def test_large_io_answered_from_the_pool(
    tmp_path: Path, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With $STRONGROOM_FUSE_POOL_IO_KIB set, big reads and writes are answered by workers
    (the write's data copied out of libfuse's buffer first); the content must not suffer."""
    require_fuse()
    monkeypatch.setenv(POOL_IO_ENV, "64")
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD, options=LOW)
    low = MountedVault(vault_dir, tmp_path / "mnt", handle)
    try:
        assert _handlers(low).pool_io == 64 * 1024
        data = os.urandom(4 * 1024 * 1024 + 5)
        (low.mnt / "pooled.bin").write_bytes(data)
        with open(low.mnt / "pooled.bin", "rb", buffering=0) as f:
            assert f.read(1 << 20) == data[: 1 << 20]
        vault = _unmount_and_unlock(low)
    finally:
        end_mount(handle)
    assert vault.fs.read_file("/pooled.bin") == data
    vault.lock()


def _read_uncached(path: Path, offset: int, size: int) -> bytes:
    """pread after dropping the file's pages, without readahead (one request per read)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)
        return os.pread(fd, size, offset)
    finally:
        os.close(fd)


def test_chunk_store_serves_the_rest_of_a_chunk_and_never_stale_pages(
    tmp_path: Path, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_fuse()
    monkeypatch.setenv(STORE_ENV, "1")
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD, options=LOW)
    low = MountedVault(vault_dir, tmp_path / "mnt", handle)
    try:
        storer = _handlers(low).notifier
        assert storer.stores
        path = low.mnt / "chunks.bin"
        data = os.urandom(100_000)  # three full chunks and a partial one
        path.write_bytes(data)
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)
            assert os.pread(fd, 4096, 8192) == data[8192:12288]
            assert _wait_for(lambda: storer.stored >= 2)  # before and after the 4 KiB
            for offset in range(0, 100_000, 4096):  # every page right, stored or not
                assert os.pread(fd, 4096, offset) == data[offset : offset + 4096]
            # the partial last chunk: stored up to end of file, never beyond
            assert os.pread(fd, 4096, 98_304 - 4096) == data[94_208:98_304]
            assert os.fstat(fd).st_size == 100_000
        finally:
            os.close(fd)
        # A change through the mount wins over stores of the chunk read before it.
        for round_no in range(20):
            assert _read_uncached(path, 0, 4096) == data[:4096]
            new = bytes([round_no]) * 32768
            with open(path, "r+b") as f:
                f.write(new)
            data = new + data[32768:]
            assert _read_uncached(path, 4096, 4096) == data[4096:8192]
            fd = os.open(path, os.O_RDONLY)
            try:
                assert os.pread(fd, 32768, 0) == data[:32768]
            finally:
                os.close(fd)
        assert os.stat(path).st_size == 100_000
        vault = _unmount_and_unlock(low)
    finally:
        end_mount(handle)
    assert vault.fs.read_file("/chunks.bin") == data
    vault.lock()


def test_stores_can_be_turned_off(
    tmp_path: Path, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require_fuse()
    monkeypatch.setenv(STORE_ENV, "0")
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD, options=LOW)
    low = MountedVault(vault_dir, tmp_path / "mnt", handle)
    try:
        data = os.urandom(70_000)
        (low.mnt / "f.bin").write_bytes(data)
        assert _read_uncached(low.mnt / "f.bin", 8192, 4096) == data[8192:12288]
        assert _handlers(low).notifier.stored == 0
    finally:
        end_mount(handle)


def _ciphertext_files(vault: Path) -> set[Path]:
    return {p for p in vault.rglob("*.c9r") if p.is_file()}


def test_a_file_replaced_underneath_with_the_same_size_and_mtime_is_read_afresh(
    tmp_path: Path, vault_dir: Path
) -> None:
    """A sync client replaces a file's ciphertext (new inode) by another version of the same
    size and mtime: the kernel's auto_inval_data sees no change, yet no old page may be read."""
    require_fuse()
    old, new = os.urandom(90_000), os.urandom(90_000)
    before = _ciphertext_files(vault_dir)
    with unlock_vault(vault_dir, PASSWORD) as other:
        other.fs.write_file("/f.bin", new)
        (ciphertext,) = _ciphertext_files(vault_dir) - before
        new_ciphertext = ciphertext.read_bytes()
        other.fs.write_file("/f.bin", old)
    mtime = ciphertext.stat().st_mtime_ns
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD, options=LOW)
    low = MountedVault(vault_dir, tmp_path / "mnt", handle)
    try:
        path = low.mnt / "f.bin"
        assert path.read_bytes() == old
        assert _read_uncached(path, 40_960, 4096) == old[40_960:45_056]  # chunks stored too
        assert path.read_bytes() == old  # now from the page cache
        replacement = ciphertext.with_name("sync-client.tmp")
        replacement.write_bytes(new_ciphertext)
        os.utime(replacement, ns=(mtime, mtime))
        os.replace(replacement, ciphertext)
        assert ciphertext.stat().st_size == len(new_ciphertext)
        time.sleep(1.2)  # past the attribute timeout: the kernel asks again
        with open(path, "rb") as f:
            assert f.read() == new
        fd = os.open(path, os.O_RDONLY)
        try:
            assert os.pread(fd, 4096, 40_960) == new[40_960:45_056]
        finally:
            os.close(fd)
    finally:
        end_mount(handle)


def test_cached_listings_see_changes_through_the_mount_and_underneath(
    tmp_path: Path, vault_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the kernel caching listings (cache_readdir), a change through the mount shows at
    once, and one a sync client makes in the ciphertext shows within the attribute timeout."""
    require_fuse()
    monkeypatch.setenv(CACHE_READDIR_ENV, "1")
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD, options=LOW)
    low = MountedVault(vault_dir, tmp_path / "mnt", handle)
    try:
        assert _handlers(low).timeouts.cache_readdir
        os.mkdir(low.mnt / "d")
        (low.mnt / "d" / "a").write_bytes(b"a")
        assert os.listdir(low.mnt / "d") == ["a"]
        assert os.listdir(low.mnt / "d") == ["a"]  # now from the kernel's cache
        (low.mnt / "d" / "b").write_bytes(b"b")
        assert sorted(os.listdir(low.mnt / "d")) == ["a", "b"]
        os.unlink(low.mnt / "d" / "a")
        assert os.listdir(low.mnt / "d") == ["b"]
        # a second engine on the same vault stands in for a sync client writing ciphertext
        with unlock_vault(vault_dir, PASSWORD) as other:
            other.fs.write_file("/d/synced", b"from elsewhere")
        assert _wait_for(lambda: sorted(os.listdir(low.mnt / "d")) == ["b", "synced"])
        assert (low.mnt / "d" / "synced").read_bytes() == b"from elsewhere"
        vault = _unmount_and_unlock(low)
    finally:
        end_mount(handle)
    assert sorted(name for name, _ in vault.fs.listdir("/d")) == ["b", "synced"]
    vault.lock()


def test_unknown_api_is_refused(tmp_path: Path, vault_dir: Path) -> None:
    from vaultengine.errors import MountError

    require_fuse()
    with pytest.raises(MountError):
        handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD, options=["api=fast"])
        end_mount(handle)
    assert not os.path.ismount(tmp_path / "mnt")
