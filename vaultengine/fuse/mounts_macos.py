"""Our mounts on macOS, read from `mount`'s output, and unmounting them (umount, diskutil).

Why `mount` and not getfsstat(2) through ctypes: `mount` calls getfsstat itself and prints
its fields as stable text, while the `struct statfs` ctypes would have to lay out differs
between Intel (the `getfsstat$INODE64` symbol) and Apple silicon, and a wrong layout reads
garbage without any error. This code has never run on a Mac (see docs/engine-api.md).

A line reads `<source> on <mount point> (<fstype>, <flag>, ..., mounted by <user>)`. Ours have
the source `strongroom:<vault path>` (our fsname; macFUSE shows it as given). Whether FUSE-T,
which serves over NFS, keeps our fsname as the source is not verified.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable

from vaultengine.errors import MountError, UnmountBusyError
from vaultengine.fuse.mountrecord import MountRecord, unmount_failure
from vaultengine.fuse.options import FSNAME_PREFIX

Run = Callable[..., "subprocess.CompletedProcess[str]"]
_NOT_MOUNTED = ("not currently mounted", "not mounted", "does not appear", "Invalid argument")


def _uid_of(user: str) -> int | None:
    import pwd

    try:
        return pwd.getpwnam(user).pw_uid
    except KeyError:
        return None


def parse_mount_output(
    text: str, uid_of: Callable[[str], int | None] | None = None
) -> list[MountRecord]:
    """Our mounts in the text `mount` printed."""
    uid_of = uid_of or _uid_of
    records = []
    for line in text.splitlines():
        if not line.startswith(FSNAME_PREFIX) or not line.endswith(")"):
            continue
        head, _, flags_text = line[:-1].rpartition(" (")
        # The mount point is the part after the last " on ": a vault folder named "x on y"
        # still parses, a mount point with " on " in its name would not.
        source, sep, mountpoint = head.rpartition(" on ")
        if not sep:
            continue
        flags = flags_text.split(", ")
        by = [f.removeprefix("mounted by ") for f in flags if f.startswith("mounted by ")]
        user = by[0] if by else None
        records.append(
            MountRecord(
                mountpoint=mountpoint,
                vault_path=source.removeprefix(FSNAME_PREFIX),
                read_only="read-only" in flags,
                user_id=uid_of(user) if user else None,
                device="",
            )
        )
    return records


def our_mounts(*, all_users: bool = False, run: Run | None = None) -> list[MountRecord]:
    """Strongroom mounts of this user (all users with all_users=True)."""
    run = run or subprocess.run
    try:
        result = run(["/sbin/mount"], capture_output=True, text=True, check=False)
    except OSError:
        return []
    records = parse_mount_output(result.stdout)
    if all_users:
        return records
    uid = os.getuid()
    return [r for r in records if r.user_id is None or r.user_id == uid]


def find_mount(mountpoint: str, *, run: Run | None = None) -> MountRecord | None:
    """Our mount at `mountpoint`, if any. `mount` prints resolved paths (/private/tmp)."""
    target = os.path.realpath(mountpoint)
    for record in our_mounts(all_users=True, run=run):
        if record.mountpoint == target:
            return record
    return None


def unmount(mountpoint: str, *, lazy: bool = False, run: Run | None = None) -> None:
    """`umount`, or `diskutil unmount force` when lazy (it detaches with files open).

    A plain umount that is refused for anything but open files (macOS may deny a user's
    umount of a volume that diskutil lets them eject) is retried with `diskutil unmount`.
    """
    run = run or subprocess.run
    if lazy:
        _run_unmount(["diskutil", "unmount", "force", mountpoint], mountpoint, run)
        return
    try:
        _run_unmount(["umount", mountpoint], mountpoint, run)
    except UnmountBusyError:
        raise
    except MountError as exc:
        if "is not mounted" in str(exc):
            raise
        _run_unmount(["diskutil", "unmount", mountpoint], mountpoint, run)


def _run_unmount(command: list[str], mountpoint: str, run: Run) -> None:
    result = run(command, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return
    raise unmount_failure(mountpoint, (result.stderr or result.stdout).strip(), _NOT_MOUNTED)
