"""A VaultFileSystem on a fresh vault in a test folder, without the vault file or scrypt."""

from __future__ import annotations

import uuid
from pathlib import Path

from vaultengine.crypto.keys import MasterKeys
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import create_root_directory
from vaultengine.fs import VaultFileSystem


def make_vault(root: Path, *, combo: str = "SIV_GCM", threshold: int = 220, **kwargs: object):
    keys = MasterKeys.generate()
    config = VaultConfig(jti=str(uuid.uuid4()), cipher_combo=combo, shortening_threshold=threshold)
    root.mkdir(parents=True, exist_ok=True)
    create_root_directory(root, keys, config)
    return VaultFileSystem(root, keys, config, **kwargs), keys, config
