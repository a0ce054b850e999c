"""The mount table and unmounting on macOS and Windows, tested here on Linux with fakes.

This machine is Linux: macOS's `mount`/`umount`/`diskutil` and Windows' kernel32 do not exist
here, so their answers are faked (texts in the formats those tools print, a kernel32 object
with the two functions we call) and sys.platform is faked to reach each system's branch of the
one interface in mountinfo.py. What matters: which mount is recognised as ours, which command
unmounts it, and that Linux still reads /proc/self/mountinfo and runs fusermount.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from typing import Any

import pytest

from vaultengine.errors import MountError, UnmountBusyError
from vaultengine.fuse import mountinfo, mounts_macos, mounts_windows
from vaultengine.fuse.library import WINFSP, FuseLibrary, library_options
from vaultengine.fuse.serve_loop import stop_serving
from vaultengine.fuse.winfsp_exit import stoppable

# `mount` on macOS 14 with a macFUSE vault, somebody else's, an SMB share and the system volumes.
MACOS_MOUNT = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
devfs on /dev (devfs, local, nobrowse)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect)
strongroom:/Users/alice/Vaults/Taxes on /Volumes/Taxes (macfuse, nodev, nosuid, synchronous, \
mounted by alice)
strongroom:/Users/bob/Vault on /Volumes/Bob (macfuse, nodev, nosuid, read-only, mounted by bob)
strongroom:/Users/alice/Cat on mat on /Users/alice/mnt (macfuse, nodev, nosuid, mounted by alice)
//alice@nas/share on /Volumes/share (smbfs, nodev, nosuid, mounted by alice)
"""
UIDS = {"alice": os.getuid(), "bob": os.getuid() + 1}


class FakeRun:
    """subprocess.run for macOS tools: answers from a table, records the commands it was given."""

    def __init__(self, answers: dict[str, tuple[int, str, str]]) -> None:
        self.answers = answers
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        self.commands.append(command)
        code, out, err = self.answers.get(os.path.basename(command[0]), (0, "", ""))
        return subprocess.CompletedProcess(command, code, out, err)


def test_macos_mount_output_lists_only_our_mounts_with_their_vaults() -> None:
    records = mounts_macos.parse_mount_output(MACOS_MOUNT, UIDS.get)
    assert [(r.mountpoint, r.vault_path, r.read_only) for r in records] == [
        ("/Volumes/Taxes", "/Users/alice/Vaults/Taxes", False),
        ("/Volumes/Bob", "/Users/bob/Vault", True),
        ("/Users/alice/mnt", "/Users/alice/Cat on mat", False),  # " on " inside the vault name
    ]
    assert records[0].user_id == os.getuid() and records[1].user_id == os.getuid() + 1


def test_on_macos_our_mounts_are_this_users_and_find_mount_resolves_the_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(mounts_macos, "_uid_of", UIDS.get)
    run = FakeRun({"mount": (0, MACOS_MOUNT, "")})
    monkeypatch.setattr(mounts_macos.subprocess, "run", run)
    assert [r.mountpoint for r in mountinfo.our_mounts()] == ["/Volumes/Taxes", "/Users/alice/mnt"]
    assert len(mountinfo.our_mounts(all_users=True)) == 3
    assert run.commands[0] == ["/sbin/mount"]  # not /proc/self/mountinfo
    found = mountinfo.find_mount("/Volumes/Taxes/")
    assert found is not None and found.vault_path == "/Users/alice/Vaults/Taxes"
    assert mountinfo.find_mount("/Volumes/share") is None  # mounted, but not ours


