"""The inode table of the low-level path: kernel inode numbers <-> cleartext vault paths.

The kernel names files by inode number and counts the lookups it was given (each successful
lookup, create, mkdir, symlink, mknod and each readdirplus entry but . and ..); FORGET hands
counts back. An inode lives while the kernel holds a count or a file handle is open on it.
Numbers are never reused (generation 0 is then always right). Renames move the paths of an
inode and, for folders, of everything known below it; an unlinked inode loses its path but
stays until forgotten (operations on it answer ENOENT).

Thread-safe: the loop thread changes the table, pool workers release handles.
"""

from __future__ import annotations

import errno
import itertools
import os
import threading
from dataclasses import dataclass

ROOT_INO = 1


def child_path(parent: str, name: str) -> str:
    return "/" + name if parent == "/" else parent + "/" + name


@dataclass
class Inode:
    ino: int
    path: str | None  # None once unlinked or replaced
    lookups: int = 0
    open_handles: int = 0
    # (size, mtime_ns) seen when the file was last opened: the same at the next open keeps
    # the kernel's page cache (libfuse's auto_cache, done by hand here).
    opened_as: tuple[int, int, int] | None = None  # (ciphertext st_ino, size, mtime_ns)
    writers: int = 0  # open handles that may write
    hidden: bool = False  # unlinked while open: parked under a .fuse_hidden name
    generation: int = 0  # bumped by every change through the mount (see notifier.py)
    # What the kernel last got for it (ciphertext st_ino, size, mtime_ns), and the generation
    # then: a difference with no change through the mount is a change underneath.
    seen: tuple[int, int, int] | None = None
    seen_generation: int = 0


class InodeTable:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_ino: dict[int, Inode] = {ROOT_INO: Inode(ROOT_INO, "/", lookups=1)}
        self._by_path: dict[str, Inode] = {"/": self._by_ino[ROOT_INO]}
        self._numbers = itertools.count(ROOT_INO + 1)
        # FORGETs of more lookups than we counted: always 0 unless a handler forgot to count.
        self.overforgets = 0

    def __len__(self) -> int:
        return len(self._by_ino)

    def get(self, ino: int) -> Inode:
        """The inode `ino` (OSError ENOENT if the kernel names one we do not know)."""
        node = self._by_ino.get(ino)
        if node is None:
            raise OSError(errno.ENOENT, "unknown inode")
        return node

    def path(self, ino: int) -> str:
        """The current cleartext path of `ino`; ENOENT once it was unlinked."""
        path = self.get(ino).path
        if path is None:
            raise OSError(errno.ENOENT, "unlinked")
        return path

    def get_or_none(self, ino: int) -> Inode | None:
        return self._by_ino.get(ino)

    def changed(self, ino: int) -> None:
        """Content or name of `ino` changed: chunks read before must not be stored."""
        node = self._by_ino.get(ino)
        if node is not None:
            node.generation += 1

    def open_inodes(self) -> list[int]:
        """The numbers of the inodes with an open handle (whose pages the kernel may cache)."""
        with self._lock:
            return [node.ino for node in self._by_ino.values() if node.open_handles]

    def peek(self, path: str) -> Inode | None:
        return self._by_path.get(path)

    def remember(self, path: str) -> Inode:
        """Count one lookup of `path` (the kernel now holds its number)."""
        with self._lock:
            node = self._by_path.get(path)
            if node is None:
                node = Inode(next(self._numbers), path)
                self._by_ino[node.ino] = node
                self._by_path[path] = node
            node.lookups += 1
            return node

    def forget(self, ino: int, count: int) -> None:
        with self._lock:
            node = self._by_ino.get(ino)
            if node is None or ino == ROOT_INO:
                return
            if count > node.lookups:
                self.overforgets += 1
            node.lookups = max(0, node.lookups - count)
            self._drop_if_unused(node)

    def opened(self, ino: int) -> Inode:
        with self._lock:
            node = self.get(ino)
            node.open_handles += 1
            return node

    def closed(self, ino: int) -> str | None:
        """One handle of `ino` closed; the path it still has when that was the last one."""
        with self._lock:
            node = self._by_ino.get(ino)
            if node is None:
                return None
            node.open_handles = max(0, node.open_handles - 1)
            if node.open_handles:
                return None
            path = node.path
            self._drop_if_unused(node)
            return path

    def unlinked(self, path: str) -> None:
        """`path` no longer exists: its inode (if known) keeps its number but loses the path."""
        with self._lock:
            node = self._by_path.pop(path, None)
            if node is not None:
                node.path = None
                node.generation += 1
                self._drop_if_unused(node)

    def renamed(self, old: str, new: str) -> None:
        """`old` (and for a folder everything below it) now lives at `new`; a replaced `new`
        loses its path."""
        with self._lock:
            replaced = self._by_path.pop(new, None)
            if replaced is not None:
                replaced.path = None
                replaced.generation += 1
                self._drop_if_unused(replaced)
            node = self._by_path.pop(old, None)
            if node is not None:
                node.path = new
                node.generation += 1
                self._by_path[new] = node
            prefix = old + "/"
            below = [p for p in self._by_path if p.startswith(prefix)]
            # A folder replaced by rename was empty, but paths below it may still be known
            # (the kernel had not forgotten them yet): they are gone now.
            target_prefix = new + "/"
            for stale_path in [p for p in self._by_path if p.startswith(target_prefix)]:
                gone = self._by_path.pop(stale_path)
                gone.path = None
                self._drop_if_unused(gone)
            moved_nodes = [self._by_path.pop(p) for p in below]
            for moved in moved_nodes:
                assert moved.path is not None
                moved.path = new + moved.path[len(old) :]
                self._by_path[moved.path] = moved

    def hidden_name(self, ino: int) -> str:
        """A name to park an open file under when it is unlinked (libfuse's own scheme)."""
        return f".fuse_hidden{ino:08x}{os.getpid() & 0xFFFFFFFF:08x}"

    def _drop_if_unused(self, node: Inode) -> None:
        if node.lookups or node.open_handles or node.ino == ROOT_INO:
            return
        self._by_ino.pop(node.ino, None)
        if node.path is not None and self._by_path.get(node.path) is node:
            del self._by_path[node.path]
