"""File content encryption: headers and 32 KiB chunks for SIV_GCM and SIV_CTRMAC (spec §10, §12).

Size math is tolerant (spec §10.3): a final chunk of exactly `chunk_overhead` bytes is an empty
chunk; a tail of 1..overhead-1 bytes cannot be a chunk, so cleartext_size rounds it down and any
read of that range fails authentication (EIO). A ciphertext shorter than the header has size 0.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from abc import ABC, abstractmethod
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import AuthenticationFailedError, UnsupportedVaultError

CLEARTEXT_CHUNK_SIZE = 32768
CONTENT_KEY_SIZE = 32
RESERVED_DEFAULT = b"\xff" * 8
_BE64 = struct.Struct(">Q")
# Inputs may be any contiguous byte buffer; accepting memoryviews avoids copies on hot paths.
ByteInput = bytes | bytearray | memoryview
# Batch outputs: any writable contiguous byte buffer.
ByteOutput = bytearray | memoryview


def _byte_view(data: ByteInput) -> memoryview:
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

    nonce: bytes  # 12 (GCM) or 16 (CTRMAC)
    content_key: bytes  # 32
    reserved: bytes = RESERVED_DEFAULT  # readers accept any value (spec §10.1)
    _cache: _KeyCache = field(default_factory=_KeyCache, init=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.nonce) not in (12, 16):
            raise ValueError("FileHeader.nonce must be 12 or 16 bytes")
        if len(self.content_key) != CONTENT_KEY_SIZE:
            raise ValueError("FileHeader.content_key must be 32 bytes")
        if len(self.reserved) != 8:
            raise ValueError("FileHeader.reserved must be 8 bytes")

    def __repr__(self) -> str:
        return f"FileHeader(nonce={self.nonce.hex()}, content_key=<redacted>)"


def _auth_failed(part: str, ciphertext_path: str, detail: str = "") -> AuthenticationFailedError:
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

    @abstractmethod
    def encrypt_header(self, header: FileHeader) -> bytes: ...

    @abstractmethod
    def decrypt_header(
        self, ciphertext_header: ByteInput, *, ciphertext_path: str = ""
    ) -> FileHeader:
        """Decrypt the first header_size bytes (later bytes are ignored)."""

    @abstractmethod
    def encrypt_chunk(
        self, cleartext: ByteInput, chunk_no: int, header: FileHeader, nonce: bytes | None = None
    ) -> bytes:
        """nonce is for known-answer tests only; never reuse one under the same content key."""

    @abstractmethod
    def decrypt_chunk(
        self, ciphertext: ByteInput, chunk_no: int, header: FileHeader, *, ciphertext_path: str = ""
    ) -> bytes: ...

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

        Chunk numbers count up from `first_chunk_no`; empty cleartext writes nothing. Generic
        version: one encrypt_chunk per chunk (subclasses may do better)."""
        src, dst = _byte_view(cleartext), _byte_view(out)
        self._check_batch_out(len(dst), self.chunks_ciphertext_size(len(src)))
        self._check_chunk_no(first_chunk_no, header)
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
        src, dst = _byte_view(ciphertext), _byte_view(out)
        total = self.cleartext_size(len(src) + self.header_size)
        self._check_batch_out(len(dst), total)
        self._check_chunk_no(first_chunk_no, header)
        step, pos = self.ciphertext_chunk_size, 0
        try:
            for index, start in enumerate(range(0, len(src), step)):
                opened = self.decrypt_chunk(
                    src[start : start + step],
                    first_chunk_no + index,
                    header,
                    ciphertext_path=ciphertext_path,
                )
                dst[pos : pos + len(opened)] = opened
                pos += len(opened)
        except AuthenticationFailedError:
            dst[:total] = bytes(total)
            raise
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
            raise _auth_failed(f"chunk {chunk_no}", ciphertext_path, " (truncated)")
        if length > self.ciphertext_chunk_size:
            raise _auth_failed(f"chunk {chunk_no}", ciphertext_path, " (too long)")


