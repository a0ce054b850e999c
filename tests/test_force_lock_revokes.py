"""Force lock revokes (bad-input case 20): a program holding a file open and a shell whose working
folder is inside the mount both fail right after the force lock, no cleartext comes back, no
new ciphertext appears, what was written before is on disk, and the keys object is gone.

Driven through the app's service layer (engine.lock(force=True)), the in-process mount handle,
a plain lazy unmount by someone else, and `strongroom mount` + `strongroom unmount --force`
(background child process). Real FUSE mounts, real processes.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import re
import signal
import subprocess
import sys
import time
import weakref
from pathlib import Path
from typing import Any

import pytest
from test_fuse_support import PASSWORD, clean_mountpoint, cli, make_vault, require_fuse

from app.services import engine
from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import VaultStateError
from vaultengine.fuse import find_mount, mount
from vaultengine.fuse.mountinfo import unmount_mountpoint
from vaultengine.vault import UnlockedVault, unlock_vault

pytestmark = pytest.mark.fuse

SECRET = b"TOPSECRET-cleartext-0123456789"
REVOKED = {errno.EIO, errno.ENOTCONN, errno.ECONNABORTED}  # ECONNABORTED: aborted via fusectl

# Holds secret.txt open: writes "+kept" after it, reads it (so the kernel caches its pages),
# says so, then on a line from stdin tries to read (inside the size, where the page cache could
# answer without asking the filesystem) and write again, and prints what happened.
HOLDER = r"""
import json, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
size = os.fstat(fd).st_size
os.pwrite(fd, b"+kept", size)
first = os.pread(fd, size, 0)  # last: its pages and the attributes are fresh in the cache
print(json.dumps({"first": first.decode()}), flush=True)
sys.stdin.readline()
out = {}
for name, op in (
    ("read", lambda: os.pread(fd, 9, 0).decode("latin-1")),  # inside the size: from cache
    ("write", lambda: os.pwrite(fd, b"LATE", 0)),
):
    try:
        out[name] = op()
    except OSError as exc:
        out[name] = exc.errno
print(json.dumps(out), flush=True)
"""

# A shell whose working folder is the mount's root: after a line on stdin it reads the secret,
# creates a file and lists the folder, reporting each exit status.
SHELL = (
    'echo ready; read go; cat secret.txt; echo "cat=$?"; '
    'echo planted > planted.txt; echo "create=$?"; ls; echo "ls=$?"'
)


class Bystanders:
    """The two processes that are using the mount when it is force-locked."""

    def __init__(self, mnt: Path) -> None:
        self.holder = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(mnt / "secret.txt")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd="/",
        )
        self.shell = subprocess.Popen(
            ["sh", "-c", SHELL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=mnt
        )
        assert self.holder.stdout is not None and self.shell.stdout is not None
        first = json.loads(self.holder.stdout.readline())
        assert first["first"] == SECRET.decode()  # it really read cleartext before the lock
        assert self.shell.stdout.readline().strip() == "ready"

    def after_lock(self) -> tuple[dict[str, Any], str]:
        """Let both act again; what the holder got and everything the shell printed."""
        held, _ = self.holder.communicate("go\n", timeout=10)
        shell_out, _ = self.shell.communicate("go\n", timeout=10)
        return json.loads(held), shell_out

    def kill(self) -> None:
        for proc in (self.holder, self.shell):
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)


def assert_revoked(held: dict[str, Any], shell_out: str) -> None:
    assert held["read"] in REVOKED, f"the open file still read: {held['read']!r}"
    assert held["write"] in REVOKED, f"the open file still wrote: {held['write']!r}"
    assert SECRET.decode() not in shell_out
    status = dict(re.findall(r"^(cat|create|ls)=(\d+)$", shell_out, re.MULTILINE))
    assert set(status) == {"cat", "create", "ls"}, shell_out
    assert all(code != "0" for code in status.values()), shell_out


def ciphertext_files(vault: Path) -> set[str]:
    return {str(p.relative_to(vault)) for p in vault.rglob("*")}


def keys_of(unlocked: UnlockedVault) -> MasterKeys:
    keys = unlocked.fs._content._keys
    assert isinstance(keys, MasterKeys)
    return keys


def assert_written_before_is_kept(vault: Path) -> None:
    with unlock_vault(vault, PASSWORD) as v:
        assert v.fs.read_file("/secret.txt") == SECRET + b"+kept"
        assert "planted.txt" not in [name for name, _ in v.fs.listdir("/")]


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
