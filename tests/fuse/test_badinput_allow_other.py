"""Bad input #28: `allow_other` lets other local users reach a mount. It always comes with
`default_permissions` and owner-only modes, so another uid (nobody, via setpriv) is refused
reading, writing, creating and listing through a real mount, while the owner keeps working."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, end_mount, make_vault, require_fuse
from vaultengine.errors import MountError
from vaultengine.fuse import mount
from vaultengine.fuse.options import mount_options

NOBODY = "65534"
SECRET = b"only for the owner\n"


def as_nobody(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *command],
        capture_output=True,
        text=True,
        timeout=20,
    )


@pytest.fixture
def shared_parent() -> Iterator[Path]:
    """A folder every user may traverse (pytest's tmp_path is 0700: nobody could not even
    reach a mount inside it, and the test would pass for the wrong reason)."""
    folder = Path(tempfile.mkdtemp(prefix="strongroom-allow-other-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_allow_other_adds_default_permissions_and_refuses_umask() -> None:
    options = mount_options("/v", read_only=False, user_options=["allow_other"])
    assert options["default_permissions"] is True
    assert "default_permissions" not in mount_options("/v", read_only=False)
    with pytest.raises(MountError, match="umask"):
        mount_options("/v", read_only=False, user_options=["allow_other,umask=0"])


@pytest.mark.fuse
@pytest.mark.timeout(120)
def test_other_users_are_refused_on_an_allow_other_mount(
    tmp_path: Path, shared_parent: Path
) -> None:
    require_fuse()
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to act as another user")
    vault = make_vault(tmp_path / "vault")
    mnt = shared_parent / "mnt"
    handle = mount(vault, mnt, password=PASSWORD, options=["allow_other"])
    try:
        (mnt / "secret.txt").write_bytes(SECRET)
        (mnt / "folder").mkdir()
        (mnt / "folder" / "inner.txt").write_bytes(SECRET)
        with open("/proc/self/mountinfo") as info:
            line = next(x for x in info if f" {mnt} " in x)
        assert "allow_other" in line and "default_permissions" in line

        # Owner-only modes, owned by the mounting user.
        for path, mode in ((mnt / "secret.txt", 0o600), (mnt / "folder", 0o700), (mnt, 0o700)):
            st = os.stat(path)
            assert stat.S_IMODE(st.st_mode) == mode, path
            assert (st.st_uid, st.st_gid) == (os.getuid(), os.getgid())

        # Another user: every read, write, create and listing is refused by the kernel.
        refused = {
            "read": as_nobody("cat", str(mnt / "secret.txt")),
            "write": as_nobody("sh", "-c", f"echo evil > '{mnt}/secret.txt'"),
            "append": as_nobody("sh", "-c", f"echo evil >> '{mnt}/secret.txt'"),
            "create": as_nobody("touch", str(mnt / "planted.txt")),
            "list": as_nobody("ls", str(mnt)),
            "read inside": as_nobody("cat", str(mnt / "folder" / "inner.txt")),
            "remove": as_nobody("rm", "-f", str(mnt / "secret.txt")),
        }
        for what, result in refused.items():
            assert result.returncode != 0, what
            assert "Permission denied" in result.stderr, (what, result.stderr)
        assert as_nobody("true").returncode == 0  # setpriv itself works

        # The owner still reads and writes.
        assert (mnt / "secret.txt").read_bytes() == SECRET
        (mnt / "secret.txt").write_bytes(SECRET + b"more\n")
        assert (mnt / "secret.txt").read_bytes() == SECRET + b"more\n"
        assert sorted(os.listdir(mnt)) == ["folder", "secret.txt"]
    finally:
        end_mount(handle)
