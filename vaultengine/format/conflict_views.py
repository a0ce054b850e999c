"""Conflicting copies a read-only session lists without renaming them (see conflicts.py).

The listing gives such a copy the name that resolution would give it; this map remembers
which entry on disk that name stands for, so that a lookup by that name (stat, open, a path
through a conflicting folder) reaches the copy. Writable sessions never fill it.
"""

from __future__ import annotations

import os
import unicodedata

from vaultengine.format.bounded_cache import BoundedCache

CONFLICT_VIEW_CAPACITY = 4096


class ConflictViews:
    """(parent dir ID, cleartext name as listed) -> entry name of the conflicting copy."""

    def __init__(self, capacity: int = CONFLICT_VIEW_CAPACITY) -> None:
        self._entries: BoundedCache[tuple[str, str], str] = BoundedCache(capacity)

    def __len__(self) -> int:
        return len(self._entries)

    def show(self, dir_id: str, cleartext_name: str, entry_name: str) -> None:
        self._entries.put((dir_id, cleartext_name), entry_name)
        nfc = unicodedata.normalize("NFC", cleartext_name)  # lookups come normalised
        if nfc != cleartext_name:
            self._entries.put((dir_id, nfc), entry_name)

    def entry(self, dir_id: str, cleartext_name: str) -> str | None:
        return self._entries.get((dir_id, cleartext_name))

    def taken_by_other(
        self, dir_id: str, cleartext_name: str, entry_name: str, folder: str
    ) -> bool:
        """Whether another copy still on disk in `folder` is listed under `cleartext_name`."""
        other = self.entry(dir_id, cleartext_name)
        return (
            other is not None
            and other != entry_name
            and os.path.lexists(os.path.join(folder, other))
        )
