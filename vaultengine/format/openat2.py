"""Linux openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS: open a path below a folder,
with no symlink followed anywhere on the way and no way out of the folder, in one system call.

node_files walks `d/XX/YYY/name.c9r` one `openat(O_NOFOLLOW)` per component for the same
guarantee; that walk is a dozen system calls per file opened or created, and most of the cost
of a create on a mount. Where openat2 is missing (Linux before 5.6, other systems, a seccomp
filter that refuses it) `open_beneath` says so and the caller walks.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
import threading
from typing import Any

SYS_OPENAT2 = 437  # the same number on every Linux architecture (syscalls added since 5.1)
RESOLVE_NO_MAGICLINKS = 0x02
RESOLVE_NO_SYMLINKS = 0x04
RESOLVE_BENEATH = 0x08
_RESOLVE = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS
# The kernel or a sandbox does not offer the call (EPERM: seccomp's usual answer).
_UNAVAILABLE = frozenset({errno.ENOSYS, errno.EPERM, errno.E2BIG})


class _OpenHow(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_uint64), ("mode", ctypes.c_uint64), ("resolve", ctypes.c_uint64)]


class _Openat2:
    """The libc `syscall` entry, and whether openat2 works here (probed once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._syscall: Any = None  # libc's syscall(), typed on first use
        self.available: bool | None = None if sys.platform.startswith("linux") else False

    def call(self, dir_fd: int, path: bytes, flags: int, mode: int) -> int:
        """The new descriptor; OSError as the kernel says, ENOSYS where there is no openat2."""
        if self._syscall is None:
            libc = ctypes.CDLL(None, use_errno=True)
            syscall = libc.syscall
            syscall.restype = ctypes.c_long
            syscall.argtypes = [
                ctypes.c_long,
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.POINTER(_OpenHow),
                ctypes.c_size_t,
            ]
            self._syscall = syscall
        how = _OpenHow(flags, mode if flags & os.O_CREAT else 0, _RESOLVE)
        fd = self._syscall(SYS_OPENAT2, dir_fd, path, ctypes.byref(how), ctypes.sizeof(how))
        if fd < 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code), path.decode("utf-8", "surrogateescape"))
        return int(fd)

    def probe(self, dir_fd: int) -> bool:
        with self._lock:
            if self.available is None:
                try:
                    os.close(self.call(dir_fd, b".", os.O_RDONLY | os.O_DIRECTORY, 0))
                    self.available = True
                except OSError as exc:
                    if exc.errno not in _UNAVAILABLE:
                        raise
                    self.available = False
            return self.available


_OPENAT2 = _Openat2()


def open_beneath(dir_fd: int, relative_path: str, flags: int, mode: int = 0) -> int | None:
    """A descriptor of `relative_path` below the folder `dir_fd`, no symlink followed on the
    way or at the end (ELOOP), nothing outside the folder (EXDEV); None where openat2 is not
    available, so the caller walks the components itself. Other failures raise OSError."""
    if _OPENAT2.available is False or not _OPENAT2.probe(dir_fd):
        return None
    return _OPENAT2.call(
        dir_fd, relative_path.encode("utf-8", "surrogateescape"), flags | os.O_CLOEXEC, mode
    )


def maybe_available() -> bool:
    """False once openat2 is known to be missing here (then callers need not try)."""
    return _OPENAT2.available is not False


def set_available(available: bool | None) -> None:
    """Tests: force the walk (False), or probe again (None)."""
    _OPENAT2.available = available
