"""The mount fixture's promise: a test vault mounted for one test is always unmounted, even when
a file is still held open on it (forced, then aborted)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, end_mount, require_fuse
from vaultengine.fuse import mount


@pytest.mark.fuse
def test_fixture_mounts_and_always_unmounts(tmp_path: Path, vault_dir: Path) -> None:
    require_fuse()
    handle = mount(vault_dir, tmp_path / "mnt", password=PASSWORD)
    try:
        assert os.path.ismount(tmp_path / "mnt")
        fd = os.open(tmp_path / "mnt" / "held-open", os.O_CREAT | os.O_WRONLY)
        try:
            end_mount(handle)  # busy: forced and aborted, yet it must end
        finally:
            with contextlib.suppress(OSError):  # the connection was aborted under it
                os.close(fd)
    finally:
        end_mount(handle)
    assert not handle.is_alive()
    assert not os.path.ismount(tmp_path / "mnt")
