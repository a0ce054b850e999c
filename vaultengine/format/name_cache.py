"""Cleartext and ciphertext names already computed, kept per directory and dropped by directory.

AES-SIV makes (directory ID, cleartext name) <-> ciphertext name deterministic, so nothing here
ever goes stale; the cache only has to stay bounded. It is bounded by directory, least recently
used first, because a listing wants all of a directory's names: with one LRU over single names,
listing a directory bigger than the capacity evicted each name before the next listing needed
it, and every listing decrypted every name again (100,000 entries took 2.4x as long per entry
as 50,000). A directory that alone exceeds the capacity keeps the names it got first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class _Folder:
    """The names known in one directory (its ID is the key in NameCache)."""

    __slots__ = ("decrypted", "encrypted", "spelled")

    def __init__(self) -> None:
        # entry name in the content directory -> (cleartext name, full .c9r name)
        self.decrypted: dict[str, tuple[str, str]] = {}
        # NFC cleartext name -> full .c9r name
        self.encrypted: dict[str, str] = {}
        # non-NFC cleartext name as listed (another tool stored it so) -> full .c9r name
        self.spelled: dict[str, str] = {}


class NameCache:
    """At most `capacity` names (counted once per direction) over all directories."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be positive")
        self._capacity = capacity
        self._folders: OrderedDict[str, _Folder] = OrderedDict()
        self._count = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._count

    @property
    def capacity(self) -> int:
        return self._capacity

    def decrypted(self, dir_id: str, entry_name: str) -> tuple[str, str] | None:
        """(cleartext name, full .c9r name) of a listed entry, if known."""
        with self._lock:
            folder = self._used(dir_id)
            return None if folder is None else folder.decrypted.get(entry_name)

    def encrypted(self, dir_id: str, cleartext_name: str) -> str | None:
        with self._lock:
            folder = self._used(dir_id)
            return None if folder is None else folder.encrypted.get(cleartext_name)

    def spelled(self, dir_id: str, cleartext_name: str) -> str | None:
        with self._lock:
            folder = self._used(dir_id)
            return None if folder is None else folder.spelled.get(cleartext_name)

    def remember_encrypted(self, dir_id: str, cleartext_name: str, full_name: str) -> None:
        with self._lock:
            folder = self._folder_with_room(dir_id)
            if folder is not None and cleartext_name not in folder.encrypted:
                folder.encrypted[cleartext_name] = full_name
                self._count += 1

    def remember_both_ways(
        self, dir_id: str, entry_name: str, names: tuple[str, str], *, normalised: bool
    ) -> None:
        """A name both ways (an entry listed, or a name just encrypted): `normalised` says
        whether the cleartext name is NFC (found by name) or spelled otherwise (found only as
        listed)."""
        with self._lock:
            folder = self._folder_with_room(dir_id, needed=2)
            if folder is None:
                return
            if entry_name not in folder.decrypted:
                folder.decrypted[entry_name] = names
                self._count += 1
            by_name = folder.encrypted if normalised else folder.spelled
            if names[0] not in by_name:
                by_name[names[0]] = names[1]
                self._count += 1

    def clear(self) -> None:
        with self._lock:
            self._folders.clear()
            self._count = 0

    # -- under the lock -------------------------------------------------------------------
    def _used(self, dir_id: str) -> _Folder | None:
        folder = self._folders.get(dir_id)
        if folder is not None:
            self._folders.move_to_end(dir_id)
        return folder

    def _folder_with_room(self, dir_id: str, needed: int = 1) -> _Folder | None:
        """The directory's entry, after evicting other directories (least recently used
        first) to make room; None when this directory alone fills the cache."""
        while self._count + needed > self._capacity:
            oldest = next(iter(self._folders), None)
            if oldest is None or (oldest == dir_id and len(self._folders) == 1):
                return None
            if oldest == dir_id:  # keep it: it is being used now
                self._folders.move_to_end(dir_id)
                continue
            evicted = self._folders.pop(oldest)
            self._count -= len(evicted.decrypted) + len(evicted.encrypted) + len(evicted.spelled)
        folder = self._folders.get(dir_id)
        if folder is None:
            folder = self._folders[dir_id] = _Folder()
        else:
            self._folders.move_to_end(dir_id)
        return folder
