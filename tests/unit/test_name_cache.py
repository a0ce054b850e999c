"""The name cache is bounded by directory: a listing finds all its names again or none are
evicted for it, and the least recently used directory goes first."""

from __future__ import annotations

from vaultengine.format.name_cache import NameCache


def listed(cache: NameCache, dir_id: str, count: int) -> None:
    for i in range(count):
        entry = f"{dir_id}-{i}.c9r"
        cache.remember_both_ways(dir_id, entry, (f"n{i}", entry), normalised=True)


def known(cache: NameCache, dir_id: str, count: int) -> int:
    return sum(cache.decrypted(dir_id, f"{dir_id}-{i}.c9r") is not None for i in range(count))


def test_a_directory_bigger_than_the_cache_keeps_its_first_names_listing_after_listing() -> None:
    cache = NameCache(100)
    for _ in range(3):
        listed(cache, "big", 150)
        # an LRU over single names would hold the last 50 here and miss all 150 next time
        assert known(cache, "big", 50) == 50 and known(cache, "big", 150) == 50
        assert len(cache) == 100
    assert cache.encrypted("big", "n49") == "big-49.c9r" and cache.encrypted("big", "n50") is None


def test_the_least_recently_used_directory_is_evicted_whole() -> None:
    cache = NameCache(100)
    listed(cache, "a", 20)  # 40
    listed(cache, "b", 20)  # 80
    assert known(cache, "a", 20) == 20  # a is used again: b is now the oldest
    listed(cache, "c", 20)  # needs 40 more: b goes, whole
    assert known(cache, "b", 20) == 0
    assert known(cache, "a", 20) == 20 and known(cache, "c", 20) == 20
    assert len(cache) == 80


def test_names_are_counted_once_per_direction() -> None:
    cache = NameCache(10)
    cache.remember_encrypted("d", "x", "X.c9r")
    cache.remember_encrypted("d", "x", "X.c9r")
    cache.remember_both_ways("d", "X.c9r", ("x", "X.c9r"), normalised=True)
    assert len(cache) == 2
    nfd = "cafe\u0301"
    cache.remember_both_ways("d", "Y.c9r", (nfd, "Y.c9r"), normalised=False)
    assert cache.spelled("d", nfd) == "Y.c9r" and cache.encrypted("d", nfd) is None
    assert len(cache) == 4
    cache.clear()
    assert len(cache) == 0 and cache.decrypted("d", "X.c9r") is None
