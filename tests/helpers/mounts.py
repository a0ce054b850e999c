"""What the mount tests share: skip where FUSE is unusable, end a mount whatever state it is in
(forced and aborted if need be), and the real `strongroom` command line in a child process.
The fixtures `vault_dir` and `mounted` (a test vault mounted for one test) are in conftest.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.vaults import ROOT, TEST_SCRYPT_COST
from vaultengine.errors import MountError
from vaultengine.fuse import Mount, fuse_unavailable_reason, our_mounts
from vaultengine.fuse.mountinfo import abort_connection, unmount_mountpoint
from vaultengine.vault import create_vault

PASSWORD = "correct horse battery"


def require_fuse() -> None:
    reason = fuse_unavailable_reason()  # also covers "not root and no fusermount3"
    if reason is not None:
        pytest.skip(f"FUSE unusable here: {reason}")


def on_fuse2_api() -> bool:
    """True when this test process mounts through the FUSE 2 API: the high-level path
    (STRONGROOM_FUSE_API=high) on libfuse2 (STRONGROOM_FUSE_LIBRARY=fuse2), which is what
    macFUSE, FUSE-T and WinFsp speak. Some tests assert what that API cannot do instead."""
    from vaultengine.errors import FuseUnavailableError
    from vaultengine.fuse.library import chosen_library
    from vaultengine.fuse.lowlevel.session import wants_lowlevel

    try:
        return not wants_lowlevel({}) and chosen_library().api_major == 2
    except (FuseUnavailableError, MountError):
        return False


FUSE2 = on_fuse2_api()


def make_vault(folder: Path) -> Path:
    create_vault(folder, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    return folder


def end_mount(handle: Mount) -> None:
    """Unmount whatever state the test left: normal, else forced, else aborted."""
    if not handle.is_alive():
        return
    try:
        handle.unmount(timeout=10.0)
    except MountError:
        handle.abort()


def mounts_under(folder: Path) -> list[str]:
    """Mount points inside `folder`, from /proc/mounts (its octal escapes such as \\040 decoded)."""
    fields = [line.split()[1] for line in Path("/proc/mounts").read_text().splitlines()]
    points = [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), point) for point in fields]
    return [p for p in points if Path(p).is_relative_to(folder) and Path(p) != folder]


def clean_mountpoint(mountpoint: Path) -> None:
    """Last-resort clean-up for mounts made outside a Mount handle (CLI, child processes)."""
    for record in our_mounts(all_users=True):
        if record.mountpoint == str(mountpoint.resolve()):
            try:
                unmount_mountpoint(record.mountpoint)
            except MountError:
                unmount_mountpoint(record.mountpoint, lazy=True)
                abort_connection(record.device)


@dataclass
class MountedVault:
    vault: Path
    mnt: Path
    handle: Mount

    def __truediv__(self, name: str) -> Path:
        return self.mnt / name


def run(
    *command: str | os.PathLike[str], timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [os.fspath(c) for c in command], capture_output=True, text=True, timeout=timeout
    )


def cli(*argv: object, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real `strongroom` command line in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, argv)],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )


def cli_mount(vault: Path, mountpoint: Path, password: str) -> int:
    """`strongroom mount` in the background; returns the pid of the mount process."""
    result = cli("mount", vault, mountpoint, "--password-stdin", stdin=password + "\n")
    assert result.returncode == 0, result.stderr
    found = re.search(r"\(process (\d+)\)", result.stdout)
    assert found, result.stdout
    return int(found.group(1))
