"""The mount point folder: checked (empty, or created and removed again) and waited for."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable

from vaultengine.errors import MountError, MountPointError
from vaultengine.fuse import libfuse_log
from vaultengine.fuse.library import is_drive_letter
from vaultengine.fuse.mountinfo import find_mount, is_dead


def absolute_mountpoint(mountpoint: str) -> str:
    """The mount point as libfuse gets it: an absolute folder path, or on Windows a WinFsp drive
    letter ("Z:") as it is (abspath would make it the current folder of drive Z)."""
    if sys.platform == "win32" and is_drive_letter(mountpoint):
        return mountpoint
    return os.path.abspath(mountpoint)


def check_mountpoint(mountpoint: str) -> None:
    """MountPointError unless prepare_mountpoint() would succeed (changes nothing)."""
    if is_drive_letter(mountpoint):
        return  # a WinFsp drive: WinFsp itself refuses a letter in use
    if not os.path.lexists(mountpoint) and not os.path.ismount(mountpoint):
        parent = os.path.dirname(os.path.abspath(mountpoint))
        if not os.path.isdir(parent):
            raise MountPointError(f"The folder {parent} does not exist.")
        return
    _check_existing(mountpoint)


def _check_existing(mountpoint: str) -> None:
    """MountPointError for an unusable existing mount point; FileNotFoundError if absent."""
    if os.path.ismount(mountpoint) or find_mount(mountpoint) is not None:
        if is_dead(mountpoint):
            raise MountPointError(
                f"{mountpoint} holds a dead mount left by a crash. "
                "Run `strongroom unmount` on it (or clean dead mounts) first."
            )
        raise MountPointError(f"{mountpoint} is already a mount point.")
    try:
        entries = os.listdir(mountpoint)
    except NotADirectoryError:
        raise MountPointError(f"{mountpoint} is not a folder.") from None
    except FileNotFoundError:
        raise
    except OSError as exc:
        if is_dead(mountpoint):
            raise MountPointError(
                f"{mountpoint} holds a dead mount left by a crash. Unmount it first."
            ) from None
        raise MountPointError(f"Cannot use {mountpoint}: {exc.strerror}") from None
    if entries:
        raise MountPointError(f"{mountpoint} is not empty: mount into an empty folder.")


def prepare_mountpoint(mountpoint: str) -> bool:
    """Check or create the mount point; True when we created it (and must remove it later)."""
    if is_drive_letter(mountpoint):
        return False  # WinFsp creates the drive and takes it away again
    try:
        _check_existing(mountpoint)
    except FileNotFoundError:
        parent = os.path.dirname(mountpoint) or "."
        if not os.path.isdir(parent):
            raise MountPointError(f"The folder {parent} does not exist.") from None
        try:
            os.mkdir(mountpoint, 0o700)
        except OSError as exc:
            raise MountPointError(f"Cannot create {mountpoint}: {exc.strerror}") from None
        return True
    return False


def release_mountpoint(mountpoint: str, created: bool) -> None:
    """Remove the mount point if we created it and it is empty again (never anything else)."""
    if created:
        with contextlib.suppress(OSError):
            os.rmdir(mountpoint)


def wait_until_mounted(
    mountpoint: str,
    *,
    timeout: float,
    still_starting: Callable[[], bool],
    libfuse_mark: int | None = None,
) -> None:
    """Poll until `mountpoint` is a mount that answers stat, the server gave up, or timeout.

    libfuse_mark (libfuse_log.mark() taken before the server started): a failure quotes what
    libfuse said since then."""
    deadline = time.monotonic() + timeout
    delay = 0.002
    while True:
        if os.path.ismount(mountpoint):
            try:
                os.stat(mountpoint)
                return
            except OSError:
                pass
        if not still_starting():
            raise MountError(_failure_message(mountpoint, libfuse_mark))
        if time.monotonic() > deadline:
            raise MountError(f"Mounting on {mountpoint} did not finish within {timeout:g} s.")
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def _failure_message(mountpoint: str, libfuse_mark: int | None) -> str:
    said = libfuse_log.errors_since(libfuse_mark) if libfuse_mark is not None else []
    if not said:
        return f"Mounting on {mountpoint} failed (libfuse gave no reason; see the log)."
    reason = "; ".join(line.removeprefix("fuse: ") for line in said)
    hint = " Check the extra mount options." if "option" in reason else ""
    return f"Mounting on {mountpoint} failed: {reason}.{hint}"
