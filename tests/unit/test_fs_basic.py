"""VaultFileSystem round trips: names, sizes, offsets, truncate, trees, symlinks, compatibility."""

from __future__ import annotations

import errno
import os
import random
import unicodedata
import uuid
from pathlib import Path

import pytest

from tests.helpers.vaultfs import make_vault
from vaultengine.crypto.content import content_cryptor
from vaultengine.crypto.names import NameCryptor
from vaultengine.fs import VaultFileSystem


@pytest.fixture(params=["SIV_GCM", "SIV_CTRMAC"])
def vault(request, tmp_path):
    fs, _keys, _config = make_vault(tmp_path / "vault", combo=request.param)
    yield fs
    fs.close()


@pytest.fixture
def gcm(tmp_path):
    fs, keys, config = make_vault(tmp_path / "vault")
    yield fs, keys, config, tmp_path / "vault"
    fs.close()


def names_of(fs: VaultFileSystem, path: str) -> set[str]:
    return {name for name, _ in fs.listdir(path)}


def ciphertext_files(root: Path) -> list[Path]:
    return [p for p in (root / "d").rglob("*") if p.is_file()]


@pytest.mark.parametrize("size", [0, 1, 32767, 32768, 32769, 3 * 32768 + 5, 65536])
def test_sizes_round_trip(vault, size):
    data = os.urandom(size)
    vault.write_file("/f.bin", data)
    assert vault.read_file("/f.bin") == data
    assert vault.stat("/f.bin").st_size == size


@pytest.mark.parametrize(
    "name",
    ["a" * 146, "a" * 147, "b" * 255, "é" * 127, "😀 emoji 🎉.txt", "with space & ; 'q'.txt"],
)
def test_names_round_trip(vault, name):
    vault.write_file("/" + name, name.encode())
    assert name in names_of(vault, "/")
    assert vault.read_file("/" + name) == name.encode()
    vault.mkdir("/dir-" + name[:100])
    vault.write_file("/dir-" + name[:100] + "/" + name, b"inner")
    assert vault.read_file("/dir-" + name[:100] + "/" + name) == b"inner"


@pytest.mark.parametrize("name", ["c" * 256, "é" * 128])
def test_name_over_255_bytes_is_enametoolong(vault, name):
    for call in (
        lambda: vault.write_file("/" + name, b"x"),
        lambda: vault.mkdir("/" + name),
        lambda: vault.stat("/" + name),
        lambda: vault.symlink("/" + name, "t"),
    ):
        with pytest.raises(OSError) as info:
            call()
        assert info.value.errno == errno.ENAMETOOLONG


@pytest.mark.parametrize("name", ["bad\0name", "lone\udcffsurrogate", ".", ".."])
def test_invalid_names_are_einval(vault, name):
    with pytest.raises(OSError) as info:
        vault.write_file("/" + name, b"x")
    assert info.value.errno == errno.EINVAL
    assert names_of(vault, "/") == set()


def test_threshold_decides_c9r_versus_c9s(gcm):
    fs, keys, _config, _root = gcm
    fs.write_file("/" + "a" * 146, b"short")
    fs.write_file("/" + "a" * 147, b"long")
    content = Path(fs._layout.content_dir(""))
    entries = {p.name: p for p in content.iterdir()}
    long_nodes = [p for n, p in entries.items() if n.endswith(".c9s")]
    short_nodes = [p for n, p in entries.items() if n.endswith(".c9r") and n != "dirid.c9r"]
    assert len(long_nodes) == 1 and len(short_nodes) == 1
    assert len(short_nodes[0].name) == 220
    full = (long_nodes[0] / "name.c9s").read_text()
    assert len(full) == 224 and full.endswith(".c9r")
    assert (long_nodes[0] / "contents.c9r").is_file()
    names = NameCryptor(keys)
    assert names.decrypt_name(full[:-4], "") == "a" * 147