def test_macos_unmount_runs_umount_and_forced_runs_diskutil(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    run = FakeRun({})
    monkeypatch.setattr(mounts_macos.subprocess, "run", run)
    mountinfo.unmount_mountpoint("/Volumes/Taxes")
    mountinfo.unmount_mountpoint("/Volumes/Taxes", lazy=True)
    assert run.commands == [
        ["umount", "/Volumes/Taxes"],
        ["diskutil", "unmount", "force", "/Volumes/Taxes"],
    ]


def test_macos_umount_answers_become_busy_not_mounted_or_a_diskutil_retry() -> None:
    busy_text = "umount(/Volumes/T): Resource busy -- try 'diskutil unmount'"
    busy = FakeRun({"umount": (1, "", busy_text)})
    with pytest.raises(UnmountBusyError):
        mounts_macos.unmount("/Volumes/T", run=busy)
    assert busy.commands == [["umount", "/Volumes/T"]]  # open files: never forced behind our back
    gone = FakeRun({"umount": (1, "", "umount: /Volumes/T: not currently mounted")})
    with pytest.raises(MountError, match="is not mounted"):
        mounts_macos.unmount("/Volumes/T", run=gone)
    refused = FakeRun({"umount": (1, "", "umount: unmount(/Volumes/T): Operation not permitted")})
    mounts_macos.unmount("/Volumes/T", run=refused)
    assert refused.commands[-1] == ["diskutil", "unmount", "/Volumes/T"]


class FakeKernel32:
    """ctypes.windll.kernel32 with GetLogicalDrives and GetVolumeInformationW (no Windows here).

    `volumes` maps a root ("Z:\\\\") to (file system name, flags); the fake writes them into the
    caller's ctypes buffers the way kernel32 does and answers 0 (failure) for other roots.
    """

    def __init__(self, volumes: dict[str, tuple[str, int]]) -> None:
        self.volumes = volumes
        self.asked: list[str] = []

    def GetLogicalDrives(self) -> int:
        mask = 0
        for root in self.volumes:
            if len(root) == 3 and root[1:] == ":\\":
                mask |= 1 << (ord(root[0]) - ord("A"))
        return mask

    def GetVolumeInformationW(
        self,
        root: str,
        label: Any,
        label_size: int,
        serial: Any,
        max_len: Any,
        flags: Any,
        fs_name: Any,
        fs_name_size: int,
    ) -> int:
        self.asked.append(root)
        if root not in self.volumes:
            return 0
        name, volume_flags = self.volumes[root]
        fs_name.value = name
        flags._obj.value = volume_flags  # ctypes.byref(c_ulong) as the real call gets it
        return 1


WINDOWS_VOLUMES = {
    "C:\\": ("NTFS", 0),
    "X:\\": ("FUSE", 0),  # another program's WinFsp FUSE drive
    "Y:\\": ("FUSE-strongroom", mounts_windows.FILE_READ_ONLY_VOLUME),
    "Z:\\": ("FUSE-strongroom", 0),
    "C:\\Users\\alice\\Taxes\\": ("FUSE-strongroom", 0),  # a folder mount
}


def test_on_windows_our_mounts_are_the_drives_whose_file_system_is_ours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(mounts_windows, "kernel32", lambda: FakeKernel32(WINDOWS_VOLUMES))
    assert [(r.mountpoint, r.read_only) for r in mountinfo.our_mounts()] == [
        ("Y:", True),
        ("Z:", False),
    ]
    assert mountinfo.find_mount("z:") is not None  # a drive letter stays a drive letter
    assert mountinfo.find_mount("X:") is None  # a FUSE drive, but not ours
    assert mountinfo.find_mount("D:") is None  # no such drive
    assert mountinfo.find_mount("C:\\Users\\alice\\Taxes") is not None
    assert mountinfo.find_mount("C:\\Users\\alice") is None


def test_windows_file_system_name_comes_from_our_winfsp_option() -> None:
    options = library_options(FuseLibrary(WINFSP, "x"), {}, volume_name="Taxes")
    # WinFsp names the file system "FUSE-" + FileSystemName, at most 15 characters.
    name = "FUSE-" + str(options["FileSystemName"])
    assert name == mounts_windows.OUR_FILE_SYSTEM_NAME and len(name) <= 15


class FakeWinFspLibrary:
    """WinFsp's FUSE DLL exports for FFI: fuse_get_context (valid inside callbacks) and
    fuse_exit. Faked because there is no WinFsp here; records which struct fuse was exited."""

    class _Context(ctypes.Structure):
        _fields_ = [("fuse", ctypes.c_void_p)]

    def __init__(self, fuse_address: int) -> None:
        self.context = self._Context(fuse_address)
        self.exited: list[int | None] = []

    def fuse_get_context(self) -> Any:
        return ctypes.pointer(self.context)

    def fuse_exit(self, fuse: ctypes.c_void_p) -> None:
        self.exited.append(fuse.value)


def test_on_windows_unmount_ends_our_winfsp_loop_with_fuse_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    winfsp = FakeWinFspLibrary(0xF00D)
    with stoppable(winfsp, "Z:") as handle:
        handle.catch()  # what the loop's init callback does
        mountinfo.unmount_mountpoint("Z:")
        assert winfsp.exited == [0xF00D]
    # Once the loop returned, the mount is no longer ours to stop.
    with pytest.raises(MountError, match="not served by this process"):
        mountinfo.unmount_mountpoint("Z:")


def test_a_stop_asked_before_winfsp_called_init_happens_at_init() -> None:
    winfsp = FakeWinFspLibrary(0xBEEF)
    with stoppable(winfsp, "Y:") as handle:
        assert stop_serving("Y:")
        assert winfsp.exited == []  # no struct fuse to exit yet
        handle.catch()
    assert winfsp.exited == [0xBEEF]


def test_linux_still_reads_proc_mountinfo_and_runs_fusermount(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    line = (
        "120 30 0:61 / /home/a/mnt rw,nosuid,nodev - fuse.strongroom strongroom:/home/a/v "
        "rw,user_id=1000,group_id=1000\n"
    )
    opened: list[str] = []
    real_open = open

    def fake_open(path: str, *args: Any, **kwargs: Any) -> Any:
        opened.append(path)
        if path == mountinfo.MOUNTINFO:
            import io

            return io.StringIO(line)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    records = mountinfo.our_mounts(all_users=True)
    assert opened == [mountinfo.MOUNTINFO]
    assert [(r.mountpoint, r.vault_path, r.device) for r in records] == [
        ("/home/a/mnt", "/home/a/v", "0:61")
    ]
    run = FakeRun({})
    monkeypatch.setattr(mountinfo.subprocess, "run", run)
    monkeypatch.setattr(mountinfo, "_fusermount", lambda: "/usr/bin/fusermount3")
    mountinfo.unmount_mountpoint("/home/a/mnt", lazy=True)
    assert run.commands == [["/usr/bin/fusermount3", "-uz", "/home/a/mnt"]]
