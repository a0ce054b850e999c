"""Sync-conflict copies on real ciphertext names (spec §13, bad input #12): the names a sync client
gives a conflicting copy, and the resolver and its cleartext view on one fixed folder."""

from __future__ import annotations

from pathlib import Path

from vaultengine.crypto import MasterKeys, NameCryptor
from vaultengine.format.conflicts import resolve_entry

DIR_ID = "918acfbd-a467-3f77-93f1-f4a44f9cfe9c"
THRESHOLD = 220
NAMES = NameCryptor(MasterKeys(b"\x55" * 32, b"\x77" * 32))


def entry(cleartext: str) -> str:
    return NAMES.encrypt_name(cleartext, DIR_ID) + ".c9r"


def resolve(folder: Path, name: str, threshold: int = THRESHOLD) -> str | None:
    return resolve_entry(folder, name, DIR_ID, NAMES, threshold)


def cleartext_of(entry_name: str) -> str:
    return NAMES.decrypt_name(entry_name[: -len(".c9r")], DIR_ID)


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def conflict_name(cleartext: str, suffix: str) -> str:
    return entry(cleartext)[: -len(".c9r")] + suffix + ".c9r"


SUFFIXES = [
    " (1)",
    " (Alice's conflicted copy 2024-01-01)",
    " (conflicted copy 2024-01-01 120000)",  # Nextcloud
    "_1",
    "-DESKTOP-ABC",  # OneDrive
    " (Case Conflict)",
]
