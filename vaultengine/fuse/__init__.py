"""FUSE mounting of unlocked vaults: the only package that imports mfusepy (lazily, on mount)."""

from vaultengine.fuse.child import spawn_mount
from vaultengine.fuse.loader import fuse_unavailable_reason
from vaultengine.fuse.mount import Mount, mount, serve_foreground
from vaultengine.fuse.mountinfo import (
    clean_dead_mounts,
    dead_mounts,
    find_mount,
    is_dead,
    our_mounts,
    unmount_mountpoint,
)
from vaultengine.fuse.mountrecord import MountRecord

__all__ = [
    "Mount",
    "MountRecord",
    "clean_dead_mounts",
    "dead_mounts",
    "find_mount",
    "fuse_unavailable_reason",
    "is_dead",
    "mount",
    "our_mounts",
    "serve_foreground",
    "spawn_mount",
    "unmount_mountpoint",
]
