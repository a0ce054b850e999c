"""vault.cryptomator: spec §15.2 vectors, real fixture vaults, and tampered or hostile tokens."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest

from tests.helpers.vaults import FIXTURES
from vaultengine.crypto import unlock_masterkey
from vaultengine.errors import (
    ConfigSignatureError,
    DamagedVaultFileError,
    UnsupportedVaultError,
)
from vaultengine.format.config import (
    VaultConfig,
    masterkey_filename_from_kid,
    read_config_unverified,
    sign_config,
    verify_config,
)

KEY_55 = b"\x55" * 64
PAYLOAD_B64 = (
    "eyJmb3JtYXQiOjgsInNob3J0ZW5pbmdUaHJlc2hvbGQiOjIyMCwianRpIjoiZjRiMjlmM2EtNDdkNi00NjlmLTk2NGMt"
    "ZjRjMmRhZWU4ZWI2IiwiY2lwaGVyQ29tYm8iOiJTSVZfQ1RSTUFDIn0"
)
VECTORS = {
    "HS256": "eyJraWQiOiJURVNUX0tFWSIsInR5cCI6IkpXVCIsImFsZyI6IkhTMjU2In0."
    + PAYLOAD_B64
    + ".V7pqSXX1tBRgmntL1sXovnhNR4Z1_7z3Jzrq7NMqPO8",
    "HS384": "eyJraWQiOiJURVNUX0tFWSIsInR5cCI6IkpXVCIsImFsZyI6IkhTMzg0In0."
    + PAYLOAD_B64
    + ".rx03sCVAyrCmT6halPaFU46lu-DOd03iwDgvdw362hfgJj782q6xPXjAxdKeVKxG",
    "HS512": "eyJraWQiOiJURVNUX0tFWSIsInR5cCI6IkpXVCIsImFsZyI6IkhTNTEyIn0."
    + PAYLOAD_B64
    + ".fzkVI34Ou3z7RaFarS9VPCaA0NX9z7My14gAISTXJGKGNSID7xEcoaY56SBdWbU7Ta17KhxcHhbXffxk3Mzing",
}
ALG_NONE = "eyJraWQiOiJURVNUX0tFWSIsInR5cCI6IkpXVCIsImFsZyI6Im5vbmUifQ." + PAYLOAD_B64 + "."

# Spec §15.10: keys of the oxidized-cryptolib / desktop-fresh vault.
FRESH_RAW_KEY = bytes.fromhex(
    "1836dc02616887ffe0a572b000426918c139756731419920c039cbbfe02fdde9"
    "0872b5284fc8656194ac6de685684564cb91473dfdc17e08d83712b7e0f43da0"
)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def token(header: dict, payload: dict, signature: str = "AAAA") -> str:
    enc = lambda d: b64url(json.dumps(d).encode())  # noqa: E731
    return f"{enc(header)}.{enc(payload)}.{signature}"


GOOD_PAYLOAD = {"jti": "x", "format": 8, "cipherCombo": "SIV_GCM", "shorteningThreshold": 220}


@pytest.mark.parametrize("alg", sorted(VECTORS))
def test_spec_vectors_verify(alg: str) -> None:
    config = verify_config(VECTORS[alg], KEY_55)
    assert config == VaultConfig(
        jti="f4b29f3a-47d6-469f-964c-f4c2daee8eb6",
        cipher_combo="SIV_CTRMAC",
        shortening_threshold=220,
    )


@pytest.mark.parametrize("position", [0, 1, 2, 3, 10, 20, 30, 63])
def test_changed_key_byte_fails(position: int) -> None:
    key = bytearray(KEY_55)
    key[position] = 0x77
    with pytest.raises(ConfigSignatureError, match="signature"):
        verify_config(VECTORS["HS256"], bytes(key))


def test_alg_none_rejected() -> None:
    with pytest.raises(ConfigSignatureError, match="'none'"):
        verify_config(ALG_NONE, KEY_55)
    # A forged "none" token that carries a valid-looking signature is refused too.
    _, payload, signature = VECTORS["HS256"].split(".")
    forged = ALG_NONE.split(".")[0] + "." + payload + "." + signature
    with pytest.raises(ConfigSignatureError):
        verify_config(forged, KEY_55)


@pytest.mark.parametrize("alg", ["HS1", "RS256", "hs256", None, 256])
def test_unknown_alg_rejected(alg: object) -> None:
    tok = token({"kid": "masterkeyfile:masterkey.cryptomator", "alg": alg}, GOOD_PAYLOAD)
    with pytest.raises(ConfigSignatureError, match="only HS256, HS384 and HS512"):
        verify_config(tok, KEY_55)


def test_decoding_is_liberal_about_padding_and_whitespace() -> None:
    header, payload, signature = VECTORS["HS384"].split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    padded = f"{pad(header)}.{pad(payload)}.{pad(signature)}"
    assert padded != VECTORS["HS384"]
    for variant in (padded, "\n  " + VECTORS["HS384"] + "\r\n", VECTORS["HS384"].encode()):
        assert verify_config(variant, KEY_55).jti == "f4b29f3a-47d6-469f-964c-f4c2daee8eb6"


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t + ".extra",
        lambda t: t + "\ngarbage",
        lambda t: t + "!",
        lambda t: t + "===",
        lambda t: t.replace(".", "..", 1),
        lambda t: "@" + t,
        lambda t: t.split(".")[0] + "." + t.split(".")[1],
    ],
    ids=[
        "extra-part",
        "garbage-line",
        "bad-char",
        "overpadded",
        "empty-part",
        "bad-header",
        "two-parts",
    ],
)
def test_trailing_garbage_and_malformed_tokens_refused(mangle) -> None:
    with pytest.raises(DamagedVaultFileError):
        verify_config(mangle(VECTORS["HS256"]), KEY_55)
    with pytest.raises(DamagedVaultFileError):
        read_config_unverified(mangle(VECTORS["HS256"]))


@pytest.mark.parametrize(
    "raw_header",
    [b"not json", b"[1,2]", b'{"alg":"HS256","alg":"none"}', b"\xff\xfe", b'{"a":NaN}'],
)
def test_header_must_be_one_json_object(raw_header: bytes) -> None:
    tok = f"{b64url(raw_header)}.{b64url(json.dumps(GOOD_PAYLOAD).encode())}.AAAA"
    with pytest.raises(DamagedVaultFileError, match="header"):
        read_config_unverified(tok)


def test_read_unverified_returns_claims_without_key() -> None:
    header, payload = read_config_unverified(VECTORS["HS512"])
    assert header == {"kid": "TEST_KEY", "typ": "JWT", "alg": "HS512"}
    assert payload["jti"] == "f4b29f3a-47d6-469f-964c-f4c2daee8eb6"


@pytest.mark.parametrize(
    ("changes", "error", "text"),
    [
        ({"format": 7}, UnsupportedVaultError, "migrate"),
        ({"format": 9}, UnsupportedVaultError, "newer"),
        ({"format": "8"}, DamagedVaultFileError, "format"),
        ({"format": True}, DamagedVaultFileError, "format"),
        ({"cipherCombo": "SIV_CBC"}, UnsupportedVaultError, "cipher"),
        ({"shorteningThreshold": 35}, UnsupportedVaultError, "threshold"),
        ({"shorteningThreshold": 256}, UnsupportedVaultError, "threshold"),
        ({"shorteningThreshold": 220.0}, UnsupportedVaultError, "threshold"),
        ({"jti": 5}, DamagedVaultFileError, "jti"),
        ({"jti": ""}, DamagedVaultFileError, "jti"),
    ],
)
def test_claims_are_checked_after_a_valid_signature(changes, error, text) -> None:
    payload = {**GOOD_PAYLOAD, **changes}
    header = {"kid": "masterkeyfile:masterkey.cryptomator", "typ": "JWT", "alg": "HS256"}
    enc = lambda d: b64url(json.dumps(d).encode())  # noqa: E731
    signing_input = f"{enc(header)}.{enc(payload)}"
    sig = b64url(hmac.new(KEY_55, signing_input.encode(), hashlib.sha256).digest())
    with pytest.raises(error, match=text):
        verify_config(f"{signing_input}.{sig}", KEY_55)


@pytest.mark.parametrize("threshold", [36, 220, 255])
def test_threshold_range_accepted(threshold: int) -> None:
    config = VaultConfig(jti="j", shortening_threshold=threshold)
    assert verify_config(sign_config(config, KEY_55), KEY_55).shortening_threshold == threshold


def test_kid_plain_file_names() -> None:
    assert masterkey_filename_from_kid("masterkeyfile:masterkey.cryptomator") == (
        "masterkey.cryptomator"
    )
    assert masterkey_filename_from_kid("masterkeyfile:other key.json") == "other key.json"


@pytest.mark.parametrize(
    "kid",
    [
        "masterkeyfile:../../x",
        "masterkeyfile:..",
        "masterkeyfile:.",
        "masterkeyfile:/etc/passwd",
        "masterkeyfile:sub/masterkey.cryptomator",
        "masterkeyfile:..\\x",
        "masterkeyfile:C:\\x",
        "masterkeyfile:file:///etc/passwd",
        "masterkeyfile:https://evil.example/key",
        "masterkeyfile:",
        "masterkeyfile: masterkey.cryptomator",
        "masterkeyfile:a\x00b",
        "TEST_KEY",
        "",
        None,
        42,
    ],
)
def test_kid_traversal_and_junk_refused(kid: object) -> None:
    with pytest.raises(DamagedVaultFileError):
        masterkey_filename_from_kid(kid)


@pytest.mark.parametrize(
    "name",
    [
        "vault.cryptomator",
        "Vault.Cryptomator",  # the same file on a case-insensitive filesystem
        "vault.cryptomator.",  # the same file on Windows
        "d",
        "D",
        "masterkey.cryptomator.bkup",
        "vault.cryptomator.bkup",
        "masterkey.cryptomator.2a9f.BKUP",  # Cryptomator's own backup naming
        ".masterkey.cryptomator.x1y2.tmp",  # an atomic write's temp file
        "NUL",
        "con.json",
    ],
)
def test_kid_naming_a_file_the_vault_uses_is_refused(name: str) -> None:
    # Bad-input case 25: a reset would write the masterkey over it.
    with pytest.raises(DamagedVaultFileError, match="uses for something else"):
        masterkey_filename_from_kid("masterkeyfile:" + name)
    with pytest.raises(DamagedVaultFileError):
        sign_config(VaultConfig(jti="x", masterkey_filename=name), KEY_55)


@pytest.mark.parametrize("name", ["masterkey.backup", "my.bkup.json", "data", "nullable.key"])
def test_kid_names_close_to_reserved_ones_stay_usable(name: str) -> None:
    assert masterkey_filename_from_kid("masterkeyfile:" + name) == name


def test_hub_kid_is_unsupported() -> None:
    with pytest.raises(UnsupportedVaultError, match="Hub"):
        masterkey_filename_from_kid("hub+https://hub.example/api/vaults/123")


def test_hostile_kid_refused_even_with_valid_signature() -> None:
    header = {"kid": "masterkeyfile:../../x", "typ": "JWT", "alg": "HS256"}
    enc = lambda d: b64url(json.dumps(d).encode())  # noqa: E731
    signing_input = f"{enc(header)}.{enc(GOOD_PAYLOAD)}"
    sig = b64url(hmac.new(KEY_55, signing_input.encode(), hashlib.sha256).digest())
    with pytest.raises(DamagedVaultFileError, match="plain file name"):
        verify_config(f"{signing_input}.{sig}", KEY_55)


@pytest.mark.parametrize("alg", ["HS256", "HS384", "HS512"])
def test_sign_then_verify_round_trip(alg: str) -> None:
    config = VaultConfig(
        jti="0b6f7c02-6f22-4d38-9a45-3f8e0e4ad3a1",
        cipher_combo="SIV_CTRMAC",
        shortening_threshold=100,
        masterkey_filename="masterkey.cryptomator",
    )
    tok = sign_config(config, KEY_55, alg)
    assert "=" not in tok and not tok.endswith("\n")
    header, _ = read_config_unverified(tok)
    assert header == {"kid": "masterkeyfile:masterkey.cryptomator", "alg": alg, "typ": "JWT"}
    assert verify_config(tok, KEY_55) == config
    with pytest.raises(ConfigSignatureError):
        verify_config(tok, b"\x77" + KEY_55[1:])


def test_sign_refuses_what_it_would_not_read() -> None:
    with pytest.raises(DamagedVaultFileError):
        sign_config(VaultConfig(jti="j", masterkey_filename="../x"), KEY_55)
    with pytest.raises(UnsupportedVaultError):
        sign_config(VaultConfig(jti="j", cipher_combo="AES_XTS"), KEY_55)
    with pytest.raises(ValueError):
        sign_config(VaultConfig(jti="j"), KEY_55, alg="none")
    with pytest.raises(ValueError):
        sign_config(VaultConfig(jti="j"), KEY_55[:32])


def test_sign_reproduces_cryptomator_desktop_file_byte_for_byte() -> None:
    path = FIXTURES / "cryptomator-desktop-fresh" / "vault.cryptomator"
    original = path.read_text(encoding="ascii")
    config = verify_config(original, FRESH_RAW_KEY)
    assert config == VaultConfig(jti="ea3282b3-3847-499b-82fd-a3723857a225")
    assert sign_config(config, FRESH_RAW_KEY) == original


@pytest.mark.parametrize(
    ("name", "password", "combo"),
    [
        ("cryptomator-desktop-fresh", "123456789", "SIV_GCM"),
        ("oxcrypt-sample", "123456789", "SIV_GCM"),
        ("siv-ctrmac-migrated", "12345678", "SIV_CTRMAC"),
    ],
)
def test_real_vault_configs_verify_with_their_unlocked_keys(name, password, combo) -> None:
    folder = FIXTURES / name
    tok = (folder / "vault.cryptomator").read_text()
    header, _ = read_config_unverified(tok)
    keyfile = masterkey_filename_from_kid(header["kid"])
    keys = unlock_masterkey((folder / keyfile).read_bytes(), password)
    config = verify_config(tok, keys.raw_key)
    assert (config.format, config.cipher_combo, config.shortening_threshold) == (8, combo, 220)
    assert config.masterkey_filename == "masterkey.cryptomator"
