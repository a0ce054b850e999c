"""Damaged or hostile ciphertext: EIO (never garbage), skipped names, broken directories."""

from __future__ import annotations

import errno
import os
import shutil
import uuid
from pathlib import Path

import pytest

from vaultengine.crypto.keys import MasterKeys
from vaultengine.crypto.names import NameCryptor
from vaultengine.errors import AuthenticationFailedError, BrokenDirectoryError
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import create_root_directory
from vaultengine.fs import VaultFileSystem

CHUNK = 32768


@pytest.fixture(params=["SIV_GCM", "SIV_CTRMAC"])
def env(request, tmp_path):
    keys = MasterKeys.generate()
    config = VaultConfig(jti=str(uuid.uuid4()), cipher_combo=request.param)
    create_root_directory(tmp_path, keys, config)
    fs = VaultFileSystem(tmp_path, keys, config)
    yield fs, keys, tmp_path
    fs.close()


def node_of(fs: VaultFileSystem, path: str) -> Path:
    parts = tuple(p for p in path.split("/") if p)
    parent = fs._layout.resolve_dir_id(parts[:-1])
    return Path(fs._layout.node(parent, parts[-1]).path)


def assert_eio(call) -> None:
    with pytest.raises(OSError) as info:
        call()
    assert info.value.errno == errno.EIO


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def geometry(fs: VaultFileSystem) -> tuple[int, int]:
    return fs._content.header_size, fs._content.ciphertext_chunk_size


@pytest.mark.parametrize("where", ["nonce", "payload", "tag"])
def test_flipped_chunk_byte_is_eio_only_for_that_chunk(env, where):
    fs, _keys, _root = env
    data = os.urandom(3 * CHUNK)
    fs.write_file("/victim", data)
    fs.write_file("/other", b"unharmed")
    header, ccs = geometry(fs)
    offset = {"nonce": 1, "payload": 100, "tag": ccs - 2}[where]
    flip(node_of(fs, "/victim"), header + ccs + offset)  # chunk 1
    fh = fs.open("/victim", os.O_RDONLY)
    assert fs.read(fh, 1000, 10) == data[10:1010]
    assert fs.read(fh, 100, 2 * CHUNK + 5) == data[2 * CHUNK + 5 : 2 * CHUNK + 105]
    assert_eio(lambda: fs.read(fh, 10, CHUNK + 5))
    assert_eio(lambda: fs.read(fh, 3 * CHUNK, 0))
    fs.release(fh)
    assert_eio(lambda: fs.read_file("/victim"))
    assert fs.read_file("/other") == b"unharmed"
    assert fs.stat("/victim").st_size == 3 * CHUNK


def test_partial_overwrite_of_a_damaged_chunk_is_eio_not_garbage(env):
    fs, _keys, _root = env
    fs.write_file("/f", os.urandom(2 * CHUNK))
    header, _ccs = geometry(fs)
    flip(node_of(fs, "/f"), header + 200)
    fh = fs.open("/f", os.O_RDWR)
    assert_eio(lambda: fs.write(fh, b"x", 5))  # read-modify-write needs the damaged chunk
    fs.write(fh, b"y" * CHUNK, 0)  # a whole-chunk write replaces it
    assert fs.read(fh, 10, 0) == b"y" * 10
    fs.release(fh)


def test_tampered_or_short_header_is_eio(env):
    fs, _keys, _root = env
    fs.write_file("/a", b"hello")
    fs.write_file("/b", b"world")
    flip(node_of(fs, "/a"), 20)
    assert_eio(lambda: fs.open("/a", os.O_RDONLY))
    node = node_of(fs, "/b")
    node.write_bytes(node.read_bytes()[:40])
    assert fs.stat("/b").st_size == 0
    assert_eio(lambda: fs.read_file("/b"))
    with pytest.raises(AuthenticationFailedError):
        fs.read_file("/a")
    fs.write_file("/a", b"replaced")  # O_TRUNC writes a fresh header: the name is usable again
    assert fs.read_file("/a") == b"replaced"


