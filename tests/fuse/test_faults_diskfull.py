"""Disk full while writing, on a 2 MiB tmpfs holding the vault: the writer gets ENOSPC (through
the filesystem API and through the mount), nothing else is damaged, and once space is freed the
vault works normally. Needs root for the tmpfs; the tmpfs is always unmounted."""

from __future__ import annotations

import errno
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import end_mount, require_fuse
from tests.helpers.tmpfs import mounted_tmpfs
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.errors import AuthenticationFailedError
from vaultengine.fs import VaultFileSystem
from vaultengine.fuse import mount
from vaultengine.health import check_vault
from vaultengine.vault import create_vault, open_keys, unlock_vault

PASSWORD = "disk full pw"
CHUNK = 32768
OTHERS = {
    "/docs/a.txt": b"kept safe\n",
    "/docs/b.bin": random.Random(1).randbytes(3 * CHUNK + 17),
    "/c.bin": random.Random(2).randbytes(100_000),
}


def pattern(size: int) -> bytes:
    return random.Random(99).randbytes(size)


@pytest.fixture
def small_vault(tmp_path: Path) -> Iterator[Path]:
    """A vault with OTHERS on its own 2 MiB tmpfs, unmounted afterwards whatever happens."""
    with mounted_tmpfs(tmp_path / "small", "2m") as small:
        vault = small / "vault"
        create_vault(vault, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
        with unlock_vault(vault, PASSWORD) as v:
            v.fs.mkdir("/docs")
            for path, data in OTHERS.items():
                v.fs.write_file(path, data)
        yield vault


def check_only_the_full_file_may_be_damaged(vault: Path, path: str, written: bytes) -> None:
    """Other files intact; the file that hit ENOSPC is whole chunks of what was written, with
    at most its last chunk failing authentication (a torn chunk), never garbage."""
    keys, config = open_keys(vault, PASSWORD)
    report = check_vault(vault, keys, config, deep=True)
    errors = [p for p in report.problems if p.severity == "error"]
    assert all(p.kind == "damaged_file" and p.cleartext_path == path for p in errors), errors
    with unlock_vault(vault, PASSWORD, read_only=True) as v:
        for other, data in OTHERS.items():
            assert v.fs.read_file(other) == data
        size = v.fs.stat(path).st_size
        chunks = -(-size // CHUNK)
        fh = v.fs.open(path, os.O_RDONLY)
        failed = []
        try:
            for number in range(chunks):
                try:
                    data = v.fs.read(fh, CHUNK, number * CHUNK)
                except AuthenticationFailedError:
                    failed.append(number)
                    continue
                assert data == written[number * CHUNK : number * CHUNK + len(data)]
        finally:
            v.fs.release(fh)
        assert failed in ([], [chunks - 1]), failed


def check_works_after_freeing(fs_write, fs_read, fs_unlink, path: str) -> None:
    fs_unlink(path)
    data = pattern(600_000)
    fs_write("/after.bin", data)
    assert fs_read("/after.bin") == data
    for other, content in OTHERS.items():
        assert fs_read(other) == content


def test_disk_full_through_the_filesystem_api(small_vault: Path) -> None:
    data = pattern(4 << 20)  # twice the whole tmpfs
    with unlock_vault(small_vault, PASSWORD) as v:
        fs: VaultFileSystem = v.fs
        fh = fs.open("/big.bin", os.O_WRONLY | os.O_CREAT)
        offset = 0
        with pytest.raises(OSError) as info:
            while offset < len(data):
                offset += fs.write(fh, data[offset : offset + 100_000], offset)
        assert info.value.errno == errno.ENOSPC
        assert offset < len(data)
        fs.release(fh)
        for other, content in OTHERS.items():
            assert fs.read_file(other) == content
    check_only_the_full_file_may_be_damaged(small_vault, "/big.bin", data)
    with unlock_vault(small_vault, PASSWORD) as v:
        check_works_after_freeing(v.fs.write_file, v.fs.read_file, v.fs.unlink, "/big.bin")
    keys, config = open_keys(small_vault, PASSWORD)
    assert check_vault(small_vault, keys, config, deep=True).ok


@pytest.mark.fuse
@pytest.mark.timeout(120)
def test_disk_full_through_the_mount(small_vault: Path, tmp_path: Path) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    data = pattern(4 << 20)
    handle = mount(small_vault, mnt, password=PASSWORD)
    try:
        fd = os.open(mnt / "big.bin", os.O_WRONLY | os.O_CREAT, 0o644)
        written = 0
        try:
            with pytest.raises(OSError) as info:
                while written < len(data):
                    written += os.write(fd, data[written : written + 65536])
            assert info.value.errno == errno.ENOSPC  # not EIO: the writer learns why
        finally:
            os.close(fd)
        assert 0 < written < len(data)
        assert os.statvfs(mnt).f_bavail * os.statvfs(mnt).f_frsize < 200_000
        for other, content in OTHERS.items():
            assert (mnt / other.lstrip("/")).read_bytes() == content

        def write(path: str, content: bytes) -> None:
            (mnt / path.lstrip("/")).write_bytes(content)

        def read(path: str) -> bytes:
            return (mnt / path.lstrip("/")).read_bytes()

        def unlink(path: str) -> None:
            (mnt / path.lstrip("/")).unlink()

        handle.unmount()
        check_only_the_full_file_may_be_damaged(small_vault, "/big.bin", data)
        handle = mount(small_vault, mnt, password=PASSWORD)
        check_works_after_freeing(write, read, unlink, "/big.bin")
    finally:
        end_mount(handle)
    keys, config = open_keys(small_vault, PASSWORD)
    assert check_vault(small_vault, keys, config, deep=True).ok
