"""Which FUSE library a high-level (mfusepy) mount loads on each system, and what it needs.

The one place that knows the rules:
- Linux: libfuse3, or libfuse2 when $STRONGROOM_FUSE_LIBRARY=fuse2 (the FUSE 2 API that
  macFUSE and WinFsp speak, so that path is tested on Linux too).
- macOS: macFUSE first (its kernel extension or FSKit backend is the most complete), then
  FUSE-T (no kernel extension, serves over a local NFS/SMB server). $STRONGROOM_FUSE_LIBRARY
  =macfuse or =fuse-t picks one.
- Windows: WinFsp's FUSE DLL from its install folder (the registry names it; Program Files as
  a fallback), never a DLL found on PATH.
$FUSE_LIBRARY_PATH (mfusepy's own variable) wins over all of this, as a way out for unusual
installs.

`library_options` adds what each library needs on top of options.py's (user options win):
libfuse2 big writes, macFUSE `noappledouble` and `volname`, WinFsp `uid=-1,gid=-1` (WinFsp
maps them to the user who mounted), `FileSystemName=strongroom` and `volname`. A WinFsp mount
point is a free drive letter (`free_drive_letter`).

Everything that looks at the system goes through a `SystemProbe`, so the rules of systems
other than the one running the tests are tested with fakes.
"""

from __future__ import annotations

import ctypes.util
import os
import platform
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from vaultengine.errors import FuseUnavailableError

LIBRARY_ENV = "STRONGROOM_FUSE_LIBRARY"
PATH_ENV = "FUSE_LIBRARY_PATH"  # mfusepy reads it; we set it to our choice before importing

LIBFUSE3 = "libfuse3"
LIBFUSE2 = "libfuse2"
MACFUSE = "macfuse"
FUSE_T = "fuse-t"
WINFSP = "winfsp"
CUSTOM = "custom"  # $FUSE_LIBRARY_PATH: whatever the user pointed at

# Spellings accepted in $STRONGROOM_FUSE_LIBRARY, per system.
_CHOICES = {
    "linux": {"fuse3": LIBFUSE3, "libfuse3": LIBFUSE3, "fuse2": LIBFUSE2, "libfuse2": LIBFUSE2},
    "darwin": {"macfuse": MACFUSE, "fuse-t": FUSE_T, "fuset": FUSE_T},
    "win32": {"winfsp": WINFSP},
}

# macFUSE installs its bundle here and its libfuse 2 compatible library in /usr/local/lib;
# FUSE-T installs libfuse-t.dylib there (both also on Apple silicon).
MACFUSE_BUNDLE = "/Library/Filesystems/macfuse.fs"
MACFUSE_LIBRARY = "/usr/local/lib/libfuse.2.dylib"
FUSE_T_LIBRARY = "/usr/local/lib/libfuse-t.dylib"
WINFSP_REGISTRY_KEY = r"SOFTWARE\WinFsp"  # HKLM, 32-bit view; value InstallDir
WINFSP_DLLS = {"AMD64": "winfsp-x64.dll", "x86_64": "winfsp-x64.dll", "ARM64": "winfsp-a64.dll"}

# libfuse2 sends writes of 4 KiB unless told otherwise: eight FUSE round trips and eight
# partial-chunk rewrites per 32 KiB vault chunk. big_writes lifts that to max_write, and 128 KiB
# is the most libfuse 2's receive buffer takes.
LIBFUSE2_OPTIONS: dict[str, str | bool] = {"big_writes": True, "max_write": "131072"}
# macFUSE: no ._ AppleDouble files written into the vault for extended attributes (the
# adapter has none); the volume name Finder shows.
MACFUSE_OPTIONS: dict[str, str | bool] = {"noappledouble": True, "auto_cache": True}
# WinFsp: -1 maps the owner to the Windows user who mounted (else files belong to nobody and
# Explorer refuses to write). FileSystemName makes the volume's file system "FUSE-strongroom"
# (15 characters, WinFsp's limit), how mounts_windows.py tells our volumes from others.
WINFSP_OPTIONS: dict[str, str | bool] = {"uid": "-1", "gid": "-1", "FileSystemName": "strongroom"}
# FUSE-T fails a mount on options it does not know, and numbers files itself for its NFS
# server: our use_ino is not passed to it (not verified on a Mac yet, see installers/README).
_NOT_FOR_FUSE_T = {"use_ino"}

