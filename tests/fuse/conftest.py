"""Fixtures of the mount tests: a test vault, and that vault mounted for one test (always unmounted
afterwards, forced and aborted if need be)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, MountedVault, end_mount, make_vault, require_fuse
from vaultengine.fuse import mount


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return make_vault(tmp_path / "vault")


@pytest.fixture
def mounted(tmp_path: Path, vault_dir: Path) -> Iterator[MountedVault]:
    """A fresh test vault mounted on tmp_path/mnt; always unmounted afterwards."""
    require_fuse()
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD)
    try:
        yield MountedVault(vault_dir, tmp_path / "mnt", handle)
    finally:
        end_mount(handle)
