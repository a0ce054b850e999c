"""Fill libfuse's `struct stat` with one struct.pack instead of a dozen ctypes attribute writes.

getattr and every READDIRPLUS entry fill a struct stat; setting its fields one by one through
ctypes (plus a memset) was the biggest single cost of a stat() through the mount after the
filesystem's own work. The layout is read from mfusepy's ctypes definition, so it follows
whatever platform mfusepy describes (Linux x86_64/arm64, macOS).
"""

from __future__ import annotations

import ctypes
import operator
import struct
from typing import TYPE_CHECKING, Any

from vaultengine.fuse.adapter import BLOCK_SIZE

if TYPE_CHECKING:
    from vaultengine.fuse.adapter import VaultOperations

# The fields we set, in the order pack() takes their values.
_FIELDS = (
    "st_mode",
    "st_ino",
    "st_nlink",
    "st_uid",
    "st_gid",
    "st_size",
    "st_blksize",
    "st_blocks",
    "st_atimespec.tv_sec",
    "st_atimespec.tv_nsec",
    "st_mtimespec.tv_sec",
    "st_mtimespec.tv_nsec",
    "st_ctimespec.tv_sec",
    "st_ctimespec.tv_nsec",
)
_CODES = {(1, True): "b", (1, False): "B", (2, True): "h", (2, False): "H",
          (4, True): "i", (4, False): "I", (8, True): "q", (8, False): "Q"}  # fmt: skip


def _field(struct_type: Any, dotted: str) -> tuple[int, int, bool]:
    """Offset, size and signedness of a (possibly nested) field of a ctypes Structure."""
    offset = 0
    current = struct_type
    for part in dotted.split("."):
        descriptor = getattr(current, part)
        offset += descriptor.offset
        current = dict(current._fields_)[part]
    signed = str(getattr(current, "_type_", "l")).islower()
    return offset, ctypes.sizeof(current), signed


class StatPacker:
    """pack(values) -> bytes of a whole c_stat; pack_into(c_stat_instance, values) in place.

    `values` is a sequence in _FIELDS order; fields not in _FIELDS are zero.
    """

    def __init__(self, c_stat: Any) -> None:
        placed = sorted((*_field(c_stat, name), index) for index, name in enumerate(_FIELDS))
        fmt, position = "=", 0
        for offset, size, signed, _ in placed:
            if offset < position:
                raise ValueError("overlapping struct stat fields")
            fmt += "x" * (offset - position) + _CODES[(size, signed)]
            position = offset + size
        fmt += "x" * (ctypes.sizeof(c_stat) - position)
        self._struct = struct.Struct(fmt)
        if self._struct.size != ctypes.sizeof(c_stat):
            raise ValueError("struct stat layout not understood")
        self.size = self._struct.size
        # Values arrive in _FIELDS order; the struct wants them in memory order.
        self._in_memory_order = operator.itemgetter(*(index for *_, index in placed))

    def pack(self, values: tuple[int, ...]) -> bytes:
        return self._struct.pack(*self._in_memory_order(values))

    def pack_into(self, target: Any, values: tuple[int, ...]) -> None:
        self._struct.pack_into(target, 0, *self._in_memory_order(values))


def stat_values(ops: VaultOperations, attr: Any) -> tuple[int, ...]:
    """An Attr as the values statpack's StatPacker takes (its _FIELDS order)."""
    size = attr.st_size
    return (
        attr.st_mode & ops.mode_mask,
        attr.st_ino,
        attr.st_nlink,
        ops.uid,
        ops.gid,
        size,
        BLOCK_SIZE,
        (size + 511) // 512,
        *divmod(attr.st_atime_ns, 1_000_000_000),
        *divmod(attr.st_mtime_ns, 1_000_000_000),
        *divmod(attr.st_ctime_ns, 1_000_000_000),
    )
