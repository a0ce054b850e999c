"""Reading single ciphertext nodes for the health check: dir.c9r, name.c9s, .c9s names, limits."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from vaultengine.format import layout
from vaultengine.format.constants import (
    CIPHERTEXT_SUFFIX,
    DATA_DIR,
    DIR_FILE,
    MAX_DIR_FILE_BYTES,
    MAX_DIR_ID_LENGTH,
)
from vaultengine.format.listing import is_candidate_entry as is_node_name
from vaultengine.format.listing import is_usable_name
from vaultengine.format.node_files import open_folder_below, read_small_file

__all__ = ["is_node_name", "is_usable_name"]  # re-exported: the fs layer's listing rules

RECOVERY_DIR_NAME = "LOST+FOUND"  # Cryptomator's recovery folder in the vault root
RECOVERY_DIR_ID = "recovery"  # and its fixed directory ID

_BASE32_HASH = re.compile(r"[A-Z2-7]{32}")
# The base64url part of a conflict copy such as "<base64> (1).c9r" (C9rConflictResolver).
_BASE64_PREFIX = re.compile(
    r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{4}|[A-Za-z0-9_-]{3}=|[A-Za-z0-9_-]{2}==)"
)


def is_content_dir_hash(hash32: str) -> bool:
    return _BASE32_HASH.fullmatch(hash32) is not None


def content_dir_rel(hash32: str) -> str:
    return f"{DATA_DIR}/{hash32[:2]}/{hash32[2:]}"


def shortened_name(full_name: str) -> str | None:
    """The .c9s folder name for a full ciphertext name (None: not an ASCII name at all)."""
    return layout.long_name_for(full_name) if full_name.isascii() else None


def conflict_canonical(base: str) -> str | None:
    """For a conflict copy's name (without ".c9r"), its canonical base64url part; else None."""
    match = _BASE64_PREFIX.match(base)
    if match is None or match.end() == len(base) or match.end() == 0:
        return None
    return match.group(0)


def lstat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except (FileNotFoundError, NotADirectoryError):  # "x.c9r/dir.c9r" below a regular file
        return None


def is_regular(path: Path) -> bool:
    st = lstat_or_none(path)
    return st is not None and stat.S_ISREG(st.st_mode)


def is_folder(path: Path) -> bool:
    """A real folder; a symlink to one does not count (the walk never follows symlinks)."""
    st = lstat_or_none(path)
    return st is not None and stat.S_ISDIR(st.st_mode)


def is_content_folder(vault_root: Path, hash32: str) -> bool:
    """`d`, `d/XX` and `d/XX/YYY` are all real folders: a planted symlink on the way (say a
    whole `d/XX` pointing outside the vault) is never walked into."""
    rel = content_dir_rel(hash32)
    return all(is_folder(vault_root / rel.rsplit("/", n)[0]) for n in (2, 1, 0))


def list_folder(vault_root: Path, folder: Path) -> list[str]:
    """Sorted names in a folder below the vault folder, no component of it followed (EIO)."""
    fd = open_folder_below(str(vault_root), str(folder))
    try:
        return sorted(os.listdir(fd))
    finally:
        os.close(fd)


def read_limited(path: Path, limit: int) -> bytes:
    """At most limit + 1 bytes, so callers can tell "too long" without reading a huge file.
    Never follows a symlink or blocks on a FIFO: those are an OSError (EIO)."""
    return read_small_file(str(path), limit)


@dataclass(frozen=True)
class DirFile:
    """A parsed dir.c9r: the child ID to follow (None: do not follow) and what is wrong."""

    dir_id: str | None
    problem: str | None  # a ProblemKind value, or None when the file is fine


def parse_dir_file(data: bytes) -> DirFile:
    if not data:
        return DirFile(None, "dir_file_empty")
    if len(data) > MAX_DIR_FILE_BYTES:
        return DirFile(None, "dir_file_too_long")
    try:
        dir_id = data.decode("ascii")
    except UnicodeDecodeError:
        return DirFile(None, "dir_file_not_ascii")
    # Longer than a UUID is outside the spec, but cryptofs still follows it: so do we.
    return DirFile(dir_id, "dir_file_too_long" if len(data) > MAX_DIR_ID_LENGTH else None)


def is_identical_conflict_copy(node: Path, dir_id: str) -> bool:
    """A conflict copy of a directory node whose dir.c9r equals the original's."""
    if not node.name.endswith(CIPHERTEXT_SUFFIX):
        return False
    canonical = conflict_canonical(node.name[: -len(CIPHERTEXT_SUFFIX)])
    if canonical is None:
        return False
    original = node.parent / (canonical + CIPHERTEXT_SUFFIX) / DIR_FILE
    try:
        return read_limited(original, MAX_DIR_FILE_BYTES) == dir_id.encode("ascii")
    except OSError:
        return False
