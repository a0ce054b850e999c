"""The engine facade: vault info and identity, create, unlock/lock, password change and
recovery-key flows (the reset with a recovery key is recovery_reset.py, re-exported here).

Every vault file is written atomically, and a masterkey file (or a damaged vault.cryptomator)
that gets replaced is first kept as `<name>.bkup`. Nothing is written before all checks passed.
The vault folder is untrusted (a sync peer may plant anything): its own files are read without
following links and only when regular (vaultengine.vaultfiles), and a recovery-key reset takes
nothing from the old, unauthenticated masterkey file.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from vaultengine.atomic import atomic_write
from vaultengine.crypto import (
    MasterKeys,
    check_scrypt_parameters,
    create_masterkey,
    masterkey_fingerprint,
    unlock_masterkey,
)
from vaultengine.errors import (
    DamagedVaultFileError,
    NotAVaultError,
    VaultFolderError,
    VaultLockedError,
)
from vaultengine.format.config import (
    VaultConfig,
    config_from_unverified_payload,
    read_config_unverified,
    sign_config,
    verify_config,
)
from vaultengine.format.constants import (
    CIPHER_COMBOS,
    DATA_DIR,
    DEFAULT_CIPHER_COMBO,
    DEFAULT_MASTERKEY_FILENAME,
    DEFAULT_SCRYPT_BLOCK_SIZE,
    DEFAULT_SCRYPT_COST,
    DEFAULT_SHORTENING_THRESHOLD,
    MAX_NEW_SHORTENING_THRESHOLD,
    MIN_SHORTENING_THRESHOLD,
    VAULT_CONFIG_FILENAME,
)
from vaultengine.format.layout import create_root_directory
from vaultengine.format.recovery_key import encode_recovery_key
from vaultengine.recovery_reset import reset_password as reset_password  # part of the facade
from vaultengine.vaultfiles import (
    read_config_token,
    read_vault_file,
    refuse_legacy_vault,
    replace_keeping_backups,
)

if TYPE_CHECKING:
    from vaultengine.fs import VaultFileSystem
    from vaultengine.fs.pool import ChunkPool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class VaultInfo:
    """What vault.cryptomator says, read without a password (claims not yet verified)."""

    path: str
    format: int
    cipher_combo: str
    shortening_threshold: int
    vault_id: str
    masterkey_filename: str


@dataclass(frozen=True)
class VaultIdentity:
    """What tells one vault from another in the same folder, without a password."""

    jti: str
    masterkey_fingerprint: str  # crypto.masterkey.masterkey_fingerprint: changes with the password


class UnlockedVault:
    """An unlocked vault: its verified config and filesystem. Use as a context manager."""

    def __init__(self, path: str, config: VaultConfig, fs: VaultFileSystem) -> None:
        self.path = path
        self.config = config
        self._fs: VaultFileSystem | None = fs

    @property
    def fs(self) -> VaultFileSystem:
        if self._fs is None:
            raise VaultLockedError(f"The vault {self.path} is locked.")
        return self._fs

    @property
    def locked(self) -> bool:
        return self._fs is None

    def lock(self) -> None:
        """Flush and close the filesystem and drop it (and with it the keys). Idempotent."""
        fs, self._fs = self._fs, None
        if fs is not None:
            fs.close()

    def __enter__(self) -> UnlockedVault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.lock()

    def __repr__(self) -> str:
        state = "locked" if self.locked else "unlocked"
        return f"UnlockedVault({self.path!r}, {state})"


# --- reading the vault files ------------------------------------------------------------


def _vault_root(path: str | os.PathLike[str]) -> Path:
    """The vault folder, or NotAVaultError / UnsupportedVaultError (legacy) with a clear text."""
    root = Path(path)
    if not root.is_dir():
        raise NotAVaultError(f"{root} is not a folder.")
    # lexists: a planted symlink, FIFO or folder is refused by the read with a clear message.
    if not os.path.lexists(root / VAULT_CONFIG_FILENAME):
        if (root / DEFAULT_MASTERKEY_FILENAME).is_file():
            refuse_legacy_vault(root)
            raise DamagedVaultFileError(
                f"{root} has a masterkey file but no {VAULT_CONFIG_FILENAME}: the vault "
                "configuration is missing. Restore it by resetting the password with the "
                "recovery key."
            )
        raise NotAVaultError(f"{root} is not a vault: it has no {VAULT_CONFIG_FILENAME}.")
    if not (root / DATA_DIR).is_dir():
        raise NotAVaultError(f"{root} is not a vault: it has no '{DATA_DIR}' folder.")
    return root


def _read_masterkey(root: Path, filename: str) -> bytes:
    try:
        return read_vault_file(root / filename)
    except FileNotFoundError:
        raise DamagedVaultFileError(
            f"The masterkey file {filename} named by {VAULT_CONFIG_FILENAME} is missing."
        ) from None


@dataclass(frozen=True)
class _Opened:
    root: Path
    keys: MasterKeys
    config: VaultConfig
    masterkey_data: bytes


def _open_with_password(path: str | os.PathLike[str], password: str) -> _Opened:
    """Config unverified -> masterkey file from kid -> unlock -> verify config with the keys."""
    root = _vault_root(path)
    token = read_config_token(root)
    header, payload = read_config_unverified(token)
    # Claims first: a format-7 or Hub vault is refused before the costly key derivation.
    filename = config_from_unverified_payload(header, payload).masterkey_filename
    data = _read_masterkey(root, filename)
    keys = unlock_masterkey(data, password)
    config = verify_config(token, keys.raw_key)
    return _Opened(root, keys, config, data)


def open_keys(path: str | os.PathLike[str], password: str) -> tuple[MasterKeys, VaultConfig]:
    """The vault's keys and verified config without a filesystem (health check, mount child)."""
    opened = _open_with_password(path, password)
    return opened.keys, opened.config


