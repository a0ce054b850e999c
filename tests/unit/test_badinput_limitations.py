"""Bad input #9, the format's accepted limitations: what someone with write access to the
ciphertext can do without being detected, and that Strongroom's behaviour is at least
consistent (authentic bytes only, no error, the same through the API and the CLI). Each case
is described in docs/security.md."""

from __future__ import annotations

import errno
import io
import os
import random
import sys
from pathlib import Path

import pytest

from app.cli.main import main
from tests.helpers.tamper import Ciphertext
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.health import check_vault
from vaultengine.vault import create_vault, open_keys, unlock_vault

PASSWORD = "limitations pw"
CHUNK = 32768
V1 = random.Random(1).randbytes(3 * CHUNK + 100)
V2 = random.Random(2).randbytes(3 * CHUNK + 100)


@pytest.fixture
def vault(tmp_path: Path) -> tuple[Path, Ciphertext]:
    root = tmp_path / "vault"
    create_vault(root, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    with unlock_vault(root, PASSWORD) as v:
        v.fs.write_file("/a.txt", b"content of a")
        v.fs.write_file("/b.txt", b"content of b")
        v.fs.mkdir("/other")
        v.fs.write_file("/other/c.txt", b"content of c, in another folder")
        v.fs.write_file("/big.bin", V1)
    keys, config = open_keys(root, PASSWORD)
    return root, Ciphertext(root, keys, config.cipher_combo)


def read_all(root: Path) -> dict[str, bytes]:
    with unlock_vault(root, PASSWORD, read_only=True) as v:
        return {
            path: v.fs.read_file(path)
            for path in ("/a.txt", "/b.txt", "/other/c.txt", "/big.bin")
            if _exists(v.fs, path)
        }


def _exists(fs, path: str) -> bool:  # type: ignore[no-untyped-def]
    try:
        fs.stat(path)
    except FileNotFoundError:
        return False
    return True


def cat(root: Path, path: str, monkeypatch, capsysbinary) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    code = main(["cat", str(root), path, "--password-stdin"])
    return code, capsysbinary.readouterr().out


def undetected(root: Path) -> bool:
    """The deep health check finds nothing wrong either: the change is invisible."""
    keys, config = open_keys(root, PASSWORD)
    return check_vault(root, keys, config, deep=True).ok


def test_truncation_at_a_chunk_boundary_reads_as_a_shorter_file(
    vault, monkeypatch, capsysbinary
) -> None:
    root, ct = vault
    os.truncate(ct.file_of("/big.bin"), ct.chunk_offset(2))
    assert read_all(root)["/big.bin"] == V1[: 2 * CHUNK]
    assert cat(root, "/big.bin", monkeypatch, capsysbinary) == (0, V1[: 2 * CHUNK])
    assert undetected(root)


def test_rollback_of_a_whole_file_reads_the_older_version(vault, monkeypatch, capsysbinary) -> None:
    root, ct = vault
    old = ct.file_of("/big.bin").read_bytes()
    with unlock_vault(root, PASSWORD) as v:
        v.fs.write_file("/big.bin", V2)
    ct.file_of("/big.bin").write_bytes(old)  # an older authentic copy, from a backup or sync
    assert read_all(root)["/big.bin"] == V1
    assert cat(root, "/big.bin", monkeypatch, capsysbinary) == (0, V1)
    assert undetected(root)


def test_rollback_of_one_chunk_mixes_versions_while_the_header_is_kept(vault) -> None:
    root, ct = vault
    path = ct.file_of("/big.bin")
    old = path.read_bytes()
    with unlock_vault(root, PASSWORD) as v:  # edit in place: the header (and its key) stays
        fh = v.fs.open("/big.bin", os.O_RDWR)
        v.fs.write(fh, V2, 0)
        v.fs.release(fh)
    data = bytearray(path.read_bytes())
    span = slice(ct.chunk_offset(1), ct.chunk_offset(2))
    data[span] = old[span]  # chunk 1 of the older version, same header, same position
    path.write_bytes(bytes(data))
    mixed = V2[:CHUNK] + V1[CHUNK : 2 * CHUNK] + V2[2 * CHUNK :]
    assert read_all(root)["/big.bin"] == mixed
    assert undetected(root)


def test_rollback_of_one_chunk_fails_after_a_rewrite_from_scratch(vault) -> None:
    """Replacing a file (O_TRUNC, what most editors do) gives it a new header and content key:
    chunks of the older version then fail authentication (EIO) instead of mixing in."""
    root, ct = vault
    path = ct.file_of("/big.bin")
    old = path.read_bytes()
    with unlock_vault(root, PASSWORD) as v:
        v.fs.write_file("/big.bin", V2)
    data = bytearray(path.read_bytes())
    span = slice(ct.chunk_offset(1), ct.chunk_offset(2))
    data[span] = old[span]
    path.write_bytes(bytes(data))
    with unlock_vault(root, PASSWORD, read_only=True) as v, pytest.raises(OSError) as info:
        v.fs.read_file("/big.bin")
    assert info.value.errno == errno.EIO
    assert not undetected(root)


@pytest.mark.parametrize("source", ["/b.txt", "/other/c.txt"])
def test_file_contents_swapped_between_names_read_as_each_other(
    vault, source: str, monkeypatch, capsysbinary
) -> None:
    """Content is bound to its header, not to its name or folder: swapping whole ciphertext
    files, in one folder or across folders, swaps what the names show."""
    root, ct = vault
    before = read_all(root)
    a, b = ct.file_of("/a.txt"), ct.file_of(source)
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)
    b.write_bytes(a_bytes)
    after = read_all(root)
    assert after["/a.txt"] == before[source] and after[source] == before["/a.txt"]
    assert cat(root, "/a.txt", monkeypatch, capsysbinary) == (0, before[source])
    assert undetected(root)


def test_deleted_files_are_simply_gone(vault, monkeypatch, capsysbinary) -> None:
    root, ct = vault
    before = read_all(root)
    ct.node_of("/b.txt").unlink()
    after = read_all(root)
    assert "/b.txt" not in after
    assert after == {k: v for k, v in before.items() if k != "/b.txt"}
    code, out = cat(root, "/b.txt", monkeypatch, capsysbinary)
    assert (code, out) == (1, b"")
    assert undetected(root)
