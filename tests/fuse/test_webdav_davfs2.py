"""A davfs2 mount of a served vault carries the POSIX subset WebDAV can: create, read, write,
rename, delete, mkdir, rmdir; what it wrote then reads exactly through the engine offline."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.webdav import PASSWORD, make_vault

pytestmark = [pytest.mark.webdav, pytest.mark.fuse, pytest.mark.slow]

CHUNK = 32 * 1024


@pytest.fixture
def davfs_mount(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(mount point, vault folder): a vault served over WebDAV and mounted with davfs2."""
    if shutil.which("mount.davfs") is None:
        pytest.skip("davfs2 is not installed (apt install davfs2)")
    if os.geteuid() != 0:
        pytest.skip("mounting davfs2 here needs root")
    from vaultengine.vault import unlock_vault
    from vaultengine.webdav import WebDavServer

    vault_path = make_vault(tmp_path / "vault")
    vault = unlock_vault(vault_path, PASSWORD)
    server = WebDavServer(vault)
    server.start()
    conf = tmp_path / "davfs2.conf"
    # buf_size 64: on this kernel davfs2's default makes listings fail with EINVAL. No
    # credentials to ask for, no WebDAV locks, uploads at close rather than later.
    conf.write_text("buf_size 64\nask_auth 0\nuse_locks 0\ndelay_upload 0\n")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "davfs", "-o", f"rw,conf={conf}", server.url, str(mnt)],
        input=b"\n\n",
        capture_output=True,
        timeout=60,
    )
    try:
        assert mounted.returncode == 0, mounted.stderr.decode(errors="replace")
        yield mnt, vault_path
    finally:
        if os.path.ismount(mnt):
            # umount.davfs waits for mount.davfs to upload what is left and exit
            subprocess.run(["umount", str(mnt)], capture_output=True, timeout=120)
        server.stop()  # locks the vault too


def test_davfs2_mount_carries_the_posix_subset(davfs_mount: tuple[Path, Path]) -> None:
    from vaultengine.vault import unlock_vault

    mnt, vault_path = davfs_mount
    big = os.urandom(3 * CHUNK + 17)
    (mnt / "created.txt").write_bytes(b"first")
    assert (mnt / "created.txt").read_bytes() == b"first"
    (mnt / "created.txt").write_bytes(b"rewritten, longer than before")
    with open(mnt / "created.txt", "ab") as out:
        out.write(b" + appended")
    (mnt / "big.bin").write_bytes(big)
    assert (mnt / "big.bin").read_bytes() == big
    os.mkdir(mnt / "folder")
    os.mkdir(mnt / "folder" / "inner")
    os.rename(mnt / "created.txt", mnt / "folder" / "moved.txt")
    (mnt / "doomed.txt").write_bytes(b"x")
    os.unlink(mnt / "doomed.txt")
    os.mkdir(mnt / "empty")
    os.rmdir(mnt / "empty")
    assert {"big.bin", "folder"} <= set(os.listdir(mnt))
    assert not {"created.txt", "doomed.txt", "empty"} & set(os.listdir(mnt))
    assert sorted(os.listdir(mnt / "folder")) == ["inner", "moved.txt"]

    subprocess.run(["umount", str(mnt)], check=True, capture_output=True, timeout=120)
    with unlock_vault(vault_path, PASSWORD, read_only=True) as offline:
        assert sorted(name for name, _attr in offline.fs.listdir("/")) == ["big.bin", "folder"]
        assert offline.fs.read_file("/big.bin") == big
        moved = offline.fs.read_file("/folder/moved.txt")
        assert moved == b"rewritten, longer than before + appended"
        assert offline.fs.listdir("/folder/inner") == []