def test_zero_byte_ciphertext_is_an_empty_file(env):
    fs, _keys, _root = env
    fs.write_file("/placeholder", b"x")
    node_of(fs, "/placeholder").write_bytes(b"")
    assert fs.stat("/placeholder").st_size == 0
    assert fs.read_file("/placeholder") == b""
    fh = fs.open("/placeholder", os.O_WRONLY)
    fs.write(fh, b"now with a header", 0)
    fs.release(fh)
    assert fs.read_file("/placeholder") == b"now with a header"


def test_swapped_chunks_are_eio(env):
    fs, _keys, _root = env
    fs.write_file("/a", os.urandom(2 * CHUNK))
    fs.write_file("/b", os.urandom(2 * CHUNK))
    header, ccs = geometry(fs)
    a, b = node_of(fs, "/a"), node_of(fs, "/b")
    raw_a, raw_b = a.read_bytes(), b.read_bytes()
    chunk0, chunk1 = raw_a[header : header + ccs], raw_a[header + ccs :]
    a.write_bytes(raw_a[:header] + chunk1 + chunk0)  # reordered within the file
    b.write_bytes(raw_b[:header] + raw_b[header : header + ccs] + raw_a[header + ccs :])  # foreign
    assert_eio(lambda: fs.read_file("/a"))
    fh = fs.open("/b", os.O_RDONLY)
    assert fs.read(fh, 10, 0) == fs.read(fh, 10, 0)  # chunk 0 still its own
    assert_eio(lambda: fs.read(fh, 10, CHUNK))
    fs.release(fh)


@pytest.mark.parametrize("tail", [1, 13, 27])
def test_torn_tail_is_reported_conservatively_and_read_is_eio(env, tail):
    fs, _keys, _root = env
    data = os.urandom(2 * CHUNK)
    fs.write_file("/torn", data)
    with open(node_of(fs, "/torn"), "ab") as f:
        f.write(os.urandom(tail))
    # One byte past the intact chunks, so a reader through the kernel reaches the tail and gets EIO.
    assert fs.stat("/torn").st_size == 2 * CHUNK + 1
    assert_eio(lambda: fs.read_file("/torn"))
    fh = fs.open("/torn", os.O_RDWR)
    assert fs.read(fh, 100, 0) == data[:100]  # intact chunks stay readable
    fs.write(fh, b"append", 2 * CHUNK)  # rewriting the tail repairs the file
    assert fs.read(fh, 3 * CHUNK, 0) == data + b"append"
    fs.release(fh)


def test_names_failing_authentication_are_skipped(env, caplog):
    fs, _keys, _root = env
    fs.mkdir("/a")
    fs.mkdir("/b")
    fs.write_file("/a/moved", b"from a")
    fs.write_file("/b/kept", b"in b")
    source = node_of(fs, "/a/moved")
    shutil.copy(source, Path(fs._layout.content_dir(fs._layout.resolve_dir_id(("b",)))))
    broken_name = Path(fs._layout.content_dir("")) / ("A" * 40 + "==.c9r")
    broken_name.write_bytes(b"")
    assert [n for n, _ in fs.listdir("/b")] == ["kept"]
    assert {n for n, _ in fs.listdir("/")} == {"a", "b"}
    assert [n for n, _ in fs.listdir("/b")] == ["kept"]
    warnings = [r for r in caplog.records if "fails authentication" in r.getMessage()]
    assert len(warnings) == 2  # each ciphertext path logged once, not per listing
    assert all("moved" not in r.getMessage() for r in caplog.records)  # no cleartext names


