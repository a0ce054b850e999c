"""One served mount: the FUSE loop over an unlocked vault, and the clean-up when it ends.

The clean-up order matters: the loop returns only after the kernel let go of the mount, then
the filesystem is closed (flushing anything left), the keys are dropped (vault locked), the
chunk pool is stopped and a mount point we created is removed.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from vaultengine.errors import MountError
from vaultengine.fuse.adapter import FileSystemLike, VaultOperations
from vaultengine.fuse.loop import run_fuse
from vaultengine.fuse.lowlevel.session import run_lowlevel, wants_lowlevel
from vaultengine.fuse.mountpoint import prepare_mountpoint, release_mountpoint
from vaultengine.fuse.options import allows_other_users, mount_options

if TYPE_CHECKING:
    from vaultengine.fs.pool import ChunkPool

log = logging.getLogger(__name__)

# The mount's chunk pool: a fixed number of crypto workers and a bounded window of chunks in
# flight (32 KiB each), so a 1 GiB copy holds at most CHUNK_QUEUE_DEPTH chunks in the pool.
CHUNK_WORKERS = max(2, min(4, os.cpu_count() or 2))
CHUNK_QUEUE_DEPTH = 64


# Collector thresholds for a process whose whole job is serving one mount (see tune_gc_for_serving).
SERVING_GC_THRESHOLD = (50_000, 20, 100)


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
        self.mountpoint = os.path.abspath(mountpoint)
        self.read_only = read_only
        self.vault_path = os.path.abspath(vault.path)
        self.options = mount_options(self.vault_path, read_only=read_only, user_options=options)
        self.lock_on_end = lock_on_end
        self.pool = pool
        self.error: BaseException | None = None
        self.ops: VaultOperations | None = None  # set while serving; holds the byte counters
        self.ready = threading.Event()  # set by whoever saw the folder answer (mount.py)
        self.ended = threading.Event()
        self._created_mountpoint = False
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

    def cleanup(self) -> None:
        """Lock the vault (closes the fs), stop the pool, remove our mount point. Idempotent."""
        with self._clean_lock:
            if self._cleaned:
                return
            self._cleaned = True
        try:
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
