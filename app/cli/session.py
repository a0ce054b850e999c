"""Opening a vault for one command: fail fast on a non-vault, then ask for the password."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from app.cli.passwords import secrets_for
from vaultengine.crypto import MasterKeys, unlock_masterkey
from vaultengine.errors import DamagedVaultFileError, NotAVaultError
from vaultengine.format.config import VaultConfig, verify_config
from vaultengine.vault import (
    VAULT_CONFIG_FILENAME,
    UnlockedVault,
    VaultInfo,
    unlock_vault,
    vault_info,
)

_MAX_VAULT_FILE_BYTES = 64 * 1024


def checked_vault_info(vault: str) -> VaultInfo:
    """vault_info, with a plain message when the folder is not there at all."""
    if not os.path.isdir(vault):
        raise NotAVaultError(f"{vault}: no such vault folder")
    return vault_info(vault)


@contextmanager
def unlocked(args: argparse.Namespace, *, read_only: bool) -> Iterator[UnlockedVault]:
    """Unlock args.vault with the password from the prompt or stdin; lock again on the way out."""
    # Checked before the prompt so that a typo in the path does not cost a password entry.
    checked_vault_info(args.vault)
    password = secrets_for(args).existing(f"Password for {args.vault}: ")
    vault = unlock_vault(args.vault, password, read_only=read_only)
    try:
        yield vault
    finally:
        vault.lock()


def unlocked_keys(args: argparse.Namespace) -> tuple[MasterKeys, VaultConfig]:
    """Keys and verified config without a filesystem, for the health check's direct walk."""
    info = checked_vault_info(args.vault)
    password = secrets_for(args).existing(f"Password for {args.vault}: ")
    keys = unlock_masterkey(_vault_file(args.vault, info.masterkey_filename), password)
    token = _vault_file(args.vault, VAULT_CONFIG_FILENAME)
    try:
        return keys, verify_config(token.decode("ascii"), keys.raw_key)
    except UnicodeDecodeError:
        raise DamagedVaultFileError(f"{VAULT_CONFIG_FILENAME} is not ASCII text.") from None


def _vault_file(vault: str, name: str) -> bytes:
    try:
        with open(os.path.join(vault, name), "rb") as f:
            data = f.read(_MAX_VAULT_FILE_BYTES + 1)
    except FileNotFoundError:
        raise DamagedVaultFileError(f"{name} is missing.") from None
    if len(data) > _MAX_VAULT_FILE_BYTES:
        raise DamagedVaultFileError(f"{name} is too large to be a vault file.")
    return data
