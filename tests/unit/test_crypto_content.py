"""File content: round trips, size math, empty forms and tampering (bad-input #6-#8)."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultengine.crypto.content import (
    ContentCryptor,
    CtrMacContentCryptor,
    FileHeader,
    GcmContentCryptor,
    content_cryptor,
)
from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import AuthenticationFailedError, UnsupportedVaultError

KEYS = MasterKeys(os.urandom(32), os.urandom(32))
OTHER_KEYS = MasterKeys(os.urandom(32), os.urandom(32))
CRYPTORS = [GcmContentCryptor(KEYS), CtrMacContentCryptor(KEYS)]
IDS = ["gcm", "ctrmac"]
PATH = "d/AB/CDEFGHIJKLMNOPQRSTUVWXYZ234567/file.c9r"
SECRET = b"top secret cleartext"


@pytest.fixture(params=CRYPTORS, ids=IDS)
def cryptor(request: pytest.FixtureRequest) -> ContentCryptor:
    result: ContentCryptor = request.param
    return result


def test_constants() -> None:
    gcm, ctr = CRYPTORS
    assert (gcm.header_size, gcm.chunk_overhead, gcm.ciphertext_chunk_size) == (68, 28, 32796)
    assert (ctr.header_size, ctr.chunk_overhead, ctr.ciphertext_chunk_size) == (88, 48, 32816)
    assert gcm.cleartext_chunk_size == ctr.cleartext_chunk_size == 32768


def test_factory() -> None:
    assert isinstance(content_cryptor("SIV_GCM", KEYS), GcmContentCryptor)
    assert isinstance(content_cryptor("SIV_CTRMAC", KEYS), CtrMacContentCryptor)
    for combo in ("SIV_CTR", "siv_gcm", "", "SIV_GCM "):
        with pytest.raises(UnsupportedVaultError):
            content_cryptor(combo, KEYS)


@pytest.mark.parametrize("size", [0, 1, 11, 32767, 32768, 32769, 65536, 100_003])
def test_file_round_trip(cryptor: ContentCryptor, size: int) -> None:
    cleartext = os.urandom(size)
    ciphertext = cryptor.encrypt_file(cleartext)
    assert len(ciphertext) == cryptor.ciphertext_size(size)
    assert cryptor.cleartext_size(len(ciphertext)) == size
    assert cryptor.decrypt_file(ciphertext) == cleartext
    assert cryptor.decrypt_file(bytearray(ciphertext)) == cleartext
    assert cryptor.decrypt_file(memoryview(ciphertext)) == cleartext


def test_fresh_randomness_per_file_and_chunk(cryptor: ContentCryptor) -> None:
    one, two = cryptor.encrypt_file(b"same"), cryptor.encrypt_file(b"same")
    assert one[: cryptor.header_size] != two[: cryptor.header_size]
    header = cryptor.new_header()
    assert cryptor.encrypt_chunk(b"x", 0, header) != cryptor.encrypt_chunk(b"x", 0, header)


def test_empty_file_is_just_the_header(cryptor: ContentCryptor) -> None:
    ciphertext = cryptor.encrypt_file(b"")
    assert len(ciphertext) == cryptor.header_size
    assert cryptor.decrypt_file(ciphertext) == b""


def test_empty_final_chunk_form_accepted(cryptor: ContentCryptor) -> None:
    # cryptolib >= 2.2.1 writes an empty final chunk: 96-byte (GCM) empty dirid.c9r.
    header = cryptor.new_header()
    empty = cryptor.encrypt_header(header) + cryptor.encrypt_chunk(b"", 0, header)
    assert len(empty) == cryptor.header_size + cryptor.chunk_overhead
    assert cryptor.cleartext_size(len(empty)) == 0
    assert cryptor.decrypt_file(empty) == b""
    full = os.urandom(32768)
    body = cryptor.encrypt_chunk(full, 0, header) + cryptor.encrypt_chunk(b"", 1, header)
    assert cryptor.decrypt_file(cryptor.encrypt_header(header) + body) == full
    assert cryptor.cleartext_size(cryptor.header_size + len(body)) == 32768


def test_reserved_field_is_not_checked(cryptor: ContentCryptor) -> None:
    # One fixture vault has a header with reserved 0F x 8; readers must accept it.
    nonce_size = 12 if isinstance(cryptor, GcmContentCryptor) else 16
    header = FileHeader(os.urandom(nonce_size), os.urandom(32), b"\x0f" * 8)
    decrypted = cryptor.decrypt_header(cryptor.encrypt_header(header))
    assert decrypted == header
    assert decrypted.reserved == b"\x0f" * 8


def test_chunks_accept_buffer_types(cryptor: ContentCryptor) -> None:
    header = cryptor.new_header()
    data = bytearray(os.urandom(1000))
    chunk = cryptor.encrypt_chunk(memoryview(data)[10:900], 3, header)
    assert cryptor.decrypt_chunk(memoryview(bytearray(chunk)), 3, header) == bytes(data[10:900])


def test_chunk_argument_checks(cryptor: ContentCryptor) -> None:
    header = cryptor.new_header()
    with pytest.raises(ValueError):
        cryptor.encrypt_chunk(b"\x00" * 32769, 0, header)
    with pytest.raises(ValueError):
        cryptor.encrypt_chunk(b"x", -1, header)
    with pytest.raises(ValueError):
        cryptor.encrypt_chunk(b"x", 0, header, nonce=b"\x00" * 5)
    foreign = next(c for c in CRYPTORS if type(c) is not type(cryptor)).new_header()
    with pytest.raises(ValueError):
        cryptor.encrypt_chunk(b"x", 0, foreign)
    with pytest.raises(ValueError):
        cryptor.encrypt_header(foreign)


# -- size math ------------------------------------------------------------------------------


@given(n=st.integers(min_value=0, max_value=1 << 40))
def test_cleartext_size_inverts_ciphertext_size(n: int) -> None:
    for cryptor in CRYPTORS:
        assert cryptor.cleartext_size(cryptor.ciphertext_size(n)) == n


@given(s=st.integers(min_value=0, max_value=1 << 40))
def test_cleartext_size_never_overstates(s: int) -> None:
    for cryptor in CRYPTORS:
        n = cryptor.cleartext_size(s)
        assert n >= 0
        assert cryptor.ciphertext_size(n) <= max(s, cryptor.header_size)


def test_tolerant_sizes(cryptor: ContentCryptor) -> None:
    h, o, c = cryptor.header_size, cryptor.chunk_overhead, cryptor.ciphertext_chunk_size
    for size in (0, 1, h - 1):
        assert cryptor.cleartext_size(size) == 0  # shorter than a header
    assert cryptor.cleartext_size(h) == 0
    for tail in range(1, o):  # an invalid partial chunk is rounded down
        assert cryptor.cleartext_size(h + tail) == 0
        assert cryptor.cleartext_size(h + c + tail) == 32768
    assert cryptor.cleartext_size(h + o) == 0  # empty final chunk
    assert cryptor.cleartext_size(h + o + 1) == 1
    with pytest.raises(ValueError):
        cryptor.ciphertext_size(-1)


# -- tampering ------------------------------------------------------------------------------


def test_every_single_byte_flip_fails(cryptor: ContentCryptor) -> None:
    ciphertext = cryptor.encrypt_file(SECRET)
    assert cryptor.decrypt_file(ciphertext) == SECRET
    for i in range(len(ciphertext)):
        for mask in (0x01, 0x80):
            tampered = bytearray(ciphertext)
            tampered[i] ^= mask
            with pytest.raises(AuthenticationFailedError) as info:
                cryptor.decrypt_file(bytes(tampered), ciphertext_path=PATH)
            message = str(info.value)
            assert message.startswith("authentication failed")
            assert PATH in message
            part = "header" if i < cryptor.header_size else "chunk 0"
            assert part in message
            assert SECRET.decode() not in message
            assert info.value.errno == 5  # EIO


def test_every_byte_flip_of_second_chunk_fails_only_that_chunk(cryptor: ContentCryptor) -> None:
    cleartext = os.urandom(32768 + 40)
    ciphertext = cryptor.encrypt_file(cleartext)
    header = cryptor.decrypt_header(ciphertext)
    start = cryptor.header_size + cryptor.ciphertext_chunk_size
    first = ciphertext[cryptor.header_size : start]
    for i in range(start, len(ciphertext)):
        tampered = bytearray(ciphertext)
        tampered[i] ^= 0x04
        with pytest.raises(AuthenticationFailedError, match="chunk 1"):
            cryptor.decrypt_chunk(tampered[start:], 1, header, ciphertext_path=PATH)
    # other chunks of the file stay readable
    assert cryptor.decrypt_chunk(first, 0, header) == cleartext[:32768]


def _chunks(cryptor: ContentCryptor, ciphertext: bytes) -> list[bytes]:
    body = ciphertext[cryptor.header_size :]
    step = cryptor.ciphertext_chunk_size
    return [body[i : i + step] for i in range(0, len(body), step)]


def test_chunk_swap_within_file_fails(cryptor: ContentCryptor) -> None:
    ciphertext = cryptor.encrypt_file(os.urandom(3 * 32768))
    c0, c1, c2 = _chunks(cryptor, ciphertext)
    swapped = ciphertext[: cryptor.header_size] + c1 + c0 + c2
    with pytest.raises(AuthenticationFailedError, match="chunk 0"):
        cryptor.decrypt_file(swapped)
    header = cryptor.decrypt_header(ciphertext)
    with pytest.raises(AuthenticationFailedError, match="chunk 1"):
        cryptor.decrypt_chunk(c0, 1, header)  # wrong chunk number
    with pytest.raises(AuthenticationFailedError, match="chunk 2"):
        cryptor.decrypt_chunk(c1, 2, header)


def test_chunk_swap_between_files_fails(cryptor: ContentCryptor) -> None:
    file_a = cryptor.encrypt_file(os.urandom(2 * 32768))
    file_b = cryptor.encrypt_file(os.urandom(2 * 32768))
    a0, a1 = _chunks(cryptor, file_a)
    b0, _ = _chunks(cryptor, file_b)
    with pytest.raises(AuthenticationFailedError, match="chunk 0"):
        cryptor.decrypt_file(file_a[: cryptor.header_size] + b0 + a1)
    # same content key, different header nonce: still refused (the nonce binds chunks)
    header_a = cryptor.decrypt_header(file_a)
    rebound = FileHeader(os.urandom(len(header_a.nonce)), header_a.content_key)
    with pytest.raises(AuthenticationFailedError):
        cryptor.decrypt_chunk(a0, 0, rebound)


def test_header_of_another_vault_fails(cryptor: ContentCryptor) -> None:
    other = type(cryptor)(OTHER_KEYS)
    with pytest.raises(AuthenticationFailedError, match="header"):
        cryptor.decrypt_file(other.encrypt_file(SECRET))


def test_truncation(cryptor: ContentCryptor) -> None:
    ciphertext = cryptor.encrypt_file(os.urandom(32768 + 100))
    h, c = cryptor.header_size, cryptor.ciphertext_chunk_size
    for size in (0, 1, h - 1):
        with pytest.raises(AuthenticationFailedError, match="header"):
            cryptor.decrypt_file(ciphertext[:size], ciphertext_path=PATH)
    for tail in range(1, cryptor.chunk_overhead + 1):  # partial final chunk
        with pytest.raises(AuthenticationFailedError, match="chunk 1"):
            cryptor.decrypt_file(ciphertext[: h + c + tail], ciphertext_path=PATH)
    # Accepted limitation (bad-input #9): truncation at a chunk boundary is not detectable.
    assert len(cryptor.decrypt_file(ciphertext[: h + c])) == 32768


def test_oversized_chunk_fails(cryptor: ContentCryptor) -> None:
    header = cryptor.new_header()
    chunk = cryptor.encrypt_chunk(os.urandom(32768), 0, header)
    with pytest.raises(AuthenticationFailedError, match="chunk 0"):
        cryptor.decrypt_chunk(chunk + b"\x00", 0, header)


def test_decrypt_header_ignores_trailing_bytes(cryptor: ContentCryptor) -> None:
    ciphertext = cryptor.encrypt_file(SECRET)
    header = cryptor.decrypt_header(ciphertext)
    assert header == cryptor.decrypt_header(ciphertext[: cryptor.header_size])
    chunk = ciphertext[cryptor.header_size :]
    assert cryptor.decrypt_chunk(chunk, 0, header) == SECRET


def test_listed_size_is_cleartext_size_plus_one_for_a_torn_tail(cryptor: ContentCryptor) -> None:
    h, c, o = cryptor.header_size, cryptor.ciphertext_chunk_size, cryptor.chunk_overhead
    edges = {0, h - 1, h, h + 1, h + o - 1, h + o, h + o + 1, h + c - 1, h + c, h + c + 1}
    edges |= {h + c + o - 1, h + c + o, h + 2 * c + 5, h + 3 * c + o + 7}
    for size in sorted(edges):
        expected = cryptor.cleartext_size(size) + cryptor.has_torn_tail(size)
        assert cryptor.listed_size(size) == expected, size
    assert cryptor.listed_size(h + c + 1) == 32768 + 1  # one torn byte after a full chunk
    assert cryptor.listed_size(h + c + o + 3) == 32768 + 3
