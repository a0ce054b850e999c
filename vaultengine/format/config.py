"""vault.cryptomator: parse, verify and sign the vault configuration JWT (spec §4).

Liberal in decoding (surrounding whitespace, base64url with or without padding), strict in
verification: HS256/HS384/HS512 only, constant-time comparison, format 8, a known cipher combo,
a sane shortening threshold, and a `kid` that names a plain file in the vault root other than
the vault's own files (vault.cryptomator, `d`, `.bkup` backups, hidden temp files).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vaultengine.errors import ConfigSignatureError, DamagedVaultFileError, UnsupportedVaultError
from vaultengine.format.constants import (
    BACKUP_SUFFIX,
    CIPHER_COMBOS,
    DATA_DIR,
    DEFAULT_CIPHER_COMBO,
    DEFAULT_MASTERKEY_FILENAME,
    DEFAULT_SHORTENING_THRESHOLD,
    MAX_SHORTENING_THRESHOLD,
    MIN_SHORTENING_THRESHOLD,
    SUPPORTED_FORMAT,
    VAULT_CONFIG_FILENAME,
)

MASTERKEY_KID_PREFIX = "masterkeyfile:"

_HASHES: dict[str, Callable[[], Any]] = {
    "HS256": hashlib.sha256,
    "HS384": hashlib.sha384,
    "HS512": hashlib.sha512,
}
_SEGMENT = re.compile(r"[A-Za-z0-9_-]*={0,2}")
_FORBIDDEN_IN_FILENAME = re.compile(r"[/\\:\x00-\x1f\x7f]")
# Names the vault itself uses in its root: a masterkey there would overwrite the config, the data
# folder or a backup (bad-input case 25). Compared case-folded, for case-insensitive filesystems.
_RESERVED_NAMES = frozenset({VAULT_CONFIG_FILENAME, DATA_DIR})
_WINDOWS_DEVICE = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?", re.IGNORECASE)


@dataclass(frozen=True)
class VaultConfig:
    """The verified claims of vault.cryptomator."""

    jti: str
    cipher_combo: str = DEFAULT_CIPHER_COMBO
    shortening_threshold: int = DEFAULT_SHORTENING_THRESHOLD
    masterkey_filename: str = DEFAULT_MASTERKEY_FILENAME
    format: int = SUPPORTED_FORMAT


def _damaged(detail: str) -> DamagedVaultFileError:
    return DamagedVaultFileError(f"vault.cryptomator is damaged: {detail}.")


def _b64url_decode(segment: str, what: str) -> bytes:
    if not _SEGMENT.fullmatch(segment):
        raise _damaged(f"the {what} is not base64url")
    stripped = segment.rstrip("=")
    if len(stripped) % 4 == 1:
        raise _damaged(f"the {what} has an impossible base64url length")
    try:
        return base64.urlsafe_b64decode(stripped + "=" * (-len(stripped) % 4))
    except (binascii.Error, ValueError) as exc:
        raise _damaged(f"the {what} is not base64url") from exc


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two parsers reading the same token must never see different claims.
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-standard JSON constant {name}")


def _json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(
            data.decode("utf-8"),
            object_pairs_hook=_reject_duplicates,
            parse_constant=_reject_constant,
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise _damaged(f"the {what} is not valid JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise _damaged(f"the {what} is not a JSON object")
    return value


def _split(token: str | bytes) -> list[str]:
    if isinstance(token, bytes):
        try:
            token = token.decode("ascii")
        except UnicodeDecodeError as exc:
            raise _damaged("it is not ASCII text") from exc
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise _damaged(f"expected 3 dot-separated parts, found {len(parts)}")
    return parts


def read_config_unverified(token: str | bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """Decode header and payload without checking the signature (to find the key first)."""
    header_b64, payload_b64, signature_b64 = _split(token)
    header = _json_object(_b64url_decode(header_b64, "header"), "header")
    payload = _json_object(_b64url_decode(payload_b64, "payload"), "payload")
    _b64url_decode(signature_b64, "signature")  # trailing garbage fails here, not later
    return header, payload


def masterkey_filename_from_kid(kid: object) -> str:
    """The masterkey file named by `kid` ("masterkeyfile:<plain file name in the vault root>")."""
    if isinstance(kid, str) and kid.startswith("hub+"):
        raise UnsupportedVaultError(
            "This is a Cryptomator Hub vault: its keys are managed by a Hub server, "
            "which Strongroom does not support."
        )
    if not isinstance(kid, str) or not kid.startswith(MASTERKEY_KID_PREFIX):
        raise _damaged(f"its key id {kid!r} does not name a masterkey file")
    name = kid[len(MASTERKEY_KID_PREFIX) :]
    if (
        not name
        or name in (".", "..")
        or name != name.strip()
        or _FORBIDDEN_IN_FILENAME.search(name)
    ):
        # Only a plain file beside vault.cryptomator: no paths, drive letters or URLs.
        raise _damaged(f"its key id {kid!r} is not a plain file name in the vault folder")
    if _is_reserved_name(name):
        raise _damaged(
            f"its key id {kid!r} names a file the vault uses for something else (the "
            "configuration, the data folder, a backup or a temporary file), not a masterkey file"
        )
    return name


def _is_reserved_name(name: str) -> bool:
    folded = name.casefold()
    return (
        folded in _RESERVED_NAMES
        or folded.endswith(BACKUP_SUFFIX)
        or name.startswith(".")  # temp files of atomic writes, hidden files
        or name.endswith(".")  # Windows drops a trailing dot: "vault.cryptomator."
        or _WINDOWS_DEVICE.fullmatch(name) is not None
    )


def _check_alg(header: dict[str, Any]) -> str:
    alg = header.get("alg")
    if not isinstance(alg, str) or alg not in _HASHES:
        raise ConfigSignatureError(
            f"vault.cryptomator uses the signature algorithm {alg!r}; only HS256, HS384 and "
            "HS512 are accepted, so the file was not written by Cryptomator or was tampered with."
        )
    return alg


def _signature(alg: str, signing_input: bytes, raw_key: bytes) -> bytes:
    if len(raw_key) != 64:
        raise ValueError("the vault config is signed with the 64-byte raw master key")
    return hmac.new(raw_key, signing_input, _HASHES[alg]).digest()


def _config_from_payload(payload: dict[str, Any], masterkey_filename: str) -> VaultConfig:
    fmt = payload.get("format")
    if type(fmt) is not int:
        raise _damaged("the format claim is missing or not an integer")
    if fmt < SUPPORTED_FORMAT:
        raise UnsupportedVaultError(
            f"This vault has format {fmt}; it needs Cryptomator to migrate it to format 8 first."
        )
    if fmt > SUPPORTED_FORMAT:
        raise UnsupportedVaultError(
            f"This vault has format {fmt}, newer than the format 8 that Strongroom supports."
        )
    combo = payload.get("cipherCombo")
    if combo not in CIPHER_COMBOS:
        raise UnsupportedVaultError(
            f"This vault uses the cipher combination {combo!r}; only SIV_GCM and SIV_CTRMAC "
            "are supported."
        )
    threshold = payload.get("shorteningThreshold")
    if type(threshold) is not int or not (
        MIN_SHORTENING_THRESHOLD <= threshold <= MAX_SHORTENING_THRESHOLD
    ):
        raise UnsupportedVaultError(
            f"This vault's name-shortening threshold {threshold!r} is outside the supported "
            f"range {MIN_SHORTENING_THRESHOLD}..{MAX_SHORTENING_THRESHOLD}."
        )
    jti = payload.get("jti")
    if not isinstance(jti, str) or not jti:
        raise _damaged("the vault id (jti) is missing or not a string")
    return VaultConfig(
        jti=jti,
        cipher_combo=str(combo),
        shortening_threshold=threshold,
        masterkey_filename=masterkey_filename,
        format=fmt,
    )


def config_from_unverified_payload(header: dict[str, Any], payload: dict[str, Any]) -> VaultConfig:
    """The claims checked as verify_config would, minus the signature (vault info, no password)."""
    return _config_from_payload(payload, masterkey_filename_from_kid(header.get("kid")))


def verify_config(token: str | bytes, raw_key: bytes) -> VaultConfig:
    """Check the signature with the 64-byte raw key, then the claims; return the config.

    A `kid` that is neither `masterkeyfile:` nor `hub+` (the upstream test vectors use
    "TEST_KEY") leaves the default masterkey file name; unlocking goes through
    masterkey_filename_from_kid first, which refuses such a kid.
    """
    header_b64, payload_b64, signature_b64 = _split(token)
    header, payload = read_config_unverified(token)
    alg = _check_alg(header)
    actual = _b64url_decode(signature_b64, "signature")
    # JWS signs the unpadded segments; a token that carries padding may have been signed either
    # way, so both inputs are tried (each is a full HMAC with the real key: nothing to forge).
    signing_inputs = {
        f"{header_b64.rstrip('=')}.{payload_b64.rstrip('=')}",
        f"{header_b64}.{payload_b64}",
    }
    if not any(
        hmac.compare_digest(_signature(alg, text.encode("ascii"), raw_key), actual)
        for text in signing_inputs
    ):
        raise ConfigSignatureError(
            "vault.cryptomator's signature does not match this vault's keys: the file was "
            "changed, or it belongs to another vault."
        )
    kid = header.get("kid")
    if isinstance(kid, str) and (kid.startswith(MASTERKEY_KID_PREFIX) or kid.startswith("hub+")):
        filename = masterkey_filename_from_kid(kid)
    else:
        filename = DEFAULT_MASTERKEY_FILENAME
    return _config_from_payload(payload, filename)


def _b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _compact_json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def sign_config(config: VaultConfig, raw_key: bytes, alg: str = "HS256") -> str:
    """Compact JWS as Cryptomator writes it: unpadded base64url, no trailing newline.

    Key order follows what the Cryptomator desktop app writes (header kid, alg, typ; payload
    jti, format, cipherCombo, shorteningThreshold), so a vault's file can be reproduced byte
    for byte.
    """
    if alg not in _HASHES:
        raise ValueError(f"unsupported signature algorithm {alg!r}")
    kid = MASTERKEY_KID_PREFIX + config.masterkey_filename
    masterkey_filename_from_kid(kid)  # refuse to write a kid we would refuse to read
    payload = {
        "jti": config.jti,
        "format": config.format,
        "cipherCombo": config.cipher_combo,
        "shorteningThreshold": config.shortening_threshold,
    }
    _config_from_payload(payload, config.masterkey_filename)
    header = {"kid": kid, "alg": alg, "typ": "JWT"}
    signing_input = (
        f"{_b64url_encode(_compact_json(header))}.{_b64url_encode(_compact_json(payload))}"
    )
    signature = _signature(alg, signing_input.encode("ascii"), raw_key)
    return f"{signing_input}.{_b64url_encode(signature)}"
