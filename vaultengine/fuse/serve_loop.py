"""Our libfuse3 main loop (in place of fuse_main_real): poll briefly before blocking for a request.

Why: every FUSE request is a round trip between the program using the folder and this process,
and when the loop thread blocks in read(/dev/fuse) its CPU may go idle; waking an idle CPU costs
more than most requests. Polling /dev/fuse for up to SPIN_SECONDS after each request keeps the
CPU awake for a busy client's next request (what the kernel's haltpoll and Go's scheduler, so
gocryptfs, do). The cost is bounded: at most SPIN_SECONDS of CPU per request, nothing while
the folder is idle, no spinning on a single CPU. Figures: bench/README.md, "Lab notes".

The rest mirrors libfuse 3's fuse_main_real for the foreground, single-threaded case (fuse_new,
fuse_mount, signal handlers, loop, unmount, destroy), so mfusepy's FUSE class works unchanged:
highlevel.py hands it this function instead of libfuse's. It returns 0 after an unmount, 7 (like
fuse_main_real) when a signal or fuse_exit ended the loop, and non-zero when mounting failed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import logging
import os
import select
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

SPIN_SECONDS = 50e-6
SPIN_ENV = "STRONGROOM_FUSE_SPIN_US"  # microseconds; for benchmarks and machines where it hurts
SIGNAL_ENDED = 7  # fuse_main_real's status for a loop ended by a signal handler
WAIT_TIMEOUT_MS = 1000


class _FuseArgs(ctypes.Structure):
    _fields_ = [
        ("argc", ctypes.c_int),
        ("argv", ctypes.POINTER(ctypes.c_char_p)),
        ("allocated", ctypes.c_int),
    ]


class _FuseBuf(ctypes.Structure):
    # struct fuse_buf of libfuse 3; libfuse >= 3.17 appends mem_size, hence the zeroed spare
    # room (a zero size there means "allocate", like a NULL mem).
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("flags", ctypes.c_int),
        ("mem", ctypes.c_void_p),
        ("fd", ctypes.c_int),
        ("pos", ctypes.c_int64),
        ("_spare", ctypes.c_char * 64),
    ]


def spin_seconds() -> float:
    """How long to poll before blocking: $STRONGROOM_FUSE_SPIN_US, else 0 on one CPU, else 50 us."""
    configured = os.environ.get(SPIN_ENV, "").strip()
    if configured:
        try:
            return max(0.0, float(configured)) * 1e-6
        except ValueError:
            log.warning("ignoring %s=%r: not a number of microseconds", SPIN_ENV, configured)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return SPIN_SECONDS if cpus > 1 else 0.0


class _LibFuse3:
    """The libfuse 3 session functions, typed for ctypes."""

    def __init__(self, lib: Any) -> None:
        vp, c_int = ctypes.c_void_p, ctypes.c_int
        self.new = self._fn(lib.fuse_new, vp, ctypes.POINTER(_FuseArgs), vp, ctypes.c_size_t, vp)
        self.mount = self._fn(lib.fuse_mount, c_int, vp, ctypes.c_char_p)
        self.get_session = self._fn(lib.fuse_get_session, vp, vp)
        self.session_fd = self._fn(lib.fuse_session_fd, c_int, vp)
        self.exited = self._fn(lib.fuse_session_exited, c_int, vp)
        self.receive = self._fn(lib.fuse_session_receive_buf, c_int, vp, ctypes.POINTER(_FuseBuf))
        self.process = self._fn(lib.fuse_session_process_buf, None, vp, ctypes.POINTER(_FuseBuf))
        self.set_signal_handlers = self._fn(lib.fuse_set_signal_handlers, c_int, vp)
        self.remove_signal_handlers = self._fn(lib.fuse_remove_signal_handlers, None, vp)
        self.unmount = self._fn(lib.fuse_unmount, None, vp)
        self.destroy = self._fn(lib.fuse_destroy, None, vp)
        self.free_args = self._fn(lib.fuse_opt_free_args, None, ctypes.POINTER(_FuseArgs))
        self.session_exit = self._fn(lib.fuse_session_exit, None, vp)
        # libfuse >= 3.1; without it a forced lock cannot drop the kernel's cached pages.
        invalidate = getattr(lib, "fuse_invalidate_path", None)
        self.invalidate_path = (
            None if invalidate is None else self._fn(invalidate, c_int, vp, ctypes.c_char_p)
        )
        libc = ctypes.CDLL(None)
        self.free = self._fn(libc.free, None, vp)
        self.poll = self._fn(libc.poll, c_int, ctypes.c_void_p, ctypes.c_ulong, c_int)

    @staticmethod
    def _fn(fn: Any, restype: Any, *argtypes: Any) -> Any:
        fn.restype = restype
        fn.argtypes = list(argtypes)
        return fn


@dataclass
class Serving:
    """A loop that is serving, for stop_serving() and invalidate_paths() from other threads.

    `exit` makes the loop return after its current wait; `invalidate` asks the kernel to drop
    the cached pages and attributes of cleartext paths (how depends on the API in use).
    """

    exit: Callable[[], None]
    invalidate: Callable[[list[str]], int]
    stopped: bool = False


_serving: dict[bytes, Serving] = {}  # by mount point, as libfuse got it
_serving_lock = threading.Lock()


@contextlib.contextmanager
def registered(mountpoint: bytes, serving: Serving) -> Iterator[Serving]:
    """Make `serving` reachable by stop_serving()/invalidate_paths() while the block runs."""
    with _serving_lock:
        _serving[mountpoint] = serving
    try:
        yield serving
    finally:
        with _serving_lock:
            if _serving.get(mountpoint) is serving:
                del _serving[mountpoint]


def owns_signals() -> bool:
    """Whether this mount may install libfuse's SIGINT/SIGTERM/SIGHUP handlers: only when it
    serves on the main thread (a mount process, `mount --foreground`). libfuse keeps one
    session for its handlers, so in an application serving several mounts from threads the
    last mount would take them over and the first to end would remove another's."""
    return threading.current_thread() is threading.main_thread()


