"""MountRecord: one of our mounts as the system's mount table lists it (every platform), and
what a failed unmount tool said, as our error."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vaultengine.errors import MountError, UnmountBusyError


@dataclass(frozen=True)
class MountRecord:
    """One of our mounts as the system lists it."""

    mountpoint: str
    vault_path: str  # the ciphertext vault folder, from the fsname ("" where the system hides it)
    read_only: bool
    user_id: int | None  # who mounted it (FUSE's user_id= option), None if not shown
    device: str  # Linux "major:minor" (names /sys/fs/fuse/connections/<minor>); "" elsewhere


def unmount_failure(mountpoint: str, detail: str, not_mounted: Iterable[str]) -> MountError:
    """The error for an unmount tool's complaint (fusermount, umount, diskutil): busy, not
    mounted (any of the tool's `not_mounted` phrases), or anything else, quoted."""
    if "busy" in detail.lower():
        return UnmountBusyError(
            f"{mountpoint} is in use: files are open. Close them, or force the unmount."
        )
    if any(text in detail for text in not_mounted):
        return MountError(f"{mountpoint} is not mounted.")
    return MountError(f"Unmounting {mountpoint} failed: {detail or 'unknown error'}")
