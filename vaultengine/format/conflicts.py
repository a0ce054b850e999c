"""Cloud-sync conflict resolution for `.c9r` entries of a content directory (spec §13).

Sync clients keep both sides of a conflict and give one a changed name, e.g.
`<base64> (1).c9r`, `<base64> (Alice's conflicted copy 2024-01-01).c9r`, `<base64>_1.c9r` or
`<base64>-DESKTOP-ABC.c9r`. Like Cryptomator's C9rConflictResolver, the listing code calls
resolve_entry for such an entry: it finds the authentic base64 run in the name, then renames the
entry to its canonical name, deletes an identical directory/symlink duplicate, or gives the copy
a new cleartext name ("report (1).txt") so that both versions stay visible.

A read-only session writes nothing, so it calls view_entry instead: the same decision, made in
memory. The copy keeps its name on disk and is listed under the name resolution would give it
(the original name when that is free, else "report (1).txt"); an identical folder or symlink
duplicate is not listed. The listing records that name (format/conflict_views.py) so lookups
find the copy; a later writable session resolves it for real, to the same name.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vaultengine.crypto.names import NameCryptor
from vaultengine.errors import AuthenticationFailedError
from vaultengine.format.constants import (
    CIPHERTEXT_SUFFIX,
    DIR_FILE,
    LONG_NAME_SUFFIX,
    SYMLINK_FILE,
)
from vaultengine.format.node_files import read_small_file

log = logging.getLogger(__name__)

_B64 = "[A-Za-z0-9_-]"
# A padded base64url run of at least 24 characters (the shortest encrypted name).
_CIPHERTEXT_RUN = re.compile(
    f"{_B64}{{20}}(?:{_B64}{{4}})*(?:{_B64}{{4}}|{_B64}{{3}}=|{_B64}{{2}}==)"
)
_MAX_COMPARED_BYTES = 64 * 1024  # dir.c9r holds 36 bytes, symlink.c9r a short target
_NUMBERED_SUFFIXES = tuple(f" ({n})" for n in range(1, 10))


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    cleartext_name: str


def max_cleartext_name_bytes(shortening_threshold: int) -> int:
    """Longest cleartext name (UTF-8 bytes) whose `.c9r` name stays within the threshold."""
    return (shortening_threshold - 4) // 4 * 3 - 16


def _is_usable_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\0" not in name


def _decrypt_run(stem: str, start: int, end: int, dir_id: str, names: NameCryptor) -> _Match | None:
    """cryptofs' search: take the first run in [start, end); on failure narrow at - or _."""
    tried: set[tuple[int, int]] = set()

    def search(lo: int, hi: int) -> _Match | None:
        if (lo, hi) in tried:  # memo: hostile names with many delimiters stay polynomial
            return None
        tried.add((lo, hi))
        found = _CIPHERTEXT_RUN.search(stem, lo, hi)
        if found is None:
            return None
        run = found.group()
        try:
            return _Match(found.start(), found.end(), names.decrypt_name(run, dir_id))
        except (AuthenticationFailedError, ValueError):
            pass
        first = next((i for i, c in enumerate(run) if c in "-_"), -1)
        if first == -1:
            return None
        last = max(run.rfind("-"), run.rfind("_"))
        candidates = []
        if first == 0:
            candidates.append((found.start() + 1, hi))
        if last == len(run) - 1:
            candidates.append((lo, found.end() - 1))
        if first > 0:
            candidates.append((found.start() + first, hi))
        if last < len(run) - 1:
            candidates.append((lo, found.start() + last))
        for sub_lo, sub_hi in candidates:
            result = search(sub_lo, sub_hi)
            if result is not None:
                return result
        return None

    return search(start, end)


def _utf8_prefix(text: str, max_bytes: int) -> str:
    """The longest prefix of `text` that fits in `max_bytes` UTF-8 bytes (whole characters)."""
    if max_bytes <= 0:
        return ""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")


def _split_extension(name: str) -> tuple[str, str]:
    dot = name.rfind(".")
    return (name[:dot], name[dot:]) if dot > 0 else (name, "")


