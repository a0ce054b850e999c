"""SIV_CTRMAC file content (cryptolib v1): AES-CTR with HMAC-SHA256 (spec §10.1, §10.2).

Header: nonce (16) | AES-CTR(payload, 40) | HMAC (32) over nonce and ciphertext, under the
vault's keys. Chunk n: nonce (16) | AES-CTR(cleartext) | HMAC (32) over the header nonce, the
chunk number (big endian), the chunk nonce and the ciphertext; the MAC is checked first.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from vaultengine.crypto.content_base import (
    BE64,
    CLEARTEXT_CHUNK_SIZE,
    CTR_NONCE_SIZE,
    HEADER_PAYLOAD_SIZE,
    ByteInput,
    ContentCryptor,
    FileHeader,
    auth_failed,
)
from vaultengine.crypto.keys import MasterKeys

MAC_SIZE = 32  # HMAC-SHA256
CTRMAC_HEADER_MAC_AT = CTR_NONCE_SIZE + HEADER_PAYLOAD_SIZE  # 56: the MAC covers what precedes it
CTRMAC_HEADER_SIZE = CTRMAC_HEADER_MAC_AT + MAC_SIZE  # 88
CTRMAC_CHUNK_OVERHEAD = CTR_NONCE_SIZE + MAC_SIZE  # 48


class CtrMacContentCryptor(ContentCryptor):
    """SIV_CTRMAC: 88-byte header, chunks nonce16 | AES-CTR ciphertext | HMAC-SHA256."""

    header_size = CTRMAC_HEADER_SIZE
    header_nonce_size = CTR_NONCE_SIZE
    chunk_nonce_size = CTR_NONCE_SIZE
    chunk_overhead = CTRMAC_CHUNK_OVERHEAD
    ciphertext_chunk_size = CLEARTEXT_CHUNK_SIZE + CTRMAC_CHUNK_OVERHEAD

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

    def _seal_header(self, header: FileHeader) -> bytes:
        encrypted = self._ctr(self._header_algorithm, header.nonce, header.payload)
        return header.nonce + encrypted + self._mac(header.nonce, encrypted)

    def _open_header(self, view: memoryview, ciphertext_path: str) -> FileHeader:
        mac_at = CTRMAC_HEADER_MAC_AT
        if not hmac.compare_digest(self._mac(view[:mac_at]), view[mac_at:CTRMAC_HEADER_SIZE]):
            raise auth_failed("header", ciphertext_path)
        nonce = bytes(view[:CTR_NONCE_SIZE])
        payload = self._ctr(self._header_algorithm, nonce, view[CTR_NONCE_SIZE:mac_at])
        return FileHeader.from_payload(nonce, payload)

    def _seal_chunk(
        self, cleartext: ByteInput, chunk_no: int, header: FileHeader, chunk_nonce: bytes
    ) -> bytes:
        encrypted = self._ctr(self._algorithm(header), chunk_nonce, cleartext)
        mac = self._mac(header.nonce, BE64.pack(chunk_no), chunk_nonce, encrypted)
        return b"".join((chunk_nonce, encrypted, mac))

    def _open_chunk(
        self, view: memoryview, chunk_no: int, header: FileHeader, ciphertext_path: str
    ) -> bytes:
        # MAC first (constant-time compare), decrypt only authentic ciphertext.
        expected = self._mac(header.nonce, BE64.pack(chunk_no), view[:-MAC_SIZE])
        if not hmac.compare_digest(expected, view[-MAC_SIZE:]):
            raise auth_failed(f"chunk {chunk_no}", ciphertext_path)
        return self._ctr(
            self._algorithm(header), view[:CTR_NONCE_SIZE], view[CTR_NONCE_SIZE:-MAC_SIZE]
        )
