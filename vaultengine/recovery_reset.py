"""Reset a vault's password with its recovery key, rebuilding vault.cryptomator when needed.

The recovery key gives the master keys, not the old password, so the old masterkey file cannot
be authenticated and nothing is taken from it. vault.cryptomator is kept when it verifies with
the keys; when it is missing, damaged or signed by other keys, the root content directory the
keys point to must exist, and the config is rebuilt from what can be read safely.
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from typing import Any

from vaultengine.crypto import MasterKeys, NameCryptor, content_cryptor, create_masterkey
from vaultengine.errors import (
    AuthenticationFailedError,
    DamagedVaultFileError,
    InvalidRecoveryKeyError,
    NotAVaultError,
)
from vaultengine.format.config import (
    VaultConfig,
    masterkey_filename_from_kid,
    read_config_unverified,
    sign_config,
    verify_config,
)
from vaultengine.format.constants import (
    CIPHER_COMBOS,
    CIPHERTEXT_SUFFIX,
    DATA_DIR,
    DEFAULT_CIPHER_COMBO,
    DEFAULT_MASTERKEY_FILENAME,
    DEFAULT_SHORTENING_THRESHOLD,
    DIRID_FILE,
    MAX_SHORTENING_THRESHOLD,
    MIN_SHORTENING_THRESHOLD,
    ROOT_DIR_ID,
    VAULT_CONFIG_FILENAME,
)
from vaultengine.format.recovery_key import decode_recovery_key
from vaultengine.vaultfiles import (
    NotARegularVaultFileError,
    read_config_token,
    read_regular_prefix,
    refuse_legacy_vault,
    replace_keeping_backups,
)

log = logging.getLogger(__name__)


def reset_password(path: str | os.PathLike[str], recovery_words: str, new_password: str) -> None:
    """Write a new masterkey file from the recovery key (and vault.cryptomator if needed).

    The words must belong to this vault: either vault.cryptomator verifies with them, or (when
    vault.cryptomator is missing or damaged) the root content directory derived from them
    exists. A rebuilt vault.cryptomator keeps the old vault id (jti), threshold and masterkey
    file name when the old file is still readable, else a new uuid4 and the defaults; its
    cipher combo is the one the root directory's ciphertext authenticates with.

    Nothing is taken from the old masterkey file: nobody can authenticate it without the lost
    password, so it may be planted. The new one always gets the default scrypt parameters and
    format-8 version (bad-input case 25).
    """
    keys = MasterKeys.from_raw(decode_recovery_key(recovery_words))
    root = Path(path)
    if not (root / DATA_DIR).is_dir():
        raise NotAVaultError(f"{root} is not a vault: it has no '{DATA_DIR}' folder.")
    config, token_ok = _config_for_recovery(root, keys)
    # create_masterkey's defaults (scrypt cost, block size, format-8 version), never the old file's.
    new_masterkey = create_masterkey(keys, new_password)
    writes = [(root / config.masterkey_filename, new_masterkey)]
    if not token_ok:
        writes.append((root / VAULT_CONFIG_FILENAME, sign_config(config, keys.raw_key).encode()))
    replace_keeping_backups(writes)
    if not token_ok:
        log.warning("Rebuilt %s of %s from the recovery key", VAULT_CONFIG_FILENAME, root)
    log.info("Reset the password of %s with its recovery key", root)


def _config_for_recovery(root: Path, keys: MasterKeys) -> tuple[VaultConfig, bool]:
    """(config, True) when vault.cryptomator verifies; else a rebuilt config and False."""
    header: dict[str, Any] = {}
    payload: dict[str, Any] = {}
    try:
        token: str | None = read_config_token(root)
    except NotARegularVaultFileError:
        raise  # planted: refuse rather than rebuild over it
    except (OSError, DamagedVaultFileError):
        token = None
    if token is None:
        refuse_legacy_vault(root)
    else:
        try:
            header, payload = read_config_unverified(token)
            return verify_config(token, keys.raw_key), True
        except DamagedVaultFileError:
            pass  # damaged, or not signed by these keys: the data decides below
        # UnsupportedVaultError (a validly signed format 9 or Hub vault) propagates.
    root_dir = root / DATA_DIR / _content_dir_of_root(keys)
    if not root_dir.is_dir():
        raise InvalidRecoveryKeyError(
            "This recovery key does not belong to this vault: the vault's configuration does not "
            "verify with it and its root folder is not where the key says."
        )
    return _rebuilt_config(root_dir, keys, header, payload), False


def _content_dir_of_root(keys: MasterKeys) -> Path:
    hashed = NameCryptor(keys).hash_dir_id(ROOT_DIR_ID)
    return Path(hashed[:2]) / hashed[2:]


def _rebuilt_config(
    root_dir: Path, keys: MasterKeys, header: dict[str, Any], payload: dict[str, Any]
) -> VaultConfig:
    jti = payload.get("jti")
    threshold = payload.get("shorteningThreshold")
    combo = payload.get("cipherCombo")
    return VaultConfig(
        jti=jti if isinstance(jti, str) and jti else str(uuid.uuid4()),
        cipher_combo=_detect_cipher_combo(
            root_dir,
            keys,
            combo if combo in CIPHER_COMBOS else DEFAULT_CIPHER_COMBO,
        ),
        shortening_threshold=threshold
        if type(threshold) is int
        and MIN_SHORTENING_THRESHOLD <= threshold <= MAX_SHORTENING_THRESHOLD
        else DEFAULT_SHORTENING_THRESHOLD,
        masterkey_filename=_masterkey_filename_for_rebuild(header),
    )


def _masterkey_filename_for_rebuild(header: dict[str, Any]) -> str:
    """The damaged config's masterkey file name when it names one safely, else refuse.

    The header is unauthenticated here: a `kid` naming vault.cryptomator, a backup or a path
    would make the reset write the masterkey there. No kid at all means the default name.
    """
    kid = header.get("kid")
    if kid is None:
        return DEFAULT_MASTERKEY_FILENAME
    try:
        return masterkey_filename_from_kid(kid)
    except DamagedVaultFileError as exc:
        raise DamagedVaultFileError(
            f"{exc} The reset changed nothing. To rebuild the configuration with the default "
            f"masterkey file name, move {VAULT_CONFIG_FILENAME} out of the vault folder and "
            "reset again."
        ) from None


def _detect_cipher_combo(root_dir: Path, keys: MasterKeys, preferred: str) -> str:
    """The combo whose file header authenticates: root dirid.c9r first, then root files."""
    order = [preferred, *(c for c in CIPHER_COMBOS if c != preferred)]
    candidates = [root_dir / DIRID_FILE, *_some_root_files(root_dir, 8)]
    for candidate in candidates:
        try:
            head = read_regular_prefix(candidate, 128)
        except (OSError, NotARegularVaultFileError):
            continue  # missing, unreadable or planted: try the next one
        for combo in order:
            cryptor = content_cryptor(combo, keys)
            if len(head) < cryptor.header_size:
                continue
            try:
                cryptor.decrypt_header(head[: cryptor.header_size])
            except AuthenticationFailedError:
                continue
            return combo
    return preferred


def _some_root_files(root_dir: Path, limit: int) -> list[Path]:
    files: list[Path] = []
    with os.scandir(root_dir) as entries:
        for item in entries:
            if (
                item.name.endswith(CIPHERTEXT_SUFFIX)
                and item.name != DIRID_FILE
                and item.is_file(follow_symlinks=False)
            ):
                files.append(Path(item.path))
                if len(files) == limit:
                    break
    return files
