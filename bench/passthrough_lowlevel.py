"""A minimal Python passthrough filesystem on libfuse3's low-level API: the bench floor.

    python bench/passthrough_lowlevel.py SOURCE_FOLDER MOUNTPOINT

Serves SOURCE_FOLDER at MOUNTPOINT in the foreground until unmounted (or SIGINT/SIGTERM) on
what a Strongroom mount serves on by default: the ctypes binding of its low-level path
(vaultengine/fuse/lowlevel/binding.py), the same kernel cache settings (1 s attribute, entry
and negative timeouts, pages kept across opens of an unchanged file, listings cached by the
kernel) and the same loop (serve_loop.py, polling before blocking). Each handler is an inode
number to path lookup and one or two os.* calls; fsync is answered from a helper thread, as
Strongroom's pool does, so the loop keeps serving meanwhile. No crypto, no name mapping, no
caches or page-cache stores of its own: what any Python filesystem on this path pays per
request. bench_mount.py shows it as the `passthrough` column (passthrough_fs.py is the same
floor on mfusepy's high-level API, the `passthrough-highlevel` column).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import ctypes
import errno
import itertools
import os
import signal
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vaultengine.fuse.lowlevel import binding as b  # noqa: E402
from vaultengine.fuse.serve_loop import _LibFuse3, _serve, spin_seconds  # noqa: E402
from vaultengine.fuse.statpack import StatPacker  # noqa: E402

ROOT_INO = 1
TIMEOUT = 1.0  # attribute, entry and negative-entry timeouts, as Strongroom's CACHE_OPTIONS
UNKNOWN_INO = 0xFFFFFFFF


class Inodes:
    """Kernel inode numbers <-> paths under the source folder, with the kernel's lookup
    counts (an inode goes when FORGET gives its last one back)."""

    def __init__(self, source: str) -> None:
        self.path_of: dict[int, str] = {ROOT_INO: source}
        self._ino_of: dict[str, int] = {source: ROOT_INO}
        self._lookups: dict[int, int] = {ROOT_INO: 1}
        self._numbers = itertools.count(ROOT_INO + 1)

    def path(self, ino: int) -> str:
        try:
            return self.path_of[ino]
        except KeyError:
            raise OSError(errno.ENOENT, "unknown inode") from None

    def looked_up(self, path: str) -> int:
        """The number of `path`, counting one more lookup of it."""
        ino = self._ino_of.get(path)
        if ino is None:
            ino = next(self._numbers)
            self._ino_of[path], self.path_of[ino] = ino, path
        self._lookups[ino] = self._lookups.get(ino, 0) + 1
        return ino

    def forget(self, ino: int, count: int) -> bool:
        """Give `count` lookups back; True if that was the last (the inode is gone)."""
        left = self._lookups.get(ino, 0) - count
        if left > 0 or ino == ROOT_INO:
            self._lookups[ino] = max(left, 1)
            return False
        self._lookups.pop(ino, None)
        path = self.path_of.pop(ino, None)
        if path is not None and self._ino_of.get(path) == ino:
            del self._ino_of[path]
        return True

    def removed(self, path: str) -> None:
        """`path` is gone; its inode lives on (without a name) until forgotten."""
        self._ino_of.pop(path, None)

    def renamed(self, old: str, new: str) -> None:
        self.removed(new)
        prefix = old + "/"
        moved = [(p, i) for p, i in self._ino_of.items() if p == old or p.startswith(prefix)]
        for path, _ in moved:
            del self._ino_of[path]
        for path, ino in moved:
            self._ino_of[new + path[len(old) :]] = ino
            self.path_of[ino] = new + path[len(old) :]


class Passthrough:
    """The handlers (op_<name>, named like the fields of fuse_lowlevel_ops)."""

    def __init__(self, lib: b.LowLevelLib, source: str) -> None:
        self.lib = lib
        self.source = source
        self.inodes = Inodes(source)
        self._packer = StatPacker(b.Stat)
        self._attr = b.Stat()
        self._entry = b.EntryParam()
        self._entry.attr_timeout = self._entry.entry_timeout = TIMEOUT
        self._opened_as: dict[int, tuple[int, int]] = {}  # ino -> (size, mtime) at last open
        self._dirs: dict[int, list[os.DirEntry[str]]] = {}
        self._dir_handles = itertools.count(1)
        self._fsyncs = concurrent.futures.ThreadPoolExecutor(1, "passthrough-fsync")
        self._thunks: list[Any] = []  # keep the ctypes callbacks alive while mounted

    def close(self) -> None:
        """Answer the fsyncs still queued (before the session goes)."""
        self._fsyncs.shutdown(wait=True)

    def table(self) -> b.LowLevelOps:
        table = b.LowLevelOps()
        for field, cfunc_type in b.OPS_FIELDS:
            handler = getattr(self, f"op_{field}", None)
            if handler is not None:
                thunk = cfunc_type(self._guarded(handler, field.startswith("forget")))
                self._thunks.append(thunk)
                setattr(table, field, thunk)
        return table

    def _guarded(self, handler: Callable[..., None], reply_none: bool) -> Callable[..., None]:
        lib = self.lib

        def call(req: int, *args: Any) -> None:
            try:
                handler(req, *args)
            except BaseException as exc:  # every request gets exactly one reply
                if reply_none:
                    lib.reply_none(req)
                else:
                    code = exc.errno if isinstance(exc, OSError) and exc.errno else errno.EIO
                    lib.reply_err(req, code)

        return call

    def _child(self, parent: int, name: bytes) -> str:
        return self.inodes.path(parent) + "/" + name.decode("utf-8", "surrogateescape")

    def _fill(self, st: b.Stat, s: os.stat_result) -> None:
        self._packer.pack_into(st, (
            s.st_mode, s.st_ino, s.st_nlink, s.st_uid, s.st_gid, s.st_size, s.st_blksize,
            s.st_blocks, *divmod(s.st_atime_ns, 1_000_000_000),
            *divmod(s.st_mtime_ns, 1_000_000_000), *divmod(s.st_ctime_ns, 1_000_000_000),
        ))  # fmt: skip

    def _reply_entry(self, req: int, path: str) -> None:
        st = os.lstat(path)
        entry = self._entry
        entry.ino = self.inodes.looked_up(path)
        self._fill(entry.attr, st)
        if self.lib.reply_entry(req, ctypes.byref(entry)) != 0:
            self.inodes.forget(entry.ino, 1)

    # -- names and attributes --

    def op_lookup(self, req: int, parent: int, name: bytes) -> None:
        try:
            self._reply_entry(req, self._child(parent, name))
        except FileNotFoundError:
            negative = b.EntryParam()  # ino 0: "no such name", cached for the timeout
            negative.entry_timeout = TIMEOUT
            self.lib.reply_entry(req, ctypes.byref(negative))

    def _forget(self, ino: int, count: int) -> None:
        if self.inodes.forget(ino, count):
            self._opened_as.pop(ino, None)

    def op_forget(self, req: int, ino: int, count: int) -> None:
        self._forget(ino, count)
        self.lib.reply_none(req)

    def op_forget_multi(self, req: int, count: int, forgets: Any) -> None:
        for index in range(count):
            self._forget(forgets[index].ino, forgets[index].nlookup)
        self.lib.reply_none(req)

    def op_getattr(self, req: int, ino: int, fi: Any) -> None:
        st = os.fstat(fi.contents.fh) if fi else os.lstat(self.inodes.path(ino))
        self._fill(self._attr, st)
        self.lib.reply_attr(req, ctypes.byref(self._attr), TIMEOUT)

    def op_setattr(self, req: int, ino: int, attr: Any, to_set: int, fi: Any) -> None:
        path, new = self.inodes.path(ino), attr.contents
        if to_set & b.SET_ATTR_MODE:
            os.chmod(path, new.st_mode)
        if to_set & b.SET_ATTR_SIZE:
            if fi:
                os.ftruncate(fi.contents.fh, new.st_size)
            else:
                os.truncate(path, new.st_size)
        if to_set & (b.SET_ATTR_ATIME | b.SET_ATTR_MTIME | b.SET_ATTR_ATIME_NOW
                     | b.SET_ATTR_MTIME_NOW):  # fmt: skip
            old = os.lstat(path)
            atime = _new_time(to_set, b.SET_ATTR_ATIME, b.SET_ATTR_ATIME_NOW, new.st_atimespec)
            mtime = _new_time(to_set, b.SET_ATTR_MTIME, b.SET_ATTR_MTIME_NOW, new.st_mtimespec)
            os.utime(path, ns=(atime or old.st_atime_ns, mtime or old.st_mtime_ns))
        self.op_getattr(req, ino, fi)

    def op_mkdir(self, req: int, parent: int, name: bytes, mode: int) -> None:
        path = self._child(parent, name)
        os.mkdir(path, mode)
        self._reply_entry(req, path)

    def op_unlink(self, req: int, parent: int, name: bytes) -> None:
        path = self._child(parent, name)
        os.unlink(path)  # open handles keep their descriptor
        self.inodes.removed(path)
        self.lib.reply_err(req, 0)

    def op_rmdir(self, req: int, parent: int, name: bytes) -> None:
        path = self._child(parent, name)
        os.rmdir(path)
        self.inodes.removed(path)
        self.lib.reply_err(req, 0)

    def op_rename(
        self, req: int, parent: int, name: bytes, new_parent: int, new_name: bytes, flags: int
    ) -> None:
        if flags:
            raise OSError(errno.EINVAL, "rename flags are not passed through")
        old, new = self._child(parent, name), self._child(new_parent, new_name)
        os.rename(old, new)
        self.inodes.renamed(old, new)
        self.lib.reply_err(req, 0)

    def op_statfs(self, req: int, ino: int) -> None:
        values, st = os.statvfs(self.source), b.StatVfs()
        for key in ("f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files",
                    "f_ffree", "f_favail", "f_flag", "f_namemax"):  # fmt: skip
            setattr(st, key, getattr(values, key))
        self.lib.reply_statfs(req, ctypes.byref(st))

    # -- files --

    def _keep_cache(self, ino: int, st: os.stat_result) -> bool:
        """Keep the kernel's pages if the file is as it was at its last open (auto_cache)."""
        seen = (st.st_size, st.st_mtime_ns)
        kept = self._opened_as.get(ino) == seen
        self._opened_as[ino] = seen
        return kept

    def op_open(self, req: int, ino: int, fi: Any) -> None:
        info = fi.contents
        fd = os.open(self.inodes.path(ino), info.flags & ~(os.O_CREAT | os.O_EXCL | os.O_NOCTTY))
        info.fh = fd
        info.keep_cache = self._keep_cache(ino, os.fstat(fd))
        if self.lib.reply_open(req, fi) != 0:  # interrupted: no release will come
            os.close(fd)

    def op_create(self, req: int, parent: int, name: bytes, mode: int, fi: Any) -> None:
        path, info = self._child(parent, name), fi.contents
        fd = os.open(path, info.flags | os.O_CREAT, mode)
        entry = self._entry
        entry.ino = self.inodes.looked_up(path)
        st = os.fstat(fd)
        self._fill(entry.attr, st)
        self._keep_cache(entry.ino, st)
        info.fh = fd
        if self.lib.reply_create(req, ctypes.byref(entry), fi) != 0:
            os.close(fd)
            self.inodes.forget(entry.ino, 1)

    def op_read(self, req: int, ino: int, size: int, offset: int, fi: Any) -> None:
        data = os.pread(fi.contents.fh, size, offset)
        self.lib.reply_buf(req, data, len(data))

    def op_write(self, req: int, ino: int, buf: int, size: int, offset: int, fi: Any) -> None:
        # libfuse's buffer, valid during this call
        view = memoryview((ctypes.c_char * size).from_address(buf)).cast("B")
        self.lib.reply_write(req, os.pwrite(fi.contents.fh, view, offset))

    def op_fsync(self, req: int, ino: int, datasync: int, fi: Any) -> None:
        fd, lib = fi.contents.fh, self.lib

        def fsync() -> None:
            try:
                (os.fdatasync if datasync else os.fsync)(fd)
            except OSError as exc:
                lib.reply_err(req, exc.errno or errno.EIO)
            else:
                lib.reply_err(req, 0)

        self._fsyncs.submit(fsync)

    def op_release(self, req: int, ino: int, fi: Any) -> None:
        os.close(fi.contents.fh)
        self.lib.reply_err(req, 0)

    # -- folders --

    def op_opendir(self, req: int, ino: int, fi: Any) -> None:
        self.inodes.path(ino)
        dh = next(self._dir_handles)
        self._dirs[dh] = []  # listed by the first READDIR(PLUS), at offset 0
        info = fi.contents
        info.fh = dh
        if self.lib.reply_open(req, fi) != 0:
            self._dirs.pop(dh, None)

    def op_readdir(self, req: int, ino: int, size: int, offset: int, fi: Any) -> None:
        self._readdir(req, ino, size, offset, fi.contents.fh, plus=False)

    def op_readdirplus(self, req: int, ino: int, size: int, offset: int, fi: Any) -> None:
        self._readdir(req, ino, size, offset, fi.contents.fh, plus=True)

    def _readdir(self, req: int, ino: int, size: int, offset: int, dh: int, plus: bool) -> None:
        folder = self.inodes.path(ino)
        if offset == 0 or dh not in self._dirs:
            with os.scandir(folder) as listing:
                self._dirs[dh] = list(listing)
        entries = self._dirs[dh]
        lib, out = self.lib, ctypes.create_string_buffer(size)
        base, used = ctypes.addressof(out), 0
        entry = b.EntryParam()
        entry.attr_timeout = entry.entry_timeout = TIMEOUT
        st = entry.attr
        counted: list[int] = []
        for index in range(offset, len(entries) + 2):
            if index < 2:  # . and .. (no lookup count)
                name = b"." if index == 0 else b".."
                st.st_ino, st.st_mode, entry.ino = UNKNOWN_INO, 0o040755, 0
            else:
                item = entries[index - 2]
                name = os.fsencode(item.name)
                if plus:
                    self._fill(st, item.stat(follow_symlinks=False))
                    entry.ino = self.inodes.looked_up(item.path)
                else:
                    st.st_ino, st.st_mode = item.inode(), _file_type(item)
            if plus:
                need = lib.add_direntry_plus(
                    req, base + used, size - used, name, ctypes.byref(entry), index + 1
                )
            else:
                need = lib.add_direntry(req, base + used, size - used, name, ctypes.byref(st),
                                        index + 1)  # fmt: skip
            if used + need > size:
                if plus and index >= 2:
                    self.inodes.forget(entry.ino, 1)  # did not fit: the kernel never got it
                break
            if plus and index >= 2:
                counted.append(entry.ino)
            used += need
        if lib.reply_buf(req, out, used) != 0:
            for counted_ino in counted:
                self.inodes.forget(counted_ino, 1)

    def op_releasedir(self, req: int, ino: int, fi: Any) -> None:
        self._dirs.pop(fi.contents.fh, None)
        self.lib.reply_err(req, 0)


