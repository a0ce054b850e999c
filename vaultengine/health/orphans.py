"""Orphan content folders: found after the walk from the root, reported at the top of each tree."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vaultengine.format.constants import DATA_DIR, DIR_FILE, DIRID_FILE, MAX_DIR_FILE_BYTES
from vaultengine.health import nodes
from vaultengine.health.report import Problem, ProblemKind
from vaultengine.health.tree import TreeWalker


@dataclass(frozen=True)
class Orphan:
    hash32: str
    dir_id: str | None  # learnt from its dirid.c9r (or the recovery folder's fixed ID)
    problem: Problem


def find_orphans(walker: TreeWalker) -> list[Orphan]:
    """Report and walk every content folder the walk from the root did not reach."""
    candidates = sorted(set(_all_content_dirs(walker.vault_root)) - set(walker.seen))
    if not candidates:
        return []
    referenced = _referenced_from(walker, candidates)
    # Unreferenced folders first; leftovers (only reachable through an orphan loop) last.
    ordered = [c for c in candidates if c not in referenced]
    ordered += [c for c in candidates if c in referenced]
    orphans = []
    for hash32 in ordered:
        if hash32 in walker.seen:
            continue  # reached through an earlier orphan
        walker.seen[hash32] = nodes.content_dir_rel(hash32)
        orphans.append(_add_orphan(walker, hash32))
    return orphans


def _add_orphan(walker: TreeWalker, hash32: str) -> Orphan:
    folder = walker.content_dir(hash32)
    dir_id = _orphan_dir_id(walker, hash32)
    count = sum(1 for n in _listdir(folder) if nodes.is_node_name(n))
    known = (
        "its dirid.c9r names its directory ID, so its names can be recovered"
        if dir_id is not None
        else "it has no usable dirid.c9r, so its names cannot be recovered"
    )
    problem = walker.add(
        ProblemKind.ORPHAN_CONTENT_DIR,
        folder,
        f"content folder that no directory points to ({count} "
        f"{'entry' if count == 1 else 'entries'}; {known})",
        fixable=True,
    )
    walker.walk_orphan(hash32, dir_id)
    return Orphan(hash32, dir_id, problem)


def _orphan_dir_id(walker: TreeWalker, hash32: str) -> str | None:
    if hash32 == walker.names.hash_dir_id(nodes.RECOVERY_DIR_ID):
        return nodes.RECOVERY_DIR_ID  # a LOST+FOUND folder that lost its dir.c9r
    found = walker.read_dirid(walker.content_dir(hash32) / DIRID_FILE)
    if found is not None and walker.names.hash_dir_id(found) == hash32:
        return found
    return None


def _all_content_dirs(vault_root: Path) -> list[str]:
    data = vault_root / DATA_DIR
    found: list[str] = []
    if not nodes.is_folder(data):
        return found  # a planted symlink as `d` is never walked into
    for prefix in _listdir(data):
        if len(prefix) != 2 or not nodes.is_folder(data / prefix):
            continue
        for rest in _listdir(data / prefix):
            hash32 = prefix + rest
            if nodes.is_content_dir_hash(hash32) and nodes.is_folder(data / prefix / rest):
                found.append(hash32)
    return found


def _referenced_from(walker: TreeWalker, hashes: list[str]) -> set[str]:
    """Content folders that a dir.c9r inside one of `hashes` points at."""
    referenced = set()
    for hash32 in hashes:
        folder = walker.content_dir(hash32)
        for name in _listdir(folder):
            dir_file = folder / name / DIR_FILE
            if not nodes.is_node_name(name) or not nodes.is_regular(dir_file):
                continue
            try:
                parsed = nodes.parse_dir_file(nodes.read_limited(dir_file, MAX_DIR_FILE_BYTES))
            except OSError:
                continue
            if parsed.dir_id is not None:
                referenced.add(walker.names.hash_dir_id(parsed.dir_id))
    return referenced


def _listdir(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []
