"""masterkey.cryptomator: unlock (password -> MasterKeys) and create, with scrypt limits.

versionMac policy: the Java cryptolib 2.x ignores versionMac for format 8, cryptolib-swift
refuses a mismatch (spec §2.4). We check it against the file's own `version`, but only AFTER
the keys unwrapped, so a wrong password is always reported as such; a mismatch with the right
password means the file was edited or damaged and raises DamagedVaultFileError.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import struct
import unicodedata
from typing import Any

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)

from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import DamagedVaultFileError, HostileParametersError, WrongPasswordError
from vaultengine.format.constants import (
    DEFAULT_SCRYPT_BLOCK_SIZE,
    DEFAULT_SCRYPT_COST,
    FORMAT8_MASTERKEY_VERSION,
)

MAX_SCRYPT_COST = 1 << 20
MAX_SCRYPT_BLOCK_SIZE = 32
MAX_SCRYPT_MEMORY = 1 << 30  # 128 * N * r bytes
SALT_SIZE = 8
WRAPPED_KEY_SIZE = 40
VERSION_MAC_SIZE = 32

_INT_FIELDS = ("version", "scryptCostParam", "scryptBlockSize")
_B64_FIELDS = ("scryptSalt", "primaryMasterKey", "hmacMasterKey", "versionMac")
_INT32_MIN, _INT32_MAX = -(1 << 31), (1 << 31) - 1


def check_scrypt_parameters(cost: int, block_size: int) -> None:
    """Refuse scrypt parameters that are invalid or could hang or exhaust the machine."""
    if type(cost) is not int or type(block_size) is not int:
        raise HostileParametersError("The scrypt parameters are not integers.")
    if cost < 2 or cost & (cost - 1):
        raise HostileParametersError(f"scrypt cost N={cost} is not a power of two of at least 2.")
    if cost > MAX_SCRYPT_COST:
        raise HostileParametersError(
            f"scrypt cost N={cost} is above the limit of {MAX_SCRYPT_COST}; refusing to derive."
        )
    if block_size < 1 or block_size > MAX_SCRYPT_BLOCK_SIZE:
        raise HostileParametersError(
            f"scrypt block size r={block_size} is outside 1..{MAX_SCRYPT_BLOCK_SIZE}."
        )
    if 128 * cost * block_size > MAX_SCRYPT_MEMORY:
        raise HostileParametersError(
            f"scrypt with N={cost}, r={block_size} needs more than 1 GiB of memory; refusing."
        )


def _password_bytes(password: str) -> bytes:
    # Cryptomator derives from the UTF-8 of the NFC form (spec §2.3).
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _derive_kek(password: bytes, salt: bytes, cost: int, block_size: int) -> bytes:
    check_scrypt_parameters(cost, block_size)
    try:
        return Scrypt(salt=salt, length=32, n=cost, r=block_size, p=1).derive(password)
    except MemoryError:
        raise HostileParametersError(
            f"Not enough memory for scrypt with N={cost}, r={block_size}."
        ) from None


def _version_mac(mac_key: bytes, version: int) -> bytes:
    return hmac.new(mac_key, struct.pack(">i", version), hashlib.sha256).digest()


def _damaged(reason: str) -> DamagedVaultFileError:
    return DamagedVaultFileError(f"The masterkey file is damaged: {reason}.")


def _parse(data: bytes) -> tuple[dict[str, int], dict[str, bytes]]:
    """Validate the JSON shape; return the integer fields and the decoded base64 fields."""
    try:
        doc: Any = json.loads(data)
    except (ValueError, RecursionError):
        raise _damaged("it is not valid JSON") from None
    if not isinstance(doc, dict):
        raise _damaged("it is not a JSON object")
    ints: dict[str, int] = {}
    for name in _INT_FIELDS:
        value = doc.get(name)
        if value is None:
            raise _damaged(f'the field "{name}" is missing')
        if type(value) is not int:  # also refuses true/false, which are ints in Python
            raise _damaged(f'the field "{name}" is not an integer')
        ints[name] = value
    blobs: dict[str, bytes] = {}
    for name in _B64_FIELDS:
        value = doc.get(name)
        if value is None:
            raise _damaged(f'the field "{name}" is missing')
        if not isinstance(value, str):
            raise _damaged(f'the field "{name}" is not a string')
        try:
            blobs[name] = base64.b64decode(value.encode("ascii"), validate=True)
        except (UnicodeEncodeError, binascii.Error):
            raise _damaged(f'the field "{name}" is not valid base64') from None
    return ints, blobs


def _check_shape(ints: dict[str, int], blobs: dict[str, bytes]) -> None:
    version = ints["version"]
    if version == 0 or not _INT32_MIN <= version <= _INT32_MAX:
        raise _damaged(f"the version {version} is invalid")
    for name in ("primaryMasterKey", "hmacMasterKey"):
        if len(blobs[name]) != WRAPPED_KEY_SIZE:
            raise _damaged(f'the wrapped key "{name}" is not {WRAPPED_KEY_SIZE} bytes long')
    if len(blobs["versionMac"]) != VERSION_MAC_SIZE:
        raise _damaged(f'"versionMac" is not {VERSION_MAC_SIZE} bytes long')


def masterkey_fingerprint(data: bytes) -> str:
    """sha256 over the masterkey file's scrypt salt, cost and block size (else the whole file).

    Needs no password and holds nothing secret. The salt changes with every password change, so
    this tells "same vault, new password file" apart from "same file"; the jti is what
    identifies the vault.
    """
    try:
        doc = json.loads(data)
        fields = [doc["scryptSalt"], doc["scryptCostParam"], doc["scryptBlockSize"]]
        if not isinstance(fields[0], str) or not all(type(f) is int for f in fields[1:]):
            raise TypeError
        material = f"{fields[0]}|{fields[1]}|{fields[2]}".encode()
    except (ValueError, KeyError, TypeError, RecursionError):
        material = data
    return hashlib.sha256(material).hexdigest()


def unlock_masterkey(data: bytes, password: str) -> MasterKeys:
    """Unwrap the master keys. WrongPasswordError, DamagedVaultFileError, HostileParametersError."""
    ints, blobs = _parse(data)
    _check_shape(ints, blobs)
    # Checked before any derivation: a planted N=2^30 must not hang or exhaust the machine.
    check_scrypt_parameters(ints["scryptCostParam"], ints["scryptBlockSize"])
    try:
        password_bytes = _password_bytes(password)
    except UnicodeEncodeError:  # lone surrogates: cannot be anybody's password
        raise WrongPasswordError("The password is wrong.") from None
    kek = _derive_kek(
        password_bytes, blobs["scryptSalt"], ints["scryptCostParam"], ints["scryptBlockSize"]
    )
    try:
        enc_key = aes_key_unwrap(kek, blobs["primaryMasterKey"])
        mac_key = aes_key_unwrap(kek, blobs["hmacMasterKey"])
    except InvalidUnwrap:
        raise WrongPasswordError("The password is wrong.") from None
    expected = _version_mac(mac_key, ints["version"])
    if not hmac.compare_digest(expected, blobs["versionMac"]):
        raise _damaged('"versionMac" does not match the version (the file was changed)')
    return MasterKeys(enc_key, mac_key)


def create_masterkey(
    keys: MasterKeys,
    password: str,
    *,
    scrypt_cost: int = DEFAULT_SCRYPT_COST,
    scrypt_block_size: int = DEFAULT_SCRYPT_BLOCK_SIZE,
    version: int = FORMAT8_MASTERKEY_VERSION,
) -> bytes:
    """Wrap the keys under a password with a new random salt; JSON laid out like Cryptomator's."""
    check_scrypt_parameters(scrypt_cost, scrypt_block_size)
    if type(version) is not int or version == 0 or not _INT32_MIN <= version <= _INT32_MAX:
        raise ValueError(f"invalid masterkey version {version!r}")
    salt = os.urandom(SALT_SIZE)
    kek = _derive_kek(_password_bytes(password), salt, scrypt_cost, scrypt_block_size)
    doc = {
        "version": version,
        "scryptSalt": base64.b64encode(salt).decode("ascii"),
        "scryptCostParam": scrypt_cost,
        "scryptBlockSize": scrypt_block_size,
        "primaryMasterKey": base64.b64encode(aes_key_wrap(kek, keys.enc_key)).decode("ascii"),
        "hmacMasterKey": base64.b64encode(aes_key_wrap(kek, keys.mac_key)).decode("ascii"),
        "versionMac": base64.b64encode(_version_mac(keys.mac_key, version)).decode("ascii"),
    }
    return json.dumps(doc, indent=2).encode("utf-8")
