"""The tamper matrix through the CLI (`ls -R`, `cat`, `export`): the documented error, fast,
never a byte that is not the true cleartext, nothing written, and the rest of the vault intact."""

from __future__ import annotations

import io
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.cli.main import main
from tests.helpers.tamper import (
    PASSWORD,
    TAMPER_IDS,
    TAMPERS,
    TRUTH,
    Tamper,
    check_damaged_output,
    expected_listing,
    fresh_vault,
    readable_files,
    tree_digest,
)

FAST = 5.0  # seconds any single command may take on a tampered vault


@dataclass
class Result:
    code: int
    out: bytes
    err: str
    seconds: float


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]):
    def run(*argv: object) -> Result:
        monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
        start = time.monotonic()
        code = main([str(a) for a in argv] + ["--password-stdin"])
        seconds = time.monotonic() - start
        out, err = capsysbinary.readouterr()
        assert seconds < FAST, f"{argv} took {seconds:.1f} s"
        return Result(code, out, err.decode("utf-8", "replace"), seconds)

    return run


def exported_files(root: Path) -> dict[str, bytes]:
    found = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                found["/" + str(path.relative_to(root))] = path.read_bytes()
    return found


@pytest.mark.timeout(60)
@pytest.mark.parametrize("combo", ["SIV_GCM", "SIV_CTRMAC"])
@pytest.mark.parametrize("tamper", TAMPERS, ids=TAMPER_IDS)
def test_tamper_through_the_cli(tmp_path: Path, cli, tamper: Tamper, combo: str) -> None:
    v = fresh_vault(tmp_path, combo)
    tamper.apply(v)
    expect = tamper.expect
    before = tree_digest(v.root)

    # ls -R: the listing carries on past every tampered entry and shows exactly what is valid.
    listing = cli("ls", v.root, "/", "-R")
    assert listing.code == 0, listing.err
    assert set(listing.out.decode().splitlines()) == expected_listing(expect)

    # cat of a damaged file: exit 1, one line naming it, and at most the authentic chunks before
    # the damaged one on stdout.
    for path, first_bad in expect.damaged.items():
        result = cli("cat", v.root, path)
        assert result.code == 1
        assert result.err.startswith(f"strongroom: {path}: ")
        assert "authentication failed" in result.err
        check_damaged_output(result.out, path, first_bad)
    for path in expect.gone:
        result = cli("cat", v.root, path)
        assert result.code == 1
        assert result.out == b""
        assert "No such file or directory" in result.err
    for path in expect.unlisted:
        result = cli("cat", v.root, path)
        assert (result.code, result.out) == (0, TRUTH[path]), result.err
    for folder in expect.broken:
        result = cli("ls", v.root, folder)
        assert result.code == 1 and result.out == b""
        assert result.err.startswith(f"strongroom: {folder}: ")
        inside = cli("cat", v.root, folder + "/note.txt")
        assert inside.code == 1 and inside.out == b""
        assert inside.err.startswith(f"strongroom: {folder}/note.txt: ")

    # Everything else reads back exactly: export the whole vault and compare.
    out = tmp_path / "export"
    export = cli("export", v.root, "/", out)
    assert export.code == (1 if expect.damaged else 0), export.err
    exported = exported_files(out)
    assert exported == readable_files(expect)
    for path in expect.damaged:
        assert path not in exported  # a file that fails authentication is left out entirely
    assert not [p for p in out.rglob("*") if p.name.startswith(".")], "temp files left behind"

    # Reading is read-only: the tampered vault is exactly as the tamper left it.
    assert tree_digest(v.root) == before


def test_untampered_vault_matches_the_truth(tmp_path: Path, cli) -> None:
    """The baseline the matrix compares against: nothing damaged, everything exported."""
    v = fresh_vault(tmp_path)
    export = cli("export", v.root, "/", tmp_path / "export")
    assert export.code == 0, export.err
    assert exported_files(tmp_path / "export") == TRUTH
