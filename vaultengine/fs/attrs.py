"""Cleartext attributes (Attr) built from probed ciphertext nodes."""

from __future__ import annotations

import stat
from dataclasses import dataclass

from vaultengine.crypto.content import ContentCryptor
from vaultengine.format.layout import NodeInfo, NodeKind

FILE_MODE = stat.S_IFREG | 0o644
DIRECTORY_MODE = stat.S_IFDIR | 0o755
SYMLINK_MODE = stat.S_IFLNK | 0o777


@dataclass(frozen=True, slots=True)
class Attr:
    st_mode: int  # type bits | permission bits
    st_size: int  # cleartext size; directories: the content folder's size; symlinks: target bytes
    st_atime_ns: int
    st_mtime_ns: int
    st_ctime_ns: int
    st_nlink: int


def attr_from_info(info: NodeInfo, content: ContentCryptor) -> Attr:
    """Files and symlinks: sizes from the ciphertext size; directories: the content folder."""
    st = info.stat
    if info.kind is NodeKind.DIRECTORY:
        mode, size, nlink = DIRECTORY_MODE, st.st_size, 2
    elif info.kind is NodeKind.SYMLINK:
        mode, size, nlink = SYMLINK_MODE, content.cleartext_size(st.st_size), 1
    else:
        mode, size, nlink = FILE_MODE, content.cleartext_size(st.st_size), 1
    return Attr(mode, size, st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns, nlink)
