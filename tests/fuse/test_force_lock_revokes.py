"""Force lock revokes (bad-input case 20): a program holding a file open and a shell whose working
folder is inside the mount both fail right after the force lock, no cleartext comes back, no
new ciphertext appears, what was written before is on disk, and the keys object is gone.

Driven through the app's service layer (engine.lock(force=True)), the in-process mount handle,
a plain lazy unmount by someone else, and `strongroom mount` + `strongroom unmount --force`
(background child process). Real FUSE mounts, real processes.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
import signal
import time
import weakref
from pathlib import Path

import pytest

from app.services import engine
from tests.helpers.force_lock import (
    SECRET,
    Bystanders,
    assert_revoked,
    assert_written_before_is_kept,
    ciphertext_files,
    keys_of,
)
from tests.helpers.mounts import PASSWORD, clean_mountpoint, cli, make_vault, require_fuse
from vaultengine.errors import VaultStateError
from vaultengine.fuse import find_mount, mount
from vaultengine.fuse.mountinfo import unmount_mountpoint
from vaultengine.vault import unlock_vault

pytestmark = pytest.mark.fuse


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    require_fuse()
    path = make_vault(tmp_path / "vault")
    with unlock_vault(path, PASSWORD) as v:
        v.fs.write_file("/secret.txt", SECRET)
    return path


@pytest.mark.timeout(120)
def test_service_force_lock_revokes_open_files_and_working_folders(
    tmp_path: Path, vault: Path
) -> None:
    mnt = tmp_path / "mnt"
    session = engine.unlock_and_mount(str(vault), PASSWORD, mount_point=str(mnt))
    keys = weakref.ref(keys_of(session.unlocked))
    users = Bystanders(mnt)
    try:
        before = ciphertext_files(vault)
        # The plain lock still refuses while files are in use and changes nothing.
        with pytest.raises(engine.UnmountBusyError):
            engine.lock(session)
        assert session.unlocked is not None and os.path.ismount(mnt)

        started = time.monotonic()
        engine.lock(session, force=True)
        assert time.monotonic() - started < 5.0
        gc.collect()
        assert keys() is None, "the keys outlived the force lock"
        assert session.unlocked is None and session.handle is None
        assert find_mount(str(mnt)) is None

        held, shell_out = users.after_lock()
        assert_revoked(held, shell_out)
        assert ciphertext_files(vault) == before  # nothing planted, nothing written late
    finally:
        users.kill()
        clean_mountpoint(mnt)
    assert_written_before_is_kept(vault)


@pytest.mark.timeout(120)
def test_lazy_unmount_by_someone_else_revokes_the_mount(tmp_path: Path, vault: Path) -> None:
    """`fusermount -uz` (or umount -l) leaves no detached mount serving in the background."""
    mnt = tmp_path / "mnt"
    unlocked = unlock_vault(vault, PASSWORD)
    keys = weakref.ref(keys_of(unlocked))
    handle = mount(unlocked, mnt)
    del unlocked
    users = Bystanders(mnt)
    try:
        before = ciphertext_files(vault)
        unmount_mountpoint(str(mnt), lazy=True)
        assert handle.wait(5.0), "the detached mount kept serving"
        gc.collect()
        assert keys() is None
        held, shell_out = users.after_lock()
        assert_revoked(held, shell_out)
        assert ciphertext_files(vault) == before
    finally:
        users.kill()
        handle.abort()
        clean_mountpoint(mnt)
    assert_written_before_is_kept(vault)


def test_locking_drops_the_keys_even_while_the_filesystem_is_still_referenced(
    tmp_path: Path,
) -> None:
    """A stray reference to the filesystem (an adapter, a traceback frame) keeps no keys."""
    path = make_vault(tmp_path / "vault")
    unlocked = unlock_vault(path, PASSWORD)
    stray = unlocked.fs
    keys = weakref.ref(keys_of(unlocked))
    unlocked.lock()
    gc.collect()
    assert keys() is None
    with pytest.raises(VaultStateError):
        stray.read_file("/anything")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with contextlib.suppress(OSError):  # a zombie counts as gone (init reaps it)
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return False
    return True


def _mount_pid(stdout: str) -> int:
    found = re.search(r"\(process (\d+)\)", stdout)
    assert found, stdout
    return int(found.group(1))


@pytest.mark.timeout(120)
def test_cli_unmount_force_revokes_the_background_mount(tmp_path: Path, vault: Path) -> None:
    mnt = tmp_path / "mnt"
    mounted = cli("mount", vault, mnt, "--password-stdin", stdin=PASSWORD + "\n")
    assert mounted.returncode == 0, mounted.stderr
    pid = _mount_pid(mounted.stdout)
    users = Bystanders(mnt)
    try:
        before = ciphertext_files(vault)
        busy = cli("unmount", mnt)
        assert busy.returncode == 1 and "files are open" in busy.stderr
        assert os.path.ismount(mnt) and _alive(pid)

        started = time.monotonic()
        forced = cli("unmount", mnt, "--force")
        assert forced.returncode == 0, forced.stderr
        assert time.monotonic() - started < 10.0  # a CLI start-up plus well under 5 s
        assert find_mount(str(mnt)) is None
        held, shell_out = users.after_lock()
        assert_revoked(held, shell_out)
        # The mount process (and with it the keys) is gone although files are still open.
        deadline = time.monotonic() + 5.0
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(pid), "the mount process outlived the forced unmount"
        assert ciphertext_files(vault) == before
    finally:
        users.kill()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        clean_mountpoint(mnt)
    assert_written_before_is_kept(vault)
