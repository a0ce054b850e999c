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
from collections.abc import Callable, Sequence

from vaultengine.crypto.content import ContentCryptor, FileHeader
from vaultengine.errors import AuthenticationFailedError
from vaultengine.fs.pool import ChunkPool

log = logging.getLogger(__name__)

BATCH_CHUNKS = 8  # chunks per inline batch: one pread/pwrite each (256 KiB of cleartext)
POOL_BATCH_CHUNKS = 32  # per pool task: a thread hand-off costs ~0.1 ms, so batches are big
POOL_MIN_CHUNKS = 2 * POOL_BATCH_CHUNKS  # smaller operations stay on the calling thread
CACHE_CHUNKS = 8
ZERO_FILL_BYTES = 32 * 32768  # a gap past EOF is filled in steps of this many bytes
_ZEROS = bytes(ZERO_FILL_BYTES)
_HAS_PWRITEV = hasattr(os, "pwritev")
_HAS_PREADV = hasattr(os, "preadv")
_buffers = threading.local()  # per thread, not per open file: memory stays flat with many files

Buffer = bytes | bytearray | memoryview


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
        self._cs = content.cleartext_chunk_size
        self._ccs = content.ciphertext_chunk_size
        self._hs = content.header_size

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
        tail = (ciphertext_size - content.header_size) % content.ciphertext_chunk_size
        file._torn_tail = (
            ciphertext_size > content.header_size and 0 < tail < content.chunk_overhead
        )
        return file

    @classmethod
    def create_new(
        cls, fd: int, ciphertext_path: str, content: ContentCryptor, pool: ChunkPool | None
    ) -> CleartextFile:
        """A fresh file: the header is on disk before anything else (an empty file is 68 B)."""
        file = cls(fd, ciphertext_path, content, pool, None, 0)
        file.reset()
        return file

    @property
    def size(self) -> int:
        return self._size

    # -- reading ------------------------------------------------------------------------------
    def read(self, length: int, offset: int) -> bytes:
        with self.lock:
            end = min(offset + length, self._size)
            if self._torn_tail and offset + length > self._size:
                raise self._auth_error(self._size // self._cs, "torn final chunk")
            if length <= 0 or offset >= end:
                return b""
            first, last = offset // self._cs, (end - 1) // self._cs
            if first == last:
                chunk = self._chunk(first)
                base = first * self._cs
                return chunk[offset - base : end - base]
            parts: list[Buffer] = list(self._read_chunks(first, last))
            parts[0] = memoryview(parts[0])[offset - first * self._cs :]
            parts[-1] = memoryview(parts[-1])[: end - last * self._cs]
            return b"".join(parts)

    def _chunk(self, chunk_no: int) -> bytes:
        """One chunk's cleartext through the small cache."""
        cached = self._cache.get(chunk_no)
        if cached is not None:
            self._cache.move_to_end(chunk_no)
            return cached
        chunk = self._read_chunks(chunk_no, chunk_no)[0]
        self._remember(chunk_no, chunk)
        return chunk

    def _remember(self, chunk_no: int, cleartext: bytes) -> None:
        self._cache[chunk_no] = cleartext
        self._cache.move_to_end(chunk_no)
        while len(self._cache) > CACHE_CHUNKS:
            self._cache.popitem(last=False)

    def _read_chunks(self, first: int, last: int) -> list[bytes]:
        """Batches of ciphertext: with a pool, workers pread ahead while this thread decrypts."""
        pooled = self._pool is not None and last - first + 1 >= POOL_MIN_CHUNKS
        step = POOL_BATCH_CHUNKS if pooled else BATCH_CHUNKS
        spans = [(n, min(n + step - 1, last)) for n in range(first, last + 1, step)]
        chunks: list[bytes] = []
        if pooled and self._pool is not None:
            for span, ciphertext in zip(spans, self._pool.imap(self._fetch, spans), strict=True):
                chunks += self._open_batch(span, ciphertext)
        else:
            for span in spans:
                chunks += self._open_batch(span, self._fetch_into_buffer(span))
        return chunks

    def _fetch(self, span: tuple[int, int]) -> bytes:
        first, last = span
        return os.pread(self.fd, (last - first + 1) * self._ccs, self._hs + first * self._ccs)

    def _fetch_into_buffer(self, span: tuple[int, int]) -> memoryview:
        """Inline reads reuse one buffer per thread: no allocation per batch."""
        if not _HAS_PREADV:
            return memoryview(self._fetch(span))
        first, last = span
        size = (last - first + 1) * self._ccs
        buffer: bytearray | None = getattr(_buffers, "read", None)
        if buffer is None or len(buffer) < size:
            buffer = _buffers.read = bytearray(BATCH_CHUNKS * max(self._ccs, 32816))
        view = memoryview(buffer)[:size]
        got = os.preadv(self.fd, [view], self._hs + first * self._ccs)
        return view[:got]

    def _open_batch(self, span: tuple[int, int], ciphertext: bytes | memoryview) -> list[bytes]:
        """Decrypt a fetched span; a chunk missing from a short file fails as truncated."""
        first, last = span
        header = self._header
        if header is None:
            raise self._auth_error(first, "no header")
        view = memoryview(ciphertext)
        chunks = []
        decrypt = self._content.decrypt_chunk
        for index, chunk_no in enumerate(range(first, last + 1)):
            piece = view[index * self._ccs : (index + 1) * self._ccs]
            try:
                chunks.append(
                    decrypt(piece, chunk_no, header, ciphertext_path=self.ciphertext_path)
                )
            except AuthenticationFailedError as exc:
                log.warning("auth failed chunk %d of %s", chunk_no, self.ciphertext_path)
                raise exc
        return chunks

    def _auth_error(self, chunk_no: int, detail: str) -> AuthenticationFailedError:
        log.warning("auth failed chunk %d of %s (%s)", chunk_no, self.ciphertext_path, detail)
        return AuthenticationFailedError(
            f"authentication failed: chunk {chunk_no} of {self.ciphertext_path} ({detail})"
        )

    # -- writing ------------------------------------------------------------------------------
    def write(self, data: Buffer, offset: int) -> int:
        """Write at any offset; a gap past EOF becomes real encrypted zero chunks."""
        with self.lock:
            self._ensure_header()
            if offset > self._size:
                self._fill_zeros(self._size, offset)
            if data:
                self._write_range(offset, memoryview(data).cast("B"))
            return len(data)

    def append(self, data: Buffer) -> int:
        """O_APPEND: the offset is the size at the moment the lock is held."""
        with self.lock:
            return self.write(data, self._size)

    def truncate(self, length: int) -> None:
        with self.lock:
            self._ensure_header()
            if length > self._size:
                self._fill_zeros(self._size, length)
            elif length < self._size:
                self._shrink(length)

    def reset(self) -> None:
        """O_TRUNC: an empty file with a fresh header (also repairs a damaged header)."""
        with self.lock:
            os.ftruncate(self.fd, 0)
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
        chunk_no, keep = divmod(length, self._cs)
        tail = self._chunk(chunk_no)[:keep] if keep else b""
        # Cut at the chunk boundary first: a crash in between leaves a valid shorter file.
        os.ftruncate(self.fd, self._hs + chunk_no * self._ccs)
        self._torn_tail = False
        for stale in [n for n in self._cache if n >= chunk_no]:
            del self._cache[stale]
        self._size = chunk_no * self._cs
        if tail:
            self._write_chunks([(chunk_no, tail)])
            self._remember(chunk_no, tail)
        self._size = length

    def _fill_zeros(self, start: int, end: int) -> None:
        zeros = memoryview(_ZEROS)
        while start < end:
            step = min(end - start, ZERO_FILL_BYTES)
            self._write_range(start, zeros[:step])
            start += step

    def _write_range(self, offset: int, data: memoryview) -> None:
        """offset <= size here: old data is merged into partially covered chunks."""
        end = offset + len(data)
        first, last = offset // self._cs, (end - 1) // self._cs
        plan: list[tuple[int, Buffer]] = []
        for chunk_no in range(first, last + 1):
            plan.append((chunk_no, self._new_chunk(chunk_no, offset, end, data)))
        for stale in [n for n in self._cache if first <= n <= last]:
            del self._cache[stale]
        self._write_chunks(plan)
        if end > self._size:
            self._torn_tail = False  # the chunk at the torn tail's place was just written
            self._size = end
        tail_no, tail = plan[-1]
        if len(tail) < self._cs:  # keep a partial last chunk: small appends come back for it
            self._remember(tail_no, bytes(tail))

    def _new_chunk(self, chunk_no: int, offset: int, end: int, data: memoryview) -> Buffer:
        chunk_start = chunk_no * self._cs
        lo = max(offset, chunk_start)
        hi = min(end, chunk_start + self._cs)
        piece = data[lo - offset : hi - offset]
        existing_end = min(self._size, chunk_start + self._cs)
        if lo == chunk_start and hi >= existing_end:
            return piece  # covers all existing bytes of the chunk: no read needed
        merged = bytearray(self._chunk(chunk_no))
        merged[lo - chunk_start : hi - chunk_start] = piece
        return merged

    def _write_chunks(self, plan: Sequence[tuple[int, Buffer]]) -> None:
        """Encrypt consecutive chunks in batches, one pwrite per batch. With a pool this thread
        encrypts the next batch while a worker writes the previous one."""
        pooled = self._pool is not None and len(plan) >= POOL_MIN_CHUNKS
        step = POOL_BATCH_CHUNKS if pooled else BATCH_CHUNKS
        batches = [plan[i : i + step] for i in range(0, len(plan), step)]
        if pooled and self._pool is not None:
            self._pool.map(self._store, (self._seal(batch) for batch in batches))
        else:
            for batch in batches:
                self._store(self._seal(batch))

    def _seal(self, batch: Sequence[tuple[int, Buffer]]) -> tuple[int, list[bytes]]:
        header = self._header
        assert header is not None  # _ensure_header ran under the lock
        encrypt: Callable[..., bytes] = self._content.encrypt_chunk
        position = self._hs + batch[0][0] * self._ccs
        return position, [encrypt(chunk, chunk_no, header) for chunk_no, chunk in batch]

    def _store(self, sealed: tuple[int, list[bytes]]) -> None:
        position, parts = sealed
        if _HAS_PWRITEV:
            total = sum(len(part) for part in parts)
            written = os.pwritev(self.fd, parts, position)
            if written == total:
                return
            parts, position = [b"".join(parts)[written:]], position + written
        view = memoryview(b"".join(parts))
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
