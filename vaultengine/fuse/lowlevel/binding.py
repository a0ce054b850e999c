"""ctypes declarations of libfuse3's low-level API (fuse_lowlevel.h) for the installed release.

Written against libfuse 3.14 and checked against the installed headers by
tests/integration/test_fuse_lowlevel_binding.py (it compiles a small C program printing
sizeof/offsetof).
What moves between releases, and how this module follows:
- fuse_session_new: from 3.17 the header makes it an inline wrapper that passes the caller's
  libfuse version to the exported `fuse_session_new_versioned` (3.17.0: `_fuse_session_new`);
  `LowLevelLib.session_new` calls whichever the library exports.
- struct fuse_buf grows (mem_size) in 3.17: the bufvec we build for notify_store carries
  zeroed spare room after it, so a longer struct reads zeros ("no size").
- fuse_lowlevel_ops grows at its end (tmpfile, statx...): we pass sizeof(our table) and
  libfuse treats the missing tail as NULL (= ENOSYS).
- struct fuse_file_info gains flag bits and tail fields; the ones used here (flags, direct_io,
  keep_cache, cache_readdir, noflush, fh) keep their place.
`struct stat` and `struct statvfs` follow the CPU's kernel ABI (x86_64 and the generic layout
of arm64).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import platform
from typing import Any

from vaultengine.errors import FuseUnavailableError

c_ino = ctypes.c_uint64  # fuse_ino_t
c_req = ctypes.c_void_p  # fuse_req_t
c_off = ctypes.c_int64  # off_t (64-bit everywhere we run)
c_mode = ctypes.c_uint32  # mode_t
c_dev = ctypes.c_uint64  # dev_t


class Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_int64), ("tv_nsec", ctypes.c_long)]


# Field names follow mfusepy's c_stat (st_atimespec...), so statpack.StatPacker reads them.
if platform.machine() in ("aarch64", "arm64", "riscv64"):
    _STAT_FIELDS: list[tuple[str, Any]] = [
        ("st_dev", ctypes.c_uint64),
        ("st_ino", ctypes.c_uint64),
        ("st_mode", ctypes.c_uint32),
        ("st_nlink", ctypes.c_uint32),
        ("st_uid", ctypes.c_uint32),
        ("st_gid", ctypes.c_uint32),
        ("st_rdev", ctypes.c_uint64),
        ("_pad1", ctypes.c_uint64),
        ("st_size", ctypes.c_int64),
        ("st_blksize", ctypes.c_int32),
        ("_pad2", ctypes.c_int32),
        ("st_blocks", ctypes.c_int64),
        ("st_atimespec", Timespec),
        ("st_mtimespec", Timespec),
        ("st_ctimespec", Timespec),
        ("_reserved", ctypes.c_int32 * 2),
    ]
else:  # x86_64
    _STAT_FIELDS = [
        ("st_dev", ctypes.c_uint64),
        ("st_ino", ctypes.c_uint64),
        ("st_nlink", ctypes.c_uint64),
        ("st_mode", ctypes.c_uint32),
        ("st_uid", ctypes.c_uint32),
        ("st_gid", ctypes.c_uint32),
        ("_pad0", ctypes.c_int32),
        ("st_rdev", ctypes.c_uint64),
        ("st_size", ctypes.c_int64),
        ("st_blksize", ctypes.c_int64),
        ("st_blocks", ctypes.c_int64),
        ("st_atimespec", Timespec),
        ("st_mtimespec", Timespec),
        ("st_ctimespec", Timespec),
        ("_reserved", ctypes.c_int64 * 3),
    ]


class Stat(ctypes.Structure):
    _fields_ = _STAT_FIELDS


class StatVfs(ctypes.Structure):
    _fields_ = [
        ("f_bsize", ctypes.c_ulong),
        ("f_frsize", ctypes.c_ulong),
        ("f_blocks", ctypes.c_uint64),
        ("f_bfree", ctypes.c_uint64),
        ("f_bavail", ctypes.c_uint64),
        ("f_files", ctypes.c_uint64),
        ("f_ffree", ctypes.c_uint64),
        ("f_favail", ctypes.c_uint64),
        ("f_fsid", ctypes.c_ulong),
        ("f_flag", ctypes.c_ulong),
        ("f_namemax", ctypes.c_ulong),
        ("_spare", ctypes.c_int * 6),
    ]


class FileInfo(ctypes.Structure):
    """struct fuse_file_info (3.14 bit layout)."""

    _fields_ = [
        ("flags", ctypes.c_int),
        ("writepage", ctypes.c_uint, 1),
        ("direct_io", ctypes.c_uint, 1),
        ("keep_cache", ctypes.c_uint, 1),
        ("flush", ctypes.c_uint, 1),
        ("nonseekable", ctypes.c_uint, 1),
        ("flock_release", ctypes.c_uint, 1),
        ("cache_readdir", ctypes.c_uint, 1),
        ("noflush", ctypes.c_uint, 1),
        ("padding", ctypes.c_uint, 24),
        ("padding2", ctypes.c_uint, 32),
        ("fh", ctypes.c_uint64),
        ("lock_owner", ctypes.c_uint64),
        ("poll_events", ctypes.c_uint32),
    ]


class EntryParam(ctypes.Structure):
    _fields_ = [
        ("ino", c_ino),
        ("generation", ctypes.c_uint64),
        ("attr", Stat),
        ("attr_timeout", ctypes.c_double),
        ("entry_timeout", ctypes.c_double),
    ]


class Ctx(ctypes.Structure):
    _fields_ = [
        ("uid", ctypes.c_uint32),
        ("gid", ctypes.c_uint32),
        ("pid", ctypes.c_int32),
        ("umask", c_mode),
    ]


class ForgetData(ctypes.Structure):
    _fields_ = [("ino", c_ino), ("nlookup", ctypes.c_uint64)]


class FuseBuf(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("flags", ctypes.c_int),
        ("mem", ctypes.c_void_p),
        ("fd", ctypes.c_int),
        ("pos", c_off),
    ]


class FuseBufVec(ctypes.Structure):
    _fields_ = [
        ("count", ctypes.c_size_t),
        ("idx", ctypes.c_size_t),
        ("off", ctypes.c_size_t),
        ("buf", FuseBuf * 1),
        ("_spare", ctypes.c_char * 64),  # fuse_buf's 3.17 tail reads zeros
    ]


class LibFuseVersion(ctypes.Structure):
    """struct libfuse_version (3.17+), passed to fuse_session_new_versioned."""

    _fields_ = [
        ("major", ctypes.c_uint32),
        ("minor", ctypes.c_uint32),
        ("hotfix", ctypes.c_uint32),
        ("padding", ctypes.c_uint32),
    ]


class FuseArgs(ctypes.Structure):
    _fields_ = [
        ("argc", ctypes.c_int),
        ("argv", ctypes.POINTER(ctypes.c_char_p)),
        ("allocated", ctypes.c_int),
    ]


_FI = ctypes.POINTER(FileInfo)
_F = ctypes.CFUNCTYPE

# One callback type per operation we implement; None restype = void.
LOOKUP = _F(None, c_req, c_ino, ctypes.c_char_p)
FORGET = _F(None, c_req, c_ino, ctypes.c_uint64)
GETATTR = _F(None, c_req, c_ino, _FI)
SETATTR = _F(None, c_req, c_ino, ctypes.POINTER(Stat), ctypes.c_int, _FI)
READLINK = _F(None, c_req, c_ino)
MKNOD = _F(None, c_req, c_ino, ctypes.c_char_p, c_mode, c_dev)
MKDIR = _F(None, c_req, c_ino, ctypes.c_char_p, c_mode)
UNLINK = _F(None, c_req, c_ino, ctypes.c_char_p)
SYMLINK = _F(None, c_req, ctypes.c_char_p, c_ino, ctypes.c_char_p)
RENAME = _F(None, c_req, c_ino, ctypes.c_char_p, c_ino, ctypes.c_char_p, ctypes.c_uint)
LINK = _F(None, c_req, c_ino, c_ino, ctypes.c_char_p)
FILE_OP = _F(None, c_req, c_ino, _FI)  # open, flush, release, opendir, releasedir
READ = _F(None, c_req, c_ino, ctypes.c_size_t, c_off, _FI)  # read, readdir, readdirplus
WRITE = _F(None, c_req, c_ino, ctypes.c_void_p, ctypes.c_size_t, c_off, _FI)
FSYNC = _F(None, c_req, c_ino, ctypes.c_int, _FI)
STATFS = _F(None, c_req, c_ino)
ACCESS = _F(None, c_req, c_ino, ctypes.c_int)
CREATE = _F(None, c_req, c_ino, ctypes.c_char_p, c_mode, _FI)
FORGET_MULTI = _F(None, c_req, ctypes.c_size_t, ctypes.POINTER(ForgetData))
FALLOCATE = _F(None, c_req, c_ino, ctypes.c_int, c_off, c_off, _FI)

_vp = ctypes.c_void_p
# struct fuse_lowlevel_ops of 3.14, in header order. Unused entries are plain pointers (NULL).
OPS_FIELDS: list[tuple[str, Any]] = [
    ("init", _vp),
    ("destroy", _vp),
    ("lookup", LOOKUP),
    ("forget", FORGET),
    ("getattr", GETATTR),
    ("setattr", SETATTR),
    ("readlink", READLINK),
    ("mknod", MKNOD),
    ("mkdir", MKDIR),
    ("unlink", UNLINK),
    ("rmdir", UNLINK),
    ("symlink", SYMLINK),
    ("rename", RENAME),
    ("link", LINK),
    ("open", FILE_OP),
    ("read", READ),
    ("write", WRITE),
    ("flush", FILE_OP),
    ("release", FILE_OP),
    ("fsync", FSYNC),
    ("opendir", FILE_OP),
    ("readdir", READ),
    ("releasedir", FILE_OP),
    ("fsyncdir", FSYNC),
    ("statfs", STATFS),
    ("setxattr", _vp),
    ("getxattr", _vp),
    ("listxattr", _vp),
    ("removexattr", _vp),
    ("access", ACCESS),
    ("create", CREATE),
    ("getlk", _vp),
    ("setlk", _vp),
    ("bmap", _vp),
    ("ioctl", _vp),
    ("poll", _vp),
    ("write_buf", _vp),
    ("retrieve_reply", _vp),
    ("forget_multi", FORGET_MULTI),
    ("flock", _vp),
    ("fallocate", FALLOCATE),
    ("readdirplus", READ),
    ("copy_file_range", _vp),
    ("lseek", _vp),
]


class LowLevelOps(ctypes.Structure):
    _fields_ = OPS_FIELDS


# to_set bits of setattr
SET_ATTR_MODE = 1 << 0
SET_ATTR_UID = 1 << 1
SET_ATTR_GID = 1 << 2
SET_ATTR_SIZE = 1 << 3
SET_ATTR_ATIME = 1 << 4
SET_ATTR_MTIME = 1 << 5
SET_ATTR_ATIME_NOW = 1 << 7
SET_ATTR_MTIME_NOW = 1 << 8

MIN_VERSION = 312  # fuse_session_new + readdirplus + rename flags as declared here


def _fn(lib: Any, name: str, restype: Any, *argtypes: Any) -> Any:
    # lib[name] is a new function object; lib.name is shared with every other user of this
    # CDLL (serve_loop types some of the same functions with its own structs).
    fn = lib[name]
    fn.restype = restype
    fn.argtypes = list(argtypes)
    return fn


def load_libfuse3() -> Any:
    """The libfuse3 shared library (FuseUnavailableError if missing)."""
    name = ctypes.util.find_library("fuse3") or "libfuse3.so.3"
    try:
        return ctypes.CDLL(name)
    except OSError as exc:
        raise FuseUnavailableError(f"libfuse3 not found ({exc})") from exc


class LowLevelLib:
    """The low-level functions of one loaded libfuse3, typed for ctypes."""

    def __init__(self, lib: Any) -> None:
        self.lib = lib
        self.version = int(_fn(lib, "fuse_version", ctypes.c_int)())
        if self.version < MIN_VERSION:
            raise FuseUnavailableError(
                f"libfuse {self.version // 100}.{self.version % 100} is too old for the "
                "low-level path (3.12 or later)"
            )
        vp, c_int, size_t = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t
        p_entry, p_fi = ctypes.POINTER(EntryParam), ctypes.POINTER(FileInfo)
        args = ctypes.POINTER(FuseArgs)
        ops = ctypes.POINTER(LowLevelOps)
        versioned = next(
            (n for n in ("fuse_session_new_versioned", "_fuse_session_new") if hasattr(lib, n)),
            None,
        )
        if versioned is not None:  # 3.17+: the header's inline wrapper, done by hand
            raw = _fn(lib, versioned, vp, args, ops, size_t, ctypes.POINTER(LibFuseVersion), vp)
            own = LibFuseVersion(self.version // 100, self.version % 100, 0, 0)

            def session_new(a: Any, o: Any, n: int, u: Any) -> Any:
                return raw(a, o, n, ctypes.byref(own), u)

            self.session_new: Any = session_new
        else:
            self.session_new = _fn(lib, "fuse_session_new", vp, args, ops, size_t, vp)
        self.session_mount = _fn(lib, "fuse_session_mount", c_int, vp, ctypes.c_char_p)
        self.session_unmount = _fn(lib, "fuse_session_unmount", None, vp)
        self.session_destroy = _fn(lib, "fuse_session_destroy", None, vp)
        self.set_signal_handlers = _fn(lib, "fuse_set_signal_handlers", c_int, vp)
        self.remove_signal_handlers = _fn(lib, "fuse_remove_signal_handlers", None, vp)
        self.opt_free_args = _fn(lib, "fuse_opt_free_args", None, args)
        self.reply_err = _fn(lib, "fuse_reply_err", c_int, vp, c_int)
        self.reply_none = _fn(lib, "fuse_reply_none", None, vp)
        self.reply_entry = _fn(lib, "fuse_reply_entry", c_int, vp, p_entry)
        self.reply_create = _fn(lib, "fuse_reply_create", c_int, vp, p_entry, p_fi)
        self.reply_attr = _fn(
            lib, "fuse_reply_attr", c_int, vp, ctypes.POINTER(Stat), ctypes.c_double
        )
        self.reply_readlink = _fn(lib, "fuse_reply_readlink", c_int, vp, ctypes.c_char_p)
        self.reply_open = _fn(lib, "fuse_reply_open", c_int, vp, p_fi)
        self.reply_write = _fn(lib, "fuse_reply_write", c_int, vp, size_t)
        self.reply_buf = _fn(lib, "fuse_reply_buf", c_int, vp, ctypes.c_char_p, size_t)
        self.reply_statfs = _fn(lib, "fuse_reply_statfs", c_int, vp, ctypes.POINTER(StatVfs))
        self.add_direntry = _fn(
            lib, "fuse_add_direntry", size_t, vp, vp, size_t, ctypes.c_char_p,
            ctypes.POINTER(Stat), c_off,
        )  # fmt: skip
        self.add_direntry_plus = _fn(
            lib, "fuse_add_direntry_plus", size_t, vp, vp, size_t, ctypes.c_char_p, p_entry,
            c_off,
        )  # fmt: skip
        self.req_ctx = _fn(lib, "fuse_req_ctx", ctypes.POINTER(Ctx), vp)
        self.notify_store = _fn(
            lib, "fuse_lowlevel_notify_store", c_int, vp, c_ino, c_off,
            ctypes.POINTER(FuseBufVec), c_int,
        )  # fmt: skip
        self.notify_inval_inode = _fn(
            lib, "fuse_lowlevel_notify_inval_inode", c_int, vp, c_ino, c_off, c_off
        )
        self.notify_inval_entry = _fn(
            lib, "fuse_lowlevel_notify_inval_entry", c_int, vp, c_ino, ctypes.c_char_p, size_t
        )
