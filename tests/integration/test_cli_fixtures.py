"""The CLI on real vaults written by Cryptomator and others: export must match the manifests."""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from app.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
VAULTS = {
    "cryptomator-desktop-fresh": "123456789",
    "oxcrypt-sample": "123456789",
    "siv-ctrmac-migrated": "12345678",
}


def exported_manifest(root: Path) -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            key = "/" + str(path.relative_to(root))
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                found[key] = {"type": "symlink", "target": os.readlink(path)}
            elif stat.S_ISDIR(st.st_mode):
                found[key] = {"type": "dir"}
            else:
                data = path.read_bytes()
                found[key] = {
                    "type": "file",
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
    return found


@pytest.mark.parametrize("name", sorted(VAULTS))
def test_export_of_a_real_vault_matches_its_manifest(
    name: str, fixture_vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    vault = fixture_vault(name)
    monkeypatch.setattr(sys, "stdin", io.StringIO(VAULTS[name] + "\n"))
    out = tmp_path / "out"
    assert main(["export", str(vault), "/", str(out), "--password-stdin"]) == 0, capsys.readouterr()
    expected = json.loads((FIXTURES / f"{name}.manifest.json").read_text())
    assert exported_manifest(out) == expected


def test_info_of_a_real_vault(fixture_vault, capsys: pytest.CaptureFixture[str]) -> None:
    vault = fixture_vault("siv-ctrmac-migrated")
    assert main(["info", str(vault), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["format"], info["cipher_combo"]) == (8, "SIV_CTRMAC")
