"""The open-file table: flags, shared entries, unlink/rename while open, concurrent writers."""

from __future__ import annotations

import errno
import os
import random
import threading
import uuid

import pytest

from vaultengine.crypto.keys import MasterKeys
from vaultengine.errors import VaultStateError
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import create_root_directory
from vaultengine.fs import ChunkPool, VaultFileSystem


def run_threads(worker, count: int) -> None:  # type: ignore[no-untyped-def]
    """Start worker(0) .. worker(count - 1) on threads at once and wait for all of them."""
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.fixture(params=["inline", "pool"])
def fs(request, tmp_path):
    keys = MasterKeys.generate()
    config = VaultConfig(jti=str(uuid.uuid4()))
    create_root_directory(tmp_path, keys, config)
    pool = ChunkPool(2, 4) if request.param == "pool" else None
    vault = VaultFileSystem(tmp_path, keys, config, chunk_pool=pool)
    yield vault
    vault.close()
    if pool:
        pool.shutdown()


def test_access_modes(fs):
    fs.write_file("/f", b"abc")
    ro = fs.open("/f", os.O_RDONLY)
    wo = fs.open("/f", os.O_WRONLY)
    with pytest.raises(OSError) as info:
        fs.write(ro, b"x", 0)
    assert info.value.errno == errno.EBADF
    with pytest.raises(OSError) as info:
        fs.read(wo, 3, 0)
    assert info.value.errno == errno.EBADF
    with pytest.raises(OSError) as info:
        fs.ftruncate(ro, 0)
    assert info.value.errno == errno.EBADF
    fs.write(wo, b"X", 1)
    assert fs.read(ro, 10, 0) == b"aXc"  # the handles share one entry
    fs.release(ro)
    fs.release(wo)
    with pytest.raises(OSError) as info:
        fs.release(wo)
    assert info.value.errno == errno.EBADF
    with pytest.raises(OSError) as info:
        fs.read(ro, 1, 0)
    assert info.value.errno == errno.EBADF


def test_handles_share_one_entry(fs):
    fs.write_file("/f", b"")
    handles = [fs.open("/f", os.O_RDWR) for _ in range(4)]
    assert fs._table.open_count() == 1
    for i, fh in enumerate(handles):
        fs.write(fh, bytes([65 + i]) * 10, i * 10)
    for fh in handles:
        assert fs.read(fh, 100, 0) == b"A" * 10 + b"B" * 10 + b"C" * 10 + b"D" * 10
        fs.release(fh)
    assert fs._table.open_count() == 0