def stop_serving(mountpoint: str) -> bool:
    """Make the loop serving `mountpoint` return (False if none is serving).

    The loop then unmounts (lazily) and closes /dev/fuse, which aborts the kernel connection:
    every later request on that filesystem, through open files or a working directory inside
    it, fails with ENOTCONN. Safe from any thread.
    """
    with _serving_lock:
        serving = _serving.get(os.fsencode(mountpoint))
        if serving is None:
            return False
        serving.stopped = True
        serving.exit()
    # The loop sees the flag after its current wait: at once if a request wakes it (statfs
    # always reaches the filesystem, while a stat may come from the kernel's attribute
    # cache), else within WAIT_TIMEOUT_MS.
    if hasattr(os, "statvfs"):  # not on Windows, where WinFsp's loop wakes by itself
        with contextlib.suppress(OSError):
            os.statvfs(mountpoint)
    return True


def invalidate_paths(mountpoint: str, cleartext_paths: list[str]) -> int:
    """Ask the kernel to drop cached pages and attributes of these paths (from another thread
    than the loop's, which must keep answering meanwhile). Returns how many it took."""
    with _serving_lock:
        serving = _serving.get(os.fsencode(mountpoint))
    return 0 if serving is None else serving.invalidate(cleartext_paths)


def _invalidator(fuse: _LibFuse3, handle: int) -> Callable[[list[str]], int]:
    def invalidate(cleartext_paths: list[str]) -> int:
        if fuse.invalidate_path is None:
            return 0
        done = 0
        for path in cleartext_paths:
            encoded = path.encode("utf-8", "surrogateescape")
            if fuse.invalidate_path(handle, encoded) == 0:
                done += 1
        return done

    return invalidate