def _scrypt_settings(masterkey_data: bytes) -> tuple[int, int, int]:
    """cost, block size and version of a masterkey file, to keep them on a rewrite."""
    doc: Any = json.loads(masterkey_data)
    return int(doc["scryptCostParam"]), int(doc["scryptBlockSize"]), int(doc["version"])


# --- the facade -------------------------------------------------------------------------


def vault_info(path: str | os.PathLike[str]) -> VaultInfo:
    """Read vault.cryptomator without a password. NotAVault / Unsupported / Damaged errors."""
    root = _vault_root(path)
    header, payload = read_config_unverified(read_config_token(root))
    config = config_from_unverified_payload(header, payload)
    return VaultInfo(
        path=str(root),
        format=config.format,
        cipher_combo=config.cipher_combo,
        shortening_threshold=config.shortening_threshold,
        vault_id=config.jti,
        masterkey_filename=config.masterkey_filename,
    )


def vault_identity(path: str | os.PathLike[str]) -> VaultIdentity:
    """The folder's vault identity (no password); NotAVault / Unsupported / Damaged like
    vault_info. An unreadable masterkey file still gives an identity: the jti decides, and the
    missing or damaged file is reported at unlock."""
    info = vault_info(path)
    try:
        data = read_vault_file(Path(info.path) / info.masterkey_filename)
    except (DamagedVaultFileError, OSError):
        data = b""
    return VaultIdentity(jti=info.vault_id, masterkey_fingerprint=masterkey_fingerprint(data))


def create_vault(
    path: str | os.PathLike[str],
    password: str,
    *,
    scrypt_cost: int = DEFAULT_SCRYPT_COST,
    scrypt_block_size: int = DEFAULT_SCRYPT_BLOCK_SIZE,
    shortening_threshold: int = DEFAULT_SHORTENING_THRESHOLD,
    cipher_combo: str = DEFAULT_CIPHER_COMBO,
) -> str:
    """Create a format-8 vault in a missing or empty folder; return its recovery key."""
    root = Path(path)
    if cipher_combo not in CIPHER_COMBOS:
        raise ValueError(f"cipher combo must be one of {', '.join(CIPHER_COMBOS)}")
    if not MIN_SHORTENING_THRESHOLD <= shortening_threshold <= MAX_NEW_SHORTENING_THRESHOLD:
        raise ValueError(
            f"shortening threshold must be {MIN_SHORTENING_THRESHOLD}.."
            f"{MAX_NEW_SHORTENING_THRESHOLD} (the range Cryptomator offers)"
        )
    check_scrypt_parameters(scrypt_cost, scrypt_block_size)
    existed = os.path.lexists(root)
    if existed and (not root.is_dir() or root.is_symlink()):
        raise VaultFolderError(f"{root} exists and is not a folder.")
    if existed and any(root.iterdir()):
        raise VaultFolderError(f"The folder {root} is not empty. Choose a new or empty folder.")

    keys = MasterKeys.generate()
    config = VaultConfig(
        jti=str(uuid.uuid4()),
        cipher_combo=cipher_combo,
        shortening_threshold=shortening_threshold,
    )
    masterkey = create_masterkey(
        keys, password, scrypt_cost=scrypt_cost, scrypt_block_size=scrypt_block_size
    )
    token = sign_config(config, keys.raw_key)
    root.mkdir(parents=True, exist_ok=True)
    try:
        create_root_directory(root, keys, config)
        atomic_write(root / config.masterkey_filename, masterkey)
        # Last: the folder counts as a vault only once it is complete.
        atomic_write(root / VAULT_CONFIG_FILENAME, token.encode("ascii"))
    except BaseException:
        _remove_partial_vault(root, remove_folder=not existed)
        raise
    log.info("Created vault %s (%s)", root, config.jti)
    return encode_recovery_key(keys.raw_key)


def _remove_partial_vault(root: Path, *, remove_folder: bool) -> None:
    # The folder was missing or empty before, so everything in it is ours.
    if remove_folder:
        shutil.rmtree(root, ignore_errors=True)
        return
    for child in list(root.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def unlock_vault(
    path: str | os.PathLike[str],
    password: str,
    *,
    read_only: bool = False,
    chunk_pool: ChunkPool | None = None,
) -> UnlockedVault:
    """Unlock with the password. WrongPasswordError, VaultFormatError branches."""
    opened = _open_with_password(path, password)
    from vaultengine.fs import VaultFileSystem  # the filesystem layer loads only on unlock

    fs = VaultFileSystem(
        opened.root, opened.keys, opened.config, read_only=read_only, chunk_pool=chunk_pool
    )
    return UnlockedVault(str(opened.root), opened.config, fs)


def change_password(path: str | os.PathLike[str], old_password: str, new_password: str) -> None:
    """Re-wrap the keys under a new password with a new salt; same scrypt cost and version."""
    opened = _open_with_password(path, old_password)
    cost, block_size, version = _scrypt_settings(opened.masterkey_data)
    new_data = create_masterkey(
        opened.keys,
        new_password,
        scrypt_cost=cost,
        scrypt_block_size=block_size,
        version=version,
    )
    unlock_masterkey(new_data, new_password)  # never write a file that would not open
    replace_keeping_backups([(opened.root / opened.config.masterkey_filename, new_data)])
    log.info("Changed the password of %s", opened.root)


def show_recovery_key(path: str | os.PathLike[str], password: str) -> str:
    """The 44-word recovery key of the vault (password required)."""
    return encode_recovery_key(_open_with_password(path, password).keys.raw_key)