def test_create_excl_trunc_append(fs):
    fh = fs.open("/new", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    fs.write(fh, b"hello", 0)
    fs.release(fh)
    with pytest.raises(FileExistsError):
        fs.open("/new", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    with pytest.raises(FileNotFoundError):
        fs.open("/missing", os.O_RDONLY)
    fh = fs.open("/new", os.O_WRONLY | os.O_APPEND)
    fs.write(fh, b" world", 0)  # O_APPEND ignores the offset
    fs.write(fh, b"!", 2)
    fs.release(fh)
    assert fs.read_file("/new") == b"hello world!"
    fh = fs.open("/new", os.O_RDWR | os.O_TRUNC)
    assert fs.read(fh, 100, 0) == b""
    fs.write(fh, b"fresh", 0)
    fs.release(fh)
    assert fs.read_file("/new") == b"fresh"
    fh = fs.open("/new", os.O_RDONLY | os.O_TRUNC)  # O_TRUNC without write access: ignored
    fs.release(fh)
    assert fs.read_file("/new") == b"fresh"


def test_unlink_while_open_keeps_working(fs):
    data = os.urandom(100_000)
    fs.write_file("/f", data)
    fh = fs.open("/f", os.O_RDWR)
    fs.unlink("/f")
    with pytest.raises(FileNotFoundError):
        fs.stat("/f")
    assert fs.read(fh, len(data), 0) == data
    fs.write(fh, b"still writable", 50_000)
    assert fs.read(fh, 14, 50_000) == b"still writable"
    fs.write_file("/f", b"a new file")  # a new file at the same name is a separate entry
    assert fs.read(fh, 5, 0) == data[:5]
    fs.release(fh)
    assert fs.read_file("/f") == b"a new file"


def test_rename_while_open_keeps_working(fs):
    fs.mkdir("/d")
    fs.write_file("/d/f", b"0123456789")
    fh = fs.open("/d/f", os.O_RDWR)
    fs.rename("/d/f", "/d/" + "long" * 50)  # crosses into .c9s
    fs.write(fh, b"AB", 2)
    fs.rename("/d", "/e")
    fs.write(fh, b"CD", 6)
    fs.release(fh)
    assert fs.read_file("/e/" + "long" * 50) == b"01AB45CD89"


def test_replace_while_open_keeps_old_content_for_the_handle(fs):
    fs.write_file("/old", b"old content")
    fs.write_file("/new", b"new content")
    fh = fs.open("/old", os.O_RDONLY)
    fs.rename("/new", "/old")
    assert fs.read(fh, 100, 0) == b"old content"
    fs.release(fh)
    assert fs.read_file("/old") == b"new content"


def test_truncate_by_path_while_open(fs):
    fs.write_file("/f", b"x" * 50_000)
    fh = fs.open("/f", os.O_RDONLY)
    fs.truncate("/f", 10)
    assert fs.read(fh, 100, 0) == b"x" * 10
    fs.release(fh)


def test_flush_fsync_close(fs):
    fh = fs.open("/f", os.O_RDWR | os.O_CREAT)
    fs.write(fh, b"data", 0)
    fs.flush(fh)
    fs.fsync(fh)
    fs.fsync(fh, datasync=True)
    other = fs.open("/f", os.O_RDONLY)
    keys = fs._content._keys
    fs.write(fh, b"more", 4)  # still open at close: flushed by it
    fs.close()  # fsyncs and releases every handle and descriptor, then drops the keys
    assert fs._table.open_count() == 0
    with pytest.raises(OSError):
        fs.read(other, 4, 0)
    with pytest.raises(VaultStateError):  # closed means locked: nothing decrypts any more
        fs.read_file("/f")
    with pytest.raises(VaultStateError):
        fs.open("/g", os.O_RDWR | os.O_CREAT)
    reopened = VaultFileSystem(fs.vault_root, keys, VaultConfig(jti=str(uuid.uuid4())))
    assert reopened.read_file("/f") == b"datamore"
    reopened.close()


def test_large_io_through_the_pool(fs):
    data = os.urandom(5 * 1024 * 1024 + 123)
    fh = fs.open("/big", os.O_RDWR | os.O_CREAT)
    assert fs.write(fh, data, 0) == len(data)
    assert fs.read(fh, len(data), 0) == data
    assert fs.read(fh, 3_000_000, 1_000_001) == data[1_000_001:4_000_001]
    fs.ftruncate(fh, 4 * 1024 * 1024 + 7)
    fs.write(fh, b"z", 6 * 1024 * 1024)
    fs.release(fh)
    expected = data[: 4 * 1024 * 1024 + 7] + bytes(2 * 1024 * 1024 - 7) + b"z"
    assert fs.read_file("/big") == expected


def test_concurrent_overlapping_writers_match_a_model(fs):
    """8 threads write and read overlapping ranges of one file; chunk read-modify-write is
    serialised per file, so the final content equals the same writes applied under a lock."""
    size = 6 * 32768
    fs.write_file("/shared", bytes(size))
    model = bytearray(size)
    model_lock = threading.Lock()
    errors: list[BaseException] = []

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        fh = fs.open("/shared", os.O_RDWR)
        try:
            for _ in range(60):
                offset = rng.randrange(0, size - 1)
                length = rng.randrange(1, min(40_000, size - offset) + 1)
                data = bytes([seed + 1]) * length
                with model_lock:  # the model and the file see the writes in the same order
                    fs.write(fh, data, offset)
                    model[offset : offset + length] = data
                got = fs.read(fh, length, offset)
                assert len(got) == length
                assert set(got) <= set(range(1, 9)) | {0}
        except BaseException as exc:
            errors.append(exc)
        finally:
            fs.release(fh)

    run_threads(worker, 8)
    assert not errors
    assert fs.read_file("/shared") == bytes(model)


def test_concurrent_unlocked_writers_never_tear_chunks(fs):
    """Without any outside lock: every chunk must still decrypt, and each byte range written by
    a single call must be one writer's bytes (no lost chunk read-modify-write)."""
    fs.write_file("/race", bytes(4 * 32768))
    errors: list[BaseException] = []
    written: set[tuple[int, int]] = set()

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        fh = fs.open("/race", os.O_RDWR)
        try:
            for _ in range(80):
                # disjoint 1000-byte slots per thread inside shared chunks
                slot = rng.randrange(0, 16)
                offset = slot * 8000 + seed * 1000
                fs.write(fh, bytes([seed + 1]) * 1000, offset)
                written.add((slot, seed))
                fs.read(fh, 50_000, rng.randrange(0, 4 * 32768))
        except BaseException as exc:
            errors.append(exc)
        finally:
            fs.release(fh)

    run_threads(worker, 8)
    assert not errors
    content = fs.read_file("/race")
    for slot in range(16):
        for seed in range(8):
            piece = content[slot * 8000 + seed * 1000 : slot * 8000 + (seed + 1) * 1000]
            expected = bytes([seed + 1]) * 1000 if (slot, seed) in written else bytes(1000)
            assert piece == expected, (slot, seed)


def test_concurrent_metadata_operations(fs):
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                fs.mkdir(f"/t{n}-{i}")
                fs.write_file(f"/t{n}-{i}/f", b"x" * i)
                fs.listdir("/")
                fs.rename(f"/t{n}-{i}", f"/u{n}-{i}")
                assert fs.read_file(f"/u{n}-{i}/f") == b"x" * i
        except BaseException as exc:
            errors.append(exc)

    run_threads(worker, 8)
    assert not errors
    assert {name for name, _ in fs.listdir("/")} == {
        f"u{n}-{i}" for n in range(8) for i in range(25)
    }
