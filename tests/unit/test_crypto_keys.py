"""MasterKeys: key orders, construction checks, and a repr that never shows key bytes."""

from __future__ import annotations

import pytest

from vaultengine.crypto.content import FileHeader
from vaultengine.crypto.keys import MasterKeys

ENC = bytes(range(32))
MAC = bytes(range(100, 132))


def test_key_orders() -> None:
    keys = MasterKeys(ENC, MAC)
    assert keys.raw_key == ENC + MAC
    assert keys.siv_key == MAC + ENC
    assert MasterKeys.from_raw(ENC + MAC) == keys


def test_generate_gives_fresh_random_keys() -> None:
    one, two = MasterKeys.generate(), MasterKeys.generate()
    assert one != two
    assert one.enc_key != one.mac_key
    assert len(one.raw_key) == 64


@pytest.mark.parametrize("bad", [b"", b"\x00" * 31, b"\x00" * 33, "x" * 32])
def test_wrong_key_sizes_refused(bad: object) -> None:
    with pytest.raises(ValueError):
        MasterKeys(bad, MAC)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        MasterKeys(ENC, bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", [0, 32, 63, 65])
def test_from_raw_needs_64_bytes(size: int) -> None:
    with pytest.raises(ValueError):
        MasterKeys.from_raw(b"\x01" * size)


def test_repr_hides_key_bytes() -> None:
    keys = MasterKeys(b"\xab" * 32, b"\xcd" * 32)
    for text in (repr(keys), str(keys), f"{keys}", repr([keys])):
        assert "ab" not in text.lower().replace("masterkeys", "")
        assert "cd" not in text.lower()
        assert "\\x" not in text


def test_header_repr_hides_content_key() -> None:
    header = FileHeader(b"\x01" * 12, b"\xcd" * 32)
    assert "cd" not in repr(header).lower()
    assert "redacted" in repr(header)
