"""Batched content I/O via the filesystem: unaligned ranges across batch edges, EIO per batch."""

from __future__ import annotations

import errno
import os
import random
import uuid
from pathlib import Path

import pytest

from vaultengine.crypto.keys import MasterKeys
from vaultengine.format.config import VaultConfig
from vaultengine.format.layout import create_root_directory
from vaultengine.fs import ChunkPool, VaultFileSystem
from vaultengine.fs.cleartext_file import BATCH_CHUNKS, POOL_MIN_CHUNKS

CHUNK = 32768


@pytest.fixture(
    params=[("SIV_GCM", False), ("SIV_GCM", True), ("SIV_CTRMAC", False)],
    ids=["gcm-inline", "gcm-pool", "ctrmac-inline"],
)
def fs(request, tmp_path):
    combo, pooled = request.param
    keys = MasterKeys.generate()
    config = VaultConfig(jti=str(uuid.uuid4()), cipher_combo=combo)
    create_root_directory(tmp_path, keys, config)
    pool = ChunkPool(2, 4) if pooled else None
    vault = VaultFileSystem(tmp_path, keys, config, chunk_pool=pool)
    yield vault
    vault.close()
    if pool:
        pool.shutdown()


def node_path(fs: VaultFileSystem, path: str) -> Path:
    parts = tuple(p for p in path.split("/") if p)
    return Path(fs._layout.node(fs._layout.resolve_dir_id(parts[:-1]), parts[-1]).path)


def test_unaligned_writes_and_reads_match_a_model(fs):
    # Sizes around the batch and pool thresholds, offsets inside chunks: every merge case
    # (head, tail, both, inside one chunk, past EOF) and every read path.
    rng = random.Random(1234)
    model = bytearray()
    fh = fs.open("/f", os.O_RDWR | os.O_CREAT)
    lengths = [1, 100, CHUNK - 1, CHUNK + 1, BATCH_CHUNKS * CHUNK + 3, POOL_MIN_CHUNKS * CHUNK + 5]
    for step in range(40):
        length = rng.choice(lengths)
        offset = rng.randrange(0, len(model) + 2 * CHUNK + 1)
        data = rng.randbytes(length)
        assert fs.write(fh, data, offset) == length
        if offset > len(model):
            model += bytes(offset - len(model))
        model[offset : offset + length] = data
        assert fs.stat("/f").st_size == len(model)
        for _ in range(3):
            start = rng.randrange(0, len(model))
            size = rng.choice([*lengths, len(model)])
            assert fs.read(fh, size, start) == model[start : start + size], (step, start, size)
    fs.release(fh)
    assert fs.read_file("/f") == model
    expected_ciphertext = fs._content.ciphertext_size(len(model))
    assert node_path(fs, "/f").stat().st_size == expected_ciphertext


@pytest.mark.parametrize("size", [5 * CHUNK + 1, BATCH_CHUNKS * CHUNK + 1, 70 * CHUNK + 300])
def test_last_partial_chunk_round_trips(fs, size):
    data = os.urandom(size)
    fs.write_file("/p", data)
    assert fs.stat("/p").st_size == size
    fh = fs.open("/p", os.O_RDONLY)
    assert fs.read(fh, size + 5000, 0) == data
    assert fs.read(fh, 10_000, size - 300) == data[-300:]
    assert fs.read(fh, 10, size) == b""
    fs.release(fh)


def test_tampered_chunk_fails_every_read_covering_it(fs):
    chunks = POOL_MIN_CHUNKS + 6
    data = os.urandom(chunks * CHUNK)
    fs.write_file("/v", data)
    victim = BATCH_CHUNKS + 2  # inside the second inline batch, and inside a pool batch
    header, ccs = fs._content.header_size, fs._content.ciphertext_chunk_size
    path = node_path(fs, "/v")
    raw = bytearray(path.read_bytes())
    raw[header + victim * ccs + 50] ^= 0x04
    path.write_bytes(bytes(raw))
    fh = fs.open("/v", os.O_RDONLY)
    for offset, length in (
        (0, len(data)),  # everything (pooled when there is a pool)
        (victim * CHUNK - 5, 10),  # straddles into the victim
        ((victim - 3) * CHUNK + 1, 8 * CHUNK),  # one inline batch around it
        (victim * CHUNK + 100, 1),
    ):
        with pytest.raises(OSError) as info:
            fs.read(fh, length, offset)
        assert info.value.errno == errno.EIO
    # Ranges not covering the victim still read, also right next to it.
    assert (
        fs.read(fh, 4 * CHUNK, (victim - 4) * CHUNK) == data[(victim - 4) * CHUNK : victim * CHUNK]
    )
    after = (victim + 1) * CHUNK
    assert fs.read(fh, 40 * CHUNK, after) == data[after : after + 40 * CHUNK]
    fs.release(fh)


def test_ciphertext_cut_short_on_disk_is_eio_not_short_data(fs):
    data = os.urandom(12 * CHUNK)
    fs.write_file("/s", data)
    fh = fs.open("/s", os.O_RDONLY)
    header, ccs = fs._content.header_size, fs._content.ciphertext_chunk_size
    # Cut at a chunk boundary behind the handle's back: the open file still believes 12 chunks.
    os.truncate(node_path(fs, "/s"), header + 9 * ccs)
    assert fs.read(fh, 2 * CHUNK, 0) == data[: 2 * CHUNK]
    with pytest.raises(OSError) as info:
        fs.read(fh, 12 * CHUNK, 0)
    assert info.value.errno == errno.EIO
    fs.release(fh)
