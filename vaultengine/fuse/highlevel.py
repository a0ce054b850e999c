"""The mfusepy glue: a FUSE subclass with readdirplus, rename flags and exact utimens, and the loop.

mfusepy (3.1) drops what libfuse3 offers in four places that matter here, so the subclass
overrides them: it ignores READDIRPLUS (so `ls -l` cost one LOOKUP per entry), it drops the
flags of rename (RENAME_NOREPLACE and RENAME_EXCHANGE would silently replace), it drops the
file handle of ftruncate (needed once the file is unlinked), and it folds UTIME_NOW /
UTIME_OMIT into a number. It also fills `struct stat` straight from the fs layer's
Attr (one struct.pack, see statpack.py) instead of going through a dict, which is the hottest
path of all.
"""

from __future__ import annotations

import ctypes
import logging
import time
from types import ModuleType
from typing import Any

from vaultengine.fuse.adapter import VaultOperations
from vaultengine.fuse.library import WINFSP, chosen_library, library_options
from vaultengine.fuse.loader import load_mfusepy
from vaultengine.fuse.options import escape_option_value, volume_name
from vaultengine.fuse.serve_loop import make_main_real
from vaultengine.fuse.statpack import StatPacker, stat_values
from vaultengine.fuse.winfsp_exit import stoppable

log = logging.getLogger(__name__)

FUSE_FILL_DIR_PLUS = 1 << 1  # libfuse3 enum fuse_fill_dir_flags
FUSE_READDIR_PLUS = 1 << 0  # libfuse3 enum fuse_readdir_flags
UTIME_NOW = (1 << 30) - 1
UTIME_OMIT = (1 << 30) - 2

_fuse_class: type | None = None


def _timespec_ns(ts: Any) -> int | None:
    if ts.tv_nsec == UTIME_OMIT:
        return None
    if ts.tv_nsec == UTIME_NOW:
        return time.time_ns()
    return int(ts.tv_sec) * 1_000_000_000 + int(ts.tv_nsec)


def _make_fuse_class(mfusepy: ModuleType) -> type:
    base: type = mfusepy.FUSE
    c_stat = mfusepy.c_stat
    major = mfusepy.fuse_version_major
    packer = StatPacker(c_stat)

    class StrongroomFUSE(base):  # type: ignore[misc]
        """mfusepy.FUSE with the overrides described in the module docstring."""

        def __init__(
            self, operations: Any, mountpoint: str, *, exit_handle: Any = None, **kwargs: Any
        ) -> None:
            # Set before the base class mounts: its loop runs inside this constructor.
            self._exit_handle = exit_handle
            super().__init__(operations, mountpoint, **kwargs)

        def init_fuse_2(self, conn: Any) -> None:
            if self._exit_handle is not None:  # WinFsp: remember this loop for fuse_exit
                self._exit_handle.catch()
            super().init_fuse_2(conn)

        def fgetattr(self, path: bytes | None, buf: Any, fip: Any) -> int:
            ops: VaultOperations = self.operations
            fh = fip.contents.fh if fip else None
            attr = ops.stat_attr(
                None if path is None else path.decode("utf-8", "surrogateescape"), fh
            )
            ctypes.memmove(buf, packer.pack(stat_values(ops, attr)), packer.size)
            return 0

        def _readdir_plus(
            self, path: bytes | None, buf: Any, filler: Any, offset: int, fip: Any, flags: int
        ) -> int:
            # Entries carry offsets (1, 2, 3...): libfuse then streams them and, for
            # READDIRPLUS, hands the attributes to the kernel. With offset 0 everywhere it
            # buffers the listing and sends ino=0, which tells the kernel to ignore them.
            ops: VaultOperations = self.operations
            decoded = None if path is None else path.decode("utf-8", "surrogateescape")
            entries = ops.dir_entries(fip.contents.fh, decoded, offset)
            plus = major == 3 and bool(flags & FUSE_READDIR_PLUS)
            # One struct for all entries, overwritten whole (plus) or only its mode.
            st = c_stat()
            if offset < 2:
                st.st_mode = 0o040755
                for position, dot in ((1, b"."), (2, b"..")):
                    if position > offset and self._fill(filler, buf, dot, st, position, 0):
                        return 0
            fill_flags = FUSE_FILL_DIR_PLUS if plus else 0
            pack_into = packer.pack_into
            v3 = major == 3
            for index in range(max(offset - 2, 0), len(entries)):
                name, attr = entries[index]
                if plus:
                    pack_into(st, stat_values(ops, attr))
                else:
                    st.st_mode = attr.st_mode
                    st.st_ino = attr.st_ino
                encoded = name.encode("utf-8", "surrogateescape")
                if v3:
                    if filler(buf, encoded, st, index + 3, fill_flags):
                        break
                elif filler(buf, encoded, st, index + 3):
                    break
            return 0

        @staticmethod
        def _fill(
            filler: Any, buf: Any, name: bytes, st: Any, offset: int, fill_flags: int
        ) -> bool:
            if major == 3:
                return bool(filler(buf, name, st, offset, fill_flags))
            return bool(filler(buf, name, st, offset))

        def readdir_fuse_3(
            self, path: bytes | None, buf: Any, filler: Any, offset: int, fip: Any, flags: int
        ) -> int:
            return self._readdir_plus(path, buf, filler, offset, fip, flags)

        def readdir_fuse_2(
            self, path: bytes | None, buf: Any, filler: Any, offset: int, fip: Any
        ) -> int:
            return self._readdir_plus(path, buf, filler, offset, fip, 0)

        def rename_fuse_3(self, old: bytes, new: bytes, flags: int) -> int:
            ops: VaultOperations = self.operations
            return ops.rename(
                old.decode("utf-8", "surrogateescape"),
                new.decode("utf-8", "surrogateescape"),
                flags,
            )

        def utimens_fuse_2(self, path: bytes | None, buf: Any) -> int:
            ops: VaultOperations = self.operations
            times = None
            if buf:
                times = (_timespec_ns(buf.contents.actime), _timespec_ns(buf.contents.modtime))
            decoded = None if path is None else path.decode("utf-8", "surrogateescape")
            return ops.utimens(decoded, times)

        def utimens_fuse_3(self, path: bytes | None, buf: Any, fip: Any) -> int:
            return self.utimens_fuse_2(path, buf)

        def write(self, path: bytes | None, buf: Any, size: int, offset: int, fip: Any) -> int:
            # A view of libfuse's buffer instead of mfusepy's copy of up to 1 MiB; valid only
            # during this call, and the fs layer copies whatever it keeps.
            ops: VaultOperations = self.operations
            data = memoryview((ctypes.c_char * size).from_address(ctypes.addressof(buf.contents)))
            return ops.write(None, data, offset, fip.contents.fh)

        def truncate_fuse_3(self, path: bytes | None, length: int, fip: Any) -> int:
            # mfusepy drops the file handle here; ftruncate() of a file that was unlinked
            # while open has no path, only the handle.
            ops: VaultOperations = self.operations
            fh = fip.contents.fh if fip else None
            decoded = None if path is None else path.decode("utf-8", "surrogateescape")
            return ops.truncate(decoded, length, fh)

        def create(self, path: bytes, mode: int, fip: Any) -> int:
            # mfusepy inspects the signature of create() on every call; skip that.
            ops: VaultOperations = self.operations
            fi = fip.contents
            fi.fh = ops.create(path.decode("utf-8", "surrogateescape"), mode, fi.flags)
            return 0

    return StrongroomFUSE


