"""VaultFileSystem: the path-based cleartext filesystem over a format-8 vault (no FUSE in it)."""

from __future__ import annotations

import errno
import logging
import os
import threading
import uuid
from stat import S_ISREG
from typing import Any, cast

from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import AuthenticationFailedError, BrokenDirectoryError, VaultLockedError
from vaultengine.format import node_ops
from vaultengine.format.bounded_cache import BoundedCache
from vaultengine.format.config import VaultConfig
from vaultengine.format.constants import MAX_SYMLINK_TARGET_CHARS, ROOT_DIR_ID, SYMLINK_FILE
from vaultengine.format.layout import (
    CiphertextNode,
    NodeInfo,
    NodeKind,
    VaultLayout,
    broken,
)
from vaultengine.format.listing import ContentDirLister
from vaultengine.format.node_files import open_folder_below, open_regular_below, read_small_file_in
from vaultengine.fs.attrs import Attr, attr_from_info
from vaultengine.fs.cleartext_file import CleartextFile
from vaultengine.fs.openfiles import OpenFileTable
from vaultengine.fs.paths import MAX_NAME_BYTES, join_path, split_path
from vaultengine.fs.pool import ChunkPool

log = logging.getLogger(__name__)

MAX_SYMLINK_TARGET_BYTES = MAX_SYMLINK_TARGET_CHARS * 4  # UTF-8: at most 4 bytes a character
_F_NAMEMAX_INDEX = 9  # f_namemax's place in os.statvfs_result as a sequence (POSIX order)
FILE_PATH_CACHE_SIZE = 16384


class _Closed:
    """Stands in for the layout and cryptors of a closed filesystem (no keys behind it)."""

    def __init__(self, vault_root: str) -> None:
        self._vault_root = vault_root

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # protocol probes (hasattr, copy, C code) get the usual answer
            raise AttributeError(name)
        raise VaultLockedError(f"The vault {self._vault_root} is locked.")


def _error(code: int, path: str) -> OSError:
    return OSError(code, os.strerror(code), path)


