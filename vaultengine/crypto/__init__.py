"""Cryptomator format-8 cryptography: master keys, masterkey file, names and file content."""

from __future__ import annotations

from vaultengine.crypto.content import (
    ContentCryptor,
    CtrMacContentCryptor,
    FileHeader,
    GcmContentCryptor,
    content_cryptor,
)
from vaultengine.crypto.keys import MasterKeys
from vaultengine.crypto.masterkey import (
    check_scrypt_parameters,
    create_masterkey,
    masterkey_fingerprint,
    unlock_masterkey,
)
from vaultengine.crypto.names import NameCryptor

__all__ = [
    "ContentCryptor",
    "CtrMacContentCryptor",
    "FileHeader",
    "GcmContentCryptor",
    "MasterKeys",
    "NameCryptor",
    "check_scrypt_parameters",
    "content_cryptor",
    "create_masterkey",
    "masterkey_fingerprint",
    "unlock_masterkey",
]
