"""Recovery key: spec §15.9 vectors, the shipped word list, error messages, round trip."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultengine.errors import InvalidRecoveryKeyError
from vaultengine.format.recovery_key import (
    decode_recovery_key,
    encode_recovery_key,
    wordlist,
    wordlist_path,
)

VALID = (
    "pathway lift abuse plenty export texture gentleman landscape beyond ceiling around leaf cafe"
    " charity border breakdown victory surely computer cat linger restrict infer crowd live"
    " computer true written amazed investor boot depth left theory snow whereby terminal weekly"
    " reject happiness circuit partial cup ad"
)
VALID_RAW = bytes.fromhex(
    "bb01e256b7836e6bf8ecaee867397065b1dc12a976676f5badb805c4a03b8b9e"
    "295d53e81e8c4a2b9af3652dd51213f11de810282c1ae4c9387a9eceb18bad03"
)


def test_wordlist_file_is_cryptomators() -> None:
    digest = hashlib.sha256(wordlist_path().read_bytes()).hexdigest()
    assert digest == "a66b733e516289fbe2a0f9382d450965edf4c9657a596035d34d1ae8a01ce175"
    words = wordlist()
    assert len(words) == 4096 and len(set(words)) == 4096
    assert words[0] == "ad"
    assert all(w == w.lower() and w.isalpha() for w in words)
    assert wordlist_path().with_name("4096words_en.LICENSE.txt").is_file()


def test_published_key_decodes_to_its_keys() -> None:
    assert decode_recovery_key(VALID) == VALID_RAW
    assert encode_recovery_key(VALID_RAW) == VALID


def test_last_word_changed_fails_the_checksum() -> None:
    with pytest.raises(InvalidRecoveryKeyError, match="checksum"):
        decode_recovery_key(VALID[: -len("ad")] + "wrong")


def test_known_encodings() -> None:
    assert encode_recovery_key(b"\x00" * 64) == " ".join(["ad"] * 42 + ["at", "assume"])
    expected = " ".join(["water"] * 21 + ["asset"] + ["partly"] * 20 + ["option", "twist"])
    assert encode_recovery_key(b"\x55" * 32 + b"\x77" * 32) == expected
    assert decode_recovery_key(expected) == b"\x55" * 32 + b"\x77" * 32


def test_layout_is_tolerated() -> None:
    messy = "  " + VALID.upper().replace(" ", "  \n\t", 5) + " \n"
    assert decode_recovery_key(messy) == VALID_RAW


def test_unknown_word_is_named() -> None:
    words = VALID.split()
    words[11] = "foo"
    with pytest.raises(InvalidRecoveryKeyError, match="Word 12 'foo' is not in the"):
        decode_recovery_key(" ".join(words))


@pytest.mark.parametrize("count", [0, 1, 43, 45, 46])
def test_wrong_word_count(count: int) -> None:
    words = (VALID.split() * 2)[:count]
    with pytest.raises(InvalidRecoveryKeyError, match=f"44 words; this one has {count}"):
        decode_recovery_key(" ".join(words))


def test_swapped_words_fail() -> None:
    words = VALID.split()
    words[0], words[1] = words[1], words[0]
    with pytest.raises(InvalidRecoveryKeyError):
        decode_recovery_key(" ".join(words))


def test_encode_needs_64_bytes() -> None:
    with pytest.raises(ValueError):
        encode_recovery_key(b"\x00" * 32)


@given(st.binary(min_size=64, max_size=64))
def test_round_trip(raw: bytes) -> None:
    words = encode_recovery_key(raw)
    assert len(words.split(" ")) == 44
    assert decode_recovery_key(words) == raw
