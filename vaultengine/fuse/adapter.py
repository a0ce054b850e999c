"""FUSE operations over a VaultFileSystem, and the one table from exceptions to errno.

This module does not import mfusepy: `highlevel.py` hands an instance of `VaultOperations` to
mfusepy, and `lowlevel/ops.py` calls one from the low-level request path.
Every operation runs synchronously on the thread that calls it: the FUSE loop thread, or on the
low-level path a worker of its bounded pool for slow requests (fsync, flush, a dirty release).
Metadata is answered from the fs layer's caches; bulk I/O may fan out inside its ChunkPool.

Modes and owners: the vault format stores neither. Files show 0644, folders 0755, symlinks
0777, owned by the user who mounted. chmod of permission bits succeeds without effect (so that
`cp -p`, `rsync -a`, `tar x` and editors that chmod their temp file keep working); chown to the
mounting user (or -1) succeeds, to anyone else gives EPERM. Hard links give EPERM (POSIX's
answer for "this filesystem has no hard links"). Extended attributes are left unimplemented:
libfuse answers ENOSYS once and the kernel then returns EOPNOTSUPP by itself without asking
again, which keeps `ls -l` free of xattr round trips.

allow_other mounts (see options.py) report owner-only modes (group and other bits cleared), and
the kernel checks them itself (default_permissions): other users are refused.
"""

from __future__ import annotations

import errno
import functools
import itertools
import logging
import os
import stat
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar, cast

from vaultengine.errors import (
    AuthenticationFailedError,
    BrokenDirectoryError,
    VaultError,
    VaultStateError,
)
from vaultengine.format.listing import report_once

log = logging.getLogger(__name__)

# What the kernel is told about block size: `cp` and friends size their buffers by st_blksize,
# and 128 KiB (four vault chunks) keeps them from issuing many small writes.
BLOCK_SIZE = 128 * 1024
NAME_MAX = 255

RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2

# The one table from exceptions to errno. First match wins; None means "the OSError's own
# errno". Content or name authentication failures are OSError(EIO) and land on the OSError row
# (logged with their ciphertext path below). Anything not listed is unexpected: EIO + log.
ERRNO_TABLE: tuple[tuple[type[BaseException], int | None], ...] = (
    (AuthenticationFailedError, errno.EIO),
    (BrokenDirectoryError, errno.EIO),
    (OSError, None),
    (UnicodeError, errno.EILSEQ),  # a name from the kernel that is not UTF-8 reached an encoder
    (VaultStateError, errno.EIO),  # the vault was locked underneath the mount
    (NotImplementedError, errno.ENOTSUP),
)


def errno_for(exc: BaseException) -> int:
    """The errno the kernel gets for `exc` (EIO for anything unexpected)."""
    for exc_type, code in ERRNO_TABLE:
        if isinstance(exc, exc_type):
            if code is None:
                own = getattr(exc, "errno", None)
                return own if isinstance(own, int) and own > 0 else errno.EIO
            return code
    return errno.EIO


def _log_failure(op: str, exc: BaseException) -> None:
    """Log what went wrong without cleartext content, cleartext names or key material."""
    if isinstance(exc, BrokenDirectoryError):
        # A broken or planted node answers EIO to every lookup the kernel and programs make:
        # logged once per node (its message names the ciphertext path only).
        report_once(op, str(exc))
        return
    if isinstance(exc, AuthenticationFailedError):
        # By contract its message names the ciphertext path only.
        log.warning("%s: %s", op, exc)
        return
    if isinstance(exc, OSError) and not isinstance(exc, VaultError):
        return  # ordinary answers (ENOENT, EEXIST, ENOTEMPTY...) are not failures
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    # The message of an unexpected exception may quote data: log its type and location only.
    log.error("%s failed unexpectedly with %s at %s; answered EIO", op, type(exc).__name__, where)


F = TypeVar("F", bound=Callable[..., Any])


def _errno_guard(method: F) -> F:
    """Turn every exception of a FUSE operation into OSError(errno) via ERRNO_TABLE; once the
    operations are revoked (force lock), every operation is EIO before it reaches the fs."""

    @functools.wraps(method)
    def guarded(*args: Any) -> Any:
        if args[0].revoked:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        try:
            return method(*args)
        except Exception as exc:
            code = errno_for(exc)
            if code == errno.EIO or not isinstance(exc, OSError):
                _log_failure(method.__name__, exc)
            raise OSError(code, os.strerror(code)) from None

    return cast(F, guarded)


