"""Batch content API (encrypt_chunks_into / decrypt_chunks_into) against the single-chunk one."""

from __future__ import annotations

import os

import pytest

from vaultengine.crypto.content import (
    ContentCryptor,
    CtrMacContentCryptor,
    GcmContentCryptor,
)
from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import AuthenticationFailedError

KEYS = MasterKeys(os.urandom(32), os.urandom(32))
CHUNK = 32768
PATH = "d/AB/CDEF/file.c9r"
# Empty, one byte, exactly one chunk, one chunk + 1, several with a partial last chunk.
SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 777]


@pytest.fixture(params=[GcmContentCryptor(KEYS), CtrMacContentCryptor(KEYS)], ids=["gcm", "ctrmac"])
def cryptor(request: pytest.FixtureRequest) -> ContentCryptor:
    result: ContentCryptor = request.param
    return result


def split_chunks(cryptor: ContentCryptor, ciphertext: bytes) -> list[bytes]:
    step = cryptor.ciphertext_chunk_size
    return [ciphertext[i : i + step] for i in range(0, len(ciphertext), step)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("first", [0, 7])
def test_batch_encrypt_is_read_by_single_chunk_decrypt(
    cryptor: ContentCryptor, size: int, first: int
) -> None:
    header = cryptor.new_header()
    cleartext = os.urandom(size)
    out = bytearray(cryptor.chunks_ciphertext_size(size) + 50)  # larger than needed is fine
    written = cryptor.encrypt_chunks_into(cleartext, first, header, out)
    assert written == cryptor.ciphertext_size(size) - cryptor.header_size
    assert out[written:] == bytes(50)  # nothing written past the batch
    chunks = split_chunks(cryptor, bytes(out[:written]))
    opened = [cryptor.decrypt_chunk(c, first + i, header) for i, c in enumerate(chunks)]
    assert b"".join(opened) == cleartext
    # Chunk numbers are bound: decrypting at another position fails.
    if chunks:
        with pytest.raises(AuthenticationFailedError):
            cryptor.decrypt_chunk(chunks[0], first + 1, header)


@pytest.mark.parametrize("size", SIZES)
def test_batch_decrypt_reads_single_chunk_encrypt(cryptor: ContentCryptor, size: int) -> None:
    header = cryptor.new_header()
    cleartext = os.urandom(size)
    first = 3
    ciphertext = b"".join(
        cryptor.encrypt_chunk(cleartext[i : i + CHUNK], first + n, header)
        for n, i in enumerate(range(0, size, CHUNK))
    )
    out = bytearray(size + 10)
    assert cryptor.decrypt_chunks_into(ciphertext, first, header, out) == size
    assert out[:size] == cleartext
    # memoryview input and output, as the file layer passes them
    view_out = memoryview(bytearray(size))
    assert cryptor.decrypt_chunks_into(memoryview(ciphertext), first, header, view_out) == size
    assert view_out.tobytes() == cleartext


def test_batch_accepts_known_answer_chunks(cryptor: ContentCryptor) -> None:
    # A chunk made with a fixed nonce (the KAT form) opens in a batch with random-nonce ones.
    header = cryptor.new_header()
    fixed = cryptor.encrypt_chunk(b"a" * CHUNK, 0, header, nonce=bytes(cryptor.chunk_nonce_size))
    second = cryptor.encrypt_chunk(b"b" * 10, 1, header)
    out = bytearray(CHUNK + 10)
    assert cryptor.decrypt_chunks_into(fixed + second, 0, header, out) == CHUNK + 10
    assert bytes(out) == b"a" * CHUNK + b"b" * 10


def test_fresh_nonce_per_chunk(cryptor: ContentCryptor) -> None:
    header = cryptor.new_header()
    out = bytearray(cryptor.chunks_ciphertext_size(4 * CHUNK))
    cryptor.encrypt_chunks_into(bytes(4 * CHUNK), 0, header, out)
    nonces = {bytes(c[: cryptor.chunk_nonce_size]) for c in split_chunks(cryptor, bytes(out))}
    assert len(nonces) == 4


@pytest.mark.parametrize("victim", [0, 2, 4])
@pytest.mark.parametrize("where", ["nonce", "payload", "tag"])
def test_tampered_chunk_fails_the_batch_and_leaves_nothing(
    cryptor: ContentCryptor, victim: int, where: str
) -> None:
    header = cryptor.new_header()
    size = 4 * CHUNK + 500  # chunk 4 is the partial last one
    cleartext = os.urandom(size)
    ciphertext = bytearray(cryptor.chunks_ciphertext_size(size))
    cryptor.encrypt_chunks_into(cleartext, 10, header, ciphertext)
    start = victim * cryptor.ciphertext_chunk_size
    length = min(cryptor.ciphertext_chunk_size, len(ciphertext) - start)
    ciphertext[start + {"nonce": 0, "payload": 40, "tag": length - 1}[where]] ^= 0x80
    out = bytearray(b"\xaa" * size)
    with pytest.raises(AuthenticationFailedError) as info:
        cryptor.decrypt_chunks_into(ciphertext, 10, header, out, ciphertext_path=PATH)
    assert f"chunk {10 + victim} of {PATH}" in str(info.value)
    # Nothing of the batch is handed out: not the good chunks before the bad one, not the bad one.
    assert out == bytes(size)


def test_truncated_or_oversized_input(cryptor: ContentCryptor) -> None:
    header = cryptor.new_header()
    ciphertext = bytearray(cryptor.chunks_ciphertext_size(2 * CHUNK))
    cryptor.encrypt_chunks_into(bytes(2 * CHUNK), 0, header, ciphertext)
    out = bytearray(2 * CHUNK)
    # A final piece shorter than the overhead cannot be a chunk.
    cut = ciphertext[: cryptor.ciphertext_chunk_size + cryptor.chunk_overhead - 1]
    with pytest.raises(AuthenticationFailedError, match="chunk 1"):
        cryptor.decrypt_chunks_into(cut, 0, header, out)
    assert out == bytes(2 * CHUNK)
    # A full chunk cut short fails authentication rather than giving a shorter cleartext.
    with pytest.raises(AuthenticationFailedError, match="chunk 1"):
        cryptor.decrypt_chunks_into(ciphertext[:-1], 0, header, out)
    # Exactly the overhead after whole chunks is the empty final chunk form (spec 10.3).
    empty = cryptor.encrypt_chunk(b"", 2, header)
    assert cryptor.decrypt_chunks_into(bytes(ciphertext) + empty, 0, header, out) == 2 * CHUNK


def test_output_buffer_and_argument_checks(cryptor: ContentCryptor) -> None:
    header = cryptor.new_header()
    too_small = bytearray(cryptor.chunks_ciphertext_size(CHUNK + 1) - 1)
    with pytest.raises(ValueError, match="output buffer"):
        cryptor.encrypt_chunks_into(bytes(CHUNK + 1), 0, header, too_small)
    ciphertext = bytearray(cryptor.chunks_ciphertext_size(100))
    cryptor.encrypt_chunks_into(bytes(100), 0, header, ciphertext)
    with pytest.raises(ValueError, match="output buffer"):
        cryptor.decrypt_chunks_into(ciphertext, 0, header, bytearray(99))
    with pytest.raises(ValueError, match="negative"):
        cryptor.encrypt_chunks_into(b"x", -1, header, bytearray(100))
    other = CtrMacContentCryptor(KEYS) if isinstance(cryptor, GcmContentCryptor) else None
    if other is not None:
        with pytest.raises(ValueError, match="other cipher combo"):
            cryptor.encrypt_chunks_into(b"x", 0, other.new_header(), bytearray(100))
