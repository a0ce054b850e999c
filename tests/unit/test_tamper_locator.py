"""The tamper matrix's own ciphertext locator (tests/helpers/tamper.py) checked against what the
engine writes, so a tamper test that passes hit the bytes it meant to."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.tamper import CHUNK, FOLDERS, LONG_A, TRUTH, fresh_vault


@pytest.mark.parametrize("combo", ["SIV_GCM", "SIV_CTRMAC"])
def test_locator_finds_what_the_engine_wrote(tmp_path: Path, combo: str) -> None:
    v = fresh_vault(tmp_path, combo)
    for path, data in TRUTH.items():
        ciphertext = v.ct.file_of(path).read_bytes()
        assert v.ct.cryptor.decrypt_file(ciphertext) == data, path
        chunks = -(-len(data) // CHUNK)
        assert len(ciphertext) == v.ct.header + len(data) + chunks * v.ct.cryptor.chunk_overhead
    assert v.ct.node_of("/" + LONG_A).name.endswith(".c9s")
    assert len(v.ct.file_of("/target.bin").read_bytes()) == v.ct.chunk_offset(3) + 1000 + (
        v.ct.cryptor.chunk_overhead
    )
    for folder in FOLDERS:
        assert v.ct.content_dir(v.ct.dir_id(folder)).is_dir()