INSTALL_HINTS = {
    "darwin": "Install macFUSE (https://osxfuse.github.io, then allow its system extension) "
    "or FUSE-T (https://www.fuse-t.org, no kernel extension).",
    "win32": "Install WinFsp (https://winfsp.dev).",
    "linux": "Install FUSE 3: sudo apt-get install fuse3 (or your distribution's fuse3 package).",
}


@dataclass(frozen=True)
class FuseLibrary:
    """The chosen library: its kind (one of the names above) and what ctypes loads."""

    kind: str
    path: str

    @property
    def api_major(self) -> int:
        """The FUSE API version mfusepy speaks with it (3 only for Linux's libfuse3)."""
        return 3 if self.kind == LIBFUSE3 else 2

    @property
    def mount_helper(self) -> str | None:
        """The setuid helper a non-root user mounts with (Linux only)."""
        return {LIBFUSE3: "fusermount3", LIBFUSE2: "fusermount"}.get(self.kind)


def _no_registry() -> str | None:
    return None


@dataclass
class SystemProbe:
    """What the choice looks at. `system()` is the real one; tests build fakes."""

    platform: str
    environ: Mapping[str, str]
    find_library: Callable[[str], str | None]
    exists: Callable[[str], bool]
    machine: str = ""
    winfsp_install_dir: Callable[[], str | None] = field(default=_no_registry)


def system() -> SystemProbe:
    """The probe for the machine this runs on."""
    return SystemProbe(
        platform=_platform_key(sys.platform),
        environ=os.environ,
        find_library=ctypes.util.find_library,
        exists=os.path.exists,
        machine=platform.machine(),
        winfsp_install_dir=_winfsp_registry_dir,
    )


def _platform_key(name: str) -> str:
    return "linux" if name.startswith("linux") else name


def install_hint(platform_name: str | None = None) -> str:
    """What a person has to install so that mounting works on this system."""
    key = _platform_key(platform_name or sys.platform)
    return INSTALL_HINTS.get(key, "Mounting needs FUSE, which is not supported on this system.")


def choose_library(probe: SystemProbe) -> FuseLibrary:
    """The library to load on `probe`'s system; FuseUnavailableError saying what to install."""
    custom = probe.environ.get(PATH_ENV, "").strip()
    if custom:
        return FuseLibrary(CUSTOM, custom)
    choices = _CHOICES.get(probe.platform)
    if choices is None:
        raise FuseUnavailableError(install_hint(probe.platform))
    wanted = probe.environ.get(LIBRARY_ENV, "").strip().lower()
    if wanted and wanted not in choices:
        names = ", ".join(sorted(choices))
        raise FuseUnavailableError(f"{LIBRARY_ENV}={wanted!r} is not one of: {names}.")
    if probe.platform == "linux":
        return _linux(probe, choices.get(wanted, LIBFUSE3))
    if probe.platform == "darwin":
        return _macos(probe, choices.get(wanted))
    return _windows(probe)


def _linux(probe: SystemProbe, kind: str) -> FuseLibrary:
    # find_library answers from the ldconfig cache; the soname is the fallback for systems
    # where that cache is missing (ctypes then searches the usual folders itself).
    if kind == LIBFUSE2:
        return FuseLibrary(LIBFUSE2, probe.find_library("fuse") or "libfuse.so.2")
    return FuseLibrary(LIBFUSE3, probe.find_library("fuse3") or "libfuse3.so.3")


