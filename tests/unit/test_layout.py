"""format.layout and its caches against the spec vectors (§6, §8, §15.3) and cryptofs rules."""

from __future__ import annotations

import os
import threading
import time
import uuid

import pytest

from vaultengine.crypto.content import content_cryptor
from vaultengine.crypto.keys import MasterKeys
from vaultengine.format.bounded_cache import BoundedCache
from vaultengine.format.config import VaultConfig
from vaultengine.format.dirid_cache import DirIdCache
from vaultengine.format.layout import VaultLayout, create_root_directory, long_name_for
from vaultengine.format.node_files import parse_dir_id
from vaultengine.fs import ChunkPool

VECTOR_KEYS = MasterKeys(b"\x55" * 32, b"\x77" * 32)
LONG_147 = (
    "lot-_aWazKZgWRWu9vh9CA0uebjeZXIsZSEeteUKWWpTKi1vy80vHBLOIulqAXsKcLL3sstJq0hskbNOYZoMIhzY5iZDy"
    "QaCcN708gSeexNsCuatYqAK_wRfhNYQAzvSD_b7Apk9YUxaqFWoWE6nNAvn859BCNC3_8bBcyJ0ibV1QDZjRMq3_Xvxj"
    "S050qh0ZF24KbpWyjwTx06BXXq_3vgDkg==.c9r"
)


def layout(root, threshold=220, keys=VECTOR_KEYS):
    return VaultLayout(root, keys, VaultConfig(jti="j", shortening_threshold=threshold))


def test_content_dir_vectors(tmp_path):
    lay = layout(tmp_path)
    assert lay.content_dir("") == str(tmp_path / "d" / "VL" / "WEHT553J5DR7OZLRJAYDIWFCXZABOD")
    assert lay.content_dir("918acfbd-a467-3f77-93f1-f4a44f9cfe9c").endswith(
        os.path.join("d", "7C", "3USOO3VU7IVQRKFMRFV3QE4VEZJECV")
    )


def test_shortening_at_the_threshold_vectors(tmp_path):
    lay = layout(tmp_path)
    short = lay.node("", "a" * 146)
    assert not short.is_long and len(short.ciphertext_name) == 220
    assert short.file_path == short.path
    long = lay.node("", "a" * 147)
    assert long.is_long
    assert long.ciphertext_name == LONG_147
    assert os.path.basename(long.path) == "ztT85Yk14Yn9R5nV8B7-DZ0eaNY=.c9s"
    assert long.file_path == os.path.join(long.path, "contents.c9r")
    assert long_name_for(LONG_147) == "ztT85Yk14Yn9R5nV8B7-DZ0eaNY=.c9s"


@pytest.mark.parametrize("threshold", [36, 100, 220])
def test_threshold_is_strictly_greater(tmp_path, threshold):
    lay = layout(tmp_path, threshold)
    limit = (threshold - 4) // 4 * 3 - 16  # spec §8.1
    assert not lay.node("p", "x" * limit).is_long
    assert lay.node("p", "x" * (limit + 1)).is_long


def test_create_root_directory(tmp_path):
    keys = MasterKeys.generate()
    create_root_directory(tmp_path, keys, VaultConfig(jti="j"))
    lay = layout(tmp_path, keys=keys)
    backup = os.path.join(lay.content_dir(""), "dirid.c9r")
    with open(backup, "rb") as f:
        data = f.read()
    assert len(data) == 68
    assert content_cryptor("SIV_GCM", keys).decrypt_file(data) == b""
    assert [p for p in os.listdir(tmp_path)] == ["d"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"b3733606-f6dd-4474-86ff-11bdc037895a", "b3733606-f6dd-4474-86ff-11bdc037895a"),
        (b"recovery", "recovery"),
        (b"x" * 1000, "x" * 1000),
        (b"", None),
        (b"x" * 1001, None),
        ("é".encode(), None),
        (b"a\nb", None),
        (b"a\0b", None),
    ],
)
def test_parse_dir_id(raw, expected):
    assert parse_dir_id(raw, 1000) == expected


def test_bounded_cache_evicts_least_recently_used():
    cache: BoundedCache[int, str] = BoundedCache(3)
    for i in range(3):
        cache.put(i, str(i))
    assert cache.get(0) == "0"  # 0 is now the most recent
    cache.put(3, "3")
    assert cache.get(1) is None
    assert [cache.get(i) for i in (0, 2, 3)] == ["0", "2", "3"]
    assert len(cache) == 3


def test_dir_id_cache_invalidates_whole_subtree():
    cache = DirIdCache(capacity=100)
    for path in ["/a", "/a/b", "/a/b/c", "/ab", "/x"]:
        cache.put(path, path)
    cache.invalidate_subtree("/a")
    assert [cache.get(p) for p in ["/a", "/a/b", "/a/b/c", "/ab", "/x"]] == [
        None,
        None,
        None,
        "/ab",
        "/x",
    ]
    assert cache.get("/") == ""
    cache.invalidate_subtree("/")
    assert len(cache) == 0


def test_dir_id_cache_stays_bounded():
    cache = DirIdCache(capacity=50)
    for i in range(1000):
        cache.put(f"/d{i}", str(uuid.uuid4()))
    assert len(cache) == 50


def test_chunk_pool_keeps_order_and_bounds_in_flight_work():
    in_flight = 0
    peak = 0
    lock = threading.Lock()

    def work(n: int) -> int:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.002)
        with lock:
            in_flight -= 1
        return n * n

    consumed = []

    def items():
        for n in range(40):
            consumed.append(n)
            yield n

    with ChunkPool(workers=3, queue_depth=4) as pool:
        assert pool.map(work, items()) == [n * n for n in range(40)]
        assert peak <= 3
        # lazily consumed: never more than queue_depth items ahead of the results
        results = pool.imap(work, items())
        consumed.clear()
        next(results)
        assert len(consumed) <= 5
        assert list(results) == [n * n for n in range(1, 40)]


def test_chunk_pool_reraises_and_waits_for_in_flight_work():
    finished = []

    def work(n: int) -> int:
        if n == 3:
            raise ValueError("boom")
        time.sleep(0.01)
        finished.append(n)
        return n

    with ChunkPool(workers=2, queue_depth=4) as pool:
        with pytest.raises(ValueError):
            pool.map(work, range(20))
        snapshot = list(finished)
        time.sleep(0.05)
        assert finished == snapshot  # nothing still running after map returned
    with pytest.raises(RuntimeError):
        pool.map(work, [1])
