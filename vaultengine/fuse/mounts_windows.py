"""Our mounts on Windows: WinFsp volumes served by this process or our mount child.

How we know a drive or folder is one of ours: GetVolumeInformationW on its root names the file
system "FUSE-strongroom", which WinFsp builds from our `FileSystemName=strongroom` option
(library.py; WinFsp's default is plain "FUSE"). For a drive letter, GetLogicalDrives says
first whether the letter is in use at all. os.path.ismount would say "a volume is mounted
here" but not whose.

Unmounting: Windows has no fusermount and a WinFsp volume lives exactly as long as the loop
serving it, so unmounting means ending our loop (fuse_exit through serve_loop.stop_serving,
see winfsp_exit.py). A mount served by another process (a background mount child) is ended by
that process. WinFsp unmounts with files open (no "busy"). There are no dead mounts: when the
serving process dies, WinFsp takes its volume away. None of this has run on Windows yet.
"""

from __future__ import annotations

import ctypes
from typing import Any

from vaultengine.errors import MountError
from vaultengine.fuse.library import is_drive_letter
from vaultengine.fuse.mountrecord import MountRecord

OUR_FILE_SYSTEM_NAME = "FUSE-strongroom"
FILE_READ_ONLY_VOLUME = 0x00080000  # GetVolumeInformationW's lpFileSystemFlags bit
_MAX_PATH = 261


def kernel32() -> Any:
    """kernel32 through ctypes.windll (absent off Windows: None)."""
    windll = getattr(ctypes, "windll", None)
    return None if windll is None else windll.kernel32


def _root(mountpoint: str) -> str:
    """The root path GetVolumeInformationW wants: "Z:\\", or the folder with a backslash."""
    return mountpoint.rstrip("\\/") + "\\"


def volume_info(kernel: Any, mountpoint: str) -> tuple[str, int] | None:
    """(file system name, flags) of the volume at `mountpoint`; None if there is none."""
    fs_name = ctypes.create_unicode_buffer(_MAX_PATH)
    label = ctypes.create_unicode_buffer(_MAX_PATH)
    serial, max_component, flags = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_ulong()
    ok = kernel.GetVolumeInformationW(
        _root(mountpoint),
        label,
        _MAX_PATH,
        ctypes.byref(serial),
        ctypes.byref(max_component),
        ctypes.byref(flags),
        fs_name,
        _MAX_PATH,
    )
    if not ok:
        return None
    return fs_name.value, flags.value


def _record(kernel: Any, mountpoint: str) -> MountRecord | None:
    info = volume_info(kernel, mountpoint)
    if info is None or info[0] != OUR_FILE_SYSTEM_NAME:
        return None
    # The vault path is not in the volume's information (the label is only its folder name).
    return MountRecord(
        mountpoint=mountpoint,
        vault_path="",
        read_only=bool(info[1] & FILE_READ_ONLY_VOLUME),
        user_id=None,
        device="",
    )


def our_mounts(kernel: Any = None) -> list[MountRecord]:
    """Our drive-letter mounts. Folder mounts are found by find_mount only (Windows lists
    mounted folders per volume, which needs administrator rights)."""
    kernel = kernel or kernel32()
    if kernel is None:
        return []
    used = int(kernel.GetLogicalDrives())
    records = []
    for index in range(26):
        if used & (1 << index):
            record = _record(kernel, chr(ord("A") + index) + ":")
            if record is not None:
                records.append(record)
    return records


def find_mount(mountpoint: str, kernel: Any = None) -> MountRecord | None:
    """Our mount at the drive letter ("Z:") or folder `mountpoint`, if any."""
    kernel = kernel or kernel32()
    if kernel is None:
        return None
    if is_drive_letter(mountpoint):
        index = ord(mountpoint[0].upper()) - ord("A")
        if not int(kernel.GetLogicalDrives()) & (1 << index):
            return None
        mountpoint = mountpoint.upper()
    return _record(kernel, mountpoint)


def unmount(mountpoint: str) -> None:
    """End the loop of this process that serves `mountpoint` (WinFsp removes the volume)."""
    from vaultengine.fuse.serve_loop import stop_serving

    if stop_serving(mountpoint):
        return
    raise MountError(
        f"{mountpoint} is not served by this process: on Windows a mount is ended by the "
        "process serving it (quit its Strongroom window, or end its mount process)."
    )
