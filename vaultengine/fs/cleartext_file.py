"""One open ciphertext file seen as cleartext: header, size, chunk cache, chunk read-modify-write.

Every public method takes the file's single content lock, so read-modify-write of a chunk is
serialised across all handles and threads. Writes go straight to the ciphertext file
(write-through): the header first, then whole encrypted chunks with os.pwrite; the header of
an existing file is kept, only rewritten chunks get new nonces.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from vaultengine.crypto.content import (
    CLEARTEXT_CHUNK_SIZE,
    MAX_CIPHERTEXT_CHUNK_SIZE,
    ContentCryptor,
    FileHeader,
)
from vaultengine.errors import AuthenticationFailedError
from vaultengine.fs import growth
from vaultengine.fs.growth import MAX_CLEARTEXT_SIZE
from vaultengine.fs.pool import ChunkPool

log = logging.getLogger(__name__)

BATCH_CHUNKS = 32  # chunks per inline batch: one pread/pwrite each (1 MiB of cleartext)
POOL_BATCH_CHUNKS = 32  # per pool task: a thread hand-off costs ~0.1 ms, so batches are big
POOL_MIN_CHUNKS = 2 * POOL_BATCH_CHUNKS  # smaller operations stay on the calling thread
CACHE_CHUNKS = 8
ZERO_FILL_BYTES = 32 * CLEARTEXT_CHUNK_SIZE  # a gap past EOF is filled in steps of this many bytes
_ZEROS = bytes(ZERO_FILL_BYTES)
_HAS_PREADV = hasattr(os, "preadv")
_buffers = threading.local()  # per thread, not per open file: memory stays flat with many files

Buffer = bytes | bytearray | memoryview


def _scratch(name: str, size: int) -> memoryview:
    """This thread's reusable buffer `name`, at least `size` bytes (no allocation per call)."""
    buffer: bytearray | None = getattr(_buffers, name, None)
    if buffer is None or len(buffer) < size:
        # Large enough for a batch of either cipher combo.
        buffer = bytearray(max(size, BATCH_CHUNKS * MAX_CIPHERTEXT_CHUNK_SIZE))
        setattr(_buffers, name, buffer)
    return memoryview(buffer)[:size]


class _GrowUndo(NamedTuple):
    """What a grow can overwrite, kept to put back if it fails (see CleartextFile._start_grow)."""

    old_end: int  # the ciphertext's length before the grow
    tail_at: int  # where the old partial last chunk (or torn tail) starts
    old_tail: bytes  # its ciphertext, old_end - tail_at bytes
    header: FileHeader | None
    size: int
    torn_tail: bool