def test_nfd_spelling_reaches_the_nfc_file(vault):
    nfc = unicodedata.normalize("NFC", "café-Åström.txt")
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    vault.write_file("/" + nfd, b"same file")
    assert names_of(vault, "/") == {nfc}
    assert vault.read_file("/" + nfc) == b"same file"
    vault.mkdir("/" + nfd + "-dir")
    assert vault.stat("/" + nfc + "-dir").st_mode & 0o170000 == 0o040000


def test_empty_file_is_header_only(gcm):
    fs, _keys, _config, root = gcm
    fh = fs.open("/empty", os.O_WRONLY | os.O_CREAT)
    fs.release(fh)
    assert fs.read_file("/empty") == b""
    assert fs.stat("/empty").st_size == 0
    sizes = {p.stat().st_size for p in ciphertext_files(root) if p.name != "dirid.c9r"}
    assert sizes == {68}


def test_random_offset_writes_and_reads_match_a_model(vault):
    rng = random.Random(1234)
    model = bytearray()
    fh = vault.open("/model.bin", os.O_RDWR | os.O_CREAT)
    for _ in range(120):
        offset = rng.randrange(0, 5 * 32768)
        data = rng.randbytes(rng.choice([1, 7, 100, 4096, 32768, 40000, 70000]))
        assert vault.write(fh, data, offset) == len(data)
        if offset > len(model):
            model.extend(bytes(offset - len(model)))
        model[offset : offset + len(data)] = data
        read_offset = rng.randrange(0, len(model) + 10)
        length = rng.randrange(0, 80000)
        assert vault.read(fh, length, read_offset) == bytes(
            model[read_offset : read_offset + length]
        )
    vault.release(fh)
    assert vault.read_file("/model.bin") == bytes(model)
    assert vault.stat("/model.bin").st_size == len(model)


def test_write_past_eof_fills_real_zero_chunks(gcm):
    fs, keys, _config, root = gcm
    fh = fs.open("/sparse", os.O_WRONLY | os.O_CREAT)
    fs.write(fh, b"end", 3 * 32768 + 10)
    fs.release(fh)
    assert fs.read_file("/sparse") == bytes(3 * 32768 + 10) + b"end"
    node = next(p for p in ciphertext_files(root) if p.name != "dirid.c9r")
    content = content_cryptor("SIV_GCM", keys)
    assert content.decrypt_file(node.read_bytes()) == bytes(3 * 32768 + 10) + b"end"


