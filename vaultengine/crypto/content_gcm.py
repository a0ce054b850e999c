"""SIV_GCM file content (cryptolib v2): AES-GCM header and chunks (spec §10.1, §10.2).

Header: nonce (12) | AES-GCM(payload, 40) | tag (16) under the vault's encryption key.
Chunk n: nonce (12) | AES-GCM(cleartext) | tag (16) under the content key, with the chunk
number (big endian) and the header nonce as associated data.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from vaultengine.crypto.content_base import (
    BE64,
    CLEARTEXT_CHUNK_SIZE,
    GCM_NONCE_SIZE,
    HEADER_PAYLOAD_SIZE,
    ByteInput,
    ContentCryptor,
    FileHeader,
    auth_failed,
)
from vaultengine.crypto.keys import MasterKeys

GCM_TAG_SIZE = 16
GCM_HEADER_SIZE = GCM_NONCE_SIZE + HEADER_PAYLOAD_SIZE + GCM_TAG_SIZE  # 68
GCM_CHUNK_OVERHEAD = GCM_NONCE_SIZE + GCM_TAG_SIZE  # 28


class GcmContentCryptor(ContentCryptor):
    """SIV_GCM: 68-byte header, chunks nonce12 | AES-GCM ciphertext | tag16."""

    header_size = GCM_HEADER_SIZE
    header_nonce_size = GCM_NONCE_SIZE
    chunk_nonce_size = GCM_NONCE_SIZE
    chunk_overhead = GCM_CHUNK_OVERHEAD
    ciphertext_chunk_size = CLEARTEXT_CHUNK_SIZE + GCM_CHUNK_OVERHEAD

    def __init__(self, keys: MasterKeys) -> None:
        super().__init__(keys)
        self._header_aead = AESGCM(keys.enc_key)

    @staticmethod
    def _aead(header: FileHeader) -> AESGCM:
        aead = header._cache.gcm
        if aead is None:
            aead = header._cache.gcm = AESGCM(header.content_key)
        return aead

    def _seal_header(self, header: FileHeader) -> bytes:
        return header.nonce + self._header_aead.encrypt(header.nonce, header.payload, None)

    def _open_header(self, view: memoryview, ciphertext_path: str) -> FileHeader:
        nonce = bytes(view[:GCM_NONCE_SIZE])
        try:
            payload = self._header_aead.decrypt(nonce, view[GCM_NONCE_SIZE:GCM_HEADER_SIZE], None)
        except InvalidTag:
            raise auth_failed("header", ciphertext_path) from None
        return FileHeader.from_payload(nonce, payload)

    def _seal_chunk(
        self, cleartext: ByteInput, chunk_no: int, header: FileHeader, chunk_nonce: bytes
    ) -> bytes:
        aad = BE64.pack(chunk_no) + header.nonce
        return chunk_nonce + self._aead(header).encrypt(chunk_nonce, cleartext, aad)

    def _open_chunk(
        self, view: memoryview, chunk_no: int, header: FileHeader, ciphertext_path: str
    ) -> bytes:
        aad = BE64.pack(chunk_no) + header.nonce
        try:
            return self._aead(header).decrypt(view[:GCM_NONCE_SIZE], view[GCM_NONCE_SIZE:], aad)
        except InvalidTag:
            raise auth_failed(f"chunk {chunk_no}", ciphertext_path) from None

    def _seal_chunks_into(
        self, src: memoryview, first_chunk_no: int, header: FileHeader, dst: memoryview
    ) -> int:
        """AES-GCM writes nonce | ciphertext | tag in place: no bytes object per chunk, one
        os.urandom call for all nonces of the batch."""
        encrypt_into = self._aead(header).encrypt_into
        step = self.cleartext_chunk_size
        count = -(-len(src) // step)
        nonces = memoryview(os.urandom(GCM_NONCE_SIZE * count))
        aad = bytearray(BE64.size) + header.nonce  # chunk number (big endian) | header nonce
        pos = 0
        for index in range(count):
            piece = src[index * step : (index + 1) * step]
            nonce = nonces[index * GCM_NONCE_SIZE : (index + 1) * GCM_NONCE_SIZE]
            BE64.pack_into(aad, 0, first_chunk_no + index)
            end = pos + GCM_CHUNK_OVERHEAD + len(piece)
            dst[pos : pos + GCM_NONCE_SIZE] = nonce
            encrypt_into(nonce, piece, aad, dst[pos + GCM_NONCE_SIZE : end])
            pos = end
        return pos

    def _open_chunks_into(
        self, src: memoryview, first_no: int, header: FileHeader, dst: memoryview, path: str
    ) -> int:
        """AES-GCM decrypts straight into `dst`."""
        decrypt_into = self._aead(header).decrypt_into
        step, size = self.ciphertext_chunk_size, len(src)
        aad = bytearray(BE64.size) + header.nonce
        pos = 0
        chunk_no = first_no
        for start in range(0, size, step):
            stop = min(start + step, size)
            if stop - start < GCM_CHUNK_OVERHEAD:  # only the last piece can be short
                raise auth_failed(f"chunk {chunk_no}", path, " (truncated)")
            BE64.pack_into(aad, 0, chunk_no)
            end = pos + stop - start - GCM_CHUNK_OVERHEAD
            body = start + GCM_NONCE_SIZE
            try:
                decrypt_into(src[start:body], src[body:stop], aad, dst[pos:end])
            except InvalidTag:
                raise auth_failed(f"chunk {chunk_no}", path) from None
            pos = end
            chunk_no += 1
        return pos