@pytest.mark.parametrize("name", ["..", ".", "a/b", "nul\0byte"])
def test_hostile_decrypted_names_are_skipped(env, name):
    fs, keys, _root = env
    fs.write_file("/fine", b"ok")
    names = NameCryptor(keys)
    hostile = Path(fs._layout.content_dir("")) / (names.encrypt_name(name, "") + ".c9r")
    shutil.copy(node_of(fs, "/fine"), hostile)
    assert [n for n, _ in fs.listdir("/")] == ["fine"]


@pytest.mark.parametrize(
    "damage", ["empty", "too long", "not ascii", "control chars", "missing", "no content dir"]
)
def test_broken_directory_is_eio_and_never_replaced(env, damage):
    fs, _keys, _root = env
    fs.mkdir("/dir")
    fs.write_file("/dir/precious", b"data")
    fs.mkdir("/fine")
    node = node_of(fs, "/dir")
    dir_file = node / "dir.c9r"
    dir_id = dir_file.read_text()
    if damage == "empty":
        dir_file.write_bytes(b"")
    elif damage == "too long":
        dir_file.write_bytes(b"a" * 1001)
    elif damage == "not ascii":
        dir_file.write_bytes("é".encode() * 10)
    elif damage == "control chars":
        dir_file.write_bytes(b"abc\ndef")
    elif damage == "missing":
        dir_file.unlink()
    else:
        dir_file.write_text(str(uuid.uuid4()))
    fs._layout.dir_ids.invalidate_subtree("/")
    with pytest.raises(BrokenDirectoryError):
        fs.stat("/dir")
    assert_eio(lambda: fs.listdir("/dir"))
    assert_eio(lambda: fs.write_file("/dir/new", b"x"))
    assert [n for n, _ in fs.listdir("/")] == ["fine"]  # skipped like cryptofs does
    with pytest.raises(FileExistsError):
        fs.mkdir("/dir")  # never a fresh empty directory over the broken one
    with pytest.raises(OSError):
        fs.rmdir("/dir")
    content = Path(fs._layout.content_dir(dir_id))
    assert len([p for p in content.iterdir() if p.name != "dirid.c9r"]) == 1  # data kept


def test_long_name_nodes_with_bad_name_file_are_skipped(env):
    fs, _keys, _root = env
    fs.write_file("/" + "x" * 200, b"long one")
    fs.write_file("/" + "y" * 200, b"other long")
    fs.write_file("/short", b"s")
    node_x, node_y = node_of(fs, "/" + "x" * 200), node_of(fs, "/" + "y" * 200)
    (node_x / "name.c9s").write_text((node_y / "name.c9s").read_text())  # mismatched
    (node_y / "name.c9s").unlink()  # missing
    fs._layout.name_cache.clear()
    assert [n for n, _ in fs.listdir("/")] == ["short"]


def test_tampered_or_oversized_symlink_is_eio(env):
    fs, _keys, _root = env
    fs.symlink("/l1", "target")
    fs.symlink("/l2", "target")
    flip(node_of(fs, "/l1") / "symlink.c9r", 30)
    assert_eio(lambda: fs.readlink("/l1"))
    (node_of(fs, "/l2") / "symlink.c9r").write_bytes(os.urandom(1_000_000))
    assert_eio(lambda: fs.readlink("/l2"))


def test_sync_conflict_copies_are_resolved_during_listing(env):
    fs, _keys, _root = env
    fs.write_file("/report.txt", b"mine")
    content = Path(fs._layout.content_dir(""))
    canonical = node_of(fs, "/report.txt")
    conflicting = content / (canonical.name[:-4] + " (Alice's conflicted copy).c9r")
    conflicting.write_bytes(canonical.read_bytes())
    fs.write_file("/report.txt", b"theirs")
    listed = sorted(n for n, _ in fs.listdir("/"))
    assert len(listed) == 2 and "report.txt" in listed
    other = next(n for n in listed if n != "report.txt")
    assert other.startswith("report") and other.endswith(".txt")
    assert fs.read_file("/" + other) == b"mine"
    assert fs.read_file("/report.txt") == b"theirs"
