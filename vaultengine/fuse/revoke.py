"""Force-unmounting a mount that another process serves (the background mount child).

`strongroom unmount --force` cannot reach into the serving process, so it detaches the mount
(lazily: open files and working directories inside keep their reference) and leaves the
revocation to that process, which watches the mount table and revokes as soon as its mount is
gone (MountSession.watch_detach). Where fusectl allows it, the kernel connection is also
aborted from here, so access fails even if the serving process does not answer. The caller
then waits, through a descriptor of the mount's root it opened before detaching, until the
filesystem refuses requests: only then is the vault really locked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time

from vaultengine.errors import MountError
from vaultengine.fuse.mountinfo import abort_connection, find_mount, unmount_mountpoint

REVOKE_TIMEOUT = 5.0
_REVOKED_ERRNOS = {errno.EIO, errno.ENOTCONN, errno.ECONNABORTED, errno.ENODEV}


def force_unmount(mountpoint: str, *, timeout: float = REVOKE_TIMEOUT) -> bool:
    """Detach and revoke the mount at `mountpoint`; True once the filesystem refuses access
    (EIO/ENOTCONN) through a descriptor opened before the detach, False if not within
    `timeout`. MountError if nothing is mounted there."""
    record = find_mount(mountpoint)
    if record is None:
        raise MountError(f"{mountpoint} is not mounted.")
    try:
        probe = os.open(mountpoint, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        probe = -1  # a dead mount: nothing serves it, detaching is all there is to do
    try:
        unmount_mountpoint(mountpoint, lazy=True)
        abort_connection(record.device)  # root or the mount's owner, where fusectl is mounted
        if probe < 0:
            return True
        deadline = time.monotonic() + timeout
        while True:
            try:
                os.fstatvfs(probe)  # never cached by the kernel: always asks the filesystem
            except OSError as exc:
                if exc.errno in _REVOKED_ERRNOS:
                    return True
                raise
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.02)
    finally:
        if probe >= 0:
            with contextlib.suppress(OSError):
                os.close(probe)
