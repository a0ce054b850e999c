"""Vault health check: a healthy vault is clean; each kind of damage is found; repairs work."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.crypto import MasterKeys, NameCryptor, content_cryptor, unlock_masterkey
from vaultengine.format.config import VaultConfig, verify_config
from vaultengine.format.layout import VaultLayout
from vaultengine.health import HealthProgress, HealthReport, ProblemKind, Severity, check_vault
from vaultengine.vault import create_vault, unlock_vault

PASSWORD = "correct horse"
LONG_NAME = "L" * 200  # over 146 bytes: a .c9s node at threshold 220
THREE_CHUNKS = bytes(range(256)) * 275  # 70400 bytes: chunks of 32768, 32768, 4864


@dataclass
class Vault:
    root: Path
    keys: MasterKeys
    config: VaultConfig

    @property
    def layout(self) -> VaultLayout:
        return VaultLayout(self.root, self.keys, self.config)

    def check(
        self,
        *,
        deep: bool = False,
        fix: bool = False,
        progress: Callable[[HealthProgress], None] | None = None,
    ) -> HealthReport:
        return check_vault(self.root, self.keys, self.config, deep=deep, fix=fix, progress=progress)

    def node(self, cleartext_path: str) -> Path:
        """The ciphertext node of a cleartext path (directories resolved through dir.c9r)."""
        parent_id = ""
        parts = cleartext_path.strip("/").split("/")
        for part in parts[:-1]:
            parent_id = (Path(self.layout.node(parent_id, part).path) / "dir.c9r").read_text()
        return Path(self.layout.node(parent_id, parts[-1]).path)

    def dir_id(self, cleartext_path: str) -> str:
        return (self.node(cleartext_path) / "dir.c9r").read_text()

    def content_dir(self, cleartext_path: str) -> Path:
        dir_id = "" if cleartext_path == "/" else self.dir_id(cleartext_path)
        return Path(self.layout.content_dir(dir_id))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def open_vault(root: Path, password: str) -> Vault:
    keys = unlock_masterkey((root / "masterkey.cryptomator").read_bytes(), password)
    config = verify_config((root / "vault.cryptomator").read_text(), keys.raw_key)
    return Vault(root, keys, config)


def make_vault(root: Path) -> Vault:
    create_vault(root, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    with unlock_vault(root, PASSWORD) as v:
        v.fs.mkdir("/docs")
        v.fs.mkdir("/docs/deep")
        v.fs.write_file("/docs/deep/leaf.txt", b"leaf")
        v.fs.write_file("/docs/report.txt", b"quarterly numbers")
        v.fs.write_file("/docs/big.bin", THREE_CHUNKS)
        v.fs.write_file(f"/docs/{LONG_NAME}", b"long named")
        v.fs.mkdir(f"/{LONG_NAME}")
        v.fs.write_file(f"/{LONG_NAME}/inside.txt", b"inside a long-named folder")
        v.fs.mkdir("/empty")
        v.fs.symlink("/link", "docs/report.txt")
        v.fs.write_file("/top.txt", b"top")
    return open_vault(root, PASSWORD)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_vault(tmp_path_factory.mktemp("pristine") / "vault").root


@pytest.fixture
def vault(pristine: Path, tmp_path: Path) -> Vault:
    """A fresh copy of the populated vault, free to damage."""
    target = tmp_path / "vault"
    shutil.copytree(pristine, target)
    return open_vault(target, PASSWORD)


def snapshot(root: Path) -> dict[str, bytes | None]:
    tree: dict[str, bytes | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            tree[os.path.relpath(os.path.join(folder, name), root)] = None
        for name in files:
            tree[os.path.relpath(os.path.join(folder, name), root)] = Path(
                folder, name
            ).read_bytes()
    return tree


def kinds(report: HealthReport) -> set[ProblemKind]:
    return {p.kind for p in report.problems}


def flip_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


# -- a healthy vault -------------------------------------------------------------------------


def test_fresh_vault_is_healthy_in_deep_mode(vault: Vault) -> None:
    report = vault.check(deep=True)
    assert report.problems == []
    assert report.ok
    assert report.directories == 5  # the root, /docs, /docs/deep, the long-named one, /empty
    assert report.files == 6
    assert report.symlinks == 1
    ciphertext_files = [
        vault.node("/docs/deep/leaf.txt"),
        vault.node("/docs/report.txt"),
        vault.node("/docs/big.bin"),
        vault.node(f"/docs/{LONG_NAME}") / "contents.c9r",
        vault.node(f"/{LONG_NAME}/inside.txt"),
        vault.node("/top.txt"),
    ]
    assert report.bytes_checked == sum(p.stat().st_size for p in ciphertext_files)
    document = json.loads(json.dumps(report.to_json()))
    assert document["ok"] is True and document["problems"] == []


def test_fix_on_a_healthy_vault_writes_nothing(vault: Vault) -> None:
    before = snapshot(vault.root)
    assert vault.check(deep=True, fix=True).problems == []
    assert snapshot(vault.root) == before


def test_check_without_fix_writes_nothing(vault: Vault) -> None:
    shutil.rmtree(vault.node("/docs/deep"))  # orphan
    (vault.content_dir("/docs") / "dirid.c9r").unlink()  # missing backup
    before = snapshot(vault.root)
    report = vault.check(deep=True)
    assert {ProblemKind.ORPHAN_CONTENT_DIR, ProblemKind.MISSING_DIRID_BACKUP} <= kinds(report)
    assert not any(p.fixed for p in report.problems)
    assert snapshot(vault.root) == before


# -- structural damage, one kind at a time ----------------------------------------------------


def test_missing_content_dir(vault: Vault) -> None:
    folder = vault.content_dir("/docs/deep")
    shutil.rmtree(folder)
    report = vault.check()
    [problem] = report.problems
    assert problem.kind is ProblemKind.MISSING_CONTENT_DIR
    assert problem.severity is Severity.ERROR and not problem.fixable
    assert problem.ciphertext_path == vault.rel(vault.node("/docs/deep") / "dir.c9r")
    assert problem.cleartext_path == "/docs/deep"
    assert not report.ok


def test_orphan_content_dir(vault: Vault) -> None:
    folder = vault.content_dir("/docs/deep")
    shutil.rmtree(vault.node("/docs/deep"))
    report = vault.check()
    [problem] = report.problems
    assert problem.kind is ProblemKind.ORPHAN_CONTENT_DIR
    assert problem.ciphertext_path == vault.rel(folder)
    assert problem.fixable and not report.ok
    assert report.files == 6  # the orphan's file is still counted (and deep-checked)


def test_orphan_tree_reports_only_its_top_folder(vault: Vault) -> None:
    shutil.rmtree(vault.node("/docs"))  # docs/deep stays reachable from the docs orphan
    report = vault.check()
    assert [p.kind for p in report.problems] == [ProblemKind.ORPHAN_CONTENT_DIR]


def test_missing_dirid_backup_is_a_fixable_warning(vault: Vault) -> None:
    (vault.content_dir("/docs") / "dirid.c9r").unlink()
    report = vault.check()
    [problem] = report.problems
    assert problem.kind is ProblemKind.MISSING_DIRID_BACKUP
    assert problem.severity is Severity.WARNING and problem.fixable
    assert report.ok  # a warning only


@pytest.mark.parametrize("damage", ["other_id", "flipped", "root_flipped"])
def test_wrong_dirid_backup(vault: Vault, damage: str) -> None:
    folder = vault.content_dir("/" if damage == "root_flipped" else "/docs")
    if damage == "other_id":
        shutil.copy(vault.content_dir("/empty") / "dirid.c9r", folder / "dirid.c9r")
    else:
        flip_byte(folder / "dirid.c9r", 20)
    report = vault.check()
    [problem] = report.problems
    assert problem.kind is ProblemKind.WRONG_DIRID_BACKUP and problem.fixable
    assert problem.ciphertext_path == vault.rel(folder / "dirid.c9r")


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", ProblemKind.DIR_FILE_EMPTY),
        (b"x" * 37, ProblemKind.DIR_FILE_TOO_LONG),
        ("\u00e9t\u00e9".encode(), ProblemKind.DIR_FILE_NOT_ASCII),
    ],
)
def test_bad_dir_file(vault: Vault, content: bytes, kind: ProblemKind) -> None:
    dir_file = vault.node("/empty") / "dir.c9r"
    dir_file.write_bytes(content)
    report = vault.check()
    [problem] = report.of_kind(kind)
    assert problem.ciphertext_path == vault.rel(dir_file)
    assert problem.cleartext_path == "/empty"
    # /empty's real content folder is no longer reached
    assert len(report.of_kind(ProblemKind.ORPHAN_CONTENT_DIR)) == 1


def test_long_name_folder_not_matching_its_name_file(vault: Vault) -> None:
    node = vault.node(f"/docs/{LONG_NAME}")
    wrong = node.parent / (
        "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" + ".c9s"  # a well-formed but wrong SHA-1 name
    )
    node.rename(wrong)
    report = vault.check()
    [problem] = report.problems
    assert problem.kind is ProblemKind.LONG_NAME_MISMATCH
    assert problem.ciphertext_path == vault.rel(wrong)


def test_long_name_without_name_file(vault: Vault) -> None:
    node = vault.node(f"/docs/{LONG_NAME}")
    (node / "name.c9s").unlink()
    assert [p.kind for p in vault.check().problems] == [ProblemKind.LONG_NAME_MISSING]


def test_long_name_without_content(vault: Vault) -> None:
    node = vault.node(f"/docs/{LONG_NAME}")
    (node / "contents.c9r").unlink()
    [problem] = vault.check().problems
    assert problem.kind is ProblemKind.LONG_NAME_NO_CONTENT
    assert problem.cleartext_path == f"/docs/{LONG_NAME}"


def test_long_named_directory_is_still_followed_without_its_name_file(vault: Vault) -> None:
    (vault.node(f"/{LONG_NAME}") / "name.c9s").unlink()
    report = vault.check()
    # the name is lost, but its content folder is still reached: no orphan
    assert [p.kind for p in report.problems] == [ProblemKind.LONG_NAME_MISSING]


def test_name_failing_authentication(vault: Vault) -> None:
    node = vault.node("/docs/report.txt")
    name = node.name
    swapped = ("B" if name[5] != "B" else "C").join([name[:5], name[6:]])
    node.rename(node.with_name(swapped))
    [problem] = vault.check().problems
    assert problem.kind is ProblemKind.UNDECRYPTABLE_NAME
    assert problem.ciphertext_path == vault.rel(node.with_name(swapped))


def test_node_moved_into_another_directory_fails_name_authentication(vault: Vault) -> None:
    node = vault.node("/top.txt")
    moved = vault.content_dir("/docs") / node.name
    node.rename(moved)
    [problem] = vault.check().problems
    assert problem.kind is ProblemKind.UNDECRYPTABLE_NAME
    assert problem.ciphertext_path == vault.rel(moved)


def test_name_that_decrypts_to_a_path_escape(vault: Vault) -> None:
    root = vault.content_dir("/")
    evil = NameCryptor(vault.keys).encrypt_name("..", "") + ".c9r"
    shutil.copy(vault.node("/top.txt"), root / evil)
    [problem] = vault.check().problems
    assert problem.kind is ProblemKind.INVALID_NAME


def test_undecryptable_symlink(vault: Vault) -> None:
    target = vault.node("/link") / "symlink.c9r"
    flip_byte(target, target.stat().st_size - 1)
    [problem] = vault.check().problems
    assert problem.kind is ProblemKind.UNDECRYPTABLE_SYMLINK
    assert problem.ciphertext_path == vault.rel(target)
    assert problem.cleartext_path == "/link"


def test_node_folder_without_type_file(vault: Vault) -> None:
    (vault.node("/link") / "symlink.c9r").unlink()
    [problem] = vault.check().problems
    assert problem.kind is ProblemKind.BROKEN_NODE


def test_two_directories_with_the_same_id(vault: Vault) -> None:
    with unlock_vault(vault.root, PASSWORD) as v:
        v.fs.mkdir("/twin")
    twin_dir_file = vault.node("/twin") / "dir.c9r"
    twin_dir_file.write_text(vault.dir_id("/docs"))
    report = vault.check()
    [duplicate] = report.of_kind(ProblemKind.DUPLICATE_DIR_ID)
    # whichever of the two nodes the walk meets second is reported, naming the first
    both = {vault.rel(twin_dir_file), vault.rel(vault.node("/docs") / "dir.c9r")}
    assert duplicate.ciphertext_path in both
    assert (both - {duplicate.ciphertext_path}).pop() in duplicate.message
    # /twin's own (empty) content folder is now unreachable
    assert len(report.of_kind(ProblemKind.ORPHAN_CONTENT_DIR)) == 1


@pytest.mark.parametrize("ancestor", ["/docs", "/docs/deep"])
def test_directory_loop(vault: Vault, ancestor: str) -> None:
    if ancestor == "/docs":
        dir_file = vault.node("/docs/deep") / "dir.c9r"  # deep -> its parent
    else:
        with unlock_vault(vault.root, PASSWORD) as v:
            v.fs.mkdir("/docs/deep/sub")
        dir_file = vault.node("/docs/deep/sub") / "dir.c9r"  # sub -> the folder holding it
    dir_file.write_text(vault.dir_id(ancestor))
    report = vault.check()
    [loop] = report.of_kind(ProblemKind.DIR_LOOP)
    assert loop.ciphertext_path == vault.rel(dir_file)
    assert ProblemKind.DUPLICATE_DIR_ID not in kinds(report)
    # the folder the node used to point at is now an orphan
    assert len(report.of_kind(ProblemKind.ORPHAN_CONTENT_DIR)) == 1


def test_sync_conflict_copy_is_a_warning(vault: Vault) -> None:
    node = vault.node("/top.txt")
    shutil.copy(node, node.with_name(node.name[: -len(".c9r")] + " (1).c9r"))
    report = vault.check()
    assert [p.kind for p in report.problems] == [ProblemKind.SYNC_CONFLICT]
    assert report.ok


def test_identical_conflict_copy_of_a_directory_is_not_a_duplicate(vault: Vault) -> None:
    node = vault.node("/docs")
    shutil.copytree(node, node.with_name(node.name[: -len(".c9r")] + " (Conflict 2024).c9r"))
    report = vault.check()
    assert [p.kind for p in report.problems] == [ProblemKind.SYNC_CONFLICT]


def test_loose_files_are_ignored(vault: Vault) -> None:
    (vault.content_dir("/docs") / ".DS_Store").write_bytes(b"junk")
    (vault.root / "d" / "README").write_bytes(b"not a content folder")
    assert vault.check(deep=True).problems == []


# -- repairs -----------------------------------------------------------------------------------


def test_fix_recreates_and_rewrites_dirid_backups(vault: Vault) -> None:
    (vault.content_dir("/docs") / "dirid.c9r").unlink()
    flip_byte(vault.content_dir("/empty") / "dirid.c9r", 30)
    shutil.copy(vault.content_dir("/empty") / "dirid.c9r", vault.content_dir("/") / "dirid.c9r")
    report = vault.check(fix=True)
    assert sorted(p.kind for p in report.problems) == [
        ProblemKind.MISSING_DIRID_BACKUP,
        ProblemKind.WRONG_DIRID_BACKUP,
        ProblemKind.WRONG_DIRID_BACKUP,
    ]
    assert all(p.fixed for p in report.problems)
    assert vault.check(deep=True).problems == []
    content = content_cryptor(vault.config.cipher_combo, vault.keys)
    for path, dir_id in [("/docs", vault.dir_id("/docs")), ("/empty", vault.dir_id("/empty"))]:
        backup = vault.content_dir(path) / "dirid.c9r"
        assert content.decrypt_file(backup.read_bytes()) == dir_id.encode()
    assert content.decrypt_file((vault.content_dir("/") / "dirid.c9r").read_bytes()) == b""


def test_fix_links_orphan_with_known_id_under_lost_found(vault: Vault) -> None:
    folder = vault.content_dir("/docs")
    hash32 = folder.parent.name + folder.name
    shutil.rmtree(vault.node("/docs"))
    before = {p.name for p in folder.iterdir()}
    report = vault.check(fix=True)
    [problem] = report.problems
    assert problem.kind is ProblemKind.ORPHAN_CONTENT_DIR and problem.fixed
    assert {p.name for p in folder.iterdir()} == before  # re-linked, nothing moved
    assert vault.check(deep=True).problems == []
    with unlock_vault(vault.root, PASSWORD) as v:
        assert v.fs.read_file(f"/LOST+FOUND/{hash32}/report.txt") == b"quarterly numbers"
        assert v.fs.read_file(f"/LOST+FOUND/{hash32}/big.bin") == THREE_CHUNKS
        assert v.fs.read_file(f"/LOST+FOUND/{hash32}/deep/leaf.txt") == b"leaf"
        assert v.fs.read_file(f"/LOST+FOUND/{hash32}/{LONG_NAME}") == b"long named"


def test_fix_moves_nodes_of_orphan_with_unknown_id(vault: Vault) -> None:
    folder = vault.content_dir("/docs")
    hash32 = folder.parent.name + folder.name
    shutil.rmtree(vault.node("/docs"))
    (folder / "dirid.c9r").unlink()
    report = vault.check(fix=True)
    orphan = report.of_kind(ProblemKind.ORPHAN_CONTENT_DIR)
    assert len(orphan) == 1 and orphan[0].fixed
    assert not folder.exists()  # emptied and removed
    assert vault.check(deep=True).problems == []
    with unlock_vault(vault.root, PASSWORD) as v:
        recovered = f"/LOST+FOUND/{hash32}"
        names = [name for name, _ in v.fs.listdir(recovered)]
        assert len(names) == 4  # report.txt, big.bin, the long-named file, deep/
        contents = {}
        for name in names:
            if name.startswith("directory"):
                assert v.fs.read_file(f"{recovered}/{name}/leaf.txt") == b"leaf"
            else:
                contents[v.fs.read_file(f"{recovered}/{name}")] = name
        assert set(contents) == {b"quarterly numbers", THREE_CHUNKS, b"long named"}
        assert all(name.startswith("file") for name in contents.values())


def test_fix_reuses_an_existing_lost_found(vault: Vault) -> None:
    shutil.rmtree(vault.node("/docs/deep"))
    assert all(p.fixed for p in vault.check(fix=True).problems)
    shutil.rmtree(vault.node("/empty"))
    assert all(p.fixed for p in vault.check(fix=True).problems)
    assert vault.check().problems == []
    with unlock_vault(vault.root, PASSWORD) as v:
        assert len(v.fs.listdir("/LOST+FOUND")) == 2


def test_fix_refuses_a_foreign_lost_found_and_writes_nothing(vault: Vault) -> None:
    with unlock_vault(vault.root, PASSWORD) as v:
        v.fs.mkdir("/LOST+FOUND")  # the user's own folder of that name, with a random ID
    shutil.rmtree(vault.node("/docs/deep"))
    before = snapshot(vault.root)
    [orphan] = vault.check(fix=True).problems
    assert orphan.kind is ProblemKind.ORPHAN_CONTENT_DIR
    assert not orphan.fixed and "repair failed" in orphan.message
    assert snapshot(vault.root) == before


def test_fix_relinks_an_orphaned_lost_found(vault: Vault) -> None:
    shutil.rmtree(vault.node("/docs/deep"))
    assert all(p.fixed for p in vault.check(fix=True).problems)
    shutil.rmtree(vault.node("/LOST+FOUND"))
    [orphan] = vault.check(fix=True).problems  # the recovery folder; the step-parent hangs below it
    assert orphan.fixed
    assert vault.check().problems == []
    with unlock_vault(vault.root, PASSWORD) as v:
        [(name, _)] = v.fs.listdir("/LOST+FOUND")
        assert v.fs.read_file(f"/LOST+FOUND/{name}/leaf.txt") == b"leaf"


def test_fix_turns_short_nodes_into_long_ones_where_the_new_name_needs_it(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    create_vault(root, PASSWORD, scrypt_cost=TEST_SCRYPT_COST, shortening_threshold=36)
    with unlock_vault(root, PASSWORD) as v:
        v.fs.mkdir("/d")
        v.fs.write_file("/d/a.txt", b"short name")  # a plain X.c9r file at threshold 36
        v.fs.symlink("/d/ln", "a.txt")
    vault = open_vault(root, PASSWORD)
    folder = vault.content_dir("/d")
    hash32 = folder.parent.name + folder.name
    assert vault.node("/d/a.txt").is_file()
    shutil.rmtree(vault.node("/d"))
    (folder / "dirid.c9r").unlink()
    assert all(p.fixed for p in vault.check(fix=True).problems)
    assert vault.check(deep=True).problems == []
    with unlock_vault(root, PASSWORD) as v:
        listing = dict(v.fs.listdir(f"/LOST+FOUND/{hash32}"))
        assert len(listing) == 2
        [file_name] = [n for n in listing if n.startswith("file1_")]
        [link_name] = [n for n in listing if n.startswith("symlink1_")]
        assert v.fs.read_file(f"/LOST+FOUND/{hash32}/{file_name}") == b"short name"
        assert v.fs.readlink(f"/LOST+FOUND/{hash32}/{link_name}") == "a.txt"
    step_parent = vault.content_dir(f"/LOST+FOUND/{hash32}")
    moved = [p for p in step_parent.iterdir() if p.name != "dirid.c9r"]
    assert all(p.suffix == ".c9s" and (p / "name.c9s").is_file() for p in moved)
    assert any((p / "contents.c9r").is_file() for p in moved)  # the file became <hash>.c9s/


def test_symlinks_in_the_ciphertext_tree_are_never_followed(vault: Vault, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "dir.c9r").write_text(vault.dir_id("/docs"))
    node = vault.node("/empty")
    shutil.rmtree(node)
    node.symlink_to(outside)
    report = vault.check()
    [broken] = report.of_kind(ProblemKind.BROKEN_NODE)
    assert broken.ciphertext_path == vault.rel(node)
    assert ProblemKind.DUPLICATE_DIR_ID not in kinds(report)


# -- deep mode --------------------------------------------------------------------------------


def test_deep_mode_finds_flipped_byte_in_second_chunk(vault: Vault) -> None:
    node = vault.node("/docs/big.bin")
    content = content_cryptor(vault.config.cipher_combo, vault.keys)
    # second chunk (number 1), a byte inside its ciphertext
    flip_byte(node, content.header_size + content.ciphertext_chunk_size + 100)
    assert vault.check().problems == []  # structure alone cannot see it
    seen: list[HealthProgress] = []
    report = vault.check(deep=True, progress=seen.append)
    [problem] = report.problems
    assert problem.kind is ProblemKind.DAMAGED_FILE
    assert problem.ciphertext_path == vault.rel(node)
    assert problem.cleartext_path == "/docs/big.bin"
    assert problem.chunks == (1,)
    assert "chunk 1" in problem.message
    structure = [p.directories_done for p in seen if p.phase == "structure"]
    assert structure == list(range(1, report.directories + 1))
    final = seen[-1]
    assert final.phase == "content"
    assert final.files_done == final.files_total == 6
    assert final.bytes_done == final.bytes_total == report.bytes_checked
    assert [p.bytes_done for p in seen if p.phase == "content"] == sorted(
        p.bytes_done for p in seen if p.phase == "content"
    )


def test_deep_mode_finds_damaged_header_and_empty_ciphertext(vault: Vault) -> None:
    flip_byte(vault.node("/top.txt"), 3)
    vault.node("/docs/report.txt").write_bytes(b"")
    report = vault.check(deep=True)
    by_path = {p.ciphertext_path: p for p in report.problems}
    header = by_path[vault.rel(vault.node("/top.txt"))]
    assert header.kind is ProblemKind.DAMAGED_FILE and header.chunks == ()
    empty = by_path[vault.rel(vault.node("/docs/report.txt"))]
    assert empty.kind is ProblemKind.EMPTY_CIPHERTEXT_FILE and empty.severity is Severity.WARNING


def test_deep_mode_memory_stays_flat(tmp_path: Path) -> None:
    v = make_vault(tmp_path / "vault")
    with unlock_vault(v.root, PASSWORD) as u:
        u.fs.write_file("/huge.bin", os.urandom(8 * 1024 * 1024))
    tracemalloc.start()
    try:
        report = v.check(deep=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.problems == [] and report.bytes_checked > 8 * 1024 * 1024
    assert peak < 1024 * 1024  # a few chunks, never the file


# -- real vaults ---------------------------------------------------------------------------


def test_oxcrypt_sample_is_healthy_and_its_orphan_recovers(
    fixture_vault: Callable[[str], Path],
) -> None:
    v = open_vault(fixture_vault("oxcrypt-sample"), "123456789")
    report = v.check(deep=True)
    assert report.problems == []
    assert (report.directories, report.files) == (4, 8)
    # make a real orphan: drop /new_folder's node; its dirid.c9r gives its ID back
    folder = v.content_dir("/new_folder")
    hash32 = folder.parent.name + folder.name
    shutil.rmtree(v.node("/new_folder"))
    report = v.check(fix=True)
    [orphan] = report.problems
    assert orphan.kind is ProblemKind.ORPHAN_CONTENT_DIR and orphan.fixed
    assert v.check(deep=True).problems == []
    with unlock_vault(v.root, "123456789") as u:
        data = u.fs.read_file(f"/LOST+FOUND/{hash32}/a.txt")
    assert hashlib.sha256(data).hexdigest() == (
        "ae0666f161fed1a5dde998bbd0e140550d2da0db27db1d0e31e370f2bd366a57"
    )


def test_migrated_vault_lacks_dirid_backups_as_warnings_only(
    fixture_vault: Callable[[str], Path],
) -> None:
    v = open_vault(fixture_vault("siv-ctrmac-migrated"), "12345678")
    report = v.check(deep=True)
    assert len(report.problems) == 3
    assert {p.kind for p in report.problems} == {ProblemKind.MISSING_DIRID_BACKUP}
    assert all(p.severity is Severity.WARNING for p in report.problems)
    assert report.ok
    assert all(p.fixed for p in v.check(fix=True).problems)
    assert v.check(deep=True).problems == []