def _macos(probe: SystemProbe, wanted: str | None) -> FuseLibrary:
    macfuse = probe.exists(MACFUSE_BUNDLE) and probe.exists(MACFUSE_LIBRARY)
    fuse_t = probe.exists(FUSE_T_LIBRARY)
    if wanted in (None, MACFUSE) and macfuse:
        return FuseLibrary(MACFUSE, MACFUSE_LIBRARY)
    if wanted in (None, FUSE_T) and fuse_t:
        return FuseLibrary(FUSE_T, FUSE_T_LIBRARY)
    if wanted is not None:
        raise FuseUnavailableError(f"{wanted} is not installed. {install_hint('darwin')}")
    raise FuseUnavailableError(f"Neither macFUSE nor FUSE-T is installed. {install_hint('darwin')}")


def _windows(probe: SystemProbe) -> FuseLibrary:
    dll = WINFSP_DLLS.get(probe.machine, "winfsp-x86.dll")
    folders = [probe.winfsp_install_dir()]
    for variable in ("ProgramFiles(x86)", "ProgramFiles"):
        base = probe.environ.get(variable)
        if base:
            folders.append(base.rstrip("\\") + "\\WinFsp\\")
    for folder in folders:
        if not folder:
            continue
        path = folder.rstrip("\\") + "\\bin\\" + dll
        if probe.exists(path):
            return FuseLibrary(WINFSP, path)
    raise FuseUnavailableError(f"WinFsp is not installed. {install_hint('win32')}")


def _winfsp_registry_dir() -> str | None:
    """HKLM\\SOFTWARE\\WinFsp InstallDir in the 32-bit view, where WinFsp's installer puts it."""
    if sys.platform != "win32":
        return None
    import winreg

    try:
        flags = winreg.KEY_READ | winreg.KEY_WOW64_32KEY
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, WINFSP_REGISTRY_KEY, 0, flags) as key:
            return str(winreg.QueryValueEx(key, "InstallDir")[0])
    except OSError:
        return None


def library_options(
    library: FuseLibrary, options: Mapping[str, str | bool], *, volume_name: str = "Strongroom"
) -> dict[str, str | bool]:
    """`options` (options.py's, with the user's) made right for `library`: what it needs is
    added unless already there (so a user's -o wins)."""
    kind = library.kind
    if kind in (LIBFUSE3, CUSTOM):
        return dict(options)
    if kind == LIBFUSE2:
        return {**LIBFUSE2_OPTIONS, **options}
    if kind == MACFUSE:
        return {**MACFUSE_OPTIONS, "volname": volume_name, **options}
    if kind == FUSE_T:
        kept = {k: v for k, v in options.items() if k not in _NOT_FOR_FUSE_T}
        return {"volname": volume_name, **kept}
    return {**WINFSP_OPTIONS, "volname": volume_name, **options}


def free_drive_letter(used_mask: int) -> str:
    """A drive letter no volume uses ("Z:" first, down to "D:"), for a WinFsp mount.

    `used_mask` is GetLogicalDrives()'s answer: bit 0 is A:, bit 25 is Z:. Going down from Z
    keeps clear of the letters Windows hands to USB sticks and optical drives.
    """
    for index in range(25, 2, -1):
        if not used_mask & (1 << index):
            return chr(ord("A") + index) + ":"
    raise FuseUnavailableError("Every drive letter from D: to Z: is in use.")


def used_drive_letters() -> int:
    """GetLogicalDrives() on Windows (0 elsewhere)."""
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return 0
    return int(windll.kernel32.GetLogicalDrives())


def is_drive_letter(mountpoint: str) -> bool:
    """True for "X:" (what WinFsp mounts as a drive), not for a folder path."""
    return len(mountpoint) == 2 and mountpoint[1] == ":" and mountpoint[0].isalpha()


_chosen: FuseLibrary | None = None


def chosen_library() -> FuseLibrary:
    """choose_library(system()), decided once per process (mfusepy binds one library)."""
    global _chosen
    if _chosen is None:
        _chosen = choose_library(system())
    return _chosen
