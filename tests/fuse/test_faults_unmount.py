"""Unmount while files are open, through the CLI: a clear "busy" error that changes nothing, a
forced unmount that revokes at once (open files fail, the mount process ends), and a dead
mount left by a crash that `mount` reports and `unmount` / `mounts --clean` clean up."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import time
from pathlib import Path

import pytest

from tests.helpers.mounts import clean_mountpoint, cli, cli_mount, require_fuse
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.fuse import find_mount, is_dead
from vaultengine.vault import create_vault, unlock_vault

pytestmark = pytest.mark.fuse

PASSWORD = "unmount test pw"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie counts as gone: the mount process is not our child, init reaps it
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return False
    return True


def wait_until(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    path = tmp_path / "vault"
    create_vault(path, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    with unlock_vault(path, PASSWORD) as v:
        v.fs.write_file("/open-me.txt", b"0123456789")
    return path


@pytest.mark.timeout(120)
def test_busy_unmount_then_forced_unmount(tmp_path: Path, vault: Path) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    pid = cli_mount(vault, mnt, PASSWORD)
    try:
        fd = os.open(mnt / "open-me.txt", os.O_RDWR)
        try:
            busy = cli("unmount", mnt)
            assert busy.returncode == 1
            assert busy.stderr.strip() == (
                f"strongroom: {mnt} is in use: files are open (close them, or use --force)"
            )
            assert os.path.ismount(mnt) and alive(pid)  # nothing changed
            assert os.pread(fd, 10, 0) == b"0123456789"

            assert os.pwrite(fd, b"before", 10) == 6  # written before the force: kept

            forced = cli("unmount", mnt, "--force")
            assert forced.returncode == 0, forced.stderr
            assert not os.path.ismount(mnt) and find_mount(str(mnt)) is None
            # Revoked: the open file fails at once, and the process ends with the keys
            # although the file is still open.
            for attempt in (lambda: os.pwrite(fd, b"after", 16), lambda: os.pread(fd, 16, 0)):
                with pytest.raises(OSError) as refused:
                    attempt()
                assert refused.value.errno in (errno.EIO, errno.ENOTCONN, errno.ECONNABORTED)
            assert wait_until(lambda: not alive(pid), 5.0), "the mount process kept serving"
        finally:
            os.close(fd)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        clean_mountpoint(mnt)
    with unlock_vault(vault, PASSWORD) as v:
        assert v.fs.read_file("/open-me.txt") == b"0123456789before"


@pytest.mark.timeout(120)
def test_dead_mount_is_reported_and_cleaned_by_the_cli(tmp_path: Path, vault: Path) -> None:
    require_fuse()
    mnt = tmp_path / "mnt"
    pid = cli_mount(vault, mnt, PASSWORD)
    try:
        os.kill(pid, signal.SIGKILL)
        assert wait_until(lambda: is_dead(str(mnt)))
        with pytest.raises(OSError) as info:
            os.stat(mnt / "open-me.txt")
        assert info.value.errno == errno.ENOTCONN

        listed = cli("mounts")
        assert listed.returncode == 0
        assert f"{mnt}\t{vault} (DEAD)" in listed.stdout.splitlines()
        refused = cli("mount", vault, mnt, "--password-stdin", stdin=PASSWORD + "\n")
        assert refused.returncode == 1
        assert "dead mount" in refused.stderr and refused.stderr.count("\n") == 1

        cleaned = cli("unmount", mnt)  # what the refusal told the user to do
        assert cleaned.returncode == 0, cleaned.stderr
        assert not is_dead(str(mnt)) and find_mount(str(mnt)) is None
        pid = cli_mount(vault, mnt, PASSWORD)
        assert (mnt / "open-me.txt").read_bytes() == b"0123456789"
        assert cli("unmount", mnt).returncode == 0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        clean_mountpoint(mnt)
