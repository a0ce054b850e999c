"""rename: files, dirs, symlinks; across directories and the .c9r/.c9s line; POSIX replace."""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

import pytest

from vaultengine.crypto.keys import MasterKeys
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import create_root_directory
from vaultengine.fs import VaultFileSystem

SHORT = "short-name.txt"
LONG = "L" * 180  # over the 146-byte limit: a .c9s node


@pytest.fixture
def fs(tmp_path):
    keys = MasterKeys.generate()
    config = VaultConfig(jti=str(uuid.uuid4()))
    create_root_directory(tmp_path, keys, config)
    vault = VaultFileSystem(tmp_path, keys, config)
    vault.mkdir("/a")
    vault.mkdir("/b")
    yield vault
    vault.close()


def make(fs: VaultFileSystem, kind: str, path: str) -> None:
    if kind == "file":
        fs.write_file(path, b"content of " + path.encode())
    elif kind == "dir":
        fs.mkdir(path)
        fs.mkdir(path + "/sub")
        fs.write_file(path + "/sub/deep.txt", b"deep")
    else:
        fs.symlink(path, "target/of/" + path)


def check(fs: VaultFileSystem, kind: str, path: str, origin: str) -> None:
    if kind == "file":
        assert fs.read_file(path) == b"content of " + origin.encode()
    elif kind == "dir":
        assert fs.read_file(path + "/sub/deep.txt") == b"deep"
        assert [n for n, _ in fs.listdir(path)] == ["sub"]
    else:
        assert fs.readlink(path) == "target/of/" + origin


def all_names(fs: VaultFileSystem, path: str) -> set[str]:
    return {name for name, _ in fs.listdir(path)}


@pytest.mark.parametrize("kind", ["file", "dir", "symlink"])
@pytest.mark.parametrize("source_name", [SHORT, LONG])
@pytest.mark.parametrize("target_name", ["other.bin", LONG + "x"])
@pytest.mark.parametrize("target_dir", ["/a", "/b"])
def test_rename_moves_every_kind(fs, kind, source_name, target_name, target_dir):
    source = "/a/" + source_name
    target = f"{target_dir}/{target_name}"
    make(fs, kind, source)
    fs.rename(source, target)
    check(fs, kind, target, source)
    assert source_name not in all_names(fs, "/a") or (
        target_dir == "/a" and source_name == target_name
    )
    with pytest.raises(FileNotFoundError):
        fs.stat(source)
    # and back again: nothing of the old node may be left in the way
    fs.rename(target, source)
    check(fs, kind, source, source)
    assert target_name not in all_names(fs, target_dir)


def test_renamed_directory_keeps_its_id_and_subtree(fs, tmp_path):
    fs.mkdir("/a/dir")
    for i in range(5):
        fs.write_file(f"/a/dir/f{i}", bytes([i]) * 100)
    dir_id = fs._layout.resolve_dir_id(("a", "dir"))
    content_before = sorted(os.listdir(fs._layout.content_dir(dir_id)))
    fs.rename("/a/dir", "/b/" + LONG)
    assert fs._layout.resolve_dir_id(("b", LONG)) == dir_id
    assert sorted(os.listdir(fs._layout.content_dir(dir_id))) == content_before
    assert fs.read_file(f"/b/{LONG}/f3") == b"\x03" * 100
    with pytest.raises(FileNotFoundError):
        fs.listdir("/a/dir")


def test_rename_invalidates_cached_subtree(fs):
    fs.mkdir("/a/x")
    fs.mkdir("/a/x/y")
    fs.write_file("/a/x/y/f", b"1")
    assert fs.read_file("/a/x/y/f") == b"1"  # caches /a/x and /a/x/y
    fs.rename("/a/x", "/b/x")
    with pytest.raises(FileNotFoundError):
        fs.read_file("/a/x/y/f")
    fs.mkdir("/a/x")  # a new directory at the old path must not inherit the old ID
    assert fs.listdir("/a/x") == []
    assert fs.read_file("/b/x/y/f") == b"1"


