"""Repeated listings (the per-directory name memory) and O_TRUNC/create without ftruncate(0)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from vaultengine.crypto.content import content_cryptor
from vaultengine.crypto.keys import MasterKeys
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import create_root_directory
from vaultengine.fs import VaultFileSystem


@pytest.fixture
def vault(tmp_path: Path):
    keys = MasterKeys.generate()
    config = VaultConfig(jti=str(uuid.uuid4()), cipher_combo="SIV_GCM", shortening_threshold=80)
    root = tmp_path / "vault"
    root.mkdir()
    create_root_directory(root, keys, config)
    fs = VaultFileSystem(root, keys, config)
    yield fs, root, content_cryptor("SIV_GCM", keys)
    fs.close()


def listing(fs: VaultFileSystem, path: str = "/") -> dict[str, tuple[int, int]]:
    return {name: (attr.st_mode, attr.st_size) for name, attr in fs.listdir(path)}


def test_repeated_listing_follows_every_change(vault):
    fs, _root, _content = vault
    fs.mkdir("/d")
    long_name = "L" * 90  # over the shortening threshold: a .c9s node
    for name in ("a", "b", long_name):
        fs.write_file(f"/d/{name}", name.encode())
    first = listing(fs, "/d")
    assert first == {n: (0o100644, len(n)) for n in ("a", "b", long_name)}
    assert listing(fs, "/d") == first  # served through the remembered names

    fs.write_file("/d/a", b"grown" * 1000)  # size change without a new name
    fs.unlink("/d/b")
    fs.rename(f"/d/{long_name}", "/d/c")
    fs.mkdir("/d/sub")
    fs.symlink("/d/link", "a")
    second = listing(fs, "/d")
    assert second == {
        "a": (0o100644, 5000),
        "c": (0o100644, len(long_name)),
        "sub": (second["sub"][0], second["sub"][1]),
        "link": (0o120777, 1),
    }
    assert second["sub"][0] & 0o170000 == 0o040000

    fs.rename("/d/c", "/d/b")  # a name that was listed before comes back for another file
    fs.unlink("/d/link")
    assert set(listing(fs, "/d")) == {"a", "b", "sub"}
    assert fs.read_file("/d/b") == long_name.encode()


def test_repeated_listing_sees_changes_made_underneath(vault):
    """A sync client replacing or removing ciphertext files between listings."""
    fs, root, _content = vault
    fs.write_file("/x", b"one")
    fs.write_file("/y", b"two")
    assert listing(fs) == {"x": (0o100644, 3), "y": (0o100644, 3)}
    files = sorted(p for p in root.glob("d/*/*/*.c9r") if p.is_file() and p.name != "dirid.c9r")
    assert len(files) == 2
    files[0].unlink()
    files[1].unlink()
    files[1].mkdir()  # the same entry name is now a broken folder node: skipped
    assert listing(fs) == {}


def test_create_and_o_trunc_leave_a_header_only_file(vault):
    fs, root, content = vault
    fh = fs.open("/new", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    fs.release(fh)
    (ciphertext,) = [p for p in root.glob("d/*/*/*.c9r") if p.name != "dirid.c9r"]
    assert ciphertext.stat().st_size == content.header_size
    fs.write_file("/new", os.urandom(100_000))
    old_header = ciphertext.read_bytes()[: content.header_size]
    fh = fs.open("/new", os.O_RDWR | os.O_TRUNC)
    try:
        assert fs.read(fh, 10, 0) == b""
    finally:
        fs.release(fh)
    raw = ciphertext.read_bytes()
    assert len(raw) == content.header_size
    assert raw != old_header  # a fresh header (new content key), as before
    assert fs.stat("/new").st_size == 0
    fs.write_file("/new", b"after")
    assert fs.read_file("/new") == b"after"


def test_o_trunc_repairs_a_short_damaged_header(vault):
    fs, root, content = vault
    fs.write_file("/f", b"data" * 10)
    (ciphertext,) = [p for p in root.glob("d/*/*/*.c9r") if p.name != "dirid.c9r"]
    ciphertext.write_bytes(b"\x00" * 10)  # shorter than a header
    with pytest.raises(OSError):
        fs.read_file("/f")
    fs.write_file("/f", b"fixed")
    assert fs.read_file("/f") == b"fixed"
    assert ciphertext.stat().st_size == content.ciphertext_size(5)


def test_empty_final_chunk_lists_and_stats_as_empty(vault):
    """Spec §10.3: a final chunk of exactly the overhead is empty, not a torn tail (+1 byte)."""
    fs, root, content = vault
    fs.write_file("/e", b"")
    (ciphertext,) = [p for p in root.glob("d/*/*/*.c9r") if p.name != "dirid.c9r"]
    header = content.decrypt_header(ciphertext.read_bytes())
    with ciphertext.open("ab") as out:
        out.write(content.encrypt_chunk(b"", 0, header))
    assert ciphertext.stat().st_size == content.header_size + content.chunk_overhead
    assert fs.stat("/e").st_size == 0
    assert listing(fs) == {"e": (0o100644, 0)}
    assert listing(fs) == {"e": (0o100644, 0)}  # the repeated (cached-name) listing too
    assert fs.read_file("/e") == b""


def test_a_folder_filled_here_lists_without_decrypting_its_names(vault, monkeypatch):
    """Names encrypted for a create are remembered both ways, so the listing that follows
    decrypts none; names it had to decrypt (the cache was emptied, as for names another
    program added) are decrypted once, not at every listing."""
    fs, _root, _content = vault
    fs.mkdir("/d")
    names = {"a", "b", "L" * 90}  # the long one is a .c9s node
    for name in names:
        fs.write_file(f"/d/{name}", b"")
    decrypted: list[str] = []
    real_decrypt = fs._layout.names.decrypt_name

    def counting_decrypt(name: str, dir_id: str) -> str:
        decrypted.append(name)
        return real_decrypt(name, dir_id)

    monkeypatch.setattr(fs._layout.names, "decrypt_name", counting_decrypt)
    assert set(listing(fs, "/d")) == names
    assert decrypted == []
    fs._layout.name_cache.clear()
    assert set(listing(fs, "/d")) == names
    assert len(decrypted) == 3
    assert set(listing(fs, "/d")) == names
    assert len(decrypted) == 3
