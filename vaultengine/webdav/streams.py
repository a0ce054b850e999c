"""File-like streams between wsgidav and the vault's open-file table.

Reading: a seekable stream over one read-only handle; every read() asks the filesystem for
exactly the bytes wanted, so a Range request decrypts only the chunks it covers.

Writing: an upload goes into a hidden sibling file and replaces the target only when the whole
body arrived (a broken upload leaves the old file as it was). Writes reach the vault in whole
32 KiB cleartext chunks at chunk-aligned offsets (no partial chunk is re-read and re-encrypted),
and at most one block (~1 MiB) plus one chunk is held in memory, whatever the file size.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from vaultengine.fs.vaultfs import VaultFileSystem

CLEARTEXT_CHUNK = 32 * 1024
# Writes are batched up to this many bytes (whole chunks): one engine call per block.
WRITE_BATCH = 32 * CLEARTEXT_CHUNK


@dataclass
class IoCounters:
    """Cleartext bytes sent to and received from clients, for the app's statistics and idle
    lock. Like the FUSE adapter's counters: plain ints, no lock (a statistic, not a ledger)."""

    bytes_read: int = 0
    bytes_written: int = 0


class CleartextReadStream(io.RawIOBase):
    def __init__(
        self, fs: VaultFileSystem, path: str, *, counters: IoCounters | None = None
    ) -> None:
        super().__init__()
        self._fs = fs
        self._fh: int | None = fs.open(path, os.O_RDONLY)
        self._pos = 0
        self._counters = counters

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            pos = offset
        elif whence == io.SEEK_CUR:
            pos = self._pos + offset
        else:
            raise OSError(errno.EINVAL, "SEEK_END is not supported")
        if pos < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        self._pos = pos
        return pos

    def read(self, size: int | None = -1) -> bytes:
        if self._fh is None:
            raise ValueError("read of a closed stream")
        if size is None or size < 0:
            size = 1 << 62
        data = self._fs.read(self._fh, size, self._pos)
        self._pos += len(data)
        if self._counters is not None:
            self._counters.bytes_read += len(data)
        return data

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if self._fh is not None:
            fh, self._fh = self._fh, None
            self._fs.release(fh)
        super().close()


class CleartextUploadStream:
    """write()/writelines() the body, close() to commit it, abort() to drop it."""

    def __init__(
        self,
        fs: VaultFileSystem,
        target_path: str,
        temp_path: str,
        *,
        expected_length: int | None = None,
        counters: IoCounters | None = None,
    ) -> None:
        self._fs = fs
        self._counters = counters
        self._target = target_path
        self._temp = temp_path
        self._expected = expected_length
        self._fh: int | None = fs.open(temp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
        self._pending = bytearray()
        self._offset = 0  # bytes already written to the vault (a multiple of a chunk)
        self.closed = False

    @property
    def received(self) -> int:
        return self._offset + len(self._pending)

    def write(self, data: bytes) -> int:
        if self._fh is None:
            raise ValueError("write to a closed upload")
        self._pending += data
        if len(self._pending) >= WRITE_BATCH:
            whole = len(self._pending) // CLEARTEXT_CHUNK * CLEARTEXT_CHUNK
            self._write_out(whole)
        return len(data)

    def writelines(self, blocks: Iterable[bytes]) -> None:
        for block in blocks:
            self.write(block)

    def _write_out(self, length: int) -> None:
        assert self._fh is not None
        view = memoryview(self._pending)
        try:
            done = 0
            while done < length:
                step = min(WRITE_BATCH, length - done)
                # the engine takes any buffer (docs/engine-api.md): no copy of the block
                with view[done : done + step] as piece:
                    self._fs.write(self._fh, cast(bytes, piece), self._offset + done)
                done += step
                if self._counters is not None:
                    self._counters.bytes_written += step
        finally:
            view.release()
        del self._pending[:length]
        self._offset += length

    def close(self) -> None:
        """Write the tail and replace the target; on any failure nothing replaces it."""
        if self.closed:
            return
        try:
            if self._expected is not None and self.received != self._expected:
                raise OSError(
                    errno.EINVAL,
                    f"upload ended after {self.received} of {self._expected} expected bytes",
                )
            self._write_out(len(self._pending))
            fh, self._fh = self._fh, None
            assert fh is not None
            self._fs.release(fh)
            self._fs.rename(self._temp, self._target)
        except BaseException:
            self.abort()
            raise
        self.closed = True

    def abort(self) -> None:
        if self.closed:
            return
        self.closed = True
        self._pending = bytearray()
        if self._fh is not None:
            fh, self._fh = self._fh, None
            self._fs.release(fh)
        with contextlib.suppress(OSError):  # never created, or already renamed
            self._fs.unlink(self._temp)
