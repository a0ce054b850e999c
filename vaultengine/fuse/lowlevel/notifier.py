"""Messages to the kernel that no request asked for: chunks pushed into its page cache
(fuse_lowlevel_notify_store) and cached pages and attributes dropped (notify_inval_inode).

Stores: a 4 KiB read decrypts the whole 32 KiB chunk it falls in; storing the other 28 KiB
lets the kernel answer the next reads of that chunk without asking us. On by default;
$STRONGROOM_FUSE_STORE=0 turns them off. What a store must never do is leave stale pages:

- Everything here runs on this module's own thread, never the loop's. From the loop thread a
  store deadlocks: the kernel locks the pages of a read request before sending it, and a store
  waits for those page locks, which only the loop thread's reply releases.
- Only for files no handle has open for writing, and only if nothing changed the file since
  the chunk was read (the inode's generation: writes, truncation, time changes, opens for
  writing, renames and unlinks through the mount bump it). A writer that opens and writes
  between that check and the kernel taking the store is caught by a second check after it:
  the stored range is then dropped again (`retracted`). The kernel holds a written page locked
  until our WRITE reply, so a store cannot land between the write and our generation bump.
- The stored bytes come from a read that stopped at end of file, so a store never grows the
  file (the kernel extends i_size to the end of a store).
- A file a sync client replaced: the handlers notice a new ciphertext inode, size or mtime
  that no change through the mount explains and have its pages dropped here (invalidate), on
  top of the kernel's own auto_inval_data, which misses a replacement of the same size and
  mtime.
- O_DIRECT readers never look at the page cache; a store only helps others.
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import logging
import os
import queue
import threading
from typing import TYPE_CHECKING

from vaultengine.fuse.lowlevel import binding as b

if TYPE_CHECKING:
    from vaultengine.fuse.lowlevel.inodes import InodeTable

log = logging.getLogger(__name__)

STORE_ENV = "STRONGROOM_FUSE_STORE"  # "0" turns chunk stores off (invalidations stay)
CHUNK = 32 * 1024  # cleartext bytes per vault chunk
QUEUE_DEPTH = 64  # chunks waiting to be stored; more are dropped (a store is only a hint)
_ENOENT = -2  # the kernel already forgot the inode


def stores_wanted() -> bool:
    return os.environ.get(STORE_ENV, "1").strip().lower() not in ("0", "no", "false", "off")


class KernelNotifier:
    def __init__(self, lib: b.LowLevelLib, inodes: InodeTable, *, stores: bool) -> None:
        self._lib = lib
        self._inodes = inodes
        self.stores = stores
        self.session: int | None = None
        # An item is a store (ino, generation, offset, data), None to end, or () to wake up
        # for the invalidations, which are never dropped (a deque, not the bounded queue).
        self._queue: queue.Queue[tuple[int, int, int, bytes] | tuple[()] | None] = queue.Queue(
            QUEUE_DEPTH
        )
        self._invalidations: collections.deque[int] = collections.deque()
        self._thread = threading.Thread(target=self._run, name="fuse-notify", daemon=True)
        self._busy = threading.Lock()  # held while a message is on its way to the kernel
        self._cancelled = False
        self._thread.start()
        self.stored = 0  # stores the kernel took, for tests and benchmarks
        self.retracted = 0  # stores taken back because the file changed meanwhile
        self.invalidated = 0  # inodes whose pages were dropped for a change underneath

    def offer(self, ino: int, generation: int, offset: int, data: bytes) -> None:
        """Store `data` at `offset` of `ino` if `ino` is still at `generation` by then."""
        if not data or not self.stores:
            return
        with contextlib.suppress(queue.Full):  # a store is only a hint: drop it
            self._queue.put_nowait((ino, generation, offset, data))

    def invalidate(self, ino: int) -> None:
        """Drop the kernel's pages and attributes of `ino` (changed underneath)."""
        self._invalidations.append(ino)
        with contextlib.suppress(queue.Full):  # full: the thread is busy and looks anyway
            self._queue.put_nowait(())

    def cancel(self) -> None:
        """Send nothing more, not even what is queued; returns once nothing is in flight
        (a forced lock: pages the kernel drops next must not be filled again)."""
        self._cancelled = True
        with self._busy:
            pass

    def stop(self) -> None:
        """Send what is queued so far and end the thread (before the session goes)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _went_stale(self, ino: int, generation: int) -> bool:
        node = self._inodes.get_or_none(ino)
        return node is None or bool(node.writers) or node.generation != generation

    def _run(self) -> None:
        vec = b.FuseBufVec()
        vec.count, vec.idx, vec.off = 1, 0, 0
        while True:
            item = self._queue.get()
            with self._busy:
                self._send_invalidations()
                if item is None:
                    return
                if item:
                    self._store(vec, *item)

    def _send_invalidations(self) -> None:
        while self._invalidations:
            ino = self._invalidations.popleft()
            session = self.session
            if self._cancelled or session is None:
                continue
            result = self._lib.notify_inval_inode(session, ino, 0, 0)
            if result == 0:
                self.invalidated += 1
            elif result != _ENOENT:
                log.debug("notify_inval_inode of inode %d failed: %s", ino, os.strerror(-result))

    def _store(
        self, vec: b.FuseBufVec, ino: int, generation: int, offset: int, data: bytes
    ) -> None:
        session = self.session
        if self._cancelled or session is None or self._went_stale(ino, generation):
            return  # changed (or closed for good) since the read: the chunk may be stale
        buf = vec.buf[0]
        buf.size, buf.flags, buf.fd, buf.pos = len(data), 0, -1, 0
        buf.mem = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p)
        result = self._lib.notify_store(session, ino, offset, ctypes.byref(vec), 0)
        if result == 0 and self._went_stale(ino, generation):
            self._lib.notify_inval_inode(session, ino, offset, len(data))
            self.retracted += 1
        elif result == 0:
            self.stored += 1
        elif result != _ENOENT:
            log.debug("notify_store of inode %d failed: %s", ino, os.strerror(-result))
