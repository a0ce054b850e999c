"""A minimal Python passthrough filesystem on mfusepy, served by Strongroom's loop: a bench floor.

    python bench/passthrough_fs.py SOURCE_FOLDER MOUNTPOINT

Serves SOURCE_FOLDER at MOUNTPOINT in the foreground until unmounted (or SIGINT/SIGTERM), with
nothing but os.* calls behind stock mfusepy.Operations callbacks, the same mount options
(kernel cache settings) and the same main loop (serve_loop.py, polling before blocking) as a
Strongroom mount on the high-level path. What it costs per request is what any Python
filesystem on mfusepy pays without crypto, path mapping or caches of its own; bench_mount.py
shows it as the `passthrough-highlevel` column (passthrough_lowlevel.py is the floor of the
default, low-level path).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaultengine.fuse.highlevel import _use_own_main_loop  # noqa: E402
from vaultengine.fuse.loader import load_mfusepy  # noqa: E402
from vaultengine.fuse.options import CACHE_OPTIONS, escape_option_value  # noqa: E402

_STAT_KEYS = ("st_mode", "st_nlink", "st_uid", "st_gid", "st_size", "st_blocks", "st_blksize")
_STATVFS_KEYS = (
    "f_bsize",
    "f_frsize",
    "f_blocks",
    "f_bfree",
    "f_bavail",
    "f_files",
    "f_ffree",
    "f_favail",
    "f_flag",
    "f_namemax",
)


def make_operations(source: str) -> Any:
    """The Operations object for `source` (mfusepy is imported here, after load_mfusepy)."""
    mfusepy = load_mfusepy()

    class Passthrough(mfusepy.Operations):  # type: ignore[misc, name-defined]
        """Every path maps to source + path; every callback is one or two os.* calls.

        No flush (so close() costs no extra request), no access, no opendir/releasedir:
        mfusepy leaves unimplemented callbacks out of the table it hands libfuse.
        """

        use_ns = True  # times as integer nanoseconds, in getattr and utimens

        def __init__(self, base: str) -> None:
            self.base = base

        def _real(self, path: str) -> str:
            return self.base + path

        def getattr(self, path: str, fh: int | None = None) -> dict[str, int]:
            st = os.fstat(fh) if fh is not None else os.lstat(self._real(path))
            attrs = {key: getattr(st, key) for key in _STAT_KEYS}
            attrs["st_atime"] = st.st_atime_ns
            attrs["st_mtime"] = st.st_mtime_ns
            attrs["st_ctime"] = st.st_ctime_ns
            return attrs

        def readdir(self, path: str, fh: int) -> list[str]:
            return [".", "..", *os.listdir(self._real(path))]

        def open(self, path: str, flags: int) -> int:
            return os.open(self._real(path), flags)

        def create(self, path: str, mode: int, fi: int | None = None) -> int:
            flags = fi if isinstance(fi, int) else os.O_WRONLY | os.O_TRUNC
            return os.open(self._real(path), flags | os.O_CREAT, mode)

        def read(self, path: str, size: int, offset: int, fh: int) -> bytes:
            return os.pread(fh, size, offset)

        def write(self, path: str, data: bytes, offset: int, fh: int) -> int:
            return os.pwrite(fh, data, offset)

        def truncate(self, path: str, length: int, fh: int | None = None) -> int:
            if fh is not None:
                os.ftruncate(fh, length)
            else:
                os.truncate(self._real(path), length)
            return 0

        def fsync(self, path: str, datasync: int, fh: int) -> int:
            (os.fdatasync if datasync else os.fsync)(fh)
            return 0

        def release(self, path: str, fh: int) -> int:
            os.close(fh)
            return 0

        def unlink(self, path: str) -> int:
            os.unlink(self._real(path))
            return 0

        def mkdir(self, path: str, mode: int) -> int:
            os.mkdir(self._real(path), mode)
            return 0

        def rmdir(self, path: str) -> int:
            os.rmdir(self._real(path))
            return 0

        def rename(self, old: str, new: str) -> int:
            os.rename(self._real(old), self._real(new))
            return 0

        def utimens(self, path: str, times: tuple[int, int] | None = None) -> int:
            if times is None:
                os.utime(self._real(path))
            else:
                os.utime(self._real(path), ns=times)
            return 0

        def chmod(self, path: str, mode: int) -> int:
            os.chmod(self._real(path), mode)
            return 0

        def statfs(self, path: str) -> dict[str, int]:
            st = os.statvfs(self._real(path))
            return {key: getattr(st, key) for key in _STATVFS_KEYS}

    return Passthrough(os.path.abspath(source).rstrip("/"))


def serve(source: str, mountpoint: str) -> None:
    """Mount `source` at `mountpoint` and serve until unmounted (blocks)."""
    mfusepy = load_mfusepy()
    _use_own_main_loop(mfusepy)  # the loop Strongroom mounts run on, polling included
    options = dict(CACHE_OPTIONS)
    mfusepy.FUSE(
        make_operations(source),
        mountpoint,
        foreground=True,
        nothreads=True,
        fsname=escape_option_value("passthrough:" + os.path.abspath(source)),
        **options,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", help="the plain folder to serve")
    parser.add_argument("mountpoint", help="an empty folder to mount it on")
    args = parser.parse_args(argv)
    serve(args.source, args.mountpoint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