class VaultFileSystem:
    """Thread-safe. Metadata reads (stat, listdir, readlink) take no lock; structural changes
    and opens are serialised by one namespace lock; content I/O takes only the lock of the
    open file it touches."""

    def __init__(
        self,
        vault_root: str | os.PathLike[str],
        keys: MasterKeys,
        config: VaultConfig,
        *,
        read_only: bool = False,
        chunk_pool: ChunkPool | None = None,
    ) -> None:
        self.vault_root = os.fspath(vault_root)
        self.read_only = read_only
        self._layout = VaultLayout(self.vault_root, keys, config)
        self._content = self._layout.content
        self._lister = ContentDirLister(self._layout, read_only=read_only)
        # Read-only: content directory mtime at the last scan for conflicting copies, by dir ID.
        self._conflict_scans: BoundedCache[str, int] = BoundedCache(FILE_PATH_CACHE_SIZE)
        self._pool = chunk_pool
        self._table = OpenFileTable()
        self._namespace = threading.RLock()
        # stat() fast path: cleartext path as given -> ciphertext file of a short-named file.
        # (parent directory ID, name) -> ciphertext name is deterministic, so an entry can only
        # go stale when a directory on the way gets another ID at that path (rename, rmdir):
        # those clear it (_forget_subtree). A removed or replaced file fails the lstat or is
        # no regular file any more, and falls back to the full lookup.
        self._file_paths: BoundedCache[str, str] = BoundedCache(FILE_PATH_CACHE_SIZE)

    # -- lookups ------------------------------------------------------------------------------
    def _dir_id(self, components: tuple[str, ...], path: str) -> str:
        try:
            return self._layout.resolve_dir_id(components)
        except FileNotFoundError:
            if not self.read_only:
                raise _error(errno.ENOENT, path) from None
        # Read-only: a folder on the way may be a conflicting copy not listed yet.
        for depth in range(1, len(components) + 1):
            try:
                self._layout.resolve_dir_id(components[:depth])
            except FileNotFoundError:
                if not self._scan_for_conflict_copies(components[: depth - 1]):
                    raise _error(errno.ENOENT, path) from None
                try:
                    self._layout.resolve_dir_id(components[:depth])
                except FileNotFoundError:
                    raise _error(errno.ENOENT, path) from None
        return self._layout.resolve_dir_id(components)

    def _scan_for_conflict_copies(self, folder: tuple[str, ...]) -> bool:
        """Read-only sessions show conflicting copies under names that only a listing of their
        folder registers (format/conflicts.py view_entry): list `folder` once, so that a lookup
        of such a name finds the copy. False when nothing can have changed since the last scan."""
        try:
            dir_id = self._layout.resolve_dir_id(folder)
            mtime = os.stat(self._layout.content_dir(dir_id)).st_mtime_ns
        except OSError:
            return False
        if self._conflict_scans.get(dir_id) == mtime:
            return False
        self._conflict_scans.put(dir_id, mtime)
        try:
            self._lister.list_infos(join_path(folder), dir_id)
        except OSError:  # a broken folder: the lookup answers as it would have
            return False
        return True

    def _node(self, components: tuple[str, ...], path: str) -> CiphertextNode:
        parent_id = self._dir_id(components[:-1], path)
        return self._layout.node(parent_id, components[-1])

    def _probe(
        self, components: tuple[str, ...], path: str, *, trust_cache: bool = True
    ) -> tuple[CiphertextNode, NodeInfo]:
        """Node and info of a non-root path; destructive callers pass trust_cache=False so a
        directory's ID comes from its dir.c9r, never from a possibly stale cache."""
        node = self._node(components, path)
        known = self._layout.dir_ids.get(join_path(components)) if trust_cache else None
        try:
            info = self._layout.probe(node, known)
        except (FileNotFoundError, NotADirectoryError):
            try:
                node, info = self._probe_as_spelled(components, path)
            except FileNotFoundError:
                if not (self.read_only and self._scan_for_conflict_copies(components[:-1])):
                    raise
                return self._probe(components, path, trust_cache=trust_cache)
        if info.dir_id is not None:
            self._layout.dir_ids.put(join_path(components), info.dir_id)
        return node, info

    def _probe_as_spelled(
        self, components: tuple[str, ...], path: str
    ) -> tuple[CiphertextNode, NodeInfo]:
        """Names are stored in NFC, but another tool may have stored a non-NFC name: it is
        listed as stored, so a lookup of exactly that spelling must find it too."""
        spelled = path.rstrip("/").rsplit("/", 1)[-1]
        if spelled == components[-1] or spelled.isascii():
            raise _error(errno.ENOENT, path)
        node = self._layout.node(self._dir_id(components[:-1], path), spelled, normalised=False)
        try:
            return node, self._layout.probe(node)
        except (FileNotFoundError, NotADirectoryError):
            raise _error(errno.ENOENT, path) from None

    def _probe_or_none(
        self, components: tuple[str, ...], path: str
    ) -> tuple[CiphertextNode, NodeInfo | None]:
        node = self._node(components, path)
        try:
            return node, self._layout.probe(node)
        except (FileNotFoundError, NotADirectoryError):
            pass
        try:
            return self._probe_as_spelled(components, path)
        except FileNotFoundError:
            if self.read_only and self._scan_for_conflict_copies(components[:-1]):
                return self._probe_or_none(components, path)
            return node, None

    def _root_info(self) -> NodeInfo:
        folder = self._layout.content_dir(ROOT_DIR_ID)
        try:
            return NodeInfo(
                NodeKind.DIRECTORY, self._layout.content_dir_stat(ROOT_DIR_ID), ROOT_DIR_ID
            )
        except (FileNotFoundError, NotADirectoryError):
            raise broken("root content directory missing", folder) from None

    def _check_writable(self, path: str = "") -> None:
        if self.read_only:
            raise _error(errno.EROFS, path)

    def _forget_subtree(self, components: tuple[str, ...]) -> None:
        """A directory was renamed or removed: drop what the caches know below it."""
        self._layout.dir_ids.invalidate_subtree(join_path(components))
        self._file_paths.clear()  # keyed by paths as spelled: cheaper to refill than to match

    # -- metadata -----------------------------------------------------------------------------
    def stat(self, path: str) -> Attr:
        ciphertext_path = self._file_paths.get(path)
        if ciphertext_path is not None:
            try:
                st = os.lstat(ciphertext_path)
            except OSError:
                st = None
            if st is not None and S_ISREG(st.st_mode):
                return attr_from_info(NodeInfo(NodeKind.FILE, st), self._content)
            self._file_paths.pop(path)
        components = split_path(path)
        if not components:
            return attr_from_info(self._root_info(), self._content)
        node, info = self._probe(components, path)
        if info.kind is NodeKind.FILE and not node.is_long:
            self._file_paths.put(path, node.path)
        return attr_from_info(info, self._content)

    def listdir(self, path: str) -> list[tuple[str, Attr]]:
        components = split_path(path)
        dir_id = self._dir_id(components, path)
        try:
            listed = self._lister.list_infos(join_path(components), dir_id)
        except BrokenDirectoryError:
            if not components:
                raise
            # A sync client may have replaced the directory under a cached ID: look again once.
            self._forget_subtree(components)
            dir_id = self._dir_id(components, path)
            listed = self._lister.list_infos(join_path(components), dir_id)
        content = self._content
        return [(name, attr_from_info(info, content)) for name, info in listed]

    def mkdir(self, path: str, mode: int = 0o755) -> None:
        del mode  # no permission support: directories are always 0o755
        self._check_writable(path)
        components = split_path(path)
        if not components:
            raise _error(errno.EEXIST, path)
        with self._namespace:
            node = self._node(components, path)
            self._layout.check_parents(node)
            if os.path.lexists(node.path):
                raise _error(errno.EEXIST, path)  # also over a broken node: never orphan data
            dir_id = str(uuid.uuid4())
            try:
                node_ops.create_directory(self._layout, node, dir_id)
            except FileExistsError:
                raise _error(errno.EEXIST, path) from None
            self._layout.dir_ids.put(join_path(components), dir_id)

    def rmdir(self, path: str) -> None:
        self._check_writable(path)
        components = split_path(path)
        if not components:
            raise _error(errno.EBUSY, path)
        with self._namespace:
            node, info = self._probe(components, path, trust_cache=False)
            self._layout.check_parents(node)
            if info.dir_id is None:
                raise _error(errno.ENOTDIR, path)
            self._remove_directory(node, info.dir_id, components, path)

    def _remove_directory(
        self, node: CiphertextNode, dir_id: str, components: tuple[str, ...], path: str
    ) -> None:
        """Remove an empty directory (ENOTEMPTY names `path`) and forget its cached subtree."""
        try:
            node_ops.remove_directory(self._layout, node, dir_id)
        except OSError as exc:
            if exc.errno == errno.ENOTEMPTY:
                raise _error(errno.ENOTEMPTY, path) from None
            raise
        finally:
            self._forget_subtree(components)

    def unlink(self, path: str) -> None:
        self._check_writable(path)
        components = split_path(path)
        if not components:
            raise _error(errno.EISDIR, path)
        with self._namespace:
            node, info = self._probe(components, path, trust_cache=False)
            self._layout.check_parents(node)
            if info.kind is NodeKind.DIRECTORY:
                raise _error(errno.EISDIR, path)
            node_ops.remove_leaf(node, info.kind)  # open handles keep their descriptor

    def rename(self, old: str, new: str, *, noreplace: bool = False) -> None:
        self._check_writable(old)
        source_parts, target_parts = split_path(old), split_path(new)
        if not source_parts or not target_parts:
            raise _error(errno.EBUSY, old if not source_parts else new)
        with self._namespace:
            source, source_info = self._probe(source_parts, old, trust_cache=False)
            if source_parts == target_parts:
                return
            target, target_info = self._probe_or_none(target_parts, new)
            self._layout.check_parents(source)
            self._layout.check_parents(target)
            if target_parts[: len(source_parts)] == source_parts:
                raise _error(errno.EINVAL, new)  # a directory into its own subtree
            if target_info is not None:
                if noreplace:
                    raise _error(errno.EEXIST, new)
                if self._replace(source, source_info, target, target_info, target_parts, new):
                    return
            node_ops.move(source, source_info.kind, target)
            self._after_move(source, source_info, target, source_parts, target_parts)

    def _replace(
        self,
        source: CiphertextNode,
        source_info: NodeInfo,
        target: CiphertextNode,
        target_info: NodeInfo,
        target_parts: tuple[str, ...],
        new: str,
    ) -> bool:
        """Clear the way for POSIX replace; True when the replace itself is already done."""
        if source_info.kind is NodeKind.DIRECTORY:
            if target_info.dir_id is None:
                raise _error(errno.ENOTDIR, new)
            self._remove_directory(target, target_info.dir_id, target_parts, new)
            return False
        if target_info.kind is NodeKind.DIRECTORY:
            raise _error(errno.EISDIR, new)
        if source_info.kind is NodeKind.FILE and target_info.kind is NodeKind.FILE:
            node_ops.replace_file(source, target)  # atomic: the old target is never missing
            self._table.renamed(source.file_path, target.file_path)
            return True
        node_ops.remove_leaf(target, target_info.kind)
        return False

    def _after_move(
        self,
        source: CiphertextNode,
        source_info: NodeInfo,
        target: CiphertextNode,
        source_parts: tuple[str, ...],
        target_parts: tuple[str, ...],
    ) -> None:
        if source_info.dir_id is not None:
            # The dir keeps its ID, so only paths (not content directories) changed.
            self._forget_subtree(source_parts)
            self._forget_subtree(target_parts)
            self._layout.dir_ids.put(join_path(target_parts), source_info.dir_id)
        elif source_info.kind is NodeKind.FILE:
            self._table.renamed(source.file_path, target.file_path)

    def symlink(self, path: str, target: str) -> None:
        self._check_writable(path)
        components = split_path(path)
        if not components:
            raise _error(errno.EEXIST, path)
        if "\0" in target:
            raise _error(errno.EINVAL, path)
        try:
            target_bytes = target.encode("utf-8")
        except UnicodeEncodeError:
            raise _error(errno.EINVAL, path) from None
        if not target_bytes:
            raise _error(errno.ENOENT, path)
        if len(target_bytes) > MAX_SYMLINK_TARGET_BYTES:
            raise _error(errno.ENAMETOOLONG, path)
        with self._namespace:
            node = self._node(components, path)
            self._layout.check_parents(node)
            if os.path.lexists(node.path):
                raise _error(errno.EEXIST, path)
            try:
                node_ops.create_symlink(self._layout, node, target_bytes)
            except FileExistsError:
                raise _error(errno.EEXIST, path) from None

    def readlink(self, path: str) -> str:
        components = split_path(path)
        if not components:
            raise _error(errno.EINVAL, path)
        node, info = self._probe(components, path)
        if info.kind is not NodeKind.SYMLINK:
            raise _error(errno.EINVAL, path)
        limit = self._content.ciphertext_size(MAX_SYMLINK_TARGET_BYTES)
        raw = read_small_file_in(node.path, SYMLINK_FILE, limit)
        if len(raw) > limit:
            raise AuthenticationFailedError(f"oversized symlink target: {node.symlink_file}")
        cleartext = self._content.decrypt_file(raw, ciphertext_path=node.symlink_file)
        try:
            return cleartext.decode("utf-8")
        except UnicodeDecodeError:
            raise AuthenticationFailedError(
                f"symlink target is not UTF-8: {node.symlink_file}"
            ) from None

    def utimens(self, path: str, atime_ns: int | None, mtime_ns: int | None) -> None:
        """Times on the ciphertext file (content folder for directories); None keeps a time.

        Set through a descriptor opened without following any symlink below the vault folder
        (futimens): a planted symlink can never move the times of a file outside the vault."""
        self._check_writable(path)
        components = split_path(path)
        root = self._layout.vault_root
        if components:
            node, info = self._probe(components, path)
            if info.kind is NodeKind.FILE:
                fd = open_regular_below(root, node.file_path, os.O_RDONLY)
            elif info.kind is NodeKind.SYMLINK:
                fd = open_regular_below(root, node.symlink_file, os.O_RDONLY)
            else:
                fd = open_folder_below(root, self._layout.content_dir(info.dir_id or ""))
        else:
            self._root_info()  # EIO when the root's content directory is missing
            fd = open_folder_below(root, self._layout.content_dir(ROOT_DIR_ID))
        try:
            st = os.fstat(fd)
            atime = st.st_atime_ns if atime_ns is None else atime_ns
            mtime = st.st_mtime_ns if mtime_ns is None else mtime_ns
            os.utime(fd, ns=(atime, mtime))
        finally:
            os.close(fd)

    def truncate(self, path: str, length: int) -> None:
        self._check_writable(path)
        if length < 0:
            raise _error(errno.EINVAL, path)
        fh = self.open(path, os.O_WRONLY)
        try:
            self.ftruncate(fh, length)
        finally:
            self.release(fh)

    def statfs(self) -> os.statvfs_result:
        """Of the folder holding the vault; names are limited to 255 bytes."""
        st = os.statvfs(self.vault_root)
        fields = list(st)
        fields[_F_NAMEMAX_INDEX] = MAX_NAME_BYTES
        return os.statvfs_result(fields)

    # -- content ------------------------------------------------------------------------------
    def open(self, path: str, flags: int, mode: int = 0o644) -> int:
        del mode  # no permission support: files are always 0o644
        access = flags & os.O_ACCMODE
        writes = access in (os.O_WRONLY, os.O_RDWR)
        if writes:
            self._check_writable(path)
        components = split_path(path)
        if not components:
            raise _error(errno.EISDIR, path)
        with self._namespace:
            node, info = self._probe_or_none(components, path)
            if info is None:
                if not flags & os.O_CREAT:
                    raise _error(errno.ENOENT, path)
                self._check_writable(path)
                key, file = self._create(node)
                if not node.is_long:  # the create's reply and the stats after it: one lstat
                    self._file_paths.put(path, node.path)
            else:
                if flags & os.O_CREAT and flags & os.O_EXCL:
                    raise _error(errno.EEXIST, path)
                if info.kind is NodeKind.DIRECTORY:
                    raise _error(errno.EISDIR, path)
                if info.kind is NodeKind.SYMLINK:
                    raise _error(errno.ELOOP, path)  # the kernel resolves links before us
                truncating = writes and bool(flags & os.O_TRUNC)
                key, file = self._open_existing(node, info, truncating)
                if truncating:
                    try:
                        file.truncate_all()
                    except BaseException:
                        self._table.release(key)
                        raise
            return self._table.new_handle(key, file, flags)

    def _create(self, node: CiphertextNode) -> tuple[tuple[int, int], CleartextFile]:
        if node.is_long:  # its node folder is made by path; a short name's file is opened
            self._layout.check_parents(node)  # below the vault with no component followed
        fd = node_ops.create_file(self._layout, node)
        try:
            st = os.fstat(fd)
            file = CleartextFile.create_new(fd, node.file_path, self._content, self._pool)
        except BaseException:
            os.close(fd)
            raise
        key = (st.st_dev, st.st_ino)
        return key, self._table.insert(key, file)

    def _open_existing(
        self, node: CiphertextNode, info: NodeInfo, truncating: bool
    ) -> tuple[tuple[int, int], CleartextFile]:
        key = (info.stat.st_dev, info.stat.st_ino)
        shared = self._table.acquire(key)
        if shared is not None:
            return key, shared
        # No component below the vault folder is followed, and a FIFO or socket planted as the
        # ciphertext file is EIO at once: nothing outside the vault is read, written or truncated.
        fd = open_regular_below(
            self.vault_root, node.file_path, os.O_RDONLY if self.read_only else os.O_RDWR
        )
        try:
            st = os.fstat(fd)
            key = (st.st_dev, st.st_ino)  # the file may have been replaced since the probe
            shared = self._table.acquire(key)
            if shared is not None:
                os.close(fd)
                return key, shared
            file = CleartextFile.open_existing(
                fd, node.file_path, self._content, self._pool, truncating=truncating
            )
        except BaseException:
            if shared is None:
                os.close(fd)
            raise
        return key, self._table.insert(key, file)

    def read(self, fh: int, size: int, offset: int) -> bytes:
        handle = self._table.handle(fh)
        if not handle.readable:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        if offset < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return handle.file.read(size, offset)

    def write(self, fh: int, data: bytes, offset: int) -> int:
        handle = self._table.handle(fh)
        if not handle.writable:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        if handle.append:
            return handle.file.append(data)
        if offset < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        return handle.file.write(data, offset)

    def ftruncate(self, fh: int, length: int) -> None:
        handle = self._table.handle(fh)
        if not handle.writable:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        if length < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        handle.file.truncate(length)

    def fallocate(self, fh: int, offset: int, length: int) -> None:
        """posix_fallocate: make [offset, offset+length) part of the file, zero-filled.

        The ciphertext of the new range is written at once (encrypted zero chunks), so the
        space is really taken, as the call promises; existing bytes are never touched.
        """
        handle = self._table.handle(fh)
        if not handle.writable:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        if offset < 0 or length <= 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        handle.file.extend_to(offset + length)

    def fstat(self, fh: int) -> Attr:
        """Attributes of an open file from its ciphertext descriptor: no path to walk."""
        file = self._table.handle(fh).file
        return attr_from_info(NodeInfo(NodeKind.FILE, os.fstat(file.fd)), self._content)

    def flush(self, fh: int) -> None:
        self._table.handle(fh)  # writes are already on the ciphertext file (write-through)

    def fsync(self, fh: int, datasync: bool = False) -> None:
        self._table.handle(fh).file.fsync(datasync)

    def release(self, fh: int) -> None:
        self._table.release_handle(fh)

    def close(self) -> None:
        """Fsync and close every open ciphertext file, then drop the layout, the cryptors and
        with them the keys: every later call fails with VaultLockedError. Idempotent."""
        self._table.close_all()
        closed = cast(Any, _Closed(self.vault_root))
        self._layout = self._content = self._lister = closed
        self._file_paths.clear()
        self._pool = None

    # -- convenience for the CLI and tests ------------------------------------------------------
    def read_file(self, path: str) -> bytes:
        fh = self.open(path, os.O_RDONLY)
        try:
            file = self._table.handle(fh).file
            parts: list[bytes] = []
            offset = 0
            while True:
                part = self.read(fh, max(file.size - offset, 1 << 20), offset)
                if not part:
                    return b"".join(parts)
                parts.append(part)
                offset += len(part)
        finally:
            self.release(fh)

    def write_file(self, path: str, data: bytes) -> None:
        fh = self.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        try:
            self.write(fh, data, 0)
        finally:
            self.release(fh)
