"""Push the rest of a decrypted chunk into the kernel's page cache (fuse_lowlevel_notify_store).

A 4 KiB read decrypts the whole 32 KiB chunk it falls in; storing the other 28 KiB lets the
kernel answer the next reads of that chunk without asking us. Opt-in for now
($STRONGROOM_FUSE_STORE=1), because of what it must never do - serve stale pages:

- Stores run on this module's own thread, after the reply. Sent from the loop thread they
  deadlock: the kernel locks the pages of a read request before sending it, and a store waits
  for the page lock, so a store into a chunk another reader is waiting on would wait for the
  loop thread, which waits for the store. From here the loop keeps serving and unlocks them.
- Only for files no handle has open for writing, and only if nothing changed the file since
  the chunk was read (the inode's generation: writes, truncation, opens for writing, renames
  and unlinks through the mount bump it). Left open: a writer that opens and writes between
  that check and the kernel taking the store (microseconds; longer if the store waits on a
  page lock of a concurrent reader) can have its pages overwritten with the older content.
  That, and sync clients (covered only by the kernel's auto_inval_data on the next getattr),
  are why it is not on by default.
- The stored bytes come from a read that stopped at end of file, so a store never grows the
  file (the kernel extends i_size to the end of a store).
- O_DIRECT readers never look at the page cache; a store only helps others.
"""

from __future__ import annotations

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

STORE_ENV = "STRONGROOM_FUSE_STORE"
CHUNK = 32 * 1024  # cleartext bytes per vault chunk
QUEUE_DEPTH = 64  # chunks waiting to be stored; more are dropped (a store is only a hint)


def store_wanted() -> bool:
    return os.environ.get(STORE_ENV, "").strip().lower() in ("1", "yes", "true", "on")


class ChunkStorer:
    def __init__(self, lib: b.LowLevelLib, inodes: InodeTable) -> None:
        self._lib = lib
        self._inodes = inodes
        self.session: int | None = None
        self._queue: queue.Queue[tuple[int, int, int, bytes] | None] = queue.Queue(QUEUE_DEPTH)
        self._thread = threading.Thread(target=self._run, name="fuse-store", daemon=True)
        self._thread.start()
        self.stored = 0  # stores the kernel took, for tests and benchmarks

    def offer(self, ino: int, generation: int, offset: int, data: bytes) -> None:
        if not data:
            return
        with contextlib.suppress(queue.Full):  # a store is only a hint: drop it
            self._queue.put_nowait((ino, generation, offset, data))

    def stop(self) -> None:
        """Finish the stores queued so far and end the thread (before the session goes)."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        vec = b.FuseBufVec()
        vec.count, vec.idx, vec.off = 1, 0, 0
        while True:
            item = self._queue.get()
            if item is None:
                return
            ino, generation, offset, data = item
            node = self._inodes.get_or_none(ino)
            session = self.session
            if session is None or node is None or node.writers or node.generation != generation:
                continue  # changed (or closed for good) since the read: the chunk may be stale
            buf = vec.buf[0]
            buf.size, buf.flags, buf.fd, buf.pos = len(data), 0, -1, 0
            buf.mem = ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p)
            result = self._lib.notify_store(session, ino, offset, ctypes.byref(vec), 0)
            if result == 0:
                self.stored += 1
            elif result != -2:  # -ENOENT: the kernel already forgot the inode
                log.debug("notify_store of inode %d failed: %s", ino, os.strerror(-result))
