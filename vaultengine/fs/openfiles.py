"""The open-file table: one CleartextFile per ciphertext file (device, inode), many handles."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import threading
from dataclasses import dataclass

from vaultengine.fs.cleartext_file import CleartextFile

FileKey = tuple[int, int]  # (st_dev, st_ino) of the ciphertext file: stable across renames


@dataclass(frozen=True, slots=True)
class Handle:
    file: CleartextFile
    key: FileKey
    readable: bool
    writable: bool
    append: bool


class OpenFileTable:
    """Handles share one entry per ciphertext file; the entry (and its descriptor) lives until
    the last handle is released, so unlinked or renamed files keep working through handles."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[FileKey, tuple[CleartextFile, int]] = {}
        self._handles: dict[int, Handle] = {}
        self._next_fh = itertools.count(1)

    def acquire(self, key: FileKey) -> CleartextFile | None:
        """The open entry for a ciphertext file with one more reference, or None."""
        with self._lock:
            found = self._files.get(key)
            if found is None:
                return None
            self._files[key] = (found[0], found[1] + 1)
            return found[0]

    def insert(self, key: FileKey, file: CleartextFile) -> CleartextFile:
        """Register a freshly opened entry with one reference; an existing one wins."""
        with self._lock:
            found = self._files.get(key)
            if found is not None:
                self._files[key] = (found[0], found[1] + 1)
                return found[0]
            self._files[key] = (file, 1)
            return file

    def new_handle(self, key: FileKey, file: CleartextFile, flags: int) -> int:
        access = flags & os.O_ACCMODE
        handle = Handle(
            file,
            key,
            readable=access in (os.O_RDONLY, os.O_RDWR),
            writable=access in (os.O_WRONLY, os.O_RDWR),
            append=bool(flags & os.O_APPEND),
        )
        with self._lock:
            fh = next(self._next_fh)
            self._handles[fh] = handle
        return fh

    def handle(self, fh: int) -> Handle:
        handle = self._handles.get(fh)
        if handle is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        return handle

    def release_handle(self, fh: int) -> None:
        with self._lock:
            handle = self._handles.pop(fh, None)
        if handle is None:
            raise OSError(errno.EBADF, os.strerror(errno.EBADF))
        self.release(handle.key)

    def release(self, key: FileKey) -> None:
        """Drop one reference; the last one closes the ciphertext descriptor."""
        with self._lock:
            file, count = self._files[key]
            if count > 1:
                self._files[key] = (file, count - 1)
                return
            del self._files[key]
        file.close()

    def renamed(self, old_ciphertext_path: str, new_ciphertext_path: str) -> None:
        with self._lock:
            for file, _count in self._files.values():
                if file.ciphertext_path == old_ciphertext_path:
                    file.ciphertext_path = new_ciphertext_path

    def open_count(self) -> int:
        with self._lock:
            return len(self._files)

    def close_all(self) -> None:
        """Flush (fsync) every open ciphertext file, then release every handle: used when the
        vault locks, also forced with files still open, so what was written is on disk."""
        with self._lock:
            files = [file for file, _count in self._files.values()]
            handles = list(self._handles)
        for file in files:
            with contextlib.suppress(OSError):
                file.fsync()
        for fh in handles:
            with contextlib.suppress(OSError):
                self.release_handle(fh)
