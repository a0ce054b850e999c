"""AES-SIV name encryption and directory-ID hashing (spec §6, §7). Caches nothing."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESSIV

from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import AuthenticationFailedError

# Padded base64url only: the alphabet, then at most two '=' (length checked by the decoder).
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
_TO_STD = str.maketrans("-_", "+/")


class NameCryptor:
    """Encrypts cleartext names bound to their parent directory ID, and hashes directory IDs."""

    def __init__(self, keys: MasterKeys) -> None:
        self._siv = AESSIV(keys.siv_key)

    def hash_dir_id(self, dir_id: str) -> str:
        """base32(SHA1(SIV(dirId))) with NO associated data: 32 characters."""
        ciphertext = self._siv.encrypt(dir_id.encode("utf-8"), None)
        return base64.b32encode(hashlib.sha1(ciphertext).digest()).decode("ascii")

    def encrypt_name(self, cleartext_name: str, parent_dir_id: str) -> str:
        """Padded base64url of SIV(NFC(name), AD=[parentDirId]), without ".c9r".

        Raises UnicodeEncodeError for names with lone surrogates (the fs layer refuses those).
        """
        name = unicodedata.normalize("NFC", cleartext_name).encode("utf-8")
        ciphertext = self._siv.encrypt(name, [parent_dir_id.encode("utf-8")])
        return base64.urlsafe_b64encode(ciphertext).decode("ascii")

    def decrypt_name(self, ciphertext_name: str, parent_dir_id: str) -> str:
        """Inverse of encrypt_name (argument without ".c9r"); AuthenticationFailedError.

        Anything but canonical padded base64url, a failed SIV check, or a non-UTF-8 result fails.
        """
        try:
            if not _BASE64URL.fullmatch(ciphertext_name):
                raise ValueError("not base64url")
            raw = base64.b64decode(ciphertext_name.translate(_TO_STD), validate=True)
            # Only the canonical encoding: otherwise two spellings would list as one name
            # that a lookup (which always encrypts to the canonical form) could not find.
            if base64.urlsafe_b64encode(raw).decode("ascii") != ciphertext_name:
                raise ValueError("non-canonical base64url")
            cleartext = self._siv.decrypt(raw, [parent_dir_id.encode("utf-8")])
            return cleartext.decode("utf-8")
        except (ValueError, binascii.Error, InvalidTag):  # UnicodeDecodeError is a ValueError
            raise AuthenticationFailedError(
                f"authentication failed: file name {ciphertext_name[:80]!r}"
            ) from None