def _alternative_names(cleartext_name: str, conflict_suffix: str, limit: int) -> list[str]:
    """Candidate names for the conflicting copy, best first, each within `limit` bytes."""
    base, ext = _split_extension(cleartext_name)
    base_len, ext_len = len(base.encode("utf-8")), len(ext.encode("utf-8"))
    candidates = []
    space_left = limit - base_len - ext_len
    suffix = _utf8_prefix(conflict_suffix, space_left // 2).rstrip()
    if suffix.strip():
        candidates.append(base + suffix + ext)
    numbered_base = _utf8_prefix(base, limit - ext_len - len(_NUMBERED_SUFFIXES[0]))
    candidates += [numbered_base + s + ext for s in _NUMBERED_SUFFIXES]
    return [c for c in candidates if c != cleartext_name and len(c.encode("utf-8")) <= limit]


def _same_small_file(a: Path, b: Path) -> bool:
    try:
        # Never follows a symlink or waits on a FIFO planted as dir.c9r/symlink.c9r (EIO).
        return read_small_file(str(a), _MAX_COMPARED_BYTES) == read_small_file(
            str(b), _MAX_COMPARED_BYTES
        )
    except OSError:
        return False


def _is_identical_duplicate(conflicting: Path, canonical: Path) -> bool:
    if not (conflicting.is_dir() and canonical.is_dir()):
        return False
    return any(
        (conflicting / f).is_file() and _same_small_file(conflicting / f, canonical / f)
        for f in (DIR_FILE, SYMLINK_FILE)
    )


def _rename_to_alternative(
    content_dir: Path,
    entry_name: str,
    match: _Match,
    conflict_suffix: str,
    dir_id: str,
    names: NameCryptor,
    shortening_threshold: int,
) -> str | None:
    limit = max_cleartext_name_bytes(shortening_threshold)
    for alternative in _alternative_names(match.cleartext_name, conflict_suffix, limit):
        new_entry = names.encrypt_name(alternative, dir_id) + CIPHERTEXT_SUFFIX
        if len(new_entry) > shortening_threshold or os.path.lexists(content_dir / new_entry):
            continue
        os.rename(content_dir / entry_name, content_dir / new_entry)
        log.info("Sync conflict: moved %s to %s in %s", entry_name, new_entry, content_dir)
        return new_entry
    log.warning("Sync conflict: no free name for %s in %s; left as is", entry_name, content_dir)
    return None


def resolve_entry(
    content_dir: str | os.PathLike[str],
    entry_name: str,
    dir_id: str,
    names: NameCryptor,
    shortening_threshold: int,
) -> str | None:
    """Resolve one entry of a content directory; return the entry name to list, or None to skip.

    A canonical `.c9r` name and any `.c9s` name come back unchanged. A conflicting copy is
    renamed to its canonical name when that is free (the canonical name is returned), deleted
    when it duplicates a directory or symlink node byte for byte (None: the canonical entry is
    listed on its own), or renamed to a new cleartext name (the new entry name is returned).
    Hidden names, names without an authentic ciphertext run, and copies that cannot be
    resolved give None. Never raises for a single entry: I/O problems are logged.
    """
    if entry_name.endswith(LONG_NAME_SUFFIX):
        return entry_name  # spec §13.4: long-name folders get no conflict handling
    if not entry_name.endswith(CIPHERTEXT_SUFFIX):
        return None
    stem = entry_name[: -len(CIPHERTEXT_SUFFIX)]
    folder = Path(content_dir)
    match = _decrypt_run(stem, 0, len(stem), dir_id, names)
    if match is None or not _is_usable_name(match.cleartext_name):
        return None
    canonical_entry = stem[match.start : match.end] + CIPHERTEXT_SUFFIX
    if entry_name == canonical_entry:
        return entry_name
    if entry_name.startswith("."):
        return None  # hidden files (e.g. macOS ._ files) are not conflicts
    conflicting, canonical = folder / entry_name, folder / canonical_entry
    try:
        if not os.path.lexists(canonical):
            os.rename(conflicting, canonical)
            log.info("Sync conflict: renamed %s to %s in %s", entry_name, canonical_entry, folder)
            return canonical_entry
        if _is_identical_duplicate(conflicting, canonical):
            shutil.rmtree(conflicting)
            log.info(
                "Sync conflict: removed %s, identical to %s in %s",
                entry_name,
                canonical_entry,
                folder,
            )
            return None
        return _rename_to_alternative(
            folder, entry_name, match, stem[match.end :], dir_id, names, shortening_threshold
        )
    except OSError as exc:
        log.error("Sync conflict: could not resolve %s in %s: %s", entry_name, folder, exc)
        return None


def view_entry(
    content_dir: str | os.PathLike[str],
    entry_name: str,
    dir_id: str,
    names: NameCryptor,
    shortening_threshold: int,
    taken: Callable[[str], bool],
) -> str | None:
    """Read-only: the cleartext name to list a conflicting copy under, or None to skip it.

    Decides as resolve_entry would, without renaming or deleting anything. `taken(name)` says
    whether another conflicting copy of this folder is already listed under `name`, so two
    copies never share one. Never raises for a single entry.
    """
    if not entry_name.endswith(CIPHERTEXT_SUFFIX) or entry_name.startswith("."):
        return None  # hidden files (e.g. macOS ._ files) are not conflicts
    stem = entry_name[: -len(CIPHERTEXT_SUFFIX)]
    match = _decrypt_run(stem, 0, len(stem), dir_id, names)
    if match is None or not _is_usable_name(match.cleartext_name):
        return None
    canonical_entry = stem[match.start : match.end] + CIPHERTEXT_SUFFIX
    if entry_name == canonical_entry:
        return match.cleartext_name
    folder = Path(content_dir)
    canonical = folder / canonical_entry
    if not os.path.lexists(canonical) and not taken(match.cleartext_name):
        return match.cleartext_name
    if _is_identical_duplicate(folder / entry_name, canonical):
        return None  # listed once, through the canonical entry
    limit = max_cleartext_name_bytes(shortening_threshold)
    for alternative in _alternative_names(match.cleartext_name, stem[match.end :], limit):
        new_entry = names.encrypt_name(alternative, dir_id) + CIPHERTEXT_SUFFIX
        if len(new_entry) > shortening_threshold or os.path.lexists(folder / new_entry):
            continue
        if not taken(alternative):
            return alternative
    return None
