"""What both content ciphers share: the file header, the chunk size math and the batch loops.

The cipher combos live in content_gcm.py (SIV_GCM) and content_ctrmac.py (SIV_CTRMAC), as
cryptolib keeps v2 and v1 apart; content.py picks one for a vault.

Size math is tolerant (spec §10.3): a final chunk of exactly `chunk_overhead` bytes is an empty
chunk; a tail of 1..overhead-1 bytes cannot be a chunk, so cleartext_size rounds it down and any
read of that range fails authentication (EIO). A ciphertext shorter than the header has size 0.
"""

from __future__ import annotations

import os
import struct
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import AuthenticationFailedError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers import algorithms
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CLEARTEXT_CHUNK_SIZE = 32768
# The header nonce is the chunk nonce size of its combo: 12 bytes for AES-GCM, 16 (one whole
# AES-CTR counter block) for AES-CTR + HMAC.
GCM_NONCE_SIZE = 12
CTR_NONCE_SIZE = 16
# Both combos encrypt the same header payload: reserved (8 bytes) | content key (32 bytes).
RESERVED_SIZE = 8
CONTENT_KEY_SIZE = 32
HEADER_PAYLOAD_SIZE = RESERVED_SIZE + CONTENT_KEY_SIZE
RESERVED_DEFAULT = b"\xff" * RESERVED_SIZE
BE64 = struct.Struct(">Q")  # the chunk number as both combos authenticate it
# Inputs may be any contiguous byte buffer; accepting memoryviews avoids copies on hot paths.
ByteInput = bytes | bytearray | memoryview
# Batch outputs: any writable contiguous byte buffer.
ByteOutput = bytearray | memoryview


def byte_view(data: ByteInput) -> memoryview:
    view = memoryview(data)
    return view if view.format == "B" and view.ndim == 1 else view.cast("B")


class _KeyCache:
    """Cipher objects built once per content key (per header), not per chunk."""

    __slots__ = ("ctr_algorithm", "gcm")

    def __init__(self) -> None:
        self.gcm: AESGCM | None = None
        self.ctr_algorithm: algorithms.AES | None = None


@dataclass(frozen=True, repr=False)
class FileHeader:
    """A decrypted file header. The repr never shows the content key."""

    nonce: bytes  # GCM_NONCE_SIZE or CTR_NONCE_SIZE
    content_key: bytes  # CONTENT_KEY_SIZE
    reserved: bytes = RESERVED_DEFAULT  # readers accept any value (spec §10.1)
    _cache: _KeyCache = field(default_factory=_KeyCache, init=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.nonce) not in (GCM_NONCE_SIZE, CTR_NONCE_SIZE):
            raise ValueError(f"FileHeader.nonce must be {GCM_NONCE_SIZE} or {CTR_NONCE_SIZE} bytes")
        if len(self.content_key) != CONTENT_KEY_SIZE:
            raise ValueError(f"FileHeader.content_key must be {CONTENT_KEY_SIZE} bytes")
        if len(self.reserved) != RESERVED_SIZE:
            raise ValueError(f"FileHeader.reserved must be {RESERVED_SIZE} bytes")

    @classmethod
    def from_payload(cls, nonce: bytes, payload: bytes) -> FileHeader:
        """The header whose decrypted payload (reserved | content key) is `payload`."""
        return cls(nonce, payload[RESERVED_SIZE:HEADER_PAYLOAD_SIZE], payload[:RESERVED_SIZE])

    @property
    def payload(self) -> bytes:
        """What the header encrypts: reserved | content key."""
        return self.reserved + self.content_key

    def __repr__(self) -> str:
        return f"FileHeader(nonce={self.nonce.hex()}, content_key=<redacted>)"


def auth_failed(part: str, ciphertext_path: str, detail: str = "") -> AuthenticationFailedError:
    where = f"{part} of {ciphertext_path}" if ciphertext_path else part
    return AuthenticationFailedError(f"authentication failed: {where}{detail}")