class AttrLike(Protocol):
    """The fields of vaultengine.fs.Attr the adapter reads."""

    @property
    def st_mode(self) -> int: ...
    @property
    def st_size(self) -> int: ...
    @property
    def st_atime_ns(self) -> int: ...
    @property
    def st_mtime_ns(self) -> int: ...
    @property
    def st_ctime_ns(self) -> int: ...
    @property
    def st_nlink(self) -> int: ...
    @property
    def st_ino(self) -> int: ...


class FileSystemLike(Protocol):
    """The VaultFileSystem methods the adapter calls (see docs/engine-api.md)."""

    def stat(self, path: str) -> AttrLike: ...
    def listdir(self, path: str) -> list[tuple[str, AttrLike]]: ...
    def mkdir(self, path: str, mode: int = 0o755) -> None: ...
    def rmdir(self, path: str) -> None: ...
    def unlink(self, path: str) -> None: ...
    def rename(self, old: str, new: str, *, noreplace: bool = False) -> None: ...
    def symlink(self, path: str, target: str) -> None: ...
    def readlink(self, path: str) -> str: ...
    def utimens(self, path: str, atime_ns: int | None, mtime_ns: int | None) -> None: ...
    def truncate(self, path: str, length: int) -> None: ...
    def statfs(self) -> os.statvfs_result: ...
    def open(self, path: str, flags: int, mode: int = 0o644) -> int: ...
    def read(self, fh: int, size: int, offset: int) -> bytes: ...
    def write(self, fh: int, data: bytes | memoryview, offset: int) -> int: ...
    def ftruncate(self, fh: int, length: int) -> None: ...
    def fallocate(self, fh: int, offset: int, length: int) -> None: ...
    def fstat(self, fh: int) -> AttrLike: ...
    def flush(self, fh: int) -> None: ...
    def fsync(self, fh: int, datasync: bool = False) -> None: ...
    def release(self, fh: int) -> None: ...


def check_name(path: str) -> str:
    """EILSEQ for a path whose bytes from the kernel are not UTF-8 (surrogateescape)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        raise OSError(errno.EILSEQ, "name is not valid UTF-8") from None
    return path


class RevokedFileSystem:
    """Stands in for the VaultFileSystem after a forced lock: every call is EIO. The adapter
    swaps it in so that it holds no reference to the filesystem (and with it the keys)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # protocol probes (hasattr, copy, C code) get the usual answer
            raise AttributeError(name)
        raise OSError(errno.EIO, "the vault was locked")


