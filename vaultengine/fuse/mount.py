"""The in-process mount handle: a vault served by a FUSE loop on its own thread of this process.

    handle = mount(unlocked_vault, "/mnt/v")            # or mount("/path/vault", ..., password=)
    ...
    handle.unmount()          # UnmountBusyError while files are open
    handle.unmount(force=True)  # revoke: every further access fails, keys dropped at once

`serve_foreground` runs the loop on the calling (main) thread instead, for `strongroom mount
--foreground` and the background child process: there libfuse's own SIGINT/SIGTERM/SIGHUP
handlers unmount cleanly.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import signal
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from vaultengine.errors import MountError
from vaultengine.fuse import libfuse_log
from vaultengine.fuse.loader import require_fuse
from vaultengine.fuse.mountinfo import find_mount, unmount_mountpoint
from vaultengine.fuse.mountpoint import wait_until_mounted
from vaultengine.fuse.session import (
    MountSession,
    UnlockedVaultLike,
    new_chunk_pool,
    tune_gc_for_serving,
)

READY_TIMEOUT = 10.0
_LIBFUSE_SIGNALS = (signal.SIGHUP, signal.SIGINT, signal.SIGTERM)
_live_mounts: weakref.WeakSet[Mount] = weakref.WeakSet()


@dataclass(frozen=True)
class IoStats:
    bytes_read: int
    bytes_written: int


class Mount:
    """A mounted vault served on a thread of this process. Use mount() to make one."""

    def __init__(self, session: MountSession) -> None:
        self._session = session
        self._thread = threading.Thread(
            target=self._run, name=f"strongroom-fuse:{session.mountpoint}", daemon=True
        )

    @property
    def mountpoint(self) -> str:
        return self._session.mountpoint

    @property
    def vault_path(self) -> str:
        return self._session.vault_path

    @property
    def read_only(self) -> bool:
        return self._session.read_only

    @property
    def error(self) -> BaseException | None:
        """What ended the loop abnormally, if anything."""
        return self._session.error

    @property
    def stats(self) -> IoStats:
        """Cleartext bytes read and written through this mount so far."""
        ops = self._session.ops
        if ops is None:
            return IoStats(0, 0)
        return IoStats(ops.bytes_read, ops.bytes_written)

    def is_alive(self) -> bool:
        """True until the filesystem has ended or was revoked, and the keys are dropped."""
        return not (self._session.ended.is_set() or self._session.revoked.is_set())

    def _run(self) -> None:
        # An exception is kept in session.error; the waiting side reports it.
        with contextlib.suppress(BaseException):
            self._session.serve()

    def _start(self, timeout: float) -> None:
        defaults = _signals_at_default()
        # libfuse's fuse_daemonize() does chdir("/") even in the foreground; the working
        # folder belongs to the application, so go back to it once the loop is serving.
        cwd_fd = os.open(".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        libfuse_mark = libfuse_log.mark()
        try:
            self._thread.start()  # inside the try: a failed start must not leak cwd_fd
            wait_until_mounted(
                self.mountpoint,
                timeout=timeout,
                still_starting=self._thread.is_alive,
                libfuse_mark=libfuse_mark,
            )
            self._session.ready.set()
            self._session.watch_detach()
        except MountError as exc:
            if self._thread.is_alive():  # timed out: take down whatever came up
                self._abort()
            else:
                self._thread.join()
            if self.error is not None and not isinstance(self.error, MountError):
                raise MountError(f"{exc} ({type(self.error).__name__}: {self.error})") from None
            raise
        finally:
            # libfuse installed its exit handler for signals that were at their default; in
            # this process they belong to the application, so put the defaults back.
            _reset_to_default(defaults)
            try:
                os.fchdir(cwd_fd)
            finally:
                os.close(cwd_fd)

    def _abort(self) -> None:
        with contextlib.suppress(MountError):
            unmount_mountpoint(self.mountpoint, lazy=True)
        self._thread.join(5.0)

    def unmount(self, *, force: bool = False, timeout: float = 10.0) -> None:
        """Unmount; UnmountBusyError while files are open unless force (then revoke()).

        Without force it waits (up to `timeout`) until the loop ended and the keys are dropped.
        """
        if not self.is_alive():
            return
        if force:
            self.revoke(timeout=timeout)
            return
        unmount_mountpoint(self.mountpoint, lazy=False)
        self.wait(timeout)

    def revoke(self, *, timeout: float = 10.0) -> None:
        """Force lock: open files and working directories inside the mount fail from now on
        (EIO, then ENOTCONN once the kernel connection is aborted), applications' writes
        already received are fsynced, and the keys are dropped before this returns. Then it
        waits up to `timeout` for the loop to end and the mount point to be detached."""
        self._session.revoke()
        self.wait(timeout)
        if find_mount(self.mountpoint) is not None:  # e.g. libfuse could not detach it
            with contextlib.suppress(MountError):
                unmount_mountpoint(self.mountpoint, lazy=True)

    def abort(self) -> None:
        """End now, open files or not (revoke()). Used at interpreter exit, where a process
        that still holds files open on its own mount would otherwise hang closing them."""
        if not self.is_alive():
            return
        self.revoke(timeout=5.0)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until the filesystem ended (keys dropped); False on timeout."""
        self._thread.join(timeout)
        return not self._thread.is_alive() and self._session.ended.is_set()

    def __enter__(self) -> Mount:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.is_alive():
            try:
                self.unmount()
            except MountError:
                self.unmount(force=True)
                self.wait(10.0)

    def __repr__(self) -> str:
        state = "mounted" if self.is_alive() else "ended"
        return f"<Mount {self.vault_path} on {self.mountpoint} ({state})>"


