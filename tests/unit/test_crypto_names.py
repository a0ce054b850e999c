"""Name encryption and directory hashing: round trips, NFC, AD binding, tampering (#10, #14)."""

from __future__ import annotations

import base64
import unicodedata

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from hypothesis import given
from hypothesis import strategies as st

from vaultengine.crypto.keys import MasterKeys
from vaultengine.crypto.names import NameCryptor
from vaultengine.errors import AuthenticationFailedError

KEYS = MasterKeys(b"\x55" * 32, b"\x77" * 32)
NAMES = NameCryptor(KEYS)
DIR_ID = "918acfbd-a467-3f77-93f1-f4a44f9cfe9c"

# Names any filesystem may hand us: no "/" or NUL, no lone surrogates.
cleartext_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
    min_size=1,
    max_size=80,
)


@given(name=cleartext_names, parent=st.sampled_from(["", DIR_ID, "recovery"]))
def test_round_trip(name: str, parent: str) -> None:
    ciphertext = NAMES.encrypt_name(name, parent)
    assert ciphertext.endswith("=") or len(ciphertext) % 4 == 0
    assert set(ciphertext) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_="
    )
    assert NAMES.decrypt_name(ciphertext, parent) == unicodedata.normalize("NFC", name)


def test_deterministic_and_padded() -> None:
    one = NAMES.encrypt_name("report.pdf", DIR_ID)
    assert one == NAMES.encrypt_name("report.pdf", DIR_ID)
    assert len(one) % 4 == 0
    # Spec §7: L = 4*ceil((16 + n) / 3) with n UTF-8 bytes (before ".c9r").
    for n in range(0, 40):
        assert len(NAMES.encrypt_name("x" * n, "")) == 4 * -(-(16 + n) // 3)


def test_nfd_input_is_stored_as_nfc() -> None:
    nfc = "Gr\u00fc\u00dfe \u00e9t\u00e9.txt"
    nfd = unicodedata.normalize("NFD", nfc)
    assert NAMES.encrypt_name(nfd, DIR_ID) == NAMES.encrypt_name(nfc, DIR_ID)
    assert NAMES.decrypt_name(NAMES.encrypt_name(nfd, DIR_ID), DIR_ID) == nfc


def test_name_is_bound_to_its_parent() -> None:
    ciphertext = NAMES.encrypt_name("a.txt", DIR_ID)
    with pytest.raises(AuthenticationFailedError):
        NAMES.decrypt_name(ciphertext, "")
    # the root's one empty AD component differs from no AD at all
    root_name = NAMES.encrypt_name("a.txt", "")
    raw = AESSIV(KEYS.siv_key).encrypt(b"a.txt", None)
    assert base64.urlsafe_b64encode(raw).decode() != root_name


def test_other_vault_keys_fail() -> None:
    other = NameCryptor(MasterKeys(b"\x77" * 32, b"\x55" * 32))
    with pytest.raises(AuthenticationFailedError):
        other.decrypt_name(NAMES.encrypt_name("a.txt", ""), "")


def test_every_single_character_change_fails() -> None:
    ciphertext = NAMES.encrypt_name("secret-plan.txt", DIR_ID)
    body = ciphertext.rstrip("=")
    for i, char in enumerate(body):
        for replacement in ("A", "_"):
            if replacement == char:
                continue
            tampered = body[:i] + replacement + body[i + 1 :] + ciphertext[len(body) :]
            with pytest.raises(AuthenticationFailedError) as info:
                NAMES.decrypt_name(tampered, DIR_ID)
            assert "secret" not in str(info.value)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "AAAA",
        "GP71XB0uM6ZWwDYeBdhucSXBPpIiDAQz2w",  # padding missing
        "GP71XB0uM6ZWwDYeBdhucSXBPpIiDAQz2w===",
        "GP71XB0uM6ZWwDYeBdhucSXBPpIiDAQz2w==.c9r",
        "GP71XB0uM6ZWwDYeBdhucSXBPp+iDAQz2w==",  # standard alphabet
        "GP71XB0uM6ZWwDYeBdhucSXBPp\u00e9iDAQz2w==",
        "GP71XB0uM6ZWwDYe BdhucSXBPpIiDAQz2w==",
        "\udcff\udcfe",
    ],
)
def test_malformed_names_fail_authentication(bad: str) -> None:
    assert NAMES.decrypt_name("GP71XB0uM6ZWwDYeBdhucSXBPpIiDAQz2w==", "foo") == "hello.txt"
    with pytest.raises(AuthenticationFailedError) as info:
        NAMES.decrypt_name(bad, "foo")
    assert isinstance(info.value, OSError)
    assert "authentication failed" in str(info.value)


def test_authentic_but_not_utf8_fails() -> None:
    raw = AESSIV(KEYS.siv_key).encrypt(b"caf\xe9", [DIR_ID.encode()])
    with pytest.raises(AuthenticationFailedError):
        NAMES.decrypt_name(base64.urlsafe_b64encode(raw).decode(), DIR_ID)


def test_hash_dir_id_shape() -> None:
    seen = {NAMES.hash_dir_id(d) for d in ("", DIR_ID, "recovery", "a", "b")}
    assert len(seen) == 5
    for hashed in seen:
        assert len(hashed) == 32
        assert set(hashed) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
