"""Finding our FUSE mounts, spotting dead ones, and unmounting them: the one interface for all
systems, chosen by sys.platform at each call.

Linux (the code in this module): /proc/self/mountinfo and fusermount3. Our mounts carry fsname
`strongroom:<vault path>` and subtype `strongroom` (fstype `fuse.strongroom`). A mount whose
process died (kill -9, crash) stays in the table and every access gives ENOTCONN ("Transport
endpoint is not connected") until it is unmounted.
macOS: mounts_macos.py (`mount`'s output; umount, diskutil). Windows: mounts_windows.py (the
volume's file system name; ending our own WinFsp loop).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys

from vaultengine.errors import MountError
from vaultengine.fuse import mounts_macos, mounts_windows
from vaultengine.fuse.mountrecord import MountRecord, unmount_failure
from vaultengine.fuse.options import FSNAME_PREFIX, SUBTYPE

MOUNTINFO = "/proc/self/mountinfo"
_DEAD_ERRNOS = {errno.ENOTCONN, errno.ECONNABORTED}


def _unescape(field: str) -> str:
    r"""Undo mountinfo's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash)."""
    if "\\" not in field:
        return field
    out = bytearray()
    raw = field.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(raw):
        if raw[i] == 0x5C and i + 4 <= len(raw) and raw[i + 1 : i + 4].isdigit():
            out.append(int(raw[i + 1 : i + 4], 8))
            i += 4
        else:
            out.append(raw[i])
            i += 1
    return out.decode("utf-8", "surrogateescape")


def parse_mountinfo(text: str) -> list[MountRecord]:
    """Our mounts in the text of a mountinfo file."""
    records = []
    for line in text.splitlines():
        fields = line.split(" ")
        try:
            sep = fields.index("-")
        except ValueError:
            continue
        if len(fields) < sep + 4 or len(fields) < 6:
            continue
        fstype, source, super_options = fields[sep + 1], fields[sep + 2], fields[sep + 3]
        if fstype != f"fuse.{SUBTYPE}":
            continue
        source = _unescape(source)
        if not source.startswith(FSNAME_PREFIX):
            continue
        user_id = None
        for opt in super_options.split(","):
            if opt.startswith("user_id="):
                user_id = int(opt.removeprefix("user_id="))
        records.append(
            MountRecord(
                mountpoint=_unescape(fields[4]),
                vault_path=source.removeprefix(FSNAME_PREFIX),  # libfuse unquoted it
                read_only="ro" in fields[5].split(","),
                user_id=user_id,
                device=fields[2],
            )
        )
    return records


def our_mounts(*, all_users: bool = False) -> list[MountRecord]:
    """Strongroom mounts of this user (all users with all_users=True)."""
    if sys.platform == "darwin":
        return mounts_macos.our_mounts(all_users=all_users)
    if sys.platform == "win32":
        return mounts_windows.our_mounts()
    try:
        with open(MOUNTINFO, encoding="utf-8", errors="surrogateescape") as handle:
            records = parse_mountinfo(handle.read())
    except OSError:
        return []
    if all_users:
        return records
    uid = os.getuid()
    return [r for r in records if r.user_id is None or r.user_id == uid]


def find_mount(mountpoint: str) -> MountRecord | None:
    """Our mount at `mountpoint`, if any."""
    if sys.platform == "darwin":
        return mounts_macos.find_mount(mountpoint)
    if sys.platform == "win32":
        return mounts_windows.find_mount(mountpoint)
    target = os.path.abspath(mountpoint)
    for record in our_mounts(all_users=True):
        if record.mountpoint == target:
            return record
    return None


def is_dead(mountpoint: str) -> bool:
    """True when the mount's filesystem process is gone (ENOTCONN on stat)."""
    try:
        os.stat(mountpoint)
    except OSError as exc:
        return exc.errno in _DEAD_ERRNOS
    return False


def dead_mounts() -> list[MountRecord]:
    """This user's Strongroom mounts whose process died."""
    return [r for r in our_mounts() if is_dead(r.mountpoint)]


def _fusermount() -> str:
    for name in ("fusermount3", "fusermount"):
        found = shutil.which(name)
        if found:
            return found
    raise MountError("fusermount3 was not found. Install FUSE 3: sudo apt-get install fuse3")


def unmount_mountpoint(mountpoint: str, *, lazy: bool = False) -> None:
    """Unmount with fusermount3 -u (-uz when lazy). UnmountBusyError while files are open.

    macOS: umount (diskutil unmount force when lazy); Windows: our WinFsp loop ends."""
    if sys.platform == "darwin":
        mounts_macos.unmount(mountpoint, lazy=lazy)
        return
    if sys.platform == "win32":
        mounts_windows.unmount(mountpoint)
        return
    command = [_fusermount(), "-uz" if lazy else "-u", mountpoint]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return
    detail = (result.stderr or result.stdout).strip()
    raise unmount_failure(mountpoint, detail, ("not found", "not mounted", "Invalid argument"))


def abort_connection(device: str) -> bool:
    """Abort a FUSE connection via fusectl (root only): every request fails at once with
    ENOTCONN. The last resort when a forced unmount must not wait for open files."""
    minor = device.rpartition(":")[2]
    try:
        with open(f"/sys/fs/fuse/connections/{minor}/abort", "w") as handle:
            handle.write("1")
    except OSError:
        return False
    return True


def clean_dead_mounts() -> list[MountRecord]:
    """Unmount this user's dead Strongroom mounts (left by a crash); returns those cleaned."""
    cleaned = []
    for record in dead_mounts():
        try:
            unmount_mountpoint(record.mountpoint)
        except MountError:
            unmount_mountpoint(record.mountpoint, lazy=True)
        cleaned.append(record)
    return cleaned
