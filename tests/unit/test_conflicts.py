"""Sync-conflict resolution (spec §13, bad input #12) on real ciphertext names in a tmp folder."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.helpers.conflicts import (
    NAMES,
    SUFFIXES,
    cleartext_of,
    conflict_name,
    entry,
    listing,
    resolve,
)
from vaultengine.format.conflicts import max_cleartext_name_bytes


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_copy_renamed_to_free_canonical_name(tmp_path: Path, suffix: str) -> None:
    copy = conflict_name("report.txt", suffix)
    (tmp_path / copy).write_bytes(b"ciphertext")
    assert resolve(tmp_path, copy) == entry("report.txt")
    assert listing(tmp_path) == {entry("report.txt")}
    assert (tmp_path / entry("report.txt")).read_bytes() == b"ciphertext"


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("cleartext", ["report.txt", "hello.md", "Photo 2024.jpeg", "noext", "a"])
def test_different_file_kept_under_suffixed_name(
    tmp_path: Path, suffix: str, cleartext: str
) -> None:
    canonical = entry(cleartext)
    copy = conflict_name(cleartext, suffix)
    (tmp_path / canonical).write_bytes(b"theirs")
    (tmp_path / copy).write_bytes(b"mine")
    new = resolve(tmp_path, copy)
    assert new is not None and new not in (canonical, copy)
    base, dot, ext = cleartext.rpartition(".")
    expected = f"{base}{suffix}.{ext}" if dot else f"{cleartext}{suffix}"
    assert cleartext_of(new) == expected
    assert listing(tmp_path) == {canonical, new}
    assert (tmp_path / canonical).read_bytes() == b"theirs"
    assert (tmp_path / new).read_bytes() == b"mine"


def test_narrowing_finds_names_that_contain_delimiters(tmp_path: Path) -> None:
    # Names whose own base64 holds '-' or '_' next to a OneDrive-style suffix need narrowing
    # from both sides; try many so that delimiters land at the edges too.
    tried = 0
    for i in range(200):
        cleartext = f"file-{i}.bin"
        canonical = entry(cleartext)
        if "-" not in canonical and "_" not in canonical:
            continue
        tried += 1
        copy = conflict_name(cleartext, "-LAPTOP-9_X")
        (tmp_path / copy).write_bytes(b"x")
        assert resolve(tmp_path, copy) == canonical, cleartext
    assert tried > 50


def test_numbered_fallback_when_suffixed_name_taken(tmp_path: Path) -> None:
    (tmp_path / entry("a.txt")).write_bytes(b"1")
    (tmp_path / entry("a (1).txt")).write_bytes(b"2")
    copy = conflict_name("a.txt", " (1)")
    (tmp_path / copy).write_bytes(b"3")
    new = resolve(tmp_path, copy)
    assert new is not None
    assert cleartext_of(new) == "a (2).txt"
    assert (tmp_path / new).read_bytes() == b"3"


def test_all_names_taken_leaves_the_copy_alone(tmp_path: Path) -> None:
    taken = ["a.txt", "a_x.txt"] + [f"a ({n}).txt" for n in range(1, 10)]
    for name in taken:
        (tmp_path / entry(name)).write_bytes(b"t")
    copy = conflict_name("a.txt", "_x")
    (tmp_path / copy).write_bytes(b"mine")
    before = listing(tmp_path)
    assert resolve(tmp_path, copy) is None
    assert listing(tmp_path) == before


def test_identical_directory_duplicate_deleted(tmp_path: Path) -> None:
    canonical = tmp_path / entry("Documents")
    copy = tmp_path / conflict_name("Documents", " (1)")
    for node in (canonical, copy):
        node.mkdir()
        (node / "dir.c9r").write_bytes(b"b3733606-f6dd-4474-86ff-11bdc037895a")
    assert resolve(tmp_path, copy.name) is None
    assert listing(tmp_path) == {canonical.name}
    assert (canonical / "dir.c9r").exists()


def test_identical_symlink_duplicate_deleted(tmp_path: Path) -> None:
    canonical = tmp_path / entry("link")
    copy = tmp_path / conflict_name("link", " (conflicted copy 2024-01-01 120000)")
    for node in (canonical, copy):
        node.mkdir()
        (node / "symlink.c9r").write_bytes(b"encrypted target bytes")
    assert resolve(tmp_path, copy.name) is None
    assert listing(tmp_path) == {canonical.name}


def test_different_directories_both_kept(tmp_path: Path) -> None:
    canonical = tmp_path / entry("Documents")
    copy = tmp_path / conflict_name("Documents", " (1)")
    canonical.mkdir()
    (canonical / "dir.c9r").write_bytes(b"b3733606-f6dd-4474-86ff-11bdc037895a")
    copy.mkdir()
    (copy / "dir.c9r").write_bytes(b"3602897a-d013-4bac-bdc1-b2ac79c71800")
    new = resolve(tmp_path, copy.name)
    assert new is not None and cleartext_of(new) == "Documents (1)"
    assert (tmp_path / new / "dir.c9r").read_bytes() == b"3602897a-d013-4bac-bdc1-b2ac79c71800"
    assert (canonical / "dir.c9r").exists()


def test_file_beside_directory_is_not_a_duplicate(tmp_path: Path) -> None:
    canonical = tmp_path / entry("x")
    canonical.mkdir()
    (canonical / "dir.c9r").write_bytes(b"b3733606-f6dd-4474-86ff-11bdc037895a")
    copy = tmp_path / conflict_name("x", " (1)")
    copy.write_bytes(b"b3733606-f6dd-4474-86ff-11bdc037895a")
    new = resolve(tmp_path, copy.name)
    assert new is not None and cleartext_of(new) == "x (1)"


def test_hidden_copy_ignored(tmp_path: Path) -> None:
    (tmp_path / entry("report.txt")).write_bytes(b"theirs")
    hidden = "." + conflict_name("report.txt", " (1)")
    (tmp_path / hidden).write_bytes(b"mine")
    assert resolve(tmp_path, hidden) is None
    assert listing(tmp_path) == {entry("report.txt"), hidden}


def test_canonical_long_and_junk_entries(tmp_path: Path) -> None:
    (tmp_path / entry("ok.txt")).write_bytes(b"")
    assert resolve(tmp_path, entry("ok.txt")) == entry("ok.txt")
    assert (
        resolve(tmp_path, "ztT85Yk14Yn9R5nV8B7-DZ0eaNY=.c9s") == "ztT85Yk14Yn9R5nV8B7-DZ0eaNY=.c9s"
    )
    for junk in ["dirid.c9r", "notes.txt", "A" * 40 + ".c9r", "._" + entry("ok.txt")]:
        assert resolve(tmp_path, junk) is None
    # A name encrypted for another directory does not authenticate here.
    other = NAMES.encrypt_name("ok.txt", "another-dir") + " (1).c9r"
    (tmp_path / other).write_bytes(b"")
    assert resolve(tmp_path, other) is None
    assert other in listing(tmp_path)


def test_new_name_respects_length_limit(tmp_path: Path) -> None:
    threshold = 220
    limit = max_cleartext_name_bytes(threshold)
    assert limit == 146
    cleartext = "é" * 68 + ".txt"  # 140 bytes: room for a short suffix only
    canonical = entry(cleartext)
    assert len(canonical) <= threshold
    copy = conflict_name(cleartext, " (Alice's conflicted copy 2024-01-01)")
    (tmp_path / canonical).write_bytes(b"theirs")
    (tmp_path / copy).write_bytes(b"mine")
    new = resolve(tmp_path, copy, threshold)
    assert new is not None and len(new) <= threshold
    renamed = cleartext_of(new)
    assert len(renamed.encode()) <= limit
    assert renamed == "é" * 68 + " (A.txt"  # suffix cut to half of the 6 bytes left


def test_numbered_name_cuts_long_base(tmp_path: Path) -> None:
    threshold = 220
    cleartext = "b" * 142 + ".txt"  # exactly the 146-byte limit
    canonical = entry(cleartext)
    copy = conflict_name(cleartext, "_2")
    (tmp_path / canonical).write_bytes(b"theirs")
    (tmp_path / copy).write_bytes(b"mine")
    new = resolve(tmp_path, copy, threshold)
    assert new is not None and len(new) <= threshold
    assert cleartext_of(new) == "b" * 138 + " (1).txt"


def test_resolution_logs_ciphertext_names_only(tmp_path: Path, caplog) -> None:
    (tmp_path / entry("secret plan.txt")).write_bytes(b"theirs")
    copy = conflict_name("secret plan.txt", " (1)")
    (tmp_path / copy).write_bytes(b"mine")
    with caplog.at_level(logging.INFO, logger="vaultengine.format.conflicts"):
        new = resolve(tmp_path, copy)
    assert new is not None
    assert copy in caplog.text and new in caplog.text
    assert "secret" not in caplog.text and "mine" not in caplog.text


def test_vanished_entry_is_skipped(tmp_path: Path) -> None:
    # Another lister resolved it first: nothing to do, no exception.
    copy = conflict_name("gone.txt", " (1)")
    (tmp_path / entry("gone.txt")).write_bytes(b"x")
    assert resolve(tmp_path, copy) is None
    assert listing(tmp_path) == {entry("gone.txt")}