def _file_type(item: os.DirEntry[str]) -> int:
    """The type bits of a listed entry, from its d_type (no stat)."""
    if item.is_symlink():
        return stat.S_IFLNK
    return stat.S_IFDIR if item.is_dir(follow_symlinks=False) else stat.S_IFREG


def _new_time(to_set: int, given: int, now_bit: int, ts: b.Timespec) -> int | None:
    if to_set & now_bit:
        return time.time_ns()
    if to_set & given:
        return int(ts.tv_sec) * 1_000_000_000 + int(ts.tv_nsec)
    return None  # left as it is


def serve(source: str, mountpoint: str) -> None:
    """Mount `source` at `mountpoint` and serve until unmounted (blocks)."""
    raw = b.load_libfuse3()
    lib = b.LowLevelLib(raw)
    source = os.path.abspath(source).rstrip("/") or "/"
    handlers = Passthrough(lib, source)
    table = handlers.table()
    fsname = "passthrough:" + source.replace("\\", "\\\\").replace(",", "\\,")
    argv_items = [b"passthrough", b"-o", os.fsencode(f"fsname={fsname},subtype=passthrough")]
    argv = (ctypes.c_char_p * (len(argv_items) + 1))(*argv_items, None)
    args = b.FuseArgs(len(argv_items), argv, 0)
    # libfuse installs its SIGINT handler (a clean unmount) only over the default one.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    session = lib.session_new(ctypes.byref(args), ctypes.byref(table), ctypes.sizeof(table), None)
    if not session:
        raise RuntimeError("fuse_session_new failed")
    try:
        if lib.session_mount(session, os.fsencode(mountpoint)) != 0:
            raise RuntimeError(f"could not mount on {mountpoint}")
        try:
            if lib.set_signal_handlers(session) != 0:
                raise RuntimeError("fuse_set_signal_handlers failed")
            try:
                _serve(_LibFuse3(raw), session, spin_seconds())
            finally:
                lib.remove_signal_handlers(session)
        finally:
            handlers.close()
            lib.session_unmount(session)
    finally:
        lib.session_destroy(session)
        lib.opt_free_args(ctypes.byref(args))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", help="the plain folder to serve")
    parser.add_argument("mountpoint", help="an empty folder to mount it on")
    args = parser.parse_args(argv)
    serve(args.source, args.mountpoint)
    return 0


if __name__ == "__main__":
    sys.exit(main())
