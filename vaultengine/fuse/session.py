"""One served mount: the FUSE loop over an unlocked vault, and the clean-up when it ends.

The clean-up order matters: the loop returns only after the kernel let go of the mount, then
the filesystem is closed (flushing anything left), the keys are dropped (vault locked), the
chunk pool is stopped and a mount point we created is removed.

A forced lock revokes instead of waiting for the kernel (revoke()): from that moment every
operation is EIO, the keys go at once, and the loop ends, which aborts the kernel connection
(ENOTCONN for open files and working directories inside). A mount that disappears from the
mount table while the loop still serves (`fusermount -uz`, `umount -l`, `strongroom unmount
--force` from another process) is revoked the same way: a detached mount never keeps serving.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import select
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from vaultengine.errors import MountError
from vaultengine.fuse.adapter import FileSystemLike, VaultOperations
from vaultengine.fuse.highlevel import run_fuse
from vaultengine.fuse.lowlevel.session import run_lowlevel, wants_lowlevel
from vaultengine.fuse.mountinfo import (
    MOUNTINFO,
    abort_connection,
    find_mount,
    unmount_mountpoint,
)
from vaultengine.fuse.mountpoint import (
    absolute_mountpoint,
    prepare_mountpoint,
    release_mountpoint,
)
from vaultengine.fuse.options import allows_other_users, mount_options
from vaultengine.fuse.serve_loop import invalidate_paths, stop_serving

if TYPE_CHECKING:
    from vaultengine.fs.pool import ChunkPool

log = logging.getLogger(__name__)

# The mount's chunk pool: a fixed number of crypto workers and a bounded window of chunks in
# flight (32 KiB each), so a 1 GiB copy holds at most CHUNK_QUEUE_DEPTH chunks in the pool.
CHUNK_WORKERS = max(2, min(4, os.cpu_count() or 2))
CHUNK_QUEUE_DEPTH = 64


# Collector thresholds for a process whose whole job is serving one mount (see tune_gc_for_serving).
SERVING_GC_THRESHOLD = (50_000, 20, 100)

# How long a mount that left the mount table may take to end by itself before it is revoked.
DETACH_GRACE = 0.25


def tune_gc_for_serving() -> None:
    """Make the cyclic garbage collector run far less often in a dedicated mount process.

    Listing a folder allocates a few objects per entry (none of them in cycles), and at the
    default threshold of 700 the collector ran every ~200 entries: py-spy put 15.8% of a mount
    process listing 5,000 entries in gc_collect_main, and 20 listings took 0.81 s against
    0.71-0.78 s with these thresholds. Only for processes that exist to serve (the background
    child, `mount --foreground`): an application's in-process mounts leave its collector alone.
    """
    gc.freeze()  # what exists now (modules, keys, caches) is never scanned again
    gc.set_threshold(*SERVING_GC_THRESHOLD)


class UnlockedVaultLike(Protocol):
    """What the mount needs of vaultengine.vault.UnlockedVault."""

    path: str

    @property
    def fs(self) -> FileSystemLike: ...

    def lock(self) -> None: ...


def new_chunk_pool() -> ChunkPool:
    from vaultengine.fs.pool import ChunkPool

    return ChunkPool(CHUNK_WORKERS, CHUNK_QUEUE_DEPTH)


class MountSession:
    """Serves `vault` on `mountpoint` until unmounted; `serve()` blocks and then cleans up."""

    def __init__(
        self,
        vault: UnlockedVaultLike,
        mountpoint: str,
        *,
        read_only: bool = False,
        options: Iterable[str] = (),
        lock_on_end: bool = True,
        pool: ChunkPool | None = None,
    ) -> None:
        self.vault = vault
        self.mountpoint = absolute_mountpoint(mountpoint)
        self.read_only = read_only
        self.vault_path = os.path.abspath(vault.path)
        self.options = mount_options(self.vault_path, read_only=read_only, user_options=options)
        self.lock_on_end = lock_on_end
        self.pool = pool
        self.error: BaseException | None = None
        self.ops: VaultOperations | None = None  # set while serving; holds the byte counters
        self.ready = threading.Event()  # set by whoever saw the folder answer (mount.py)
        self.ended = threading.Event()
        self.revoked = threading.Event()  # set once revoke() has dropped the keys
        self._revoke_lock = threading.Lock()
        self._created_mountpoint = False
        self._device: str | None = None  # the kernel connection's major:minor, once mounted
        self._cleaned = False
        self._clean_lock = threading.Lock()

    def prepare(self) -> None:
        """Check or create the mount point (MountPointError). Call before serve()."""
        self._created_mountpoint = prepare_mountpoint(self.mountpoint)

    def serve(self) -> None:
        """Run the FUSE loop on this thread until unmounted, then clean up (keys dropped)."""
        try:
            ops = self.ops = VaultOperations(
                self.vault.fs,
                read_only=self.read_only,
                owner_only=allows_other_users(self.options),
            )
            try:
                if wants_lowlevel(self.options):  # -o api=low or STRONGROOM_FUSE_API=low
                    run_lowlevel(ops, self.mountpoint, self.options)
                else:
                    run_fuse(ops, self.mountpoint, self.options)
            except RuntimeError as exc:
                # mfusepy raises RuntimeError(status) for a non-zero fuse_main_real result:
                # before serving that is a failed mount; after, libfuse's signal handler
                # (SIGTERM, SIGINT, SIGHUP) ended the loop, which is a clean unmount.
                if not self.ready.is_set():
                    raise MountError(f"libfuse could not mount {self.mountpoint} ({exc})") from None
                log.info("FUSE loop for %s ended by a signal (%s)", self.mountpoint, exc)
        except BaseException as exc:
            self.error = exc
            raise
        finally:
            self.cleanup()

    def revoke(self) -> None:
        """Force lock: every further operation fails and the keys are dropped now. Idempotent.

        1. The adapter answers EIO to everything from now on and lets go of the filesystem.
        2. The kernel drops the cached pages of the files that were open (else a read could
           still be served cleartext from the page cache for up to attr_timeout).
        3. The vault is locked: open ciphertext files are fsynced and closed, the filesystem,
           layout, cryptors and keys are dropped (unless the caller kept the vault unlocked).
        4. The loop ends: it unmounts lazily and closes /dev/fuse, which aborts the kernel
           connection (ENOTCONN). Where our loop is not running (libfuse 2), the mount is
           detached and its connection aborted through fusectl instead, as far as allowed.
        """
        # The whole revoke holds _revoke_lock, and cleanup() takes it before the session
        # counts as ended: step 4 finds this mount point by its path, so it must not run once
        # the loop ended and someone may have mounted that folder again (a detach watcher
        # that woke at a normal unmount stopped the next mount on the same folder).
        with self._revoke_lock:
            if self.revoked.is_set() or self._cleaned:
                return
            ops = self.ops
            open_paths = ops.revoke() if ops is not None else []
            with contextlib.suppress(Exception):
                invalidate_paths(self.mountpoint, open_paths)
            if self.lock_on_end:
                try:
                    self.vault.lock()
                except Exception:
                    log.exception("locking the vault while revoking the mount failed")
            self.revoked.set()
            if not stop_serving(self.mountpoint):
                # Not our loop (libfuse 2): detach the folder if it is still ours, and abort
                # our connection by the device seen when the mount came up, which also ends
                # a mount someone else detached already. Still ours: the loop has not ended.
                device = self._device
                record = find_mount(self.mountpoint)
                if record is not None and device in (None, record.device):
                    device = record.device
                    with contextlib.suppress(MountError):
                        unmount_mountpoint(self.mountpoint, lazy=True)
                if device is not None:
                    abort_connection(device)

    def watch_detach(self) -> None:
        """Revoke when the mount leaves the mount table while the loop still serves (a lazy
        unmount by anyone). Call once the mount is ready; watches on a daemon thread."""
        record = find_mount(self.mountpoint)
        if record is None:  # not Linux, or already gone
            return
        self._device = record.device
        thread = threading.Thread(
            target=self._watch_detach,
            args=(record.device,),
            name=f"strongroom-detach:{self.mountpoint}",
            daemon=True,
        )
        thread.start()

    def _watch_detach(self, device: str) -> None:
        # /proc/self/mountinfo reports POLLPRI whenever the mount table of this namespace
        # changes, so this sleeps until something is mounted or unmounted anywhere.
        try:
            table = open(MOUNTINFO, "rb")  # noqa: SIM115 - closed below
        except OSError:
            return
        with table:
            poller = select.poll()
            poller.register(table, select.POLLPRI | select.POLLERR)
            while not self.ended.is_set() and not self.revoked.is_set():
                poller.poll(1000)
                record = find_mount(self.mountpoint)
                if self.ended.is_set() or (record is not None and record.device == device):
                    continue
                # A normal unmount ends the loop within moments; only a detached mount that
                # keeps serving (files still open) needs revoking.
                if self.ended.wait(DETACH_GRACE):
                    return
                log.info("%s was detached: revoking the mount", self.mountpoint)
                self.revoke()
                return

    def cleanup(self) -> None:
        """Lock the vault (closes the fs), stop the pool, remove our mount point. Idempotent."""
        with self._clean_lock:
            if self._cleaned:
                return
            with self._revoke_lock:  # waits for a revoke under way (see revoke())
                self._cleaned = True
        try:
            if self.ops is not None:
                self.ops.revoke()  # the adapter lets go of the filesystem too
            if self.lock_on_end:
                try:
                    self.vault.lock()
                except Exception:
                    log.exception("locking the vault after unmount failed")
            if self.pool is not None:
                with contextlib.suppress(Exception):
                    self.pool.shutdown()
            release_mountpoint(self.mountpoint, self._created_mountpoint)
        finally:
            self.ended.set()