def _open_session(
    vault: UnlockedVaultLike | str | os.PathLike[str],
    mountpoint: str | os.PathLike[str],
    *,
    password: str | None,
    read_only: bool,
    options: Iterable[str],
    lock_on_end: bool,
) -> MountSession:
    """Unlock if given a path (with a pool of fixed workers), check the mount point."""
    require_fuse()
    pool = None
    if isinstance(vault, (str, os.PathLike)):
        if password is None:
            raise TypeError("mounting a vault path needs its password")
        from vaultengine.vault import unlock_vault

        pool = new_chunk_pool()
        try:
            unlocked: Any = unlock_vault(vault, password, read_only=read_only, chunk_pool=pool)
        except BaseException:
            pool.shutdown()
            raise
        lock_on_end = True  # we unlocked it, so the keys go when the mount goes
    else:
        unlocked = vault
    session = MountSession(
        unlocked,
        os.fspath(mountpoint),
        read_only=read_only,
        options=options,
        lock_on_end=lock_on_end,
        pool=pool,
    )
    try:
        session.prepare()
    except BaseException:
        session.cleanup()
        raise
    return session


def mount(
    vault: UnlockedVaultLike | str | os.PathLike[str],
    mountpoint: str | os.PathLike[str],
    *,
    password: str | None = None,
    read_only: bool = False,
    options: Iterable[str] = (),
    lock_on_unmount: bool = True,
    ready_timeout: float = READY_TIMEOUT,
) -> Mount:
    """Mount an unlocked vault (or a vault path + password) and return once the folder is usable.

    The mount point must be an empty folder, or is created (and removed after unmount).
    `options` are extra libfuse -o options ("allow_other", "uid=1000,gid=1000", ...).
    When the mount ends the vault is locked (keys dropped) unless lock_on_unmount=False.
    Raises FuseUnavailableError, MountPointError, MountError, and the unlock errors.
    """
    session = _open_session(
        vault,
        mountpoint,
        password=password,
        read_only=read_only,
        options=options,
        lock_on_end=lock_on_unmount,
    )
    handle = Mount(session)
    handle._start(ready_timeout)
    _live_mounts.add(handle)
    return handle


@atexit.register
def _unmount_all_at_exit() -> None:
    for handle in list(_live_mounts):
        try:
            handle.unmount(timeout=5.0)
        except MountError:
            handle.abort()


def serve_foreground(
    vault: UnlockedVaultLike | str | os.PathLike[str],
    mountpoint: str | os.PathLike[str],
    *,
    password: str | None = None,
    read_only: bool = False,
    options: Iterable[str] = (),
    on_ready: Callable[[], None] | None = None,
    on_failed: Callable[[BaseException], None] | None = None,
    ready_timeout: float = READY_TIMEOUT,
) -> None:
    """Serve on the calling thread (the main thread) until unmounted or SIGINT/SIGTERM/SIGHUP.

    `on_ready` is called from a helper thread once the folder is usable; `on_failed` if it
    never becomes usable. Keys are dropped before this returns. Meant for a process whose job
    is this mount: it also makes the garbage collector run less often (tune_gc_for_serving).
    """
    session = _open_session(
        vault, mountpoint, password=password, read_only=read_only, options=options, lock_on_end=True
    )
    del password  # the keys are derived: this frame lives as long as the mount
    serving = threading.Event()
    serving.set()
    libfuse_mark = libfuse_log.mark()

    def watch() -> None:
        try:
            wait_until_mounted(
                session.mountpoint,
                timeout=ready_timeout,
                still_starting=serving.is_set,
                libfuse_mark=libfuse_mark,
            )
        except MountError as exc:
            if on_failed is not None:
                on_failed(exc)
            return
        session.ready.set()
        session.watch_detach()
        if on_ready is not None:
            on_ready()

    watcher = threading.Thread(target=watch, name="strongroom-mount-ready", daemon=True)
    watcher.start()
    tune_gc_for_serving()
    try:
        session.serve()
    finally:
        serving.clear()
        watcher.join(ready_timeout)


def _signals_at_default() -> list[int]:
    try:
        return [s for s in _LIBFUSE_SIGNALS if signal.getsignal(s) == signal.SIG_DFL]
    except (ValueError, OSError):
        return []


def _reset_to_default(signums: list[int]) -> None:
    """Put signals back to SIG_DFL from any thread (signal.signal needs the main one)."""
    if not signums:
        return
    try:
        libc = ctypes.CDLL(None)
        libc.signal.restype = ctypes.c_void_p
        libc.signal.argtypes = [ctypes.c_int, ctypes.c_void_p]
    except (OSError, AttributeError):
        return
    for signum in signums:
        libc.signal(int(signum), None)  # None is NULL, i.e. SIG_DFL (0)
