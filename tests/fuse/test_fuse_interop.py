"""What goes in through the mount comes out of the offline engine byte for byte, and the reverse;
real vaults from other implementations read correctly through the mount."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, MountedVault, end_mount, require_fuse
from tests.helpers.vaults import FIXTURES
from vaultengine.fuse import mount
from vaultengine.vault import unlock_vault

pytestmark = pytest.mark.fuse

CHUNK = 32 * 1024


def _tree(seed: int) -> dict[str, bytes]:
    sizes = [0, 1, 100, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 17, 1 << 20]
    return {
        f"/dir{i % 3}/sub/file-{i}.bin": hashlib.sha256(f"{seed}-{i}".encode()).digest()
        * (size // 32 + 1)
        for i, size in enumerate(sizes)
    } | {"/top-level.txt": b"plain text\n", "/Ünïcödé name.txt": "ß".encode() * 999}


def test_written_through_mount_reads_back_offline(mounted: MountedVault) -> None:
    files = _tree(1)
    for path, data in files.items():
        target = mounted.mnt / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    os.symlink("top-level.txt", mounted / "link")
    end_mount(mounted.handle)
    with unlock_vault(mounted.vault, PASSWORD) as vault:
        for path, data in files.items():
            assert vault.fs.read_file(path) == data, path
        assert vault.fs.readlink("/link") == "top-level.txt"
        names = sorted(name for name, _ in vault.fs.listdir("/"))
        assert names == sorted(
            ["dir0", "dir1", "dir2", "link", "top-level.txt", "Ünïcödé name.txt"]
        )


def test_written_offline_reads_back_through_mount(tmp_path: Path, vault_dir: Path) -> None:
    require_fuse()
    files = _tree(2)
    with unlock_vault(vault_dir, PASSWORD) as vault:
        for path, data in files.items():
            parts = path.strip("/").split("/")
            for depth in range(1, len(parts)):
                folder = "/" + "/".join(parts[:depth])
                with contextlib.suppress(FileExistsError):
                    vault.fs.mkdir(folder)
            vault.fs.write_file(path, data)
        vault.fs.symlink("/link", "dir0/sub")
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD)
    try:
        for path, data in files.items():
            assert (tmp_path / "mnt" / path.lstrip("/")).read_bytes() == data, path
        assert os.readlink(tmp_path / "mnt" / "link") == "dir0/sub"
        assert sorted(os.listdir(tmp_path / "mnt" / "link")) == sorted(
            p.rsplit("/", 1)[1] for p in files if p.startswith("/dir0/")
        )
    finally:
        end_mount(handle)


@pytest.mark.parametrize(
    ("name", "password"),
    [("oxcrypt-sample", "123456789"), ("siv-ctrmac-migrated", "12345678")],
)
def test_real_vault_through_mount_matches_manifest(
    tmp_path: Path, fixture_vault, name: str, password: str
) -> None:
    require_fuse()
    vault = fixture_vault(name)
    manifest = json.loads((FIXTURES / f"{name}.manifest.json").read_text())
    handle = mount(vault, tmp_path / "mnt", password=password, read_only=True)
    try:
        for path, entry in manifest.items():
            here = tmp_path / "mnt" / path.lstrip("/")
            if entry["type"] == "dir":
                assert here.is_dir(), path
            elif entry["type"] == "symlink":
                assert os.readlink(here) == entry["target"], path
            else:
                data = here.read_bytes()
                assert len(data) == entry["size"] and here.stat().st_size == entry["size"], path
                assert hashlib.sha256(data).hexdigest() == entry["sha256"], path
        listed = {"/" + str(p.relative_to(tmp_path / "mnt")) for p in (tmp_path / "mnt").rglob("*")}
        assert listed == {p for p in manifest if p != "/"}
    finally:
        end_mount(handle)