class VaultOperations:
    """mfusepy Operations (duck-typed) translating FUSE calls into VaultFileSystem calls."""

    use_ns = True  # exact nanosecond times in getattr and utimens

    def __init__(
        self, fs: FileSystemLike, *, read_only: bool = False, owner_only: bool = False
    ) -> None:
        self.fs = fs
        self.revoked = False
        # Cleartext path of each open file handle, kept current across renames: a forced lock
        # asks the kernel to drop the cached pages of exactly these files (see revoke()).
        self._open_paths: dict[int, str] = {}
        self.read_only = read_only
        # Permission bits reported: owner-only when other users can reach the mount.
        self.mode_mask = ~0o077 if owner_only else ~0
        self.uid = os.getuid() if hasattr(os, "getuid") else 0
        self.gid = os.getgid() if hasattr(os, "getgid") else 0
        # Open directory handles: path at opendir and the listing taken at offset 0, so a
        # listing read in many kernel-sized pieces is decrypted once, not once per piece.
        self._dirs: dict[int, tuple[str, list[tuple[str, AttrLike]]]] = {}
        self._dir_handles = itertools.count(1)
        # Cleartext bytes served, for the app's statistics and idle lock. Only the loop thread
        # adds to them; readers on other threads see a slightly old value, which is fine.
        self.bytes_read = 0
        self.bytes_written = 0

    def revoke(self) -> list[str]:
        """Answer EIO to every further operation and let go of the filesystem at once.

        Returns the cleartext paths of the files that were open, whose pages the kernel may
        still cache. An operation already running on the loop thread finishes normally.
        """
        self.revoked = True
        self.fs = cast(FileSystemLike, RevokedFileSystem())
        self._dirs.clear()  # listings hold cleartext names
        paths = sorted(set(self._open_paths.values()))
        self._open_paths.clear()
        return paths

    def _track_open(self, fh: int, path: str) -> int:
        self._open_paths[fh] = path
        return fh

    def _track_rename(self, old: str, new: str) -> None:
        prefix = old.rstrip("/") + "/"
        for fh, path in list(self._open_paths.items()):
            if path == old:
                self._open_paths[fh] = new
            elif path.startswith(prefix):
                self._open_paths[fh] = new.rstrip("/") + "/" + path[len(prefix) :]

    # -- attribute conversion (also used by statpack.stat_values) --

    def attr_dict(self, attr: AttrLike) -> dict[str, int]:
        size = attr.st_size
        return {
            "st_mode": attr.st_mode & self.mode_mask,
            "st_size": size,
            "st_nlink": attr.st_nlink,
            "st_ino": attr.st_ino,
            "st_uid": self.uid,
            "st_gid": self.gid,
            "st_atime": attr.st_atime_ns,
            "st_mtime": attr.st_mtime_ns,
            "st_ctime": attr.st_ctime_ns,
            "st_blocks": (size + 511) // 512,
            "st_blksize": BLOCK_SIZE,
        }

    def _writable(self) -> None:
        if self.read_only:
            raise OSError(errno.EROFS, "read-only mount")

    # -- metadata (synchronous, answered from the fs layer's caches) --

    @_errno_guard
    def stat_attr(self, path: str | None, fh: int | None = None) -> AttrLike:
        """Attributes of `path`. nullpath_ok stays off (the fs layer has no stat by handle), so
        libfuse passes a path with every call; `fh` is only part of the call's shape."""
        if path is None:
            raise OSError(errno.ENOENT, "no path")
        return self.fs.stat(check_name(path))

    @_errno_guard
    def handle_attr(self, fh: int) -> AttrLike:
        """Attributes of an open file by its handle (a create's reply)."""
        return self.fs.fstat(fh)

    def getattr(self, path: str | None, fh: int | None = None) -> dict[str, int]:
        return self.attr_dict(self.stat_attr(path, fh))

    @_errno_guard
    def list_attrs(self, path: str) -> list[tuple[str, AttrLike]]:
        """Directory entries with their attributes (readdirplus), without . and .."""
        return self.fs.listdir(check_name(path))

    @_errno_guard
    def opendir(self, path: str) -> int:
        fh = next(self._dir_handles)
        self._dirs[fh] = (check_name(path), [])
        return fh

    def dir_entries(self, fh: int, path: str | None, offset: int) -> list[tuple[str, AttrLike]]:
        """The listing of an open directory; taken afresh at offset 0 (rewinddir refreshes)."""
        opened_path, entries = self._dirs.get(fh, (path or "/", []))
        if offset == 0 or fh not in self._dirs:
            entries = self.list_attrs(opened_path if path is None else path)
            self._dirs[fh] = (opened_path, entries)
        return entries

    @_errno_guard
    def releasedir(self, path: str | None, fh: int) -> int:
        self._dirs.pop(fh, None)
        return 0

    def readdir(self, path: str, fh: int) -> Iterator[tuple[str, dict[str, int], int]]:
        """Plain mfusepy form (highlevel.py uses dir_entries with offsets and readdirplus)."""
        yield ".", {"st_mode": stat.S_IFDIR | 0o755}, 0
        yield "..", {"st_mode": stat.S_IFDIR | 0o755}, 0
        for name, attr in self.list_attrs(path):
            yield name, self.attr_dict(attr), 0

    @_errno_guard
    def mkdir(self, path: str, mode: int) -> int:
        self._writable()
        self.fs.mkdir(check_name(path), mode & 0o7777)
        return 0

    @_errno_guard
    def rmdir(self, path: str) -> int:
        self._writable()
        self.fs.rmdir(check_name(path))
        return 0

    @_errno_guard
    def unlink(self, path: str) -> int:
        self._writable()
        self.fs.unlink(check_name(path))
        return 0

    @_errno_guard
    def rename(self, old: str, new: str, flags: int = 0) -> int:
        # RENAME_EXCHANGE (swap two entries) and RENAME_WHITEOUT (overlayfs) are not supported.
        if flags & ~RENAME_NOREPLACE:
            raise OSError(errno.EINVAL, "unsupported rename flags")
        self._writable()
        self.fs.rename(check_name(old), check_name(new), noreplace=bool(flags & RENAME_NOREPLACE))
        self._track_rename(old, new)
        return 0

    @_errno_guard
    def symlink(self, path: str, target: str) -> int:
        self._writable()
        self.fs.symlink(check_name(path), check_name(target))
        return 0

    @_errno_guard
    def readlink(self, path: str) -> str:
        return self.fs.readlink(check_name(path))

    @_errno_guard
    def link(self, path: str, target: str) -> int:
        raise OSError(errno.EPERM, "hard links are not supported in a vault")

    @_errno_guard
    def mknod(self, path: str, mode: int, dev: int) -> int:
        # The kernel only sends mknod for regular files when create() is missing; FIFOs,
        # sockets and device nodes cannot be represented in the vault format.
        if not stat.S_ISREG(mode):
            raise OSError(errno.EPERM, "only regular files, folders and symlinks")
        self._writable()
        fh = self.fs.open(check_name(path), os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode & 0o7777)
        self.fs.release(fh)
        return 0

    @_errno_guard
    def utimens(self, path: str | None, times: tuple[int | None, int | None] | None = None) -> int:
        """Set times in ns; None in `times` leaves that time unchanged (UTIME_OMIT)."""
        self._writable()
        if path is None:
            raise OSError(errno.ENOENT, "no path")
        if times is None:
            now = time.time_ns()
            times = (now, now)
        self.fs.utimens(check_name(path), times[0], times[1])
        return 0

    @_errno_guard
    def chmod(self, path: str | None, mode: int) -> int:
        # The format stores no modes: accept permission changes as a no-op (see module doc).
        if path is not None:
            self.fs.stat(check_name(path))
        return 0

    @_errno_guard
    def chown(self, path: str | None, uid: int, gid: int) -> int:
        if uid not in (-1, self.uid) or gid not in (-1, self.gid):
            raise OSError(errno.EPERM, "the vault cannot store owners")
        if path is not None:
            self.fs.stat(check_name(path))
        return 0

    @_errno_guard
    def statfs(self, path: str) -> dict[str, int]:
        st = self.fs.statfs()
        return {
            "f_bsize": st.f_bsize,
            "f_frsize": st.f_frsize,
            "f_blocks": st.f_blocks,
            "f_bfree": st.f_bfree,
            "f_bavail": st.f_bavail,
            "f_files": st.f_files,
            "f_ffree": st.f_ffree,
            "f_favail": st.f_favail,
            "f_namemax": NAME_MAX,
        }

    @_errno_guard
    def access(self, path: str, amode: int) -> int:
        # Answered from the modes we report (we own everything, so only missing bits deny):
        # files have no execute bit, so X_OK on a file is EACCES, as for root on disk. Only
        # the mounting user gets here: allow_other mounts use default_permissions, and with
        # it the kernel checks access() itself.
        attr = self.fs.stat(check_name(path))
        if amode & os.X_OK and not attr.st_mode & 0o111:
            raise OSError(errno.EACCES, "not executable")
        if amode & os.W_OK and self.read_only:
            raise OSError(errno.EROFS, "read-only mount")
        return 0

    # -- content (through the fs layer's open-file table) --

    @_errno_guard
    def open(self, path: str, flags: int) -> int:
        if self.read_only and (flags & os.O_ACCMODE != os.O_RDONLY or flags & os.O_TRUNC):
            raise OSError(errno.EROFS, "read-only mount")
        return self._track_open(self.fs.open(check_name(path), flags), path)

    @_errno_guard
    def create(self, path: str, mode: int, flags: int = os.O_WRONLY) -> int:
        # The kernel's flags carry O_RDWR/O_EXCL/O_APPEND/O_TRUNC: pass them on untouched
        # (a create that dropped O_RDWR made stress-ng's copy-file fail with EBADF).
        self._writable()
        return self._track_open(
            self.fs.open(check_name(path), flags | os.O_CREAT, mode & 0o7777), path
        )

    @_errno_guard
    def read(self, path: str | None, size: int, offset: int, fh: int) -> bytes:
        data = self.fs.read(fh, size, offset)
        self.bytes_read += len(data)
        return data

    @_errno_guard
    def write(self, path: str | None, data: bytes | memoryview, offset: int, fh: int) -> int:
        written = self.fs.write(fh, data, offset)
        self.bytes_written += written
        return written

    @_errno_guard
    def fallocate(self, path: str | None, mode: int, offset: int, size: int, fh: int) -> int:
        # Only mode 0 (allocate and extend): keep-size, punch-hole and friends would need
        # sparse ciphertext, which the format does not have.
        if mode != 0:
            raise OSError(errno.EOPNOTSUPP, "only plain fallocate is supported")
        self._writable()
        self.fs.fallocate(fh, offset, size)
        return 0

    @_errno_guard
    def truncate(self, path: str | None, length: int, fh: int | None = None) -> int:
        self._writable()
        if fh is not None:
            self.fs.ftruncate(fh, length)
        elif path is not None:
            self.fs.truncate(check_name(path), length)
        else:
            raise OSError(errno.EBADF, "no path and no handle")
        return 0

    # No flush(): the fs layer writes through (its flush is a no-op), so libfuse answers the
    # first FLUSH with ENOSYS and the kernel stops sending one on every close().

    @_errno_guard
    def fsync(self, path: str | None, datasync: int, fh: int) -> int:
        self.fs.fsync(fh, bool(datasync))
        return 0

    @_errno_guard
    def release(self, path: str | None, fh: int) -> int:
        self._open_paths.pop(fh, None)
        self.fs.release(fh)
        return 0
