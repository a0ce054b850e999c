"""The low-level request handlers: inode numbers in, VaultOperations (path-based) underneath.

Every handler answers its request exactly once: the handlers compute first and reply last,
and `_guarded` answers with the errno of whatever they raise (FORGET: fuse_reply_none), so a
bug costs one EIO, never a hung caller. Semantics (modes, owners, EPERM for hard links,
errno table, read-only) are VaultOperations', reused as they are; this module only translates
inode numbers to paths (inodes.py) and fills libfuse's structs.

Threads: metadata requests, reads, writes and releases are answered on the loop thread (the
fs layer writes through and fans large I/O out to its ChunkPool itself); fsync goes to the
RequestPool and is answered from there, so the loop keeps serving while the disk flushes.
Large reads/writes can go there too ($STRONGROOM_FUSE_POOL_IO_KIB), measured slower here.

Open files that are unlinked (or replaced by rename) are parked under a `.fuse_hidden` name in
their folder until their last handle closes, as libfuse's high-level API does: the fs layer
answers by path, and the file must stay reachable for fstat/ftruncate of the open handle.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import itertools
import logging
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from vaultengine.fuse.adapter import AttrLike, VaultOperations, _log_failure, errno_for
from vaultengine.fuse.lowlevel import binding as b
from vaultengine.fuse.lowlevel.inodes import Inode, InodeTable, child_path
from vaultengine.fuse.lowlevel.notifier import CHUNK, KernelNotifier, stores_wanted
from vaultengine.fuse.lowlevel.workers import RequestPool
from vaultengine.fuse.statpack import StatPacker, stat_values

log = logging.getLogger(__name__)

# Reads and writes of at least this many bytes are answered from the RequestPool (0: none).
# Default none: on the 2-CPU bench machine the hand-off (and the GIL shared with the loop
# thread) cost more than overlapping gained - with 128 KiB, sequential reads fell from
# ~1,400 to ~630 MB/s and writes from ~660 to ~550 MB/s (bench_mount.py, one interleaved
# run of 3 rounds each); large requests already fan their chunks out to the ChunkPool.
POOL_IO_ENV = "STRONGROOM_FUSE_POOL_IO_KIB"


def pool_io_bytes() -> int:
    """$STRONGROOM_FUSE_POOL_IO_KIB in bytes (for benchmarks), else 0 (never)."""
    configured = os.environ.get(POOL_IO_ENV, "").strip()
    try:
        return max(0, int(configured)) * 1024 if configured else 0
    except ValueError:
        log.warning("ignoring %s=%r: not a number of KiB", POOL_IO_ENV, configured)
        return 0


UNKNOWN_INO = 0xFFFFFFFF  # d_ino of a plain readdir entry the kernel holds no number for
HIDDEN_PREFIX = ".fuse_hidden"
RENAME_NOREPLACE = 1


@dataclass
class Timeouts:
    """Kernel cache settings (the high-level API's -o options, applied by hand here)."""

    attr: float = 1.0
    entry: float = 1.0
    negative: float = 0.0
    keep_cache: str = "auto"  # "auto" (auto_cache), "always" (kernel_cache) or "never"
    direct_io: bool = False
    cache_readdir: bool = False  # see op_opendir


@dataclass
class _Handle:
    ino: int
    writer: bool


def info_flags_write(flags: int) -> bool:
    return flags & os.O_ACCMODE != os.O_RDONLY or bool(flags & os.O_TRUNC)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection while a listing is built: it allocates several objects per entry
    (none in cycles), all kept, and each collection on the way scans them again (py-spy put
    11% of a 100,000-entry listing in gc_collect_main). Refcounting frees them as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _decode(name: bytes) -> str:
    return name.decode("utf-8", "surrogateescape")


class LowLevelOperations:
    """The handlers; `table()` builds the fuse_lowlevel_ops struct that points at them."""

    def __init__(
        self, ops: VaultOperations, lib: b.LowLevelLib, pool: RequestPool, timeouts: Timeouts
    ) -> None:
        self.ops = ops
        self.lib = lib
        self.pool = pool
        self.timeouts = timeouts
        self.inodes = InodeTable()
        self.session: int | None = None  # the fuse_session pointer, once created
        self._packer = StatPacker(b.Stat)
        self._attr_out = b.Stat()
        self._attr_out_ref = ctypes.byref(self._attr_out)
        self._entry_out = b.EntryParam()
        self._entry_out.attr_timeout = timeouts.attr
        self._entry_out.entry_timeout = timeouts.entry
        self._entry_out_ref = ctypes.byref(self._entry_out)
        self._handles: dict[int, _Handle] = {}
        self._dirs: dict[int, tuple[int, list[tuple[str, AttrLike]]]] = {}
        self._dir_handles = itertools.count(1)
        self._callbacks: list[Any] = []  # keep the ctypes thunks alive while mounted
        self.pool_io = pool_io_bytes()
        self.notifier = KernelNotifier(lib, self.inodes, stores=stores_wanted())

    def drop_cached_cleartext(self, _open_paths: list[str] | None = None) -> int:
        """A forced lock: stop pushing chunks into the page cache, then ask the kernel to drop
        the pages and attributes of every inode with an open handle (the only way left to
        read them once every request answers EIO). From any thread but the loop's, while the
        loop still serves. Returns how many inodes the kernel took."""
        self.notifier.cancel()
        session = self.session
        if session is None:
            return 0
        invalidate = self.lib.notify_inval_inode
        return sum(invalidate(session, ino, 0, 0) == 0 for ino in self.inodes.open_inodes())

    # -- plumbing --

    def table(self) -> b.LowLevelOps:
        table = b.LowLevelOps()
        for field, cfunc_type in b.OPS_FIELDS:
            handler = getattr(self, f"op_{field}", None)
            if handler is None:
                continue  # NULL: libfuse answers ENOSYS (xattrs, locks, flush...)
            reply_none = field in ("forget", "forget_multi")
            thunk = cfunc_type(self._guarded(field, handler, reply_none))
            self._callbacks.append(thunk)
            setattr(table, field, thunk)
        return table

    def _guarded(self, name: str, handler: Callable[..., None], reply_none: bool) -> Any:
        lib = self.lib

        def call(req: int, *args: Any) -> None:
            try:
                handler(req, *args)
            except BaseException as exc:  # the request must still be answered
                self._answer_failure(lib, name, req, exc, reply_none)

        return call

    @staticmethod
    def _answer_failure(
        lib: b.LowLevelLib, name: str, req: int, exc: BaseException, reply_none: bool
    ) -> None:
        if reply_none:
            log.error("%s failed unexpectedly with %s", name, type(exc).__name__)
            lib.reply_none(req)
            return
        code = errno_for(exc)
        if not isinstance(exc, OSError):
            _log_failure(name, exc)
        lib.reply_err(req, code)

    def _in_pool(self, name: str, req: int, work: Callable[[], None]) -> None:
        """Run `work` (which replies) on a RequestPool worker, guarded like a handler."""
        lib = self.lib

        def task() -> None:
            try:
                work()
            except BaseException as exc:
                self._answer_failure(lib, name, req, exc, False)

        try:
            self.pool.submit(task)
        except RuntimeError:  # shutting down: answer here
            task()

    def _fill_stat(self, st: b.Stat, ino: int, attr: AttrLike) -> None:
        self._packer.pack_into(st, stat_values(self.ops, attr))
        # What programs see as st_ino: the ciphertext node's inode, as on the high-level path
        # (use_ino), so it survives a FORGET; the table's number is only the kernel's nodeid.
        st.st_ino = attr.st_ino or ino
        node = self.inodes.get_or_none(ino)
        if node is not None:
            self._notice_change(node, (attr.st_ino, attr.st_size, attr.st_mtime_ns))

    def _notice_change(self, node: Inode, seen: tuple[int, int, int]) -> None:
        """Drop the kernel's cached pages of a file that changed underneath (a sync client
        replaced its ciphertext): what the kernel last got from us differs, and nothing
        done through the mount since then explains it."""
        if node.seen is not None and node.seen != seen and node.generation == node.seen_generation:
            self.notifier.invalidate(node.ino)
        node.seen, node.seen_generation = seen, node.generation

    def _reply_entry(self, req: int, path: str) -> None:
        """Stat `path`, count one lookup of it and answer with its entry."""
        attr = self.ops.stat_attr(path)
        node = self.inodes.remember(path)
        entry = self._entry_out  # one struct for all entry replies (loop thread only)
        entry.ino = node.ino
        self._fill_stat(entry.attr, node.ino, attr)
        if self.lib.reply_entry(req, self._entry_out_ref) != 0:
            self.inodes.forget(node.ino, 1)  # the kernel never got the number

    def _child(self, parent: int, name: bytes) -> tuple[str, str]:
        parent_path = self.inodes.path(parent)
        return parent_path, child_path(parent_path, _decode(name))

    # -- names --

    def op_lookup(self, req: int, parent: int, name: bytes) -> None:
        _, path = self._child(parent, name)
        try:
            self._reply_entry(req, path)
        except OSError as exc:
            if exc.errno != errno.ENOENT or not self.timeouts.negative:
                raise
            negative = b.EntryParam()  # ino 0: "no such name", cached for negative_timeout
            negative.entry_timeout = self.timeouts.negative
            self.lib.reply_entry(req, ctypes.byref(negative))

    def op_forget(self, req: int, ino: int, nlookup: int) -> None:
        self.inodes.forget(ino, nlookup)
        self.lib.reply_none(req)

    def op_forget_multi(self, req: int, count: int, forgets: Any) -> None:
        for index in range(count):
            item = forgets[index]
            self.inodes.forget(item.ino, item.nlookup)
        self.lib.reply_none(req)  # last: if anything above raised, _guarded answers instead

    def op_getattr(self, req: int, ino: int, fi: Any) -> None:
        node = self.inodes.get(ino)
        attr = self.ops.stat_attr(self.inodes.path(ino))
        # One struct for all GETATTRs (loop thread only; the reply copies it at once).
        self._fill_stat(self._attr_out, ino, attr)
        if node.hidden and self._attr_out.st_nlink:
            self._attr_out.st_nlink -= 1  # unlinked while open: fstat says so, as libfuse does
        self.lib.reply_attr(req, self._attr_out_ref, self.timeouts.attr)

    def op_setattr(self, req: int, ino: int, attr_in: Any, to_set: int, fi: Any) -> None:
        ops, path = self.ops, self.inodes.path(ino)
        new = attr_in.contents
        fh = fi.contents.fh if fi else None
        if to_set & b.SET_ATTR_MODE:
            ops.chmod(path, new.st_mode)
        if to_set & (b.SET_ATTR_UID | b.SET_ATTR_GID):
            uid = new.st_uid if to_set & b.SET_ATTR_UID else -1
            gid = new.st_gid if to_set & b.SET_ATTR_GID else -1
            ops.chown(path, uid, gid)
        if to_set & b.SET_ATTR_SIZE:
            self.inodes.changed(ino)
            ops.truncate(path, new.st_size, fh)
        time_bits = b.SET_ATTR_ATIME | b.SET_ATTR_MTIME | b.SET_ATTR_ATIME_NOW
        if to_set & (time_bits | b.SET_ATTR_MTIME_NOW):
            self.inodes.changed(ino)  # a new mtime through the mount is no change underneath
            now = time.time_ns()
            atime = self._time(
                to_set, b.SET_ATTR_ATIME, b.SET_ATTR_ATIME_NOW, new.st_atimespec, now
            )
            mtime = self._time(
                to_set, b.SET_ATTR_MTIME, b.SET_ATTR_MTIME_NOW, new.st_mtimespec, now
            )
            ops.utimens(path, (atime, mtime))
        self.op_getattr(req, ino, fi)

    @staticmethod
    def _time(to_set: int, given: int, now_bit: int, ts: b.Timespec, now: int) -> int | None:
        if to_set & now_bit:
            return now
        if to_set & given:
            return int(ts.tv_sec) * 1_000_000_000 + int(ts.tv_nsec)
        return None  # UTIME_OMIT

    def op_readlink(self, req: int, ino: int) -> None:
        target = self.ops.readlink(self.inodes.path(ino))
        self.lib.reply_readlink(req, target.encode("utf-8", "surrogateescape"))

    def op_mknod(self, req: int, parent: int, name: bytes, mode: int, rdev: int) -> None:
        _, path = self._child(parent, name)
        self.ops.mknod(path, mode, rdev)
        self._reply_entry(req, path)

    def op_mkdir(self, req: int, parent: int, name: bytes, mode: int) -> None:
        _, path = self._child(parent, name)
        self.ops.mkdir(path, mode)
        self._reply_entry(req, path)

    def op_symlink(self, req: int, target: bytes, parent: int, name: bytes) -> None:
        _, path = self._child(parent, name)
        self.ops.symlink(path, _decode(target))
        self._reply_entry(req, path)

    def op_link(self, req: int, ino: int, new_parent: int, name: bytes) -> None:
        self.ops.link(self._child(new_parent, name)[1], self.inodes.path(ino))

    def op_unlink(self, req: int, parent: int, name: bytes) -> None:
        parent_path, path = self._child(parent, name)
        if not self._hide_if_open(parent_path, path):
            self.ops.unlink(path)
            self.inodes.unlinked(path)
        self.lib.reply_err(req, 0)

    def _hide_if_open(self, parent_path: str, path: str) -> bool:
        """Park an open file under a hidden name instead of removing it; True if done."""
        node = self.inodes.peek(path)
        if node is None or not node.open_handles:
            return False
        hidden = child_path(parent_path, self.inodes.hidden_name(node.ino))
        self.ops.rename(path, hidden)
        self.inodes.renamed(path, hidden)
        node.hidden = True
        return True

    def op_rmdir(self, req: int, parent: int, name: bytes) -> None:
        _, path = self._child(parent, name)
        self.ops.rmdir(path)
        self.inodes.unlinked(path)
        self.lib.reply_err(req, 0)

    def op_rename(
        self, req: int, parent: int, name: bytes, new_parent: int, new_name: bytes, flags: int
    ) -> None:
        _, old = self._child(parent, name)
        new_parent_path, new = self._child(new_parent, new_name)
        if flags == 0 and old != new:
            self._hide_if_open(new_parent_path, new)  # an open file being replaced
        self.ops.rename(old, new, flags)
        self.inodes.renamed(old, new)
        self.lib.reply_err(req, 0)

    def op_statfs(self, req: int, ino: int) -> None:
        values = self.ops.statfs("/")
        st = b.StatVfs()
        for key, value in values.items():
            setattr(st, key, value)
        self.lib.reply_statfs(req, ctypes.byref(st))

    def op_access(self, req: int, ino: int, mask: int) -> None:
        self.ops.access(self.inodes.path(ino), mask)
        self.lib.reply_err(req, 0)

    # -- files --

    def _opened(self, ino: int, fh: int, fi: Any, attr: AttrLike) -> None:
        """Book the new handle and set the page-cache flags in `fi`."""
        node = self.inodes.opened(ino)
        writer = info_flags_write(fi.contents.flags)
        self._handles[fh] = _Handle(ino, writer)
        if writer:
            node.writers += 1
            node.generation += 1
        # The ciphertext inode too: a sync client's replacement of the same size and mtime
        # must not reuse the old pages.
        seen = (attr.st_ino, attr.st_size, attr.st_mtime_ns)
        mode = self.timeouts.keep_cache
        info = fi.contents
        info.fh = fh
        info.keep_cache = mode == "always" or (mode == "auto" and node.opened_as == seen)
        info.direct_io = self.timeouts.direct_io
        node.opened_as = seen

    def _drop_handle(self, fh: int) -> None:
        """The kernel let go of `fh`: book it closed (a parked, unlinked file goes for good).

        Done on the loop thread even when the fs release itself runs in the pool, so that an
        UNLINK right behind the RELEASE sees the file closed, as the kernel does.
        """
        handle = self._handles.pop(fh, None)
        if handle is not None and handle.writer:
            node = self.inodes.get_or_none(handle.ino)
            if node is not None:
                node.writers -= 1
        last_path = None if handle is None else self.inodes.closed(handle.ino)
        if last_path is not None and last_path.rpartition("/")[2].startswith(HIDDEN_PREFIX):
            self.inodes.unlinked(last_path)
            self.ops.unlink(last_path)  # the fs keeps descriptors of open files working

    def _close(self, fh: int) -> None:
        try:
            self._drop_handle(fh)
        finally:
            self.ops.release(None, fh)

    def op_open(self, req: int, ino: int, fi: Any) -> None:
        path = self.inodes.path(ino)
        fh = self.ops.open(path, fi.contents.flags)
        try:
            attr = self.ops.stat_attr(path)
            self._opened(ino, fh, fi, attr)
        except BaseException:
            self._close(fh)
            raise
        if self.lib.reply_open(req, fi) != 0:  # interrupted: no release will come
            self._close(fh)

    def op_create(self, req: int, parent: int, name: bytes, mode: int, fi: Any) -> None:
        _, path = self._child(parent, name)
        fh = self.ops.create(path, mode, fi.contents.flags)
        try:
            attr = self.ops.handle_attr(fh)
            node = self.inodes.remember(path)
        except BaseException:
            self.ops.release(None, fh)
            raise
        self._opened(node.ino, fh, fi, attr)
        entry = b.EntryParam()
        entry.ino = node.ino
        entry.attr_timeout = self.timeouts.attr
        entry.entry_timeout = self.timeouts.entry
        self._fill_stat(entry.attr, node.ino, attr)
        if self.lib.reply_create(req, ctypes.byref(entry), fi) != 0:
            self._close(fh)
            self.inodes.forget(node.ino, 1)

    def op_read(self, req: int, ino: int, size: int, offset: int, fi: Any) -> None:
        fh = fi.contents.fh
        ops, reply_buf = self.ops, self.lib.reply_buf
        notifier = self.notifier
        if notifier.stores and size < CHUNK and offset // CHUNK == (offset + size - 1) // CHUNK:
            node = self.inodes.get_or_none(ino)
            if node is not None and not node.writers:
                # Decrypting the chunk costs the same for 4 KiB or all of it: read it whole,
                # answer, and let the notifier put the rest into the page cache.
                generation = node.generation
                start = offset - offset % CHUNK
                chunk = ops.read(None, CHUNK, start, fh)
                ahead = offset - start
                wanted = chunk[ahead : ahead + size]
                reply_buf(req, wanted, len(wanted))
                notifier.offer(ino, generation, start, chunk[:ahead])
                notifier.offer(ino, generation, offset + size, chunk[ahead + size :])
                return

        def read() -> None:
            data = ops.read(None, size, offset, fh)
            reply_buf(req, data, len(data))

        if self.pool_io and size >= self.pool_io:
            self._in_pool("read", req, read)
        else:
            read()

    def op_write(self, req: int, ino: int, buf: int, size: int, offset: int, fi: Any) -> None:
        fh = fi.contents.fh
        self.inodes.changed(ino)
        ops, reply_write = self.ops, self.lib.reply_write
        if self.pool_io and size >= self.pool_io:
            data = ctypes.string_at(buf, size)  # libfuse's buffer is reused after we return

            def write() -> None:
                reply_write(req, ops.write(None, data, offset, fh))

            self._in_pool("write", req, write)
            return
        # A view of libfuse's buffer, valid during this call; cast to plain bytes format
        # ('B'), since cryptography refuses the 'c' format of a ctypes char array.
        view = memoryview((ctypes.c_char * size).from_address(buf)).cast("B")
        reply_write(req, ops.write(None, view, offset, fh))

    def op_fallocate(
        self, req: int, ino: int, mode: int, offset: int, length: int, fi: Any
    ) -> None:
        fh = fi.contents.fh
        self.inodes.changed(ino)
        self.ops.fallocate(None, mode, offset, length, fh)
        self.lib.reply_err(req, 0)

    def op_fsync(self, req: int, ino: int, datasync: int, fi: Any) -> None:
        fh = fi.contents.fh
        ops, reply_err = self.ops, self.lib.reply_err

        def fsync() -> None:
            ops.fsync(None, datasync, fh)
            reply_err(req, 0)

        self._in_pool("fsync", req, fsync)

    def op_release(self, req: int, ino: int, fi: Any) -> None:
        # Answered here, not from the pool: the fs layer writes through, so closing a file
        # that was written to is one close() of its ciphertext descriptor. Measured: sending
        # it to the pool took file creates from ~4,000/s to ~1,700/s (a thread hand-off and
        # GIL contention per file).
        fh = fi.contents.fh
        try:
            self._drop_handle(fh)
        finally:
            self.ops.release(None, fh)
        self.lib.reply_err(req, 0)

    # No flush: the fs layer writes through (its flush is a no-op), so libfuse answers the
    # first FLUSH with ENOSYS and the kernel stops sending one on every close().

    # -- folders --

    def op_opendir(self, req: int, ino: int, fi: Any) -> None:
        self.inodes.path(ino)  # ENOENT for a folder removed meanwhile
        dh = next(self._dir_handles)
        self._dirs[dh] = (ino, [])  # listed by the first READDIR(PLUS), at offset 0
        info = fi.contents
        info.fh = dh
        if self.timeouts.cache_readdir:
            # The kernel keeps the listing and serves getdents from it across opens. It drops
            # it itself on every change made through this mount, and when a folder's mtime
            # changes, which is its content directory's mtime: a sync client adding or
            # removing an entry shows at the next attribute refresh (attr_timeout).
            info.cache_readdir = 1
            info.keep_cache = 1
        if self.lib.reply_open(req, fi) != 0:
            self._dirs.pop(dh, None)

    def _listing(self, ino: int, dh: int, offset: int) -> list[tuple[str, AttrLike]]:
        """The entries of an open folder; taken afresh at offset 0 (rewinddir refreshes)."""
        known = self._dirs.get(dh)
        if known is None or offset == 0:
            with collector_paused():
                known = (ino, self.ops.list_attrs(self.inodes.path(ino)))
            self._dirs[dh] = known
        return known[1]

    def op_readdirplus(self, req: int, ino: int, size: int, offset: int, fi: Any) -> None:
        self._readdir(req, ino, size, offset, fi, plus=True)

    def op_readdir(self, req: int, ino: int, size: int, offset: int, fi: Any) -> None:
        self._readdir(req, ino, size, offset, fi, plus=False)

    def _readdir(self, req: int, ino: int, size: int, offset: int, fi: Any, plus: bool) -> None:
        entries = self._listing(ino, fi.contents.fh, offset)
        folder = self.inodes.path(ino)
        lib, inodes = self.lib, self.inodes
        out = ctypes.create_string_buffer(size)
        base, used = ctypes.addressof(out), 0
        entry = b.EntryParam()
        entry.attr_timeout = self.timeouts.attr
        entry.entry_timeout = self.timeouts.entry
        st = entry.attr
        entry_ref = ctypes.byref(entry)
        add_plus, add = lib.add_direntry_plus, lib.add_direntry
        counted: list[int] = []
        st.st_mode = 0o040755
        for position, dot in ((1, b"."), (2, b"..")):
            if position <= offset:
                continue
            # . and .. carry no lookup count (the kernel does not link them); ino 0 for them.
            st.st_ino = ino if position == 1 else UNKNOWN_INO
            if plus:
                need = add_plus(req, base + used, size - used, dot, ctypes.byref(entry), position)
            else:
                need = add(req, base + used, size - used, dot, ctypes.byref(st), position)
            if used + need > size:
                lib.reply_buf(req, out, used)
                return
            used += need
        for index in range(max(offset - 2, 0), len(entries)):
            name, attr = entries[index]
            encoded = name.encode("utf-8", "surrogateescape")
            if plus:
                # Count a lookup for each entry that goes out (the kernel links it), and give
                # it back for the one that did not fit (add_plus then writes nothing).
                node = inodes.remember(child_path(folder, name))
                entry.ino = node.ino
                self._fill_stat(st, node.ino, attr)
                need = add_plus(req, base + used, size - used, encoded, entry_ref, index + 3)
                if used + need > size:
                    inodes.forget(node.ino, 1)
                    break
                counted.append(node.ino)
            else:
                entry_ino = attr.st_ino
                if not entry_ino:  # only a node without one of its own needs the table
                    known = inodes.peek(child_path(folder, name))
                    entry_ino = known.ino if known is not None else UNKNOWN_INO
                st.st_ino = entry_ino
                st.st_mode = attr.st_mode
                need = add(req, base + used, size - used, encoded, ctypes.byref(st), index + 3)
                if used + need > size:
                    break
            used += need
        if lib.reply_buf(req, out, used) != 0:  # interrupted: the kernel linked none of them
            for counted_ino in counted:
                inodes.forget(counted_ino, 1)

    def op_releasedir(self, req: int, ino: int, fi: Any) -> None:
        self._dirs.pop(fi.contents.fh, None)
        self.lib.reply_err(req, 0)
