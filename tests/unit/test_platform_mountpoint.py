"""A WinFsp drive letter survives the mount session; on Linux the mount point is made absolute.

sys.platform is faked to "win32" because this machine is Linux: there "Z:" is a drive letter
WinFsp creates, and os.path.abspath would turn it into a folder (the current folder of drive Z,
or on Linux a folder named "Z:" in the current one). Nothing is mounted: MountSession only
records where it will mount until serve() runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from vaultengine.fuse.mountpoint import absolute_mountpoint
from vaultengine.fuse.session import MountSession


class _LockedVault:
    """The little of an unlocked vault MountSession's constructor reads (its path)."""

    def __init__(self, path: str) -> None:
        self.path = path

    @property
    def fs(self) -> object:
        raise AssertionError("not touched before serve()")

    def lock(self) -> None:
        pass


def test_on_windows_a_drive_letter_stays_a_drive_letter(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    session = MountSession(_LockedVault(str(tmp_path)), "Z:")
    assert session.mountpoint == "Z:"
    assert absolute_mountpoint("d:") == "d:"
    # A folder is still made absolute on Windows.
    monkeypatch.chdir(tmp_path)
    assert absolute_mountpoint("mnt") == os.path.join(str(tmp_path), "mnt")


def test_on_linux_the_mount_point_is_made_absolute_as_before(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.chdir(tmp_path)
    assert MountSession(_LockedVault(str(tmp_path)), "mnt").mountpoint == str(tmp_path / "mnt")
    assert MountSession(_LockedVault(str(tmp_path)), "Z:").mountpoint == str(tmp_path / "Z:")
