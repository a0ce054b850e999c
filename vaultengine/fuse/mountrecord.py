"""MountRecord: one of our mounts as the system's mount table lists it (every platform)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MountRecord:
    """One of our mounts as the system lists it."""

    mountpoint: str
    vault_path: str  # the ciphertext vault folder, from the fsname ("" where the system hides it)
    read_only: bool
    user_id: int | None  # who mounted it (FUSE's user_id= option), None if not shown
    device: str  # Linux "major:minor" (names /sys/fs/fuse/connections/<minor>); "" elsewhere
