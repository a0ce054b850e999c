"""libfuse's own messages into Python logging, and the last few kept for error messages.

libfuse 3 prints its reasons (for example "fuse: unknown option(s): `-o foo'") to stderr,
where a desktop app's user never sees them. fuse_set_log_func (libfuse >= 3.7) hands them to
us instead: they go to the "vaultengine.fuse.libfuse" logger, and a failed mount quotes them.
"""

from __future__ import annotations

import collections
import ctypes
import itertools
import logging
import threading
from typing import Any

log = logging.getLogger("vaultengine.fuse.libfuse")

# enum fuse_log_level: FUSE_LOG_EMERG .. FUSE_LOG_DEBUG, as syslog's levels.
_LEVELS = {
    0: logging.CRITICAL,
    1: logging.CRITICAL,
    2: logging.CRITICAL,
    3: logging.ERROR,
    4: logging.WARNING,
    5: logging.INFO,
    6: logging.INFO,
    7: logging.DEBUG,
}
# void (*fuse_log_func_t)(enum fuse_log_level, const char *fmt, va_list ap): va_list reaches a
# callee as a pointer on x86-64, AArch64 and macOS, so it is passed on to vsnprintf as one.
_LOG_FUNC = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
_KEPT = 32

_lock = threading.Lock()
_counter = itertools.count(1)
_recent: collections.deque[tuple[int, int, str]] = collections.deque(maxlen=_KEPT)
_installed: dict[int, Any] = {}  # id(lib) -> the callback, alive as long as the process
_vsnprintf: Any = None


_pending: list[str] = []  # libfuse writes one message in several calls; a line ends in "\n"


def _record(level: int, fmt: bytes | None, ap: int | None) -> None:
    try:
        buffer = ctypes.create_string_buffer(1024)
        _vsnprintf(buffer, len(buffer), fmt, ap)
        piece = buffer.value.decode("utf-8", "replace")
        python_level = _LEVELS.get(level, logging.WARNING)
        with _lock:
            _pending.append(piece)
            if not piece.endswith("\n"):
                return
            lines = "".join(_pending).splitlines()
            _pending.clear()
            lines = [line.strip() for line in lines if line.strip()]
            for line in lines:
                _recent.append((next(_counter), python_level, line))
        for line in lines:
            log.log(python_level, "%s", line)
    except Exception:  # never let an exception unwind into libfuse's C frames
        pass


def capture(lib: Any) -> bool:
    """Route this libfuse's messages here; False where the library has no fuse_set_log_func."""
    global _vsnprintf
    if id(lib) in _installed:
        return True
    set_log_func = getattr(lib, "fuse_set_log_func", None)
    if set_log_func is None:
        return False
    if _vsnprintf is None:
        libc = ctypes.CDLL(None)
        _vsnprintf = libc.vsnprintf
        _vsnprintf.restype = ctypes.c_int
        _vsnprintf.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    callback = _LOG_FUNC(_record)
    set_log_func.restype = None
    set_log_func.argtypes = [_LOG_FUNC]
    set_log_func(callback)
    _installed[id(lib)] = callback
    return True


def mark() -> int:
    """A position in the message stream: errors_since(mark()) holds only what came after."""
    with _lock:
        return _recent[-1][0] if _recent else 0


def errors_since(position: int) -> list[str]:
    """libfuse's warnings and errors after `position`, oldest first."""
    with _lock:
        return [text for n, level, text in _recent if n > position and level >= logging.WARNING]
