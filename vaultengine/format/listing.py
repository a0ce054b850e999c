"""Listing a content directory: entry filters, name decryption, conflicts, broken-node skipping."""

from __future__ import annotations

import logging
import os

from vaultengine.errors import AuthenticationFailedError, BrokenDirectoryError
from vaultengine.format import conflicts
from vaultengine.format.bounded_cache import BoundedCache
from vaultengine.format.constants import (
    CIPHERTEXT_SUFFIX,
    DIRID_FILE,
    LONG_NAME_SUFFIX,
    MAX_NAME_FILE_BYTES,
    MIN_ENTRY_NAME_LENGTH,
    NAME_FILE,
)
from vaultengine.format.layout import (
    CiphertextNode,
    NodeInfo,
    NodeKind,
    VaultLayout,
    broken,
    long_name_for,
)
from vaultengine.format.node_files import open_folder_below, read_small_file_in

log = logging.getLogger(__name__)

ListedInfos = list[tuple[str, NodeInfo]]

# Ciphertext paths already reported as undecryptable: each is logged once, not per listing.
_reported: BoundedCache[str, bool] = BoundedCache(4096)


def report_once(message: str, ciphertext_path: str) -> None:
    if _reported.get(ciphertext_path) is None:
        _reported.put(ciphertext_path, True)
        log.warning("%s: %s", message, ciphertext_path)


def is_usable_name(name: str) -> bool:
    """Decrypted names that could escape or confuse a path are never listed (bad input #15)."""
    return name not in ("", ".", "..") and "/" not in name and "\0" not in name


def is_candidate_entry(entry_name: str) -> bool:
    """Only .c9r/.c9s entries of plausible length count; dirid.c9r and hidden files never do."""
    return (
        len(entry_name) >= MIN_ENTRY_NAME_LENGTH
        and entry_name.endswith((CIPHERTEXT_SUFFIX, LONG_NAME_SUFFIX))
        and entry_name != DIRID_FILE
        and not entry_name.startswith(".")
    )