def _use_own_main_loop(mfusepy: ModuleType) -> None:
    """Make mfusepy's FUSE call serve_loop's main loop instead of libfuse's fuse_main_real.

    mfusepy looks the function up in its module on every mount, which is the one seam it has;
    nothing else in this process uses mfusepy. FUSE 2 libraries (libfuse2, macFUSE, FUSE-T,
    WinFsp) keep their own fuse_main_real: our loop drives libfuse 3's session functions.
    """
    if mfusepy.fuse_version_major != 3:
        return
    try:
        main_real = make_main_real(mfusepy._libfuse)
        mfusepy.fuse_main_real = main_real  # type: ignore[attr-defined]
    except AttributeError as exc:  # a libfuse 3 without one of the session functions
        log.warning("using libfuse's own main loop: %s", exc)


def fuse_class() -> type:
    """The FUSE subclass, built on first use (importing mfusepy needs libfuse)."""
    global _fuse_class
    if _fuse_class is None:
        mfusepy = load_mfusepy()
        _use_own_main_loop(mfusepy)
        _fuse_class = _make_fuse_class(mfusepy)
    return _fuse_class


def run_fuse(ops: VaultOperations, mountpoint: str, options: dict[str, str | bool]) -> None:
    """Mount and serve until unmounted (blocks). Always foreground: libfuse must never fork here.

    One loop thread (libfuse -s): a ctypes callback on one of libfuse's worker threads creates
    and destroys a Python thread state and the workers queue for the GIL, which measured slower
    for every workload (figures: bench/README.md, "Lab notes"). The price: one slow request
    (fsync) delays the others; the low-level path (fuse/lowlevel) answers those from a pool.
    """
    cls = fuse_class()
    name = escape_option_value(volume_name(options))
    library = chosen_library()
    options = library_options(library, options, volume_name=name)
    if library.kind != WINFSP:
        cls(ops, mountpoint, foreground=True, nothreads=True, **options)
        return
    # WinFsp has no fusermount: stop_serving() ends this loop through fuse_exit.
    with stoppable(load_mfusepy()._libfuse, mountpoint) as exit_handle:
        cls(ops, mountpoint, foreground=True, nothreads=True, exit_handle=exit_handle, **options)
