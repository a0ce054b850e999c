"""Cleartext attributes (Attr) built from probed ciphertext nodes."""

from __future__ import annotations

import stat
from typing import NamedTuple

from vaultengine.crypto.content import ContentCryptor
from vaultengine.format.layout import NodeInfo, NodeKind

FILE_MODE = stat.S_IFREG | 0o644
DIRECTORY_MODE = stat.S_IFDIR | 0o755
SYMLINK_MODE = stat.S_IFLNK | 0o777


class Attr(NamedTuple):
    """Immutable; a NamedTuple because a listing builds one per entry (0.27 vs 0.73 us)."""

    st_mode: int  # type bits | permission bits
    st_size: int  # cleartext size; directories: the content folder's size; symlinks: target bytes
    st_atime_ns: int
    st_mtime_ns: int
    st_ctime_ns: int
    st_nlink: int
    # The ciphertext node's inode number (file, content folder or symlink.c9r): stable while
    # the node exists and across renames, unlike libfuse's node ids (see fuse/options.py).
    st_ino: int = 0


def attr_from_info(info: NodeInfo, content: ContentCryptor) -> Attr:
    """Files and symlinks: sizes from the ciphertext size; directories: the content folder."""
    st = info.stat
    kind = info.kind
    if kind is NodeKind.FILE:  # most entries of a listing: no tuple packing
        size = content.listed_size(st.st_size)
        return Attr(FILE_MODE, size, st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns, 1, st.st_ino)
    if kind is NodeKind.DIRECTORY:
        mode, size, nlink = DIRECTORY_MODE, st.st_size, 2
    else:
        mode, size, nlink = SYMLINK_MODE, content.cleartext_size(st.st_size), 1
    return Attr(mode, size, st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns, nlink, st.st_ino)
