"""Sync conflicts seen through a real vault: listing resolves them (spec §13, bad input #12)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.crypto import MasterKeys, NameCryptor
from vaultengine.format.recovery_key import decode_recovery_key
from vaultengine.vault import create_vault, unlock_vault

PASSWORD = "pw"


def root_content_dir(vault: Path, words: str) -> tuple[Path, NameCryptor]:
    names = NameCryptor(MasterKeys.from_raw(decode_recovery_key(words)))
    hashed = names.hash_dir_id("")
    return vault / "d" / hashed[:2] / hashed[2:], names


def test_conflicting_copy_appears_under_its_own_name(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    words = create_vault(vault, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    folder, names = root_content_dir(vault, words)
    with unlock_vault(vault, PASSWORD) as v:
        v.fs.write_file("/report.txt", b"mine")
    canonical = folder / (names.encrypt_name("report.txt", "") + ".c9r")
    # A sync client on another machine kept its own version beside ours.
    shutil.copyfile(
        canonical, canonical.with_name(canonical.name[:-4] + " (Bob's conflicted copy).c9r")
    )
    with unlock_vault(vault, PASSWORD) as v:
        v.fs.write_file("/report.txt", b"theirs")
    with unlock_vault(vault, PASSWORD) as v:
        listed = sorted(name for name, _ in v.fs.listdir("/"))
        assert listed == ["report (Bob's conflicted copy).txt", "report.txt"]
        assert v.fs.read_file("/report.txt") == b"theirs"
        assert v.fs.read_file("/report (Bob's conflicted copy).txt") == b"mine"
    assert not [p for p in folder.iterdir() if "conflicted" in p.name]


def test_renamed_copy_without_original_takes_the_canonical_name(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    words = create_vault(vault, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    folder, names = root_content_dir(vault, words)
    with unlock_vault(vault, PASSWORD) as v:
        v.fs.mkdir("/Documents")
        v.fs.write_file("/Documents/a.txt", b"inside")
    node = folder / (names.encrypt_name("Documents", "") + ".c9r")
    node.rename(node.with_name(node.name[:-4] + " (1).c9r"))
    with unlock_vault(vault, PASSWORD) as v:
        assert [name for name, _ in v.fs.listdir("/")] == ["Documents"]
        assert v.fs.read_file("/Documents/a.txt") == b"inside"
    assert node.is_dir()


def test_identical_directory_copy_is_removed(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    words = create_vault(vault, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    folder, names = root_content_dir(vault, words)
    with unlock_vault(vault, PASSWORD) as v:
        v.fs.mkdir("/Documents")
    node = folder / (names.encrypt_name("Documents", "") + ".c9r")
    shutil.copytree(node, node.with_name(node.name[:-4] + "_1.c9r"))
    with unlock_vault(vault, PASSWORD) as v:
        assert [name for name, _ in v.fs.listdir("/")] == ["Documents"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["dirid.c9r", node.name])
