"""Read-only sessions (bad input #26): conflicts.view_entry names a conflicting copy exactly as
resolve_entry would, without touching the folder. Each scenario is built twice; one copy is
viewed (and must stay byte for byte and mtime for mtime the same), the other resolved."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.conflicts import (
    DIR_ID,
    NAMES,
    SUFFIXES,
    THRESHOLD,
    cleartext_of,
    conflict_name,
    entry,
    resolve,
)
from vaultengine.format.conflicts import view_entry

DIR_ID_BYTES = b"b3733606-f6dd-4474-86ff-11bdc037895a"


def view(folder: Path, name: str, taken: Callable[[str], bool] = lambda _n: False) -> str | None:
    return view_entry(folder, name, DIR_ID, NAMES, THRESHOLD, taken)


def state(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    found = {}
    for path in sorted(folder.rglob("*")):
        data = path.read_bytes() if path.is_file() else None
        found[str(path.relative_to(folder))] = (path.lstat().st_mtime_ns, data)
    found["."] = (folder.stat().st_mtime_ns, None)
    return found


def _free_canonical(folder: Path, suffix: str) -> str:
    (folder / conflict_name("report.txt", suffix)).write_bytes(b"mine")
    return conflict_name("report.txt", suffix)


def _taken_canonical(folder: Path, suffix: str) -> str:
    (folder / entry("report.txt")).write_bytes(b"theirs")
    return _free_canonical(folder, suffix)


def _numbered(folder: Path, suffix: str) -> str:
    (folder / entry("a.txt")).write_bytes(b"1")
    (folder / entry(f"a{suffix}.txt")).write_bytes(b"2")
    (folder / conflict_name("a.txt", suffix)).write_bytes(b"3")
    return conflict_name("a.txt", suffix)


def _identical_folder(folder: Path, suffix: str) -> str:
    for name in (entry("Documents"), conflict_name("Documents", suffix)):
        (folder / name).mkdir()
        (folder / name / "dir.c9r").write_bytes(DIR_ID_BYTES)
    return conflict_name("Documents", suffix)


def _different_folder(folder: Path, suffix: str) -> str:
    _identical_folder(folder, suffix)
    (folder / conflict_name("Documents", suffix) / "dir.c9r").write_bytes(DIR_ID_BYTES[::-1])
    return conflict_name("Documents", suffix)


SCENARIOS = [_free_canonical, _taken_canonical, _numbered, _identical_folder, _different_folder]


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__.strip("_"))
def test_view_names_the_copy_as_resolution_does_and_writes_nothing(
    tmp_path: Path, scenario: Callable[[Path, str], str], suffix: str
) -> None:
    viewed, resolved = tmp_path / "viewed", tmp_path / "resolved"
    viewed.mkdir()
    resolved.mkdir()
    copy = scenario(viewed, suffix)
    scenario(resolved, suffix)
    os.utime(viewed, ns=(1, 1))  # a rename or delete would change the folder's mtime
    before = state(viewed)
    shown = view(viewed, copy)
    assert state(viewed) == before
    new_entry = resolve(resolved, copy)
    assert shown == (None if new_entry is None else cleartext_of(new_entry))


def test_a_name_shown_for_another_copy_is_not_given_twice(tmp_path: Path) -> None:
    first = conflict_name("report.txt", " (1)")
    second = conflict_name("report.txt", " (2)")
    (tmp_path / first).write_bytes(b"one")
    (tmp_path / second).write_bytes(b"two")
    shown = {"report.txt"}  # the first copy took the free original name
    assert view(tmp_path, first) == "report.txt"
    assert view(tmp_path, second, shown.__contains__) == "report (2).txt"


def test_junk_and_hidden_entries_are_not_shown(tmp_path: Path) -> None:
    (tmp_path / "._x.c9r").write_bytes(b"")
    assert view(tmp_path, "._" + conflict_name("a", " (1)")) is None
    assert view(tmp_path, "not-a-ciphertext-name (1).c9r") is None
    assert view(tmp_path, entry("a")[: -len(".c9r")] + ".c9s") is None