@pytest.mark.parametrize("target_name", ["t", LONG])
def test_file_replaces_file_atomically(fs, target_name):
    fs.write_file("/a/src", b"new")
    fs.write_file("/b/" + target_name, b"old")
    fs.rename("/a/src", "/b/" + target_name)
    assert fs.read_file("/b/" + target_name) == b"new"
    assert all_names(fs, "/a") == set()
    assert all_names(fs, "/b") == {target_name}


def test_symlink_and_file_replace_each_other(fs):
    fs.symlink("/a/link", "somewhere")
    fs.write_file("/a/file", b"f")
    fs.rename("/a/link", "/a/file")
    assert fs.readlink("/a/file") == "somewhere"
    fs.write_file("/a/file2", b"f2")
    fs.rename("/a/file2", "/a/file")
    assert fs.read_file("/a/file") == b"f2"
    assert all_names(fs, "/a") == {"file"}


def test_empty_dir_replaces_empty_dir(fs):
    fs.mkdir("/a/src")
    fs.write_file("/a/src/kept", b"k")
    fs.mkdir("/b/dst")
    old_id = fs._layout.resolve_dir_id(("b", "dst"))
    fs.rename("/a/src", "/b/dst")
    assert fs.read_file("/b/dst/kept") == b"k"
    assert not os.path.exists(fs._layout.content_dir(old_id))  # replaced dir fully removed


def test_rename_errors(fs):
    fs.mkdir("/a/dir")
    fs.mkdir("/b/full")
    fs.write_file("/b/full/x", b"")
    fs.write_file("/a/file", b"")
    fs.mkdir("/b/emptydir")
    cases = [
        (("/a/dir", "/b/full"), {}, errno.ENOTEMPTY),
        (("/a/dir", "/a/file"), {}, errno.ENOTDIR),
        (("/a/file", "/b/emptydir"), {}, errno.EISDIR),
        (("/a/file", "/b/full/x"), {"noreplace": True}, errno.EEXIST),
        (("/a/dir", "/b/emptydir"), {"noreplace": True}, errno.EEXIST),
        (("/a/missing", "/b/m"), {}, errno.ENOENT),
        (("/a/file", "/missing/m"), {}, errno.ENOENT),
        (("/a", "/a/dir/inside"), {}, errno.EINVAL),
        (("/a/file", "/a/file/child"), {}, errno.ENOTDIR),
    ]
    for (old, new), kwargs, code in cases:
        with pytest.raises(OSError) as info:
            fs.rename(old, new, **kwargs)
        assert info.value.errno == code, (old, new)
    assert all_names(fs, "/a") == {"dir", "file"}
    assert all_names(fs, "/b") == {"full", "emptydir"}
    assert fs.read_file("/b/full/x") == b""


def test_rename_to_itself_and_nfd_spelling(fs):
    fs.write_file("/a/café", b"c")
    fs.rename("/a/café", "/a/cafe\u0301")  # NFD spelling of the same name: a no-op
    assert fs.read_file("/a/café") == b"c"
    assert all_names(fs, "/a") == {"café"}


def test_rename_leaves_no_ciphertext_garbage(fs, tmp_path):
    fs.write_file("/a/" + LONG, b"x")
    fs.mkdir("/a/d" + LONG)
    fs.symlink("/a/s" + LONG, "t")
    for name in (LONG, "d" + LONG, "s" + LONG):
        fs.rename("/a/" + name, "/b/" + name[:3])
        fs.rename("/b/" + name[:3], "/a/" + name[:3])
    content = Path(fs._layout.content_dir(fs._layout.resolve_dir_id(("a",))))
    assert sorted(p.name.endswith(".c9r") for p in content.iterdir()) == [True] * 4
    for node in content.iterdir():
        if node.is_dir():
            assert "name.c9s" not in os.listdir(node)