@pytest.mark.parametrize("start", [0, 100, 32768, 40000, 3 * 32768])
@pytest.mark.parametrize("length", [0, 1, 32767, 32768, 32769, 50000, 4 * 32768 + 3])
def test_truncate_down_and_up(vault, start, length):
    data = os.urandom(start)
    vault.write_file("/t", data)
    vault.truncate("/t", length)
    expected = data[:length] + bytes(max(0, length - start))
    assert vault.stat("/t").st_size == length
    assert vault.read_file("/t") == expected
    fh = vault.open("/t", os.O_RDWR)
    vault.ftruncate(fh, length // 2)
    vault.write(fh, b"tail", length // 2 + 5)
    vault.release(fh)
    expected = expected[: length // 2] + bytes(5) + b"tail"
    assert vault.read_file("/t") == expected


def test_shrink_keeps_header_and_rewrites_only_last_chunk(gcm):
    fs, _keys, _config, root = gcm
    fs.write_file("/f", os.urandom(3 * 32768))
    node = next(p for p in ciphertext_files(root) if p.name != "dirid.c9r")
    before = node.read_bytes()
    fs.truncate("/f", 32768 + 100)
    after = node.read_bytes()
    assert after[:68] == before[:68]  # header (and content key) kept
    assert after[68 : 68 + 32796] == before[68 : 68 + 32796]  # chunk 0 untouched
    assert after[68 + 32796 : 68 + 32796 + 12] != before[68 + 32796 : 68 + 32796 + 12]  # new nonce
    assert len(after) == 68 + 32796 + 100 + 28


def test_deep_tree(vault):
    path = ""
    for depth in range(40):
        path += f"/level{depth}"
        vault.mkdir(path)
        vault.write_file(path + "/file.txt", str(depth).encode())
    assert vault.read_file(path + "/file.txt") == b"39"
    vault._layout.dir_ids._cache.clear()  # walking from dir.c9r files, not the cache
    assert vault.read_file("/level0/level1/level2/file.txt") == b"2"
    assert names_of(vault, path.rsplit("/", 1)[0]) == {"file.txt", "level39"}


def test_listdir_attributes(vault):
    vault.mkdir("/sub")
    vault.write_file("/file", b"12345")
    vault.symlink("/link", "sub/target")
    listed = dict(vault.listdir("/"))
    assert set(listed) == {"sub", "file", "link"}
    assert listed["file"].st_size == 5 and listed["file"].st_mode == 0o100644
    assert listed["sub"].st_mode == 0o040755 and listed["sub"].st_nlink == 2
    assert listed["link"].st_mode == 0o120777 and listed["link"].st_size == len(b"sub/target")
    for name, attr in listed.items():
        assert vault.stat("/" + name) == attr


def test_symlinks(vault):
    target = "../some/where/😀 with spaces"
    vault.symlink("/link", target)
    assert vault.readlink("/link") == target
    assert vault.stat("/link").st_size == len(target.encode())
    vault.symlink("/" + "l" * 200, target)
    assert vault.readlink("/" + "l" * 200) == target
    with pytest.raises(FileExistsError):
        vault.symlink("/link", "x")
    with pytest.raises(OSError) as info:
        vault.readlink("/")
    assert info.value.errno == errno.EINVAL
    with pytest.raises(OSError) as info:
        vault.open("/link", os.O_RDONLY)
    assert info.value.errno == errno.ELOOP
    vault.unlink("/link")
    vault.unlink("/" + "l" * 200)
    assert names_of(vault, "/") == set()


def test_errors_follow_posix(vault):
    vault.mkdir("/d")
    vault.write_file("/f", b"x")
    with pytest.raises(FileExistsError):
        vault.mkdir("/d")
    with pytest.raises(FileExistsError):
        vault.mkdir("/f")
    with pytest.raises(FileNotFoundError):
        vault.stat("/missing")
    with pytest.raises(FileNotFoundError):
        vault.mkdir("/missing/child")
    with pytest.raises(NotADirectoryError):
        vault.listdir("/f")
    with pytest.raises(NotADirectoryError):
        vault.stat("/f/child")
    with pytest.raises(IsADirectoryError):
        vault.unlink("/d")
    with pytest.raises(IsADirectoryError):
        vault.open("/d", os.O_RDONLY)
    with pytest.raises(NotADirectoryError):
        vault.rmdir("/f")
    vault.write_file("/d/inner", b"")
    with pytest.raises(OSError) as info:
        vault.rmdir("/d")
    assert info.value.errno == errno.ENOTEMPTY
    with pytest.raises(FileExistsError):
        vault.open("/f", os.O_WRONLY | os.O_CREAT | os.O_EXCL)


def test_rmdir_removes_content_dir_and_node(gcm):
    fs, _keys, _config, root = gcm
    before = sorted(p.relative_to(root) for p in (root / "d").rglob("*") if p.is_file())
    fs.mkdir("/d")
    fs.mkdir("/d/e")
    assert fs.stat("/d/e").st_mode & 0o170000 == 0o040000
    fs.rmdir("/d/e")
    fs.rmdir("/d")
    after = sorted(p.relative_to(root) for p in (root / "d").rglob("*") if p.is_file())
    assert after == before
    with pytest.raises(FileNotFoundError):
        fs.stat("/d")
    fs.mkdir("/d")  # the same name again gets a fresh, empty directory
    assert fs.listdir("/d") == []


def test_written_files_are_byte_compatible(gcm):
    """What we write decrypts with the plain ContentCryptor/NameCryptor (cryptofs layout)."""
    fs, keys, _config, root = gcm
    data = os.urandom(70000)
    fs.mkdir("/folder")
    fs.write_file("/folder/data.bin", data)
    names = NameCryptor(keys)
    content = content_cryptor("SIV_GCM", keys)
    root_dir = root / "d" / names.hash_dir_id("")[:2] / names.hash_dir_id("")[2:]
    assert content.decrypt_file((root_dir / "dirid.c9r").read_bytes()) == b""
    folder_node = root_dir / (names.encrypt_name("folder", "") + ".c9r")
    dir_id = (folder_node / "dir.c9r").read_text()
    assert uuid.UUID(dir_id) and len(dir_id) == 36
    hashed = names.hash_dir_id(dir_id)
    child_dir = root / "d" / hashed[:2] / hashed[2:]
    backup = child_dir / "dirid.c9r"
    assert backup.stat().st_size == 132
    assert content.decrypt_file(backup.read_bytes()) == dir_id.encode()
    file_node = child_dir / (names.encrypt_name("data.bin", dir_id) + ".c9r")
    ciphertext = file_node.read_bytes()
    assert len(ciphertext) == content.ciphertext_size(70000)
    assert content.decrypt_file(ciphertext) == data
    fs.symlink("/folder/link", "data.bin")
    link_node = child_dir / (names.encrypt_name("link", dir_id) + ".c9r")
    assert content.decrypt_file((link_node / "symlink.c9r").read_bytes()) == b"data.bin"


def test_utimens_with_nanoseconds(vault):
    vault.write_file("/f", b"x")
    vault.mkdir("/d")
    vault.utimens("/f", 1_000_000_001, 2_000_000_123)
    attr = vault.stat("/f")
    assert (attr.st_atime_ns, attr.st_mtime_ns) == (1_000_000_001, 2_000_000_123)
    vault.utimens("/f", None, 3_000_000_007)
    attr = vault.stat("/f")
    assert (attr.st_atime_ns, attr.st_mtime_ns) == (1_000_000_001, 3_000_000_007)
    vault.utimens("/d", 5_000_000_005, 6_000_000_006)
    assert vault.stat("/d").st_mtime_ns == 6_000_000_006
    assert dict(vault.listdir("/"))["d"].st_mtime_ns == 6_000_000_006


def test_statfs(vault):
    st = vault.statfs()
    assert st.f_namemax == 255
    assert st.f_bsize == os.statvfs(vault.vault_root).f_bsize


def test_read_only_mode(tmp_path):
    fs, keys, config = make_vault(tmp_path / "v")
    fs.mkdir("/d")
    fs.write_file("/f", b"data")
    fs.symlink("/l", "f")
    fs.close()
    ro = VaultFileSystem(tmp_path / "v", keys, config, read_only=True)
    snapshot = sorted((p, p.stat().st_mtime_ns) for p in (tmp_path / "v").rglob("*"))
    assert ro.read_file("/f") == b"data"
    assert names_of(ro, "/") == {"d", "f", "l"}
    changes = [
        lambda: ro.mkdir("/x"),
        lambda: ro.rmdir("/d"),
        lambda: ro.unlink("/f"),
        lambda: ro.rename("/f", "/g"),
        lambda: ro.symlink("/s", "t"),
        lambda: ro.utimens("/f", 1, 1),
        lambda: ro.truncate("/f", 0),
        lambda: ro.open("/f", os.O_WRONLY),
        lambda: ro.open("/f", os.O_RDWR),
        lambda: ro.open("/new", os.O_RDONLY | os.O_CREAT),
        lambda: ro.write_file("/f", b"x"),
    ]
    for change in changes:
        with pytest.raises(OSError) as info:
            change()
        assert info.value.errno == errno.EROFS
    fh = ro.open("/f", os.O_RDONLY)
    with pytest.raises(OSError) as info:
        ro.write(fh, b"x", 0)
    assert info.value.errno == errno.EBADF
    ro.release(fh)
    ro.close()
    assert sorted((p, p.stat().st_mtime_ns) for p in (tmp_path / "v").rglob("*")) == snapshot


def test_listing_ignores_foreign_entries(gcm):
    fs, _keys, _config, _root = gcm
    fs.write_file("/real", b"x")
    content = Path(fs._layout.content_dir(""))
    (content / "desktop.ini").write_text("junk")
    (content / "short.c9r").write_text("too short")
    (content / ".hiddenAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.c9r").write_text("hidden")
    (content / "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.tmp").write_text("other suffix")
    assert names_of(fs, "/") == {"real"}


def test_non_nfc_name_from_another_tool_is_listed_and_reachable(gcm):
    """Another tool may store NFD names: they list as stored and open by that spelling."""
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import AESSIV

    fs, keys, _config, _root = gcm
    fs.write_file("/tmp", b"nfd content")
    nfd = unicodedata.normalize("NFD", "café")
    raw = AESSIV(keys.siv_key).encrypt(nfd.encode(), [b""])  # NameCryptor would apply NFC
    stored = base64.urlsafe_b64encode(raw).decode() + ".c9r"
    content = Path(fs._layout.content_dir(""))
    tmp_node = fs._layout.node("", "tmp").path
    os.rename(tmp_node, content / stored)
    assert [n for n, _ in fs.listdir("/")] == [nfd]
    assert fs.read_file("/" + nfd) == b"nfd content"
    assert fs.stat("/" + nfd).st_size == len(b"nfd content")
    fs.rename("/" + nfd, "/renamed")
    assert fs.read_file("/renamed") == b"nfd content"


def test_name_caches_stay_bounded_for_big_directories(gcm):
    from vaultengine.format.name_cache import NameCache

    fs, _keys, _config, _root = gcm
    fs.mkdir("/big")
    for i in range(300):
        fs.write_file(f"/big/f{i}", b"")
    layout = fs._layout
    layout.name_cache = NameCache(100)
    for _ in range(2):
        assert {n for n, _ in fs.listdir("/big")} == {f"f{i}" for i in range(300)}
    assert len(layout.name_cache) == 100
    assert fs.read_file("/big/f299") == b""  # found by a name the cache had no room for


def test_directory_replaced_behind_a_cached_id_is_found_again(gcm):
    fs, keys, config, root = gcm
    fs.mkdir("/d")
    fs.write_file("/d/old", b"")
    assert [n for n, _ in fs.listdir("/d")] == ["old"]  # /d's ID is now cached
    sync_client = VaultFileSystem(root, keys, config)  # a second engine changes the vault
    sync_client.unlink("/d/old")
    sync_client.rmdir("/d")
    sync_client.mkdir("/d")
    sync_client.write_file("/d/new", b"")
    sync_client.close()
    assert [n for n, _ in fs.listdir("/d")] == ["new"]


def test_disk_full_reaches_the_writer(tmp_path):
    """ENOSPC from the backing folder is the writer's error; what was written stays readable."""
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    small = tmp_path / "small"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(small)]).returncode:
        pytest.skip("cannot mount tmpfs here")
    try:
        fs, _keys, _config = make_vault(small / "vault")
        fs.write_file("/kept", b"safe")
        fh = fs.open("/big", os.O_WRONLY | os.O_CREAT)
        with pytest.raises(OSError) as info:
            for i in range(64):
                fs.write(fh, os.urandom(32768), i * 32768)
        assert info.value.errno == errno.ENOSPC
        fs.release(fh)
        assert fs.read_file("/kept") == b"safe"
        fs.close()
    finally:
        subprocess.run(["umount", str(small)], check=True)