class CleartextFile:
    """Shared by all handles of one ciphertext file (see OpenFileTable)."""

    def __init__(
        self,
        fd: int,
        ciphertext_path: str,
        content: ContentCryptor,
        pool: ChunkPool | None,
        header: FileHeader | None,
        size: int,
    ) -> None:
        self.fd = fd
        self.ciphertext_path = ciphertext_path  # updated on rename; for log lines only
        self.lock = threading.RLock()
        self._content = content
        self._pool = pool
        self._header = header  # None only for a 0-byte ciphertext (a sync placeholder)
        self._size = size
        # A tail too short to be a chunk (a torn write): size rounds it away, reads reaching
        # EOF fail with EIO until a write or truncate past that point replaces it.
        self._torn_tail = False
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._cleartext_chunk_size = content.cleartext_chunk_size
        self._ciphertext_chunk_size = content.ciphertext_chunk_size
        self._header_size = content.header_size

    @classmethod
    def open_existing(
        cls,
        fd: int,
        ciphertext_path: str,
        content: ContentCryptor,
        pool: ChunkPool | None,
        *,
        truncating: bool = False,
    ) -> CleartextFile:
        """Reads and authenticates the header (EIO when damaged); a 0-byte file is empty.

        `truncating` (O_TRUNC): the old header is not needed, so a damaged one is no obstacle.
        """
        if truncating:
            file = cls(fd, ciphertext_path, content, pool, None, 0)
            file.reset()
            return file
        ciphertext_size = os.fstat(fd).st_size
        header = None
        if ciphertext_size > 0:
            raw = os.pread(fd, content.header_size, 0)
            try:
                header = content.decrypt_header(raw, ciphertext_path=ciphertext_path)
            except AuthenticationFailedError as exc:
                log.warning("%s", exc.message)
                raise
        file = cls(
            fd, ciphertext_path, content, pool, header, content.cleartext_size(ciphertext_size)
        )
        file._torn_tail = content.has_torn_tail(ciphertext_size)
        return file

    @classmethod
    def create_new(
        cls, fd: int, ciphertext_path: str, content: ContentCryptor, pool: ChunkPool | None
    ) -> CleartextFile:
        """A fresh file: the header is on disk before anything else (an empty file is 68 B).

        `fd` is a freshly created, empty file: no ftruncate (see reset for why that matters).
        """
        file = cls(fd, ciphertext_path, content, pool, None, 0)
        file._ensure_header()
        return file

    @property
    def size(self) -> int:
        return self._size

    # -- reading ------------------------------------------------------------------------------
    def read(self, length: int, offset: int) -> bytes:
        with self.lock:
            end = min(offset + length, self._size)
            if self._torn_tail and offset + length > self._size:
                raise self._auth_error(self._size // self._cleartext_chunk_size, "torn final chunk")
            if length <= 0 or offset >= end:
                return b""
            first, last = self._chunk_numbers(offset, end)
            if first == last:
                chunk = self._chunk(first)
                base = first * self._cleartext_chunk_size
                return chunk[offset - base : end - base]
            return self._read_range(offset, end)

    def _chunk(self, chunk_no: int) -> bytes:
        """One chunk's cleartext through the small cache."""
        cached = self._cache.get(chunk_no)
        if cached is not None:
            self._cache.move_to_end(chunk_no)
            return cached
        base = chunk_no * self._cleartext_chunk_size
        chunk = self._read_range(base, min(self._size, base + self._cleartext_chunk_size))
        self._remember(chunk_no, chunk)
        return chunk

    def _remember(self, chunk_no: int, cleartext: bytes) -> None:
        self._cache[chunk_no] = cleartext
        self._cache.move_to_end(chunk_no)
        while len(self._cache) > CACHE_CHUNKS:
            self._cache.popitem(last=False)

    def _chunk_numbers(self, offset: int, end: int) -> tuple[int, int]:
        """The first and the last cleartext chunk that [offset, end) touches (end > offset)."""
        return offset // self._cleartext_chunk_size, (end - 1) // self._cleartext_chunk_size

    def _read_range(self, offset: int, end: int) -> bytes:
        """Cleartext of [offset, end) (inside the file): whole chunks are fetched and decrypted
        in batches straight into one buffer, and the requested slice is copied out once."""
        first, last = self._chunk_numbers(offset, end)
        base = first * self._cleartext_chunk_size
        if last - first < BATCH_CHUNKS:
            clear = _scratch("clear", BATCH_CHUNKS * self._cleartext_chunk_size)
            self._open_span(first, last, self._fetch_into_buffer((first, last)), clear)
            return bytes(clear[offset - base : end - base])
        out = memoryview(bytearray((last - first + 1) * self._cleartext_chunk_size))
        pooled = self._pool is not None and last - first + 1 >= POOL_MIN_CHUNKS
        step = POOL_BATCH_CHUNKS if pooled else BATCH_CHUNKS
        spans = [(n, min(n + step - 1, last)) for n in range(first, last + 1, step)]
        if pooled and self._pool is not None:
            # Workers pread ahead (the GIL is released) while this thread decrypts.
            for span, ciphertext in zip(spans, self._pool.imap(self._fetch, spans), strict=True):
                self._open_span(
                    *span,
                    memoryview(ciphertext),
                    out[(span[0] - first) * self._cleartext_chunk_size :],
                )
        else:
            for span in spans:
                self._open_span(
                    *span,
                    self._fetch_into_buffer(span),
                    out[(span[0] - first) * self._cleartext_chunk_size :],
                )
        return bytes(out[offset - base : end - base])

    def _fetch(self, span: tuple[int, int]) -> bytes:
        first, last = span
        return os.pread(
            self.fd,
            (last - first + 1) * self._ciphertext_chunk_size,
            self._header_size + first * self._ciphertext_chunk_size,
        )

    def _fetch_into_buffer(self, span: tuple[int, int]) -> memoryview:
        """Inline reads reuse one buffer per thread: no allocation per batch."""
        if not _HAS_PREADV:
            return memoryview(self._fetch(span))
        first, last = span
        view = _scratch("ciphertext", (last - first + 1) * self._ciphertext_chunk_size)
        got = os.preadv(self.fd, [view], self._header_size + first * self._ciphertext_chunk_size)
        return view[:got]

    def _open_span(self, first: int, last: int, ciphertext: memoryview, out: memoryview) -> None:
        """Decrypt chunks first..last into `out`; a chunk missing from a short file fails as
        truncated, a failing chunk fails the whole span (nothing of it is used)."""
        header = self._header
        if header is None:
            raise self._auth_error(first, "no header")
        try:
            got = self._content.decrypt_chunks_into(
                ciphertext, first, header, out, ciphertext_path=self.ciphertext_path
            )
        except AuthenticationFailedError as exc:
            log.warning("%s", exc.message)
            raise
        expected = (
            min(self._size, (last + 1) * self._cleartext_chunk_size)
            - first * self._cleartext_chunk_size
        )
        if got < expected:
            raise self._auth_error(first + got // self._cleartext_chunk_size, "truncated")

    def _auth_error(self, chunk_no: int, detail: str) -> AuthenticationFailedError:
        log.warning("auth failed chunk %d of %s (%s)", chunk_no, self.ciphertext_path, detail)
        return AuthenticationFailedError(
            f"authentication failed: chunk {chunk_no} of {self.ciphertext_path} ({detail})"
        )

    # -- writing ------------------------------------------------------------------------------
    def write(self, data: Buffer, offset: int) -> int:
        """Write at any offset; a gap past EOF becomes real encrypted zero chunks.

        Like a local filesystem: EFBIG at or past MAX_CLEARTEXT_SIZE, a short write up to it.
        A write that grows the file is undone if it fails midway (see _start_grow)."""
        with self.lock:
            if offset >= MAX_CLEARTEXT_SIZE and len(data):
                growth.check_size(offset + len(data))
            view = memoryview(data).cast("B")[: max(MAX_CLEARTEXT_SIZE - offset, 0)]
            end = offset + len(view)
            if end <= self._size and self._header is not None:
                if view:
                    self._write_range(offset, view)
                return len(view)
            # Zero-filling a gap is what can fill a disk: checked for space up front. A plain
            # append writes the caller's bytes only (at most max_write per call): not checked.
            undo = self._start_grow(max(end, self._size), check_space=offset > self._size)
            try:
                self._ensure_header()
                if offset > self._size:
                    self._fill_zeros(self._size, offset)
                if view:
                    self._write_range(offset, view)
            except BaseException:
                self._undo_grow(undo)
                raise
            return len(view)

    def append(self, data: Buffer) -> int:
        """O_APPEND: the offset is the size at the moment the lock is held."""
        with self.lock:
            return self.write(data, self._size)

    def truncate(self, length: int) -> None:
        """Shrink, or grow with encrypted zeros: EFBIG past MAX_CLEARTEXT_SIZE, ENOSPC up front
        when the vault's filesystem lacks the room, and a failure midway undoes the grow."""
        with self.lock:
            if length > self._size:
                undo = self._start_grow(length, check_space=True)
                try:
                    self._ensure_header()
                    self._fill_zeros(self._size, length)
                except BaseException:
                    self._undo_grow(undo)
                    raise
                return
            self._ensure_header()
            if length < self._size:
                self._shrink(length)

    def extend_to(self, length: int) -> None:
        """fallocate mode 0: grow to `length` with zeros, never shrink (one lock, no race)."""
        with self.lock:  # reentrant: the size check and truncate see the same size
            self.truncate(max(length, self._size))

    def reset(self) -> None:
        """O_TRUNC: an empty file with a fresh header (also repairs a damaged header).

        Cut to the header's length, then write the new header: every crash state in between is
        a valid empty file (old or new header) or the damaged/short header it was before. Never
        ftruncate to 0: ext4 (auto_da_alloc) then flushes the file's data on close, which cost
        25-250 us per create on the test VM.
        """
        with self.lock:
            if os.fstat(self.fd).st_size > self._header_size:
                os.ftruncate(self.fd, self._header_size)
            self._header = None
            self._size = 0
            self._torn_tail = False
            self._cache.clear()
            self._ensure_header()

    def truncate_all(self) -> None:
        """O_TRUNC on an existing file; an empty file with a good header is left alone."""
        with self.lock:
            if self._size > 0 or self._header is None:
                self.reset()

    def _ensure_header(self) -> None:
        if self._header is None:
            header = self._content.new_header()
            os.pwrite(self.fd, self._content.encrypt_header(header), 0)
            self._header = header

    def _shrink(self, length: int) -> None:
        chunk_no, keep = divmod(length, self._cleartext_chunk_size)
        tail = self._chunk(chunk_no)[:keep] if keep else b""
        # Cut at the chunk boundary first: a crash in between leaves a valid shorter file.
        os.ftruncate(self.fd, self._header_size + chunk_no * self._ciphertext_chunk_size)
        self._torn_tail = False
        for stale in [n for n in self._cache if n >= chunk_no]:
            del self._cache[stale]
        self._size = chunk_no * self._cleartext_chunk_size
        if tail:
            self._write_segments([(chunk_no, tail)])
            self._remember(chunk_no, tail)
        self._size = length

    def _start_grow(self, new_size: int, *, check_space: bool) -> _GrowUndo:
        """Refuse a grow to `new_size` up front (EFBIG; ENOSPC if `check_space`), else note
        what _undo_grow needs to put the ciphertext back exactly as it is now.

        A grow rewrites the old partial last chunk (merged with zeros or new bytes, new nonce)
        and appends chunks after it: the ciphertext from that chunk's start to the old end (at
        most one chunk, or a torn tail) is all that a failure midway can have overwritten.
        Runs on every append past EOF: an fstat and a pread of at most one chunk (~2 us)."""
        growth.check_size(new_size)
        old_end = os.fstat(self.fd).st_size
        if check_space:
            growth.check_space(self.fd, self._content.ciphertext_size(new_size) - old_end)
        tail_at = min(
            old_end,
            self._header_size
            + self._size // self._cleartext_chunk_size * self._ciphertext_chunk_size,
        )
        if self._header is None:
            tail_at = 0  # a 0-byte placeholder: the header is part of what the grow adds
        old_tail = os.pread(self.fd, old_end - tail_at, tail_at) if old_end > tail_at else b""
        return _GrowUndo(old_end, tail_at, old_tail, self._header, self._size, self._torn_tail)

    def _undo_grow(self, undo: _GrowUndo) -> None:
        """After a failed grow (ENOSPC, EIO, KeyboardInterrupt...): cut the ciphertext to its
        old end, then write the old tail back in place (no new blocks, so this works on a full
        disk). A failure here is logged; the caller re-raises the grow's own error."""
        try:
            os.ftruncate(self.fd, undo.old_end)
            if undo.old_tail:
                self._store((undo.tail_at, memoryview(undo.old_tail)))
        except OSError as exc:
            log.error(
                "could not undo a failed grow of %s (%s): its end may fail authentication",
                self.ciphertext_path,
                os.strerror(exc.errno) if exc.errno else type(exc).__name__,
            )
        self._header, self._size, self._torn_tail = undo.header, undo.size, undo.torn_tail
        self._cache.clear()

    def _fill_zeros(self, start: int, end: int) -> None:
        zeros = memoryview(_ZEROS)
        while start < end:
            step = min(end - start, ZERO_FILL_BYTES)
            self._write_range(start, zeros[:step])
            start += step

    def _write_range(self, offset: int, data: memoryview) -> None:
        """offset <= size here: old data is merged into partially covered chunks."""
        end = offset + len(data)
        first, last = self._chunk_numbers(offset, end)
        # At most three runs of whole chunks: a merged head, the caller's bytes, a merged tail.
        segments: list[tuple[int, Buffer]] = []
        mid_first, mid_last = first, last
        head = self._new_chunk(first, offset, end, data)
        tail = self._new_chunk(last, offset, end, data) if last > first else head
        if isinstance(head, bytearray):
            segments.append((first, head))
            mid_first += 1
        if last > first and isinstance(tail, bytearray):
            mid_last -= 1
        if mid_first <= mid_last:
            lo = mid_first * self._cleartext_chunk_size - offset
            segments.append(
                (
                    mid_first,
                    data[lo : min(end, (mid_last + 1) * self._cleartext_chunk_size) - offset],
                )
            )
        if mid_last < last:
            segments.append((last, tail))
        for stale in [n for n in self._cache if first <= n <= last]:
            del self._cache[stale]
        self._write_segments(segments)
        if end > self._size:
            self._torn_tail = False  # the chunk at the torn tail's place was just written
            self._size = end
        if (
            len(tail) < self._cleartext_chunk_size
        ):  # keep a partial last chunk: small appends come back for it
            self._remember(last, bytes(tail))

    def _new_chunk(self, chunk_no: int, offset: int, end: int, data: memoryview) -> Buffer:
        """The caller's bytes for this chunk (a memoryview), or a bytearray merged with the old
        cleartext when the write covers only part of the chunk's existing bytes."""
        chunk_start = chunk_no * self._cleartext_chunk_size
        lo = max(offset, chunk_start)
        hi = min(end, chunk_start + self._cleartext_chunk_size)
        piece = data[lo - offset : hi - offset]
        existing_end = min(self._size, chunk_start + self._cleartext_chunk_size)
        if lo == chunk_start and hi >= existing_end:
            return piece  # covers all existing bytes of the chunk: no read needed
        merged = bytearray(self._chunk(chunk_no))
        merged[lo - chunk_start : hi - chunk_start] = piece
        return merged

    def _write_segments(self, segments: Sequence[tuple[int, Buffer]]) -> None:
        """Encrypt runs of consecutive chunks into batch buffers, one pwrite per batch. With a
        pool (large writes only) this thread encrypts the next batch while a worker writes."""
        chunks = sum(-(-len(clear) // self._cleartext_chunk_size) for _, clear in segments)
        if self._pool is not None and chunks >= POOL_MIN_CHUNKS:
            self._pool.map(self._store, self._sealed(segments, POOL_BATCH_CHUNKS, fresh=True))
        else:
            for sealed in self._sealed(segments, BATCH_CHUNKS, fresh=False):
                self._store(sealed)

    def _sealed(
        self, segments: Sequence[tuple[int, Buffer]], batch_chunks: int, *, fresh: bool
    ) -> Iterator[tuple[int, memoryview]]:
        """(file position, ciphertext) per batch. Segments are consecutive and all but the last
        end on a chunk boundary, so their ciphertext is contiguous. `fresh`: a new buffer per
        batch (a pool worker may still be writing the previous one), else this thread's buffer,
        which the caller must have stored before asking for the next batch."""
        header = self._header
        assert header is not None  # _ensure_header ran under the lock
        encrypt_into = self._content.encrypt_chunks_into
        capacity = batch_chunks * self._ciphertext_chunk_size
        buffer: memoryview | None = None
        filled = position = 0
        for chunk_no, clear in segments:
            view = memoryview(clear)
            next_no = chunk_no
            while view:
                if buffer is None:
                    buffer = (
                        memoryview(bytearray(capacity)) if fresh else _scratch("sealed", capacity)
                    )
                    filled, position = 0, self._header_size + next_no * self._ciphertext_chunk_size
                take = (
                    (capacity - filled) // self._ciphertext_chunk_size * self._cleartext_chunk_size
                )
                filled += encrypt_into(view[:take], next_no, header, buffer[filled:])
                next_no += -(-min(take, len(view)) // self._cleartext_chunk_size)
                view = view[take:]
                if filled + self._ciphertext_chunk_size > capacity:
                    yield position, buffer[:filled]
                    buffer = None
        if buffer is not None and filled:
            yield position, buffer[:filled]

    def _store(self, sealed: tuple[int, memoryview]) -> None:
        position, view = sealed
        while view:
            written = os.pwrite(self.fd, view, position)
            view = view[written:]
            position += written

    # -- durability and lifetime ----------------------------------------------------------
    def fsync(self, datasync: bool = False) -> None:
        with self.lock:
            if datasync and hasattr(os, "fdatasync"):
                os.fdatasync(self.fd)
            else:
                os.fsync(self.fd)

    def close(self) -> None:
        with self.lock:
            if self.fd >= 0:
                os.close(self.fd)
                self.fd = -1
                self._cache.clear()