class GcmContentCryptor(ContentCryptor):
    """SIV_GCM: 68-byte header, chunks nonce12 | AES-GCM ciphertext | tag16."""

    header_size = 68
    header_nonce_size = 12
    chunk_nonce_size = 12
    chunk_overhead = 28
    ciphertext_chunk_size = CLEARTEXT_CHUNK_SIZE + 28

    def __init__(self, keys: MasterKeys) -> None:
        super().__init__(keys)
        self._header_aead = AESGCM(keys.enc_key)

    @staticmethod
    def _aead(header: FileHeader) -> AESGCM:
        aead = header._cache.gcm
        if aead is None:
            aead = header._cache.gcm = AESGCM(header.content_key)
        return aead

    def encrypt_header(self, header: FileHeader) -> bytes:
        if len(header.nonce) != self.header_nonce_size:
            raise ValueError("a GCM header nonce is 12 bytes")
        payload = header.reserved + header.content_key
        return header.nonce + self._header_aead.encrypt(header.nonce, payload, None)

    def decrypt_header(
        self, ciphertext_header: ByteInput, *, ciphertext_path: str = ""
    ) -> FileHeader:
        if len(ciphertext_header) < self.header_size:
            raise _auth_failed("header", ciphertext_path, " (too short)")
        view = memoryview(ciphertext_header)
        nonce = bytes(view[:12])
        try:
            payload = self._header_aead.decrypt(nonce, view[12 : self.header_size], None)
        except InvalidTag:
            raise _auth_failed("header", ciphertext_path) from None
        return FileHeader(nonce, payload[8:40], payload[:8])

    def encrypt_chunk(
        self, cleartext: ByteInput, chunk_no: int, header: FileHeader, nonce: bytes | None = None
    ) -> bytes:
        self._check_chunk_args(len(cleartext), chunk_no, header)
        chunk_nonce = self._new_nonce(nonce)
        aad = _BE64.pack(chunk_no) + header.nonce
        return chunk_nonce + self._aead(header).encrypt(chunk_nonce, cleartext, aad)

    def decrypt_chunk(
        self, ciphertext: ByteInput, chunk_no: int, header: FileHeader, *, ciphertext_path: str = ""
    ) -> bytes:
        self._check_chunk_no(chunk_no, header)
        self._check_chunk_len(len(ciphertext), chunk_no, ciphertext_path)
        view = memoryview(ciphertext)
        aad = _BE64.pack(chunk_no) + header.nonce
        try:
            return self._aead(header).decrypt(view[:12], view[12:], aad)
        except InvalidTag:
            raise _auth_failed(f"chunk {chunk_no}", ciphertext_path) from None

    def encrypt_chunks_into(
        self, cleartext: ByteInput, first_chunk_no: int, header: FileHeader, out: ByteOutput
    ) -> int:
        """Like the generic version, with AES-GCM writing nonce | ciphertext | tag in place:
        no bytes object per chunk, one os.urandom call for all nonces of the batch."""
        src, dst = _byte_view(cleartext), _byte_view(out)
        total = self.chunks_ciphertext_size(len(src))
        self._check_batch_out(len(dst), total)
        self._check_chunk_no(first_chunk_no, header)
        encrypt_into = self._aead(header).encrypt_into
        step = self.cleartext_chunk_size
        count = -(-len(src) // step)
        nonces = memoryview(os.urandom(12 * count))
        aad = bytearray(8) + header.nonce  # chunk number (big endian) | header nonce
        pos = 0
        for index in range(count):
            piece = src[index * step : (index + 1) * step]
            nonce = nonces[index * 12 : index * 12 + 12]
            _BE64.pack_into(aad, 0, first_chunk_no + index)
            end = pos + 28 + len(piece)
            dst[pos : pos + 12] = nonce
            encrypt_into(nonce, piece, aad, dst[pos + 12 : end])
            pos = end
        return total

    def decrypt_chunks_into(
        self,
        ciphertext: ByteInput,
        first_chunk_no: int,
        header: FileHeader,
        out: ByteOutput,
        *,
        ciphertext_path: str = "",
    ) -> int:
        """Like the generic version, with AES-GCM decrypting straight into `out`."""
        src, dst = _byte_view(ciphertext), _byte_view(out)
        total = self.cleartext_size(len(src) + self.header_size)
        self._check_batch_out(len(dst), total)
        self._check_chunk_no(first_chunk_no, header)
        decrypt_into = self._aead(header).decrypt_into
        step, size = self.ciphertext_chunk_size, len(src)
        aad = bytearray(8) + header.nonce
        pos = 0
        chunk_no = first_chunk_no
        try:
            for start in range(0, size, step):
                stop = min(start + step, size)
                if stop - start < 28:  # only the last piece can be short
                    raise _auth_failed(f"chunk {chunk_no}", ciphertext_path, " (truncated)")
                _BE64.pack_into(aad, 0, chunk_no)
                end = pos + stop - start - 28
                try:
                    decrypt_into(src[start : start + 12], src[start + 12 : stop], aad, dst[pos:end])
                except InvalidTag:
                    raise _auth_failed(f"chunk {chunk_no}", ciphertext_path) from None
                pos = end
                chunk_no += 1
        except AuthenticationFailedError:
            dst[:total] = bytes(total)  # nothing of a failing batch is handed out
            raise
        return total


class CtrMacContentCryptor(ContentCryptor):
    """SIV_CTRMAC: 88-byte header, chunks nonce16 | AES-CTR ciphertext | HMAC-SHA256."""

    header_size = 88
    header_nonce_size = 16
    chunk_nonce_size = 16
    chunk_overhead = 48
    ciphertext_chunk_size = CLEARTEXT_CHUNK_SIZE + 48

    def __init__(self, keys: MasterKeys) -> None:
        super().__init__(keys)
        self._header_algorithm = algorithms.AES(keys.enc_key)
        # HMAC with the key already set up; copy() per use skips the key schedule.
        self._mac_template = hmac.new(keys.mac_key, digestmod=hashlib.sha256)

    @staticmethod
    def _algorithm(header: FileHeader) -> algorithms.AES:
        algorithm = header._cache.ctr_algorithm
        if algorithm is None:
            algorithm = header._cache.ctr_algorithm = algorithms.AES(header.content_key)
        return algorithm

    @staticmethod
    def _ctr(algorithm: algorithms.AES, nonce: bytes | memoryview, data: ByteInput) -> bytes:
        # CTR is its own inverse; the 16-byte nonce is the whole initial counter block.
        return Cipher(algorithm, modes.CTR(bytes(nonce))).encryptor().update(data)

    def _mac(self, *parts: ByteInput) -> bytes:
        mac = self._mac_template.copy()
        for part in parts:
            mac.update(part)
        return mac.digest()

    def encrypt_header(self, header: FileHeader) -> bytes:
        if len(header.nonce) != self.header_nonce_size:
            raise ValueError("a CTRMAC header nonce is 16 bytes")
        payload = header.reserved + header.content_key
        encrypted = self._ctr(self._header_algorithm, header.nonce, payload)
        return header.nonce + encrypted + self._mac(header.nonce, encrypted)

    def decrypt_header(
        self, ciphertext_header: ByteInput, *, ciphertext_path: str = ""
    ) -> FileHeader:
        if len(ciphertext_header) < self.header_size:
            raise _auth_failed("header", ciphertext_path, " (too short)")
        view = memoryview(ciphertext_header)
        if not hmac.compare_digest(self._mac(view[:56]), view[56:88]):
            raise _auth_failed("header", ciphertext_path)
        nonce = bytes(view[:16])
        payload = self._ctr(self._header_algorithm, nonce, view[16:56])
        return FileHeader(nonce, payload[8:40], payload[:8])

    def encrypt_chunk(
        self, cleartext: ByteInput, chunk_no: int, header: FileHeader, nonce: bytes | None = None
    ) -> bytes:
        self._check_chunk_args(len(cleartext), chunk_no, header)
        chunk_nonce = self._new_nonce(nonce)
        encrypted = self._ctr(self._algorithm(header), chunk_nonce, cleartext)
        mac = self._mac(header.nonce, _BE64.pack(chunk_no), chunk_nonce, encrypted)
        return b"".join((chunk_nonce, encrypted, mac))

    def decrypt_chunk(
        self, ciphertext: ByteInput, chunk_no: int, header: FileHeader, *, ciphertext_path: str = ""
    ) -> bytes:
        self._check_chunk_no(chunk_no, header)
        self._check_chunk_len(len(ciphertext), chunk_no, ciphertext_path)
        view = memoryview(ciphertext)
        # MAC first (constant-time compare), decrypt only authentic ciphertext.
        expected = self._mac(header.nonce, _BE64.pack(chunk_no), view[:-32])
        if not hmac.compare_digest(expected, view[-32:]):
            raise _auth_failed(f"chunk {chunk_no}", ciphertext_path)
        return self._ctr(self._algorithm(header), view[:16], view[16:-32])


def content_cryptor(cipher_combo: str, keys: MasterKeys) -> ContentCryptor:
    """The content cryptor for a vault's cipherCombo; UnsupportedVaultError for others."""
    if cipher_combo == "SIV_GCM":
        return GcmContentCryptor(keys)
    if cipher_combo == "SIV_CTRMAC":
        return CtrMacContentCryptor(keys)
    raise UnsupportedVaultError(f"The cipher combination {cipher_combo[:40]!r} is not supported.")
