"""The bystanders of a force lock (bad-input case 20), shared by the engine/CLI and GUI tests: a
program holding a file open and a shell working inside the mount, and what "revoked" means."""

from __future__ import annotations

import contextlib
import errno
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.helpers.mounts import PASSWORD
from vaultengine.crypto.keys import MasterKeys
from vaultengine.vault import UnlockedVault, unlock_vault

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
