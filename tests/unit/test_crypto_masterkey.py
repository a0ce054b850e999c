"""masterkey.cryptomator: unlock, create, damaged files (bad-input #1, #2) and hostile scrypt."""

from __future__ import annotations

import base64
import json
import time
import unicodedata
from typing import Any

import pytest
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.keywrap import aes_key_unwrap

from vaultengine.crypto.keys import MasterKeys
from vaultengine.crypto.masterkey import (
    check_scrypt_parameters,
    create_masterkey,
    unlock_masterkey,
)
from vaultengine.errors import (
    DamagedVaultFileError,
    HostileParametersError,
    WrongPasswordError,
)

CHEAP = 16
KEYS = MasterKeys(bytes(range(32)), bytes(range(32, 64)))
FIELD_ORDER = [
    "version",
    "scryptSalt",
    "scryptCostParam",
    "scryptBlockSize",
    "primaryMasterKey",
    "hmacMasterKey",
    "versionMac",
]


@pytest.fixture(scope="module")
def good_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(create_masterkey(KEYS, "pw", scrypt_cost=CHEAP))
    return doc


def encode(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode()


def test_round_trip_and_layout() -> None:
    data = create_masterkey(KEYS, "correct horse", scrypt_cost=CHEAP, scrypt_block_size=4)
    assert unlock_masterkey(data, "correct horse") == KEYS
    text = data.decode()
    assert text.startswith('{\n  "version": 999,\n  "scryptSalt": "')
    assert text.endswith('"\n}')  # pretty-printed, no trailing newline, like Cryptomator
    doc = json.loads(text)
    assert list(doc) == FIELD_ORDER
    assert (doc["scryptCostParam"], doc["scryptBlockSize"]) == (CHEAP, 4)
    salt = base64.b64decode(doc["scryptSalt"])
    assert len(salt) == 8
    # independent check that the wrap used scrypt(NFC password, salt, N, r, p=1)
    kek = Scrypt(salt=salt, length=32, n=CHEAP, r=4, p=1).derive(b"correct horse")
    assert aes_key_unwrap(kek, base64.b64decode(doc["primaryMasterKey"])) == KEYS.enc_key
    assert aes_key_unwrap(kek, base64.b64decode(doc["hmacMasterKey"])) == KEYS.mac_key


def test_defaults_are_cryptomators() -> None:
    doc = json.loads(create_masterkey(KEYS, "pw"))
    assert (doc["scryptCostParam"], doc["scryptBlockSize"], doc["version"]) == (32768, 8, 999)


def test_each_file_gets_a_new_salt() -> None:
    one = json.loads(create_masterkey(KEYS, "pw", scrypt_cost=CHEAP))
    two = json.loads(create_masterkey(KEYS, "pw", scrypt_cost=CHEAP))
    assert one["scryptSalt"] != two["scryptSalt"]
    assert one["primaryMasterKey"] != two["primaryMasterKey"]


def test_password_is_normalised_to_nfc() -> None:
    composed = "caf\u00e9 \u00c5"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    data = create_masterkey(KEYS, decomposed, scrypt_cost=CHEAP)
    assert unlock_masterkey(data, composed) == KEYS
    assert unlock_masterkey(create_masterkey(KEYS, composed, scrypt_cost=CHEAP), decomposed) == KEYS


@pytest.mark.parametrize("password", ["pW", "", "pw ", "\ud800"])
def test_wrong_password(good_doc: dict[str, Any], password: str) -> None:
    with pytest.raises(WrongPasswordError):
        unlock_masterkey(encode(good_doc), password)


def test_wrong_password_is_not_reported_as_damaged_even_with_bad_version_mac(
    good_doc: dict[str, Any],
) -> None:
    doc = dict(good_doc, versionMac=base64.b64encode(b"\x00" * 32).decode())
    with pytest.raises(WrongPasswordError):
        unlock_masterkey(encode(doc), "wrong")
    with pytest.raises(DamagedVaultFileError, match="versionMac"):
        unlock_masterkey(encode(doc), "pw")


def test_version_mac_checked_against_the_files_own_version(good_doc: dict[str, Any]) -> None:
    # Changing the version without recomputing the MAC is tampering.
    with pytest.raises(DamagedVaultFileError, match="versionMac"):
        unlock_masterkey(encode(dict(good_doc, version=998)), "pw")
    legacy = create_masterkey(KEYS, "pw", scrypt_cost=CHEAP, version=7)
    assert unlock_masterkey(legacy, "pw") == KEYS


def _b64(n: int) -> str:
    return base64.b64encode(b"\x01" * n).decode()


DAMAGED: list[tuple[str, Any]] = [
    ("not-json", b"{not json"),
    ("not-utf8", b"\xff\xfe{}"),
    ("empty", b""),
    ("array", b"[]"),
    ("string", b'"x"'),
    ("deep", b"[" * 100000 + b"]" * 100000),
    ("missing-version", {"version": None}),
    ("version-zero", {"version": 0}),
    ("version-bool", {"version": True}),
    ("version-string", {"version": "999"}),
    ("version-float", {"version": 999.0}),
    ("version-too-big", {"version": 1 << 40}),
    ("cost-bool", {"scryptCostParam": True}),
    ("cost-string", {"scryptCostParam": "16"}),
    ("block-bool", {"scryptBlockSize": True}),
    ("block-null", {"scryptBlockSize": None}),
    ("salt-int", {"scryptSalt": 5}),
    ("salt-bad-base64", {"scryptSalt": "!!!!"}),
    ("salt-non-ascii", {"scryptSalt": "\u00e9\u00e9\u00e9\u00e9"}),
    ("key-bad-padding", {"primaryMasterKey": _b64(40).rstrip("=")}),
    ("key-urlsafe", {"primaryMasterKey": _b64(40).replace("A", "-")}),
    ("key-39-bytes", {"primaryMasterKey": _b64(39)}),
    ("key-48-bytes", {"hmacMasterKey": _b64(48)}),
    ("key-list", {"hmacMasterKey": [1, 2]}),
    ("mac-short", {"versionMac": _b64(31)}),
    ("mac-missing", {"versionMac": None}),
]


@pytest.mark.parametrize(("case", "change"), DAMAGED, ids=[c for c, _ in DAMAGED])
def test_damaged_files(good_doc: dict[str, Any], case: str, change: Any) -> None:
    if isinstance(change, bytes):
        data = change
    else:
        doc = dict(good_doc)
        for key, value in change.items():
            if value is None and case.endswith("missing"):
                del doc[key]
            else:
                doc[key] = value
        data = encode(doc)
    with pytest.raises(DamagedVaultFileError) as info:
        unlock_masterkey(data, "pw")
    assert not isinstance(info.value, HostileParametersError)
    assert "damaged" in str(info.value)


@pytest.mark.parametrize("field", FIELD_ORDER)
def test_every_missing_field_is_named(good_doc: dict[str, Any], field: str) -> None:
    doc = {k: v for k, v in good_doc.items() if k != field}
    with pytest.raises(DamagedVaultFileError, match=field):
        unlock_masterkey(encode(doc), "pw")


HOSTILE = [
    (0, 8),
    (1, 8),
    (3, 8),
    (32767, 8),
    (-16, 8),
    (1 << 21, 8),
    (1 << 30, 8),
    (1 << 64, 8),
    (16, 0),
    (16, -1),
    (16, 33),
    (1 << 20, 16),  # 2 GiB
    (1 << 19, 32),  # 2 GiB
]


@pytest.mark.parametrize(("cost", "block_size"), HOSTILE)
def test_hostile_parameters_refused(cost: int, block_size: int) -> None:
    with pytest.raises(HostileParametersError):
        check_scrypt_parameters(cost, block_size)
    with pytest.raises(HostileParametersError):
        create_masterkey(KEYS, "pw", scrypt_cost=cost, scrypt_block_size=block_size)


@pytest.mark.parametrize(("cost", "block_size"), [(2, 1), (1 << 20, 8), (1 << 18, 32), (16, 32)])
def test_limits_themselves_allowed(cost: int, block_size: int) -> None:
    check_scrypt_parameters(cost, block_size)


@pytest.mark.parametrize(("cost", "block_size"), [(1 << 30, 8), (1 << 20, 1 << 20), (1 << 62, 1)])
def test_planted_hostile_parameters_refused_fast(
    good_doc: dict[str, Any], cost: int, block_size: int
) -> None:
    data = encode(dict(good_doc, scryptCostParam=cost, scryptBlockSize=block_size))
    started = time.perf_counter()
    # Deriving with these would take minutes and GiBs; refusal must come before any work.
    for password in ("pw", "wrong"):
        with pytest.raises(HostileParametersError):
            unlock_masterkey(data, password)
    assert time.perf_counter() - started < 0.2


def test_version_must_be_valid_when_creating() -> None:
    for version in (0, True, 1 << 40):
        with pytest.raises(ValueError):
            create_masterkey(KEYS, "pw", scrypt_cost=CHEAP, version=version)