class ContentDirLister:
    """Turns a content directory into (cleartext name, info) pairs in one scandir pass.

    A repeated listing (`ls -l`, a file watcher) finds short file entries in the layout's name
    cache and costs one lookup and one lstat per file. No invalidation is needed: AES-SIV makes
    (directory ID, entry name) -> cleartext name deterministic.
    """

    def __init__(self, layout: VaultLayout, *, read_only: bool = False) -> None:
        self._layout = layout
        self._read_only = read_only  # conflicting copies are then shown, never renamed

    def list_infos(self, cleartext_dir_path: str, dir_id: str) -> ListedInfos:
        """(cleartext name, info) of every usable entry; broken nodes are skipped and logged."""
        folder = self._layout.content_dir(dir_id)
        try:
            # d, d/XX and d/XX/YYY opened one by one with O_NOFOLLOW: a planted symlink on the
            # way is EIO, and the listing cannot be swapped to another folder once it started.
            folder_fd = open_folder_below(self._layout.vault_root, folder)
        except (FileNotFoundError, NotADirectoryError):
            raise broken("content directory missing", folder) from None
        try:  # DirEntry.stat uses folder_fd itself: keep it open while scanning
            return self._scan(folder_fd, folder, cleartext_dir_path, dir_id)
        finally:
            os.close(folder_fd)

    def _scan(
        self, folder_fd: int, folder: str, cleartext_dir_path: str, dir_id: str
    ) -> ListedInfos:
        known_entry = self._layout.known_entry
        listed: ListedInfos = []
        seen: set[str] = set()
        prefix = cleartext_dir_path.rstrip("/") + "/"
        file_kind = NodeKind.FILE
        with os.scandir(folder_fd) as scan:
            for entry in scan:
                entry_name = entry.name
                known = known_entry(dir_id, entry_name)
                # Fast path: a short file entry named before (its full name is the entry name).
                if (
                    known is not None
                    and known[1] == entry_name
                    and entry.is_file(follow_symlinks=False)
                ):
                    cleartext = known[0]
                    try:
                        info = NodeInfo(file_kind, entry.stat(follow_symlinks=False))
                    except FileNotFoundError:
                        continue  # removed while we listed
                elif is_candidate_entry(entry_name):
                    item = self._list_entry(folder, entry, dir_id, prefix)
                    if item is None:
                        continue
                    cleartext, info = item
                else:
                    continue
                if cleartext not in seen:
                    seen.add(cleartext)
                    listed.append((cleartext, info))
        return listed

    def _list_entry(
        self, folder: str, entry: os.DirEntry[str], dir_id: str, prefix: str
    ) -> tuple[str, NodeInfo] | None:
        names = self._entry_names(folder, entry.name, dir_id)
        if names is None:
            return None
        cleartext_name, full_name, entry_name = names
        is_long = entry_name.endswith(LONG_NAME_SUFFIX)
        node = CiphertextNode(os.path.join(folder, entry_name), full_name, is_long)
        child_path = prefix + cleartext_name
        try:
            info = self._probe_entry(entry, node, entry_name, child_path)
        except BrokenDirectoryError as exc:
            report_once("Skipping broken node", exc.message)
            return None
        except FileNotFoundError:
            return None  # removed while we listed
        if info.dir_id is not None:
            self._layout.dir_ids.put(child_path, info.dir_id)
        return cleartext_name, info

    def _probe_entry(
        self, entry: os.DirEntry[str], node: CiphertextNode, entry_name: str, child_path: str
    ) -> NodeInfo:
        if entry_name != entry.name:  # renamed by conflict resolution: the DirEntry is stale
            return self._layout.probe(node)
        if not node.is_long and entry.is_file(follow_symlinks=False):
            return NodeInfo(NodeKind.FILE, entry.stat(follow_symlinks=False))
        if entry.is_dir(follow_symlinks=False):
            return self._layout.probe_folder(node, self._layout.dir_ids.get(child_path))
        raise broken("unexpected node type", node.path)

    def _entry_names(
        self, folder: str, entry_name: str, dir_id: str
    ) -> tuple[str, str, str] | None:
        """(cleartext name, full .c9r name, entry name) or None to skip the entry."""
        known = self._layout.known_entry(dir_id, entry_name)
        if known is not None:
            return known[0], known[1], entry_name
        if entry_name.endswith(LONG_NAME_SUFFIX):
            full_name = self._read_long_name(folder, entry_name)
            if full_name is None:
                return None
        else:
            full_name = entry_name
        try:
            cleartext = self._layout.names.decrypt_name(full_name[:-4], dir_id)
        except (AuthenticationFailedError, ValueError):
            if entry_name.endswith(LONG_NAME_SUFFIX):
                report_once(
                    "Skipping name that fails authentication", os.path.join(folder, entry_name)
                )
                return None
            return self._resolve_conflict(folder, entry_name, dir_id)
        if not is_usable_name(cleartext):
            report_once("Skipping entry with an unusable name", os.path.join(folder, entry_name))
            return None
        self._layout.remember_name(dir_id, entry_name, (cleartext, full_name))
        return cleartext, full_name, entry_name

    def _read_long_name(self, folder: str, entry_name: str) -> str | None:
        path = os.path.join(folder, entry_name, NAME_FILE)
        try:
            raw = read_small_file_in(
                os.path.join(folder, entry_name), NAME_FILE, MAX_NAME_FILE_BYTES
            )
        except OSError:
            report_once("Skipping long-name node without a readable name.c9s", path)
            return None
        try:
            full_name = raw.decode("ascii")
        except UnicodeDecodeError:
            full_name = ""
        if (
            len(raw) > MAX_NAME_FILE_BYTES
            or not full_name.endswith(CIPHERTEXT_SUFFIX)
            or long_name_for(full_name) != entry_name
        ):
            report_once("Skipping long-name node whose name.c9s does not match", path)
            return None
        return full_name

    def _resolve_conflict(
        self, folder: str, entry_name: str, dir_id: str
    ) -> tuple[str, str, str] | None:
        """The single call site of sync-conflict resolution (spec §13) for non-canonical names."""
        layout = self._layout
        if self._read_only:
            return self._view_conflict(folder, entry_name, dir_id)
        resolved = conflicts.resolve_entry(
            folder, entry_name, dir_id, layout.names, layout.shortening_threshold
        )
        if resolved is None:
            report_once("Skipping name that fails authentication", os.path.join(folder, entry_name))
            return None
        try:
            cleartext = layout.names.decrypt_name(resolved[:-4], dir_id)
        except (AuthenticationFailedError, ValueError):
            return None
        if not is_usable_name(cleartext):
            return None
        layout.remember_name(dir_id, resolved, (cleartext, resolved))
        return cleartext, resolved, resolved

    def _view_conflict(
        self, folder: str, entry_name: str, dir_id: str
    ) -> tuple[str, str, str] | None:
        """Read-only: list a conflicting copy under the name resolution would give it, and
        rename nothing (conflicts.view_entry); lookups find it through layout.conflict_views."""
        layout, views = self._layout, self._layout.conflict_views
        cleartext = conflicts.view_entry(
            folder,
            entry_name,
            dir_id,
            layout.names,
            layout.shortening_threshold,
            lambda name: views.taken_by_other(dir_id, name, entry_name, folder),
        )
        if cleartext is None:
            report_once("Skipping name that fails authentication", os.path.join(folder, entry_name))
            return None
        views.show(dir_id, cleartext, entry_name)
        return cleartext, entry_name, entry_name