class ContentCryptor(ABC):
    """Encrypts and decrypts file headers and chunks; one instance per unlocked vault."""

    header_size: int
    header_nonce_size: int
    chunk_nonce_size: int
    chunk_overhead: int
    cleartext_chunk_size = CLEARTEXT_CHUNK_SIZE
    ciphertext_chunk_size: int

    def __init__(self, keys: MasterKeys) -> None:
        self._keys = keys

    def new_header(self) -> FileHeader:
        return FileHeader(os.urandom(self.header_nonce_size), os.urandom(CONTENT_KEY_SIZE))

    def encrypt_header(self, header: FileHeader) -> bytes:
        if len(header.nonce) != self.header_nonce_size:
            raise ValueError(f"this cipher combo's header nonce is {self.header_nonce_size} bytes")
        return self._seal_header(header)

    def decrypt_header(
        self, ciphertext_header: ByteInput, *, ciphertext_path: str = ""
    ) -> FileHeader:
        """Decrypt the first header_size bytes (later bytes are ignored)."""
        if len(ciphertext_header) < self.header_size:
            raise auth_failed("header", ciphertext_path, " (too short)")
        return self._open_header(memoryview(ciphertext_header), ciphertext_path)

    def encrypt_chunk(
        self, cleartext: ByteInput, chunk_no: int, header: FileHeader, nonce: bytes | None = None
    ) -> bytes:
        """nonce is for known-answer tests only; never reuse one under the same content key."""
        self._check_chunk_args(len(cleartext), chunk_no, header)
        return self._seal_chunk(cleartext, chunk_no, header, self._new_nonce(nonce))

    def decrypt_chunk(
        self, ciphertext: ByteInput, chunk_no: int, header: FileHeader, *, ciphertext_path: str = ""
    ) -> bytes:
        self._check_chunk_no(chunk_no, header)
        self._check_chunk_len(len(ciphertext), chunk_no, ciphertext_path)
        return self._open_chunk(memoryview(ciphertext), chunk_no, header, ciphertext_path)

    # What each cipher combo does once the arguments are checked.

    @abstractmethod
    def _seal_header(self, header: FileHeader) -> bytes: ...

    @abstractmethod
    def _open_header(self, view: memoryview, ciphertext_path: str) -> FileHeader:
        """`view` holds at least header_size bytes."""

    @abstractmethod
    def _seal_chunk(
        self, cleartext: ByteInput, chunk_no: int, header: FileHeader, chunk_nonce: bytes
    ) -> bytes: ...

    @abstractmethod
    def _open_chunk(
        self, view: memoryview, chunk_no: int, header: FileHeader, ciphertext_path: str
    ) -> bytes:
        """`view` is one whole chunk, chunk_overhead..ciphertext_chunk_size bytes long."""

    def cleartext_size(self, ciphertext_size: int) -> int:
        if ciphertext_size < self.header_size:
            return 0
        full, tail = divmod(ciphertext_size - self.header_size, self.ciphertext_chunk_size)
        size = full * self.cleartext_chunk_size
        # tail == overhead is an empty final chunk; a shorter tail is invalid: rounded down.
        return size + tail - self.chunk_overhead if tail > self.chunk_overhead else size

    def has_torn_tail(self, ciphertext_size: int) -> bool:
        """True when the ciphertext ends in 1..overhead-1 bytes that cannot be a chunk."""
        if ciphertext_size < self.header_size:
            return False
        tail = (ciphertext_size - self.header_size) % self.ciphertext_chunk_size
        return 0 < tail < self.chunk_overhead

    def listed_size(self, ciphertext_size: int) -> int:
        """cleartext_size, one byte more for a torn tail, in one pass (the `ls -l` hot path).

        A torn final chunk (a crash mid-append) is rounded down by cleartext_size; the extra
        byte makes readers through the kernel reach it and get EIO, not a shorter file."""
        header = self.header_size
        if ciphertext_size < header:
            return 0
        full, tail = divmod(ciphertext_size - header, self.ciphertext_chunk_size)
        size = full * self.cleartext_chunk_size
        overhead = self.chunk_overhead
        if tail > overhead:
            return size + tail - overhead
        return size + 1 if 0 < tail < overhead else size  # == overhead: an empty final chunk

    def ciphertext_size(self, cleartext_size: int) -> int:
        if cleartext_size < 0:
            raise ValueError("negative cleartext size")
        full, tail = divmod(cleartext_size, self.cleartext_chunk_size)
        size = self.header_size + full * self.ciphertext_chunk_size
        return size + tail + self.chunk_overhead if tail else size

    def encrypt_file(self, cleartext: ByteInput) -> bytes:
        """Header and chunks; empty cleartext gives just the header (as cryptofs writes)."""
        header = self.new_header()
        parts = [self.encrypt_header(header)]
        view = memoryview(cleartext)
        step = self.cleartext_chunk_size
        for chunk_no, start in enumerate(range(0, len(view), step)):
            parts.append(self.encrypt_chunk(view[start : start + step], chunk_no, header))
        return b"".join(parts)

    def decrypt_file(self, ciphertext: ByteInput, *, ciphertext_path: str = "") -> bytes:
        """Whole-buffer decryption; accepts the header-only and the empty-final-chunk forms."""
        header = self.decrypt_header(ciphertext, ciphertext_path=ciphertext_path)
        view = memoryview(ciphertext)
        step = self.ciphertext_chunk_size
        parts = []
        for chunk_no, start in enumerate(range(self.header_size, len(view), step)):
            chunk = view[start : start + step]
            parts.append(
                self.decrypt_chunk(chunk, chunk_no, header, ciphertext_path=ciphertext_path)
            )
        return b"".join(parts)

    def chunks_ciphertext_size(self, cleartext_size: int) -> int:
        """Bytes that encrypt_chunks_into writes for `cleartext_size` bytes (no header)."""
        return self.ciphertext_size(cleartext_size) - self.header_size

    def encrypt_chunks_into(
        self, cleartext: ByteInput, first_chunk_no: int, header: FileHeader, out: ByteOutput
    ) -> int:
        """Encrypt consecutive chunks (every one full but the last) into out[:n]; returns n.

        Chunk numbers count up from `first_chunk_no`; empty cleartext writes nothing."""
        src, dst = byte_view(cleartext), byte_view(out)
        self._check_batch_out(len(dst), self.chunks_ciphertext_size(len(src)))
        self._check_chunk_no(first_chunk_no, header)
        return self._seal_chunks_into(src, first_chunk_no, header, dst)

    def _seal_chunks_into(
        self, src: memoryview, first_chunk_no: int, header: FileHeader, dst: memoryview
    ) -> int:
        """Generic version: one encrypt_chunk per chunk (a cipher combo may do better)."""
        step, pos = self.cleartext_chunk_size, 0
        for index, start in enumerate(range(0, len(src), step)):
            sealed = self.encrypt_chunk(src[start : start + step], first_chunk_no + index, header)
            dst[pos : pos + len(sealed)] = sealed
            pos += len(sealed)
        return pos

    def decrypt_chunks_into(
        self,
        ciphertext: ByteInput,
        first_chunk_no: int,
        header: FileHeader,
        out: ByteOutput,
        *,
        ciphertext_path: str = "",
    ) -> int:
        """Decrypt consecutive chunks (every one full but the last) into out[:n]; returns n.

        A failing chunk raises AuthenticationFailedError naming it, after out[:n] is zeroed:
        a batch gives all of its cleartext or none. A final piece shorter than the chunk
        overhead counts as a truncated chunk; exactly the overhead is an empty chunk."""
        src, dst = byte_view(ciphertext), byte_view(out)
        total = self.cleartext_size(len(src) + self.header_size)
        self._check_batch_out(len(dst), total)
        self._check_chunk_no(first_chunk_no, header)
        try:
            return self._open_chunks_into(src, first_chunk_no, header, dst, ciphertext_path)
        except AuthenticationFailedError:
            dst[:total] = bytes(total)  # nothing of a failing batch is handed out
            raise

    def _open_chunks_into(
        self, src: memoryview, first_no: int, header: FileHeader, dst: memoryview, path: str
    ) -> int:
        """Generic version: one decrypt_chunk per chunk (a cipher combo may do better)."""
        step, pos = self.ciphertext_chunk_size, 0
        for index, start in enumerate(range(0, len(src), step)):
            opened = self.decrypt_chunk(
                src[start : start + step],
                first_no + index,
                header,
                ciphertext_path=path,
            )
            dst[pos : pos + len(opened)] = opened
            pos += len(opened)
        return pos

    def _check_batch_out(self, available: int, needed: int) -> None:
        if available < needed:
            raise ValueError(f"the output buffer holds {available} bytes; {needed} are needed")

    def _check_chunk_args(self, cleartext_len: int, chunk_no: int, header: FileHeader) -> None:
        if cleartext_len > self.cleartext_chunk_size:
            raise ValueError(f"a chunk holds at most {self.cleartext_chunk_size} bytes")
        self._check_chunk_no(chunk_no, header)

    def _check_chunk_no(self, chunk_no: int, header: FileHeader) -> None:
        if chunk_no < 0:
            raise ValueError("negative chunk number")
        if len(header.nonce) != self.header_nonce_size:
            raise ValueError("the header belongs to the other cipher combo")

    def _new_nonce(self, nonce: bytes | None) -> bytes:
        if nonce is None:
            return os.urandom(self.chunk_nonce_size)
        if len(nonce) != self.chunk_nonce_size:
            raise ValueError(f"a chunk nonce is {self.chunk_nonce_size} bytes")
        return bytes(nonce)

    def _check_chunk_len(self, length: int, chunk_no: int, ciphertext_path: str) -> None:
        if length < self.chunk_overhead:
            raise auth_failed(f"chunk {chunk_no}", ciphertext_path, " (truncated)")
        if length > self.ciphertext_chunk_size:
            raise auth_failed(f"chunk {chunk_no}", ciphertext_path, " (too long)")
