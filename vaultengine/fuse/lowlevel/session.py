"""Mount and serve on libfuse3's low-level API: session_new, mount, our polling loop, unmount.

`run_lowlevel` is the low-level counterpart of loop.run_fuse, with the same contract towards
MountSession: it blocks until unmounted, and raises RuntimeError(status) when libfuse could
not mount (before serving) or a signal ended the loop (after), as mfusepy does.

The receive/process loop is serve_loop's (poll /dev/fuse briefly before blocking), reused as
is. The options MountSession computed are meant for the high-level API; the ones only that API
knows (timeouts, auto_cache...) are taken out here and applied by the handlers, the rest
(fsname, subtype, ro, allow_other...) are mount options fuse_session_new understands.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading

from vaultengine.errors import FuseUnavailableError, MountError
from vaultengine.fuse.adapter import VaultOperations
from vaultengine.fuse.library import LIBFUSE3, chosen_library
from vaultengine.fuse.lowlevel.binding import FuseArgs, LowLevelLib, load_libfuse3
from vaultengine.fuse.lowlevel.ops import LowLevelOperations, Timeouts
from vaultengine.fuse.lowlevel.workers import RequestPool
from vaultengine.fuse.serve_loop import (
    Serving,
    _LibFuse3,
    _serve,
    owns_signals,
    registered,
    spin_seconds,
)

API_ENV = "STRONGROOM_FUSE_API"  # "low": this path, "high": mfusepy's, "auto" (default)
API_OPTION = "api"  # -o api=low|high|auto, wins over the environment
CACHE_READDIR_ENV = "STRONGROOM_FUSE_CACHE_READDIR"  # "1": the kernel caches listings


# The handlers of each low-level mount of this process while it serves, by mount point: for
# tests and diagnostics (the inode table's size and counts).
LIVE_HANDLERS: dict[str, LowLevelOperations] = {}


def lowlevel_available() -> bool:
    """Linux with a libfuse3 new enough for this path (3.12+), and libfuse3 the library chosen
    ($STRONGROOM_FUSE_LIBRARY=fuse2 or $FUSE_LIBRARY_PATH pick another for mfusepy's path)."""
    global _available
    if _available is None:
        try:
            _available = (
                sys.platform.startswith("linux")
                and chosen_library().kind == LIBFUSE3
                and bool(LowLevelLib(load_libfuse3()))
            )
        except (FuseUnavailableError, OSError, AttributeError):
            _available = False
    return _available


_available: bool | None = None


def wants_lowlevel(options: dict[str, str | bool]) -> bool:
    """Whether to serve on the low-level path; takes `api` out of `options` (libfuse must not
    see it). -o api=... first, then $STRONGROOM_FUSE_API; "auto" (the default) takes the
    low-level path where lowlevel_available(), else mfusepy's high-level one."""
    chosen = options.pop(API_OPTION, None)
    if not isinstance(chosen, str):
        chosen = os.environ.get(API_ENV, "auto")
    choice = chosen.strip().lower() or "auto"
    if choice not in ("low", "high", "auto"):
        raise MountError(f"Unknown FUSE API {chosen!r}: use api=low, api=high or api=auto.")
    if choice == "low" and not lowlevel_available():
        raise MountError(
            "The low-level FUSE path (api=low) needs Linux and libfuse 3.12+ (not another "
            "library chosen with $STRONGROOM_FUSE_LIBRARY or $FUSE_LIBRARY_PATH)."
        )
    return choice == "low" or (choice == "auto" and lowlevel_available())


def split_options(options: dict[str, str | bool]) -> tuple[dict[str, str | bool], Timeouts]:
    """(options for fuse_session_new, the high-level-only cache options applied by hand)."""
    kept = dict(options)
    timeouts = Timeouts()
    for key, field in (("attr_timeout", "attr"), ("entry_timeout", "entry"),
                       ("negative_timeout", "negative")):  # fmt: skip
        value = kept.pop(key, None)
        if isinstance(value, str):
            setattr(timeouts, field, float(value))
    if kept.pop("kernel_cache", False):
        timeouts.keep_cache = "always"
    elif kept.pop("auto_cache", False):
        timeouts.keep_cache = "auto"
    else:
        timeouts.keep_cache = "never"
    timeouts.direct_io = bool(kept.pop("direct_io", False))
    # use_ino is the high-level API's "take st_ino from getattr"; the handlers always report
    # the ciphertext inode as st_ino (ops._fill_stat).
    kept.pop("use_ino", None)
    # Off by default: a listing the kernel serves from its cache carries names only, so after
    # attr_timeout `ls -l` asks for every entry's attributes one by one, where READDIRPLUS
    # brings them all in one reply (ls -l of 5,000 entries 0.215 s with it, 0.049 s without).
    timeouts.cache_readdir = os.environ.get(CACHE_READDIR_ENV, "0").strip() == "1"
    return kept, timeouts


def _option_string(options: dict[str, str | bool]) -> bytes:
    parts = [key if value is True else f"{key}={value}" for key, value in options.items()
             if value is not False]  # fmt: skip
    return ",".join(parts).encode("utf-8", "surrogateescape")


def run_lowlevel(ops: VaultOperations, mountpoint: str, options: dict[str, str | bool]) -> None:
    """Mount `ops` on `mountpoint` through the low-level API and serve until unmounted.

    Like mfusepy, SIGINT goes back to its default while serving on the main thread, so that
    libfuse's handler (installed only over a default) turns Ctrl-C into a clean unmount
    instead of a KeyboardInterrupt in the middle of a request.
    """
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous_sigint = signal.signal(signal.SIGINT, signal.SIG_DFL) if on_main_thread else None
    try:
        _mount_and_serve(ops, mountpoint, options)
    finally:
        if on_main_thread:  # (None: a handler set outside Python, which SIG_DFL stands for)
            signal.signal(signal.SIGINT, previous_sigint or signal.SIG_DFL)


def _mount_and_serve(ops: VaultOperations, mountpoint: str, options: dict[str, str | bool]) -> None:
    raw_lib = load_libfuse3()
    lib = LowLevelLib(raw_lib)
    session_options, timeouts = split_options(options)
    pool = RequestPool()
    handlers = LowLevelOperations(ops, lib, pool, timeouts)
    table = handlers.table()
    argv_items = [b"strongroom"]
    if session_options:
        argv_items += [b"-o", _option_string(session_options)]
    argv = (ctypes.c_char_p * (len(argv_items) + 1))(*argv_items, None)
    args = FuseArgs(len(argv_items), argv, 0)
    session = lib.session_new(ctypes.byref(args), ctypes.byref(table), ctypes.sizeof(table), None)
    status = 0
    try:
        if not session:
            handlers.notifier.stop()
            status = 2
            return
        try:
            if lib.session_mount(session, os.fsencode(mountpoint)) != 0:
                status = 3
                return
            handlers.session = session
            handlers.notifier.session = session
            signals = owns_signals()
            if signals and lib.set_signal_handlers(session) != 0:
                lib.session_unmount(session)
                status = 4
                return
            LIVE_HANDLERS[mountpoint] = handlers
            loop_lib = _LibFuse3(raw_lib)
            serving = Serving(
                lambda: loop_lib.session_exit(session), handlers.drop_cached_cleartext
            )
            try:
                with registered(os.fsencode(mountpoint), serving):
                    status = _serve(loop_lib, session, spin_seconds())
                if serving.stopped:
                    status = 0  # stop_serving (a forced lock), not a signal
            finally:
                LIVE_HANDLERS.pop(mountpoint, None)
                if signals:
                    lib.remove_signal_handlers(session)
                pool.shutdown()  # every reply sent before the session goes away
                handlers.notifier.stop()
                lib.session_unmount(session)
        finally:
            pool.shutdown()
            handlers.notifier.stop()
            lib.session_destroy(session)
    finally:
        lib.opt_free_args(ctypes.byref(args))
        if status != 0:
            raise RuntimeError(status)
