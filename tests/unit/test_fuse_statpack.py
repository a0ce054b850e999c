"""statpack: one struct.pack fills struct stat exactly like field-by-field ctypes writes."""

from __future__ import annotations

import ctypes

import pytest

from vaultengine.errors import FuseUnavailableError
from vaultengine.fuse.statpack import _FIELDS, StatPacker


@pytest.fixture(scope="module")
def c_stat() -> type[ctypes.Structure]:
    from vaultengine.fuse.loader import load_mfusepy

    try:
        mfusepy = load_mfusepy()
    except FuseUnavailableError as exc:
        pytest.skip(str(exc))
    return mfusepy.c_stat  # type: ignore[no-any-return]


def read_field(st: ctypes.Structure, dotted: str) -> int:
    value: object = st
    for part in dotted.split("."):
        value = getattr(value, part)
    return int(value)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "values",
    [
        tuple(range(1, len(_FIELDS) + 1)),
        # a directory, a 64-bit inode number, 2**40 bytes, a time before 1970 (negative
        # seconds) and the largest nsec
        (0o040755, (1 << 63) + 5, 7, 1000, 1000, 1 << 40, 32768, (1 << 40) // 512, -1, 999_999_999,
         2_000_000_000, 5, 0, 123),
    ],
)  # fmt: skip
def test_packed_bytes_read_back_field_by_field(c_stat: type, values: tuple[int, ...]) -> None:
    packer = StatPacker(c_stat)
    st = c_stat.from_buffer_copy(packer.pack(values))
    assert [read_field(st, name) for name in _FIELDS] == list(values)
    # every other field is zero, as after the memset the packer replaces
    assert st.st_dev == 0 and st.st_rdev == 0


def test_pack_into_overwrites_a_used_struct_whole(c_stat: type) -> None:
    packer = StatPacker(c_stat)
    st = c_stat()
    ctypes.memset(ctypes.byref(st), 0xFF, ctypes.sizeof(st))  # what the previous entry left
    values = tuple(range(10, 10 + len(_FIELDS)))
    packer.pack_into(st, values)
    assert [read_field(st, name) for name in _FIELDS] == list(values)
    assert st.st_dev == 0 and st.st_rdev == 0
