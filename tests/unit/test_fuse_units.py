"""The FUSE layer without a mount: the errno table, options, mountinfo parsing, and the adapter's
answers over a real (unmounted) VaultFileSystem."""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.mounts import PASSWORD, make_vault
from vaultengine.errors import (
    AuthenticationFailedError,
    BrokenDirectoryError,
    MountError,
    VaultStateError,
)
from vaultengine.fuse.adapter import VaultOperations, errno_for
from vaultengine.fuse.mountinfo import parse_mountinfo
from vaultengine.fuse.options import mount_options, parse_user_options
from vaultengine.vault import UnlockedVault, unlock_vault


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (FileNotFoundError(errno.ENOENT, "x"), errno.ENOENT),
        (OSError(errno.ENOTEMPTY, "x"), errno.ENOTEMPTY),
        (OSError(errno.ENAMETOOLONG, "x"), errno.ENAMETOOLONG),
        (AuthenticationFailedError("auth failed chunk 3 of d/AB/CDEF/x.c9r"), errno.EIO),
        (BrokenDirectoryError("dir.c9r missing: d/AB/CD"), errno.EIO),
        (UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates"), errno.EILSEQ),
        (VaultStateError("locked"), errno.EIO),
        (KeyError("a bug"), errno.EIO),
        (OSError("no errno"), errno.EIO),
    ],
)
def test_errno_table(exc: BaseException, code: int) -> None:
    assert errno_for(exc) == code


@pytest.fixture
def unlocked(tmp_path: Path) -> Iterator[UnlockedVault]:
    vault = unlock_vault(make_vault(tmp_path / "vault"), PASSWORD)
    try:
        yield vault
    finally:
        vault.lock()


def raised_errno(action) -> int:  # type: ignore[no-untyped-def]
    with pytest.raises(OSError) as raised:
        action()
    return int(raised.value.errno or 0)


def test_unexpected_errors_become_eio_and_log_no_content(
    unlocked: UnlockedVault, caplog: pytest.LogCaptureFixture
) -> None:
    ops = VaultOperations(unlocked.fs)
    ops.fs.write_file("/f", b"x")
    fh = ops.open("/f", os.O_RDONLY)

    def broken_read(fh: int, size: int, offset: int) -> bytes:
        raise ValueError("SECRET cleartext bytes in a message")

    unlocked.fs.read = broken_read  # type: ignore[method-assign]  # simulate a bug in the fs
    with caplog.at_level(logging.ERROR, logger="vaultengine.fuse.adapter"):
        assert raised_errno(lambda: ops.read("/f", 10, 0, fh)) == errno.EIO
    assert "read failed unexpectedly with ValueError" in caplog.text
    assert "SECRET" not in caplog.text


def test_auth_failures_are_logged_with_the_ciphertext_path(
    unlocked: UnlockedVault, caplog: pytest.LogCaptureFixture
) -> None:
    ops = VaultOperations(unlocked.fs)

    def failing_stat(path: str) -> None:
        raise AuthenticationFailedError("header failed authentication: d/QR/STUV/abc.c9r")

    unlocked.fs.stat = failing_stat  # type: ignore[assignment, method-assign]  # a damaged file
    with caplog.at_level(logging.WARNING, logger="vaultengine.fuse.adapter"):
        assert raised_errno(lambda: ops.getattr("/secret-name.txt")) == errno.EIO
    assert "d/QR/STUV/abc.c9r" in caplog.text
    assert "secret-name" not in caplog.text