def make_main_real(lib: Any) -> Any:
    """A drop-in for libfuse 3's fuse_main_real(argc, argv, ops, size, user_data) for mfusepy.

    Only for what mfusepy passes us: ["fuse", "-f", "-s", "-o", options, mountpoint] (always
    foreground and single-threaded here). AttributeError if this libfuse lacks a function.
    """
    fuse = _LibFuse3(lib)

    def main_real(argc: int, argv: Any, ops_pointer: Any, ops_size: int, user_data: Any) -> int:
        args = [argv[i] for i in range(argc)]
        mountpoint, rest = args[-1], args[:-1]
        if b"-f" not in rest or b"-s" not in rest:
            raise ValueError("the Strongroom loop serves only foreground, single-threaded mounts")
        kept = [arg for arg in rest if arg not in (b"-f", b"-s")]
        argv_kept = (ctypes.c_char_p * (len(kept) + 1))(*kept, None)
        fuse_args = _FuseArgs(len(kept), argv_kept, 0)
        try:
            return _mount_and_serve(fuse, fuse_args, ops_pointer, ops_size, user_data, mountpoint)
        finally:
            # Option parsing may have replaced our argv by a malloc'd copy (then allocated=1).
            fuse.free_args(ctypes.byref(fuse_args))

    return main_real


def _mount_and_serve(
    fuse: _LibFuse3,
    fuse_args: _FuseArgs,
    ops_pointer: Any,
    ops_size: int,
    user_data: Any,
    mountpoint: bytes,
) -> int:
    """fuse_main_real's foreground, single-threaded body with our loop in the middle."""
    handle = fuse.new(
        ctypes.byref(fuse_args), ctypes.cast(ops_pointer, ctypes.c_void_p), ops_size, user_data
    )
    if not handle:
        return 2
    try:
        if fuse.mount(handle, mountpoint) != 0:
            return 3
        session = fuse.get_session(handle)
        signals = owns_signals()
        if signals and fuse.set_signal_handlers(session) != 0:
            fuse.unmount(handle)
            return 4
        serving = Serving(lambda: fuse.session_exit(session), _invalidator(fuse, handle))
        try:
            with registered(mountpoint, serving):
                status = _serve(fuse, session, spin_seconds())
            return 0 if serving.stopped else status
        finally:
            if signals:
                fuse.remove_signal_handlers(session)
            fuse.unmount(handle)
    finally:
        fuse.destroy(handle)


class _PollFd(ctypes.Structure):
    _fields_ = [("fd", ctypes.c_int), ("events", ctypes.c_short), ("revents", ctypes.c_short)]


def _serve(fuse: _LibFuse3, session: int, spin: float) -> int:
    """Receive and process requests until unmounted (0) or told to exit (SIGNAL_ENDED)."""
    fd = fuse.session_fd(session)
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    poll, clock = poller.poll, time.perf_counter
    # The blocking wait goes through libc's poll, which returns on a signal (EINTR) instead
    # of being retried like Python's: libfuse's SIGTERM/SIGINT handler only sets the exit
    # flag, so a signal that lands while we poll or spin must not leave us blocked in read().
    # The timeout is a safety net for a signal between the last exit check and the wait.
    wait_fd = _PollFd(fd, select.POLLIN, 0)
    wait_ref = ctypes.byref(wait_fd)
    libc_poll = fuse.poll
    receive, process, exited = fuse.receive, fuse.process, fuse.exited
    buf = _FuseBuf()
    buf_ref = ctypes.byref(buf)
    try:
        while not exited(session):
            ready = False
            if spin:
                deadline = clock() + spin
                while not (ready := bool(poll(0))) and clock() < deadline:
                    pass
            if not ready and (exited(session) or libc_poll(wait_ref, 1, WAIT_TIMEOUT_MS) <= 0):
                continue  # exit requested, interrupted or timed out: check the exit flag
            received = receive(session, buf_ref)
            if received == -errno.EINTR:
                continue
            if received == 0:  # the kernel let go of the mount: unmounted
                return 0
            if received < 0:
                log.error("reading from /dev/fuse failed: %s", os.strerror(-received))
                return 1
            process(session, buf_ref)
        return SIGNAL_ENDED  # the exit flag: a signal handler or fuse_exit()
    finally:
        fuse.free(buf.mem)
