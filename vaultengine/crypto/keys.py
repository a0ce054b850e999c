"""The vault's two 32-byte master keys and the key orders derived from them."""

from __future__ import annotations

import os
from dataclasses import dataclass

KEY_SIZE = 32


@dataclass(frozen=True, repr=False)
class MasterKeys:
    """encKey and macKey of a vault. The repr never shows key bytes."""

    enc_key: bytes
    mac_key: bytes

    def __post_init__(self) -> None:
        for name in ("enc_key", "mac_key"):
            value = getattr(self, name)
            if not isinstance(value, bytes) or len(value) != KEY_SIZE:
                raise ValueError(f"MasterKeys.{name} must be {KEY_SIZE} bytes")

    def __repr__(self) -> str:
        return "MasterKeys(<redacted>)"

    @property
    def raw_key(self) -> bytes:
        """encKey || macKey: the JWT signing key and the recovery-key input."""
        return self.enc_key + self.mac_key

    @property
    def siv_key(self) -> bytes:
        """macKey || encKey: the RFC 5297 key order for AES-SIV (spec §3)."""
        return self.mac_key + self.enc_key

    @classmethod
    def generate(cls) -> MasterKeys:
        return cls(os.urandom(KEY_SIZE), os.urandom(KEY_SIZE))

    @classmethod
    def from_raw(cls, raw: bytes) -> MasterKeys:
        if len(raw) != 2 * KEY_SIZE:
            raise ValueError(f"a raw master key must be {2 * KEY_SIZE} bytes")
        raw = bytes(raw)
        return cls(raw[:KEY_SIZE], raw[KEY_SIZE:])
