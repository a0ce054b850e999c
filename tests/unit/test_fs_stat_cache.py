"""stat()'s path cache never answers for a path whose file or folders changed since."""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path

import pytest

from tests.helpers.vaultfs import make_vault
from vaultengine.fs import VaultFileSystem


@pytest.fixture
def fs(tmp_path: Path):  # type: ignore[no-untyped-def]
    filesystem, _keys, _config = make_vault(tmp_path / "vault")
    yield filesystem
    filesystem.close()


def put(fs: VaultFileSystem, path: str, data: bytes) -> None:
    fh = fs.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o644)
    try:
        fs.write(fh, data, 0)
    finally:
        fs.release(fh)


def gone(fs: VaultFileSystem, path: str) -> bool:
    with pytest.raises(OSError) as caught:
        fs.stat(path)
    return caught.value.errno == errno.ENOENT


def test_renamed_folder_hides_the_old_path(fs: VaultFileSystem) -> None:
    fs.mkdir("/d")
    put(fs, "/d/f", b"12345")
    assert fs.stat("/d/f").st_size == 5  # now cached
    fs.rename("/d", "/e")
    assert gone(fs, "/d/f")  # its ciphertext file still exists, under /e
    assert fs.stat("/e/f").st_size == 5


def test_folder_moved_into_another_keeps_no_stale_path(fs: VaultFileSystem) -> None:
    fs.mkdir("/a")
    fs.mkdir("/b")
    put(fs, "/a/f", b"x")
    assert fs.stat("/a/f").st_size == 1
    fs.rename("/a", "/b/a")
    assert gone(fs, "/a/f")
    assert fs.stat("/b/a/f").st_size == 1


def test_folder_recreated_under_the_same_name(fs: VaultFileSystem) -> None:
    fs.mkdir("/d")
    put(fs, "/d/f", b"old")
    assert fs.stat("/d/f").st_size == 3
    fs.unlink("/d/f")
    fs.rmdir("/d")
    assert gone(fs, "/d/f")
    fs.mkdir("/d")  # a new directory ID
    put(fs, "/d/f", b"new content")
    assert fs.stat("/d/f").st_size == 11


def test_file_removed_replaced_or_turned_into_a_folder(fs: VaultFileSystem) -> None:
    put(fs, "/f", b"abc")
    assert fs.stat("/f").st_size == 3
    fs.unlink("/f")
    assert gone(fs, "/f")
    put(fs, "/g", b"longer file")
    fs.rename("/g", "/f")  # replaces nothing: /f was gone
    assert fs.stat("/f").st_size == 11
    put(fs, "/h", b"h")
    fs.rename("/h", "/f")  # replaces /f
    assert fs.stat("/f").st_size == 1
    fs.unlink("/f")
    fs.mkdir("/f")
    assert fs.stat("/f").st_mode & 0o170000 == 0o040000


def test_a_decomposed_spelling_follows_a_folder_rename(fs: VaultFileSystem) -> None:
    nfc = unicodedata.normalize("NFC", "/café")
    nfd = unicodedata.normalize("NFD", "/café")
    fs.mkdir(nfc)
    put(fs, nfc + "/f", b"1234")
    assert fs.stat(nfd + "/f").st_size == 4  # the NFD spelling is cached as given
    fs.rename(nfc, "/tea")
    assert gone(fs, nfd + "/f")
    assert gone(fs, nfc + "/f")


def test_an_open_file_is_stat_by_its_handle_as_by_its_path(fs: VaultFileSystem) -> None:
    """fstat (a create's reply on the low-level mount) agrees with stat and follows writes; the
    path cache the create filled lets go once the file is removed."""
    fh = fs.open("/new", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        assert fs.fstat(fh).st_size == 0
        fs.write(fh, b"12345", 0)
        by_handle, by_path = fs.fstat(fh), fs.stat("/new")
        assert by_handle.st_size == by_path.st_size == 5
        assert by_handle.st_mtime_ns == by_path.st_mtime_ns
        assert by_handle.st_mode == by_path.st_mode
    finally:
        fs.release(fh)
    fs.unlink("/new")
    assert gone(fs, "/new")
