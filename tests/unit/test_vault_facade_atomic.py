"""atomic_write: whole replacement, permission bits kept, no temp file left after a failure."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from vaultengine.atomic import atomic_write


def test_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "vault.cryptomator"
    atomic_write(target, b"first")
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    atomic_write(str(target), b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(tmp_path) == ["vault.cryptomator"]


def test_keeps_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "masterkey.cryptomator"
    target.write_bytes(b"old")
    target.chmod(0o600)
    atomic_write(target, b"new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_failed_write_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "masterkey.cryptomator"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        atomic_write(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["masterkey.cryptomator"]


def test_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write(tmp_path / "nope" / "file", b"x")
