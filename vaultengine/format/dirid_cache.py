"""Cache of cleartext directory path -> directory ID, invalidated by subtree on rename/rmdir."""

from __future__ import annotations

from vaultengine.format.bounded_cache import BoundedCache
from vaultengine.format.constants import ROOT_DIR_ID

DEFAULT_CAPACITY = 16384


class DirIdCache:
    """Keys are normalised cleartext paths ("/a/b"); the root is never stored (its ID is "")."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._cache: BoundedCache[str, str] = BoundedCache(capacity)

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, cleartext_path: str) -> str | None:
        if cleartext_path == "/":
            return ROOT_DIR_ID
        return self._cache.get(cleartext_path)

    def put(self, cleartext_path: str, dir_id: str) -> None:
        if cleartext_path != "/":
            self._cache.put(cleartext_path, dir_id)

    def invalidate_subtree(self, cleartext_path: str) -> None:
        """Forget the path and everything below it (a directory was renamed or removed)."""
        if cleartext_path == "/":
            self._cache.clear()
            return
        prefix = cleartext_path + "/"
        self._cache.pop_where(lambda key: key == cleartext_path or key.startswith(prefix))