def test_adapter_answers(unlocked: UnlockedVault) -> None:
    ops = VaultOperations(unlocked.fs)
    ops.fs.write_file("/file", b"data")
    ops.mkdir("/dir", 0o700)
    assert ops.chmod("/file", 0o600) == 0
    assert stat.S_IMODE(ops.getattr("/file")["st_mode"]) == 0o644
    assert ops.chown("/file", -1, -1) == 0
    assert raised_errno(lambda: ops.chown("/file", os.getuid() + 1, -1)) == errno.EPERM
    assert ops.access("/file", os.R_OK | os.W_OK) == 0
    assert raised_errno(lambda: ops.access("/file", os.X_OK)) == errno.EACCES
    assert ops.access("/dir", os.X_OK) == 0
    assert raised_errno(lambda: ops.access("/missing", os.F_OK)) == errno.ENOENT
    assert raised_errno(lambda: ops.rename("/file", "/other", 2)) == errno.EINVAL
    assert raised_errno(lambda: ops.link("/file", "/hard")) == errno.EPERM
    assert raised_errno(lambda: ops.mknod("/fifo", stat.S_IFIFO | 0o644, 0)) == errno.EPERM
    assert ops.mknod("/regular", stat.S_IFREG | 0o644, 0) == 0
    assert raised_errno(lambda: ops.getattr("/bad\udcffname")) == errno.EILSEQ
    assert ops.getattr("/file")["st_uid"] == os.getuid()
    assert ops.statfs("/")["f_namemax"] == 255


def test_listing_in_pieces_is_taken_once_per_rewind(unlocked: UnlockedVault) -> None:
    ops = VaultOperations(unlocked.fs)
    for i in range(5):
        ops.fs.write_file(f"/e{i}", b"")
    fh = ops.opendir("/")
    first = ops.dir_entries(fh, "/", 0)
    ops.fs.write_file("/late", b"")
    assert ops.dir_entries(fh, "/", 4) is first  # a later piece of the same listing
    assert "late" in [name for name, _ in ops.dir_entries(fh, "/", 0)]  # rewinddir refreshes
    ops.releasedir("/", fh)


def test_read_only_adapter_refuses_changes(unlocked: UnlockedVault) -> None:
    ops = VaultOperations(unlocked.fs, read_only=True)
    assert raised_errno(lambda: ops.mkdir("/d", 0o755)) == errno.EROFS
    assert raised_errno(lambda: ops.create("/f", 0o644, os.O_WRONLY)) == errno.EROFS
    assert raised_errno(lambda: ops.open("/f", os.O_RDWR)) == errno.EROFS
    assert raised_errno(lambda: ops.utimens("/", (1, 2))) == errno.EROFS


def test_user_options() -> None:
    assert parse_user_options(["allow_other,uid=1000", " noatime "]) == {
        "allow_other": True,
        "uid": "1000",
        "noatime": True,
    }
    for reserved in ("fsname=x", "subtype=y", "hard_remove"):
        with pytest.raises(MountError):
            parse_user_options([reserved])
    with pytest.raises(MountError):
        parse_user_options(["debug"])


def test_mount_options_escape_the_vault_path() -> None:
    options = mount_options("/v, with\\odd", read_only=True, user_options=["noexec"])
    assert options["fsname"] == "strongroom:/v\\, with\\\\odd"
    assert options["ro"] is True and options["noexec"] is True
    assert options["attr_timeout"] == "1" and options["auto_cache"] is True
    assert "kernel_cache" not in options and "hard_remove" not in options


MOUNTINFO = "\n".join(
    [
        r"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw",
        r"41 22 0:39 / /home/u/My\040Vault rw,nosuid,nodev,relatime shared:5 - fuse.strongroom"
        r" strongroom:/home/u/vaults/a\134b,\040c rw,user_id=1000,group_id=1000",
        r"42 22 0:40 / /mnt/ro ro,nosuid,nodev,relatime - fuse.strongroom strongroom:/srv/v"
        r" ro,user_id=0,group_id=0",
        r"43 22 0:41 / /mnt/go rw,nosuid,nodev - fuse.gocryptfs /srv/cipher rw,user_id=0",
        r"44 22 0:42 / /mnt/other rw - fuse.strongroom not-ours:/x rw,user_id=0",
    ]
)


def test_parse_mountinfo() -> None:
    records = parse_mountinfo(MOUNTINFO)
    assert [(r.mountpoint, r.vault_path, r.read_only, r.user_id, r.device) for r in records] == [
        ("/home/u/My Vault", "/home/u/vaults/a\\b, c", False, 1000, "0:39"),
        ("/mnt/ro", "/srv/v", True, 0, "0:40"),
    ]
