"""The 44-word recovery key: the 64-byte raw master key plus a 16-bit CRC as words (spec §2.7)."""

from __future__ import annotations

import functools
import zlib
from pathlib import Path

from vaultengine.errors import InvalidRecoveryKeyError
from vaultengine.resource_files import resource_path

RAW_KEY_SIZE = 64
RECOVERY_KEY_WORDS = 44  # (64 key bytes + 2 checksum bytes) / 3 bytes per pair * 2 words
WORDLIST_SIZE = 4096
WORDLIST_NAME = "4096words_en.txt"


def wordlist_path() -> Path:
    return resource_path(WORDLIST_NAME)


@functools.cache
def wordlist() -> tuple[str, ...]:
    """Cryptomator's 4096 English words, index 0 = "ad" (read once, on first use)."""
    path = wordlist_path()
    words = tuple(path.read_text(encoding="ascii").split("\n"))
    if len(words) != WORDLIST_SIZE or len(set(words)) != WORDLIST_SIZE:
        raise RuntimeError(f"{path} is not a list of {WORDLIST_SIZE} distinct words")
    return words


@functools.cache
def _word_indices() -> dict[str, int]:
    return {word: index for index, word in enumerate(wordlist())}


def _checksum(raw_key: bytes) -> bytes:
    # The two low-order bytes of CRC-32, least significant first (Guava's asBytes order).
    return zlib.crc32(raw_key).to_bytes(4, "little")[:2]


def encode_recovery_key(raw_key: bytes) -> str:
    """The raw key (encKey || macKey) as 44 space-separated words."""
    if len(raw_key) != RAW_KEY_SIZE:
        raise ValueError(f"a recovery key encodes a {RAW_KEY_SIZE}-byte raw key")
    words = wordlist()
    padded = raw_key + _checksum(raw_key)
    out: list[str] = []
    for i in range(0, len(padded), 3):
        group = int.from_bytes(padded[i : i + 3], "big")
        out += [words[group >> 12], words[group & 0xFFF]]
    return " ".join(out)


def decode_recovery_key(words: str) -> bytes:
    """The 64-byte raw key from recovery words; InvalidRecoveryKeyError says what is wrong.

    Tolerant of layout: any whitespace between words, leading/trailing space, upper case.
    """
    indices = _word_indices()
    tokens = words.lower().split()
    numbers: list[int] = []
    for position, token in enumerate(tokens, start=1):
        index = indices.get(token)
        if index is None:
            raise InvalidRecoveryKeyError(
                f"Word {position} '{token}' is not in the recovery key word list."
            )
        numbers.append(index)
    if len(numbers) != RECOVERY_KEY_WORDS:
        raise InvalidRecoveryKeyError(
            f"A recovery key has {RECOVERY_KEY_WORDS} words; this one has {len(numbers)}."
        )
    decoded = b"".join(
        ((numbers[i] << 12) | numbers[i + 1]).to_bytes(3, "big") for i in range(0, len(numbers), 2)
    )
    raw_key, checksum = decoded[:RAW_KEY_SIZE], decoded[RAW_KEY_SIZE:]
    if checksum != _checksum(raw_key):
        raise InvalidRecoveryKeyError(
            "The recovery key's checksum does not match: a word is wrong or out of order."
        )
    return raw_key
