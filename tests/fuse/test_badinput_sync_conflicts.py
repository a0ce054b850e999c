"""Bad input #12 with the conflict names real sync clients write (Dropbox, OneDrive, Nextcloud,
ownCloud, Google Drive, iCloud, Syncthing), through fs.listdir and through the mount: no copy
is lost, each is listed under a readable name, and the original keeps its name and content.
(Unit tests of the resolver itself: tests/unit/test_conflicts.py.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.mounts import end_mount, require_fuse
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.crypto import NameCryptor
from vaultengine.fuse import mount
from vaultengine.vault import create_vault, open_keys, unlock_vault

PASSWORD = "sync pw"
MINE, THEIRS = b"mine: written on the laptop", b"theirs: written on the desktop"

# (client, the text the client inserts before ".c9r")
PATTERNS = [
    ("dropbox", " (Alice's conflicted copy 2024-05-01)"),
    ("dropbox-case", " (Case Conflict)"),
    ("dropbox-selective", " (Selective Sync Conflict)"),
    ("onedrive", "-DESKTOP-7QK2M4B"),
    ("onedrive-numbered", "-DESKTOP-7QK2M4B-2"),
    ("nextcloud", " (conflicted copy 2024-05-01 120000)"),
    ("owncloud-legacy", "_conflict-20240501-120000"),
    ("google-drive", " (1)"),
    ("icloud", " 2"),
    ("syncthing", ".sync-conflict-20240501-120000-ABCDEFG"),
]
IDS = [client for client, _ in PATTERNS]
# Cleartext lengths that give padded and unpadded base64 names ("==", "=" and none): the
# suffix then starts right after a base64 character, as with OneDrive's "-...".
NAMES = ["report.txt", "report1.txt", "notes.md"]


class Vault:
    def __init__(self, root: Path) -> None:
        self.root = root
        keys, _config = open_keys(root, PASSWORD)
        self.names = NameCryptor(keys)
        hashed = self.names.hash_dir_id("")
        self.content = root / "d" / hashed[:2] / hashed[2:]

    def node(self, cleartext: str) -> Path:
        return self.content / (self.names.encrypt_name(cleartext, "") + ".c9r")

    def plant_conflict(self, cleartext: str, suffix: str, ciphertext: bytes) -> Path:
        """What a sync client does: write the other machine's version beside ours."""
        copy = self.content / (self.node(cleartext).name[: -len(".c9r")] + suffix + ".c9r")
        copy.write_bytes(ciphertext)
        return copy

    def ciphertext_entries(self) -> set[str]:
        return {p.name for p in self.content.iterdir() if p.name != "dirid.c9r"}


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    create_vault(root, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    return Vault(root)


def expected_name(cleartext: str, suffix: str) -> str:
    base, _dot, ext = cleartext.rpartition(".")
    return f"{base}{suffix}.{ext}"


def mine_and_theirs(v: Vault, cleartext: str) -> bytes:
    """Write "mine", keep its ciphertext, then overwrite with "theirs"; return mine's ciphertext
    (a real other version of the file, authentic under this vault's keys)."""
    with unlock_vault(v.root, PASSWORD) as u:
        u.fs.write_file("/" + cleartext, MINE)
        mine = v.node(cleartext).read_bytes()
        u.fs.write_file("/" + cleartext, THEIRS)
    return mine


@pytest.mark.parametrize("cleartext", NAMES)
@pytest.mark.parametrize(("client", "suffix"), PATTERNS, ids=IDS)
def test_conflicting_copy_through_the_listing(
    vault: Vault, client: str, suffix: str, cleartext: str
) -> None:
    mine = mine_and_theirs(vault, cleartext)
    vault.plant_conflict(cleartext, suffix, mine)
    with unlock_vault(vault.root, PASSWORD) as u:
        listed = sorted(name for name, _attr in u.fs.listdir("/"))
        assert listed == sorted([cleartext, expected_name(cleartext, suffix)])
        assert u.fs.read_file("/" + cleartext) == THEIRS
        assert u.fs.read_file("/" + expected_name(cleartext, suffix)) == MINE
    # The copy now has a canonical ciphertext name: Cryptomator lists it the same way.
    assert vault.ciphertext_entries() == {
        vault.node(cleartext).name,
        vault.node(expected_name(cleartext, suffix)).name,
    }


@pytest.mark.parametrize(("client", "suffix"), PATTERNS, ids=IDS)
def test_renamed_copy_without_original_takes_the_original_name(
    vault: Vault, client: str, suffix: str
) -> None:
    mine = mine_and_theirs(vault, "report.txt")
    vault.node("report.txt").unlink()  # the client renamed ours away, kept only the copy
    vault.plant_conflict("report.txt", suffix, mine)
    with unlock_vault(vault.root, PASSWORD) as u:
        assert [name for name, _attr in u.fs.listdir("/")] == ["report.txt"]
        assert u.fs.read_file("/report.txt") == MINE
    assert vault.ciphertext_entries() == {vault.node("report.txt").name}


@pytest.mark.parametrize(("client", "suffix"), PATTERNS, ids=IDS)
def test_identical_folder_copy_is_merged(vault: Vault, client: str, suffix: str) -> None:
    with unlock_vault(vault.root, PASSWORD) as u:
        u.fs.mkdir("/Documents")
        u.fs.write_file("/Documents/inside.txt", b"inside")
    folder = vault.node("Documents")
    copy = vault.content / (folder.name[: -len(".c9r")] + suffix + ".c9r")
    copy.mkdir()
    (copy / "dir.c9r").write_bytes((folder / "dir.c9r").read_bytes())
    with unlock_vault(vault.root, PASSWORD) as u:
        assert [name for name, _attr in u.fs.listdir("/")] == ["Documents"]
        assert u.fs.read_file("/Documents/inside.txt") == b"inside"
    assert not copy.exists()


@pytest.mark.fuse
@pytest.mark.timeout(120)
def test_conflicting_copies_arriving_while_mounted(vault: Vault, tmp_path: Path) -> None:
    """A sync client drops every pattern's copy into the vault while it is mounted: the next
    listing through the mount shows each under its own name with its own content."""
    require_fuse()
    copies = {}
    for index, (_client, suffix) in enumerate(PATTERNS):
        cleartext = f"file{index}.txt"
        copies[cleartext] = (suffix, mine_and_theirs(vault, cleartext))
    handle = mount(vault.root, tmp_path / "mnt", password=PASSWORD)
    try:
        mnt = tmp_path / "mnt"
        before = sorted(os.listdir(mnt))
        assert before == sorted(copies)
        for cleartext, (suffix, mine) in copies.items():
            vault.plant_conflict(cleartext, suffix, mine)
        expected = set(copies) | {expected_name(c, s) for c, (s, _m) in copies.items()}
        assert set(os.listdir(mnt)) == expected
        for cleartext, (suffix, _mine) in copies.items():
            assert (mnt / cleartext).read_bytes() == THEIRS
            assert (mnt / expected_name(cleartext, suffix)).read_bytes() == MINE
        # and the resolved copies behave like any file: rename one, delete another
        first, second = sorted(copies)[:2]
        os.rename(mnt / expected_name(first, copies[first][0]), mnt / "kept.txt")
        os.unlink(mnt / expected_name(second, copies[second][0]))
        assert (mnt / "kept.txt").read_bytes() == MINE
    finally:
        end_mount(handle)
