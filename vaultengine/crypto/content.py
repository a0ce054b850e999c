"""File content encryption for a vault: the cryptor of its cipher combo (spec §10, §12).

SIV_GCM is content_gcm.py, SIV_CTRMAC content_ctrmac.py; what they share (FileHeader, the size
math, the batch loops) is content_base.py. The names other modules use are importable here.
"""

from __future__ import annotations

from vaultengine.crypto.content_base import (
    CLEARTEXT_CHUNK_SIZE,
    ByteInput,
    ByteOutput,
    ContentCryptor,
    FileHeader,
)
from vaultengine.crypto.content_ctrmac import CtrMacContentCryptor
from vaultengine.crypto.content_gcm import GcmContentCryptor
from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import UnsupportedVaultError

__all__ = [
    "CLEARTEXT_CHUNK_SIZE",
    "MAX_CIPHERTEXT_CHUNK_SIZE",
    "ByteInput",
    "ByteOutput",
    "ContentCryptor",
    "CtrMacContentCryptor",
    "FileHeader",
    "GcmContentCryptor",
    "content_cryptor",
]

_CRYPTORS: dict[str, type[ContentCryptor]] = {
    "SIV_GCM": GcmContentCryptor,
    "SIV_CTRMAC": CtrMacContentCryptor,
}
# A buffer this large holds one ciphertext chunk of either combo.
MAX_CIPHERTEXT_CHUNK_SIZE = max(cryptor.ciphertext_chunk_size for cryptor in _CRYPTORS.values())


def content_cryptor(cipher_combo: str, keys: MasterKeys) -> ContentCryptor:
    """The content cryptor for a vault's cipherCombo; UnsupportedVaultError for others."""
    cryptor = _CRYPTORS.get(cipher_combo)
    if cryptor is None:
        raise UnsupportedVaultError(
            f"The cipher combination {cipher_combo[:40]!r} is not supported."
        )
    return cryptor(keys)
