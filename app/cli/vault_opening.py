"""Opening a vault for one command: fail fast on a non-vault, then ask for the password."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

from app.cli.i18n import _
from app.cli.passwords import secrets_for
from vaultengine.crypto import MasterKeys
from vaultengine.errors import NotAVaultError
from vaultengine.format.config import VaultConfig
from vaultengine.vault import UnlockedVault, VaultInfo, open_keys, unlock_vault, vault_info


def checked_vault_info(vault: str) -> VaultInfo:
    """vault_info, with a plain message when the folder is not there at all."""
    if not os.path.isdir(vault):
        raise NotAVaultError(_("{path}: no such vault folder").format(path=vault))
    return vault_info(vault)


@contextmanager
def unlocked(args: argparse.Namespace, *, read_only: bool) -> Iterator[UnlockedVault]:
    """Unlock args.vault with the password from the prompt or stdin; lock again on the way out."""
    # Checked before the prompt so that a typo in the path does not cost a password entry.
    checked_vault_info(args.vault)
    password = secrets_for(args).existing(_("Password for {vault}: ").format(vault=args.vault))
    vault = unlock_vault(args.vault, password, read_only=read_only)
    try:
        yield vault
    finally:
        vault.lock()


def unlocked_keys(args: argparse.Namespace) -> tuple[MasterKeys, VaultConfig]:
    """Keys and verified config without a filesystem, for the health check's direct walk."""
    checked_vault_info(args.vault)
    password = secrets_for(args).existing(_("Password for {vault}: ").format(vault=args.vault))
    return open_keys(args.vault, password)
