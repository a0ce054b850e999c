"""Cleartext names -> ciphertext nodes: the only place that knows d/XX/YYY and .c9r/.c9s."""

from __future__ import annotations

import base64
import enum
import errno
import hashlib
import logging
import os
import stat
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from vaultengine.crypto.content import ContentCryptor, content_cryptor
from vaultengine.crypto.keys import MasterKeys
from vaultengine.crypto.names import NameCryptor
from vaultengine.errors import BrokenDirectoryError
from vaultengine.format.bounded_cache import BoundedCache
from vaultengine.format.config import VaultConfig
from vaultengine.format.conflict_views import ConflictViews
from vaultengine.format.constants import (
    CIPHERTEXT_SUFFIX,
    CONTENTS_FILE,
    DATA_DIR,
    DIR_FILE,
    DIRID_FILE,
    LONG_NAME_SUFFIX,
    MAX_DIR_FILE_BYTES,
    NAME_FILE,
    ROOT_DIR_ID,
    SYMLINK_FILE,
)
from vaultengine.format.dirid_cache import DirIdCache
from vaultengine.format.name_cache import NameCache
from vaultengine.format.node_files import (
    lstat_folder,
    lstat_regular,
    parse_dir_id,
    read_small_file_in,
    write_file_atomic,
)

log = logging.getLogger(__name__)

# Names held by the name cache, each direction counted: a listed name takes two. 262,144 keeps
# every name of a 131,072-entry folder, at about 280 bytes per listed name (37 MB when full).
NAME_CACHE_CAPACITY = 262_144
CONTENT_DIR_CACHE_CAPACITY = 16384


class NodeKind(enum.Enum):
    FILE = "file"
    DIRECTORY = "directory"
    SYMLINK = "symlink"


@dataclass(frozen=True, slots=True)
class CiphertextNode:
    """Where one cleartext name lives: `X.c9r` (file or folder) or the folder `S.c9s`."""

    path: str  # node path inside the parent's content directory
    ciphertext_name: str  # the full name, ending in .c9r (what name.c9s holds for long names)
    is_long: bool

    @property
    def file_path(self) -> str:
        """The ciphertext file of a regular-file node."""
        return os.path.join(self.path, CONTENTS_FILE) if self.is_long else self.path

    @property
    def dir_file(self) -> str:
        return os.path.join(self.path, DIR_FILE)

    @property
    def symlink_file(self) -> str:
        return os.path.join(self.path, SYMLINK_FILE)

    @property
    def name_file(self) -> str:
        return os.path.join(self.path, NAME_FILE)


class NodeInfo(NamedTuple):
    """A probed node. `stat` is of the ciphertext file (files), the content directory
    (directories: its times change when children change) or symlink.c9r (symlinks).
    A NamedTuple: a listing builds one per entry, and it is cheaper to make than a dataclass."""

    kind: NodeKind
    stat: os.stat_result
    dir_id: str | None = None  # directories only


def long_name_for(ciphertext_name: str) -> str:
    """`base64url(SHA1(full name)) + .c9s` (spec §8.1)."""
    digest = hashlib.sha1(ciphertext_name.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii") + LONG_NAME_SUFFIX


def broken(message: str, ciphertext_path: str) -> BrokenDirectoryError:
    return BrokenDirectoryError(f"{message}: {ciphertext_path}")


class VaultLayout:
    """Maps names and directory IDs to ciphertext paths, with bounded caches.

    The name caches need no invalidation: AES-SIV is deterministic, so (dir ID, name) always
    maps to the same ciphertext. Only the cleartext-path -> dir-ID cache can go stale; the
    filesystem invalidates it where it renames or removes directories.
    """

    def __init__(
        self,
        vault_root: str | os.PathLike[str],
        keys: MasterKeys,
        config: VaultConfig,
        *,
        names: NameCryptor | None = None,
        content: ContentCryptor | None = None,
    ) -> None:
        self.vault_root = os.fspath(vault_root)
        self.names = names or NameCryptor(keys)
        self.content = content or content_cryptor(config.cipher_combo, keys)
        self.shortening_threshold = config.shortening_threshold
        self.dir_ids = DirIdCache()
        self._content_dirs: BoundedCache[str, str] = BoundedCache(CONTENT_DIR_CACHE_CAPACITY)
        self.name_cache = NameCache(NAME_CACHE_CAPACITY)
        # Read-only sessions: conflicting copies listed without being renamed (conflicts.py).
        self.conflict_views = ConflictViews()

    # -- directory IDs and content directories -------------------------------------------
    def content_dir(self, dir_id: str) -> str:
        path = self._content_dirs.get(dir_id)
        if path is None:
            digest = self.names.hash_dir_id(dir_id)
            path = os.path.join(self.vault_root, DATA_DIR, digest[:2], digest[2:])
            self._content_dirs.put(dir_id, path)
        return path

    def checked_content_dir(self, dir_id: str) -> str:
        """The content directory's path after checking that none of `d`, `d/XX`, `d/XX/YYY`
        that exists is a symlink or a non-folder (EIO): paths below it are then not sent
        outside the vault by a planted `d/XX` symlink. A missing component is fine here
        (creating or probing below it fails with ENOENT on its own)."""
        path = self.content_dir(dir_id)
        _check_folders(path)
        return path

    def check_parents(self, node: CiphertextNode) -> None:
        """Before a change by path (mkdir, rename, unlink...) below a node's content directory:
        EIO when a folder on the way is a planted symlink or no folder. Opens of ciphertext
        files need not call this: they walk the path with O_NOFOLLOW anyway."""
        _check_folders(os.path.dirname(node.path))

    def content_dir_stat(self, dir_id: str) -> os.stat_result:
        """lstat of a content directory whose every component below the vault root is a real
        folder: FileNotFoundError when one is missing, BrokenDirectoryError (EIO) otherwise."""
        path = self.content_dir(dir_id)
        lstat_folder(os.path.dirname(os.path.dirname(path)))
        lstat_folder(os.path.dirname(path))
        return lstat_folder(path)

    def resolve_dir_id(self, components: tuple[str, ...]) -> str:
        """The directory ID of a cleartext directory path (normalised components).

        FileNotFoundError / NotADirectoryError as POSIX; BrokenDirectoryError (EIO) for a
        damaged dir.c9r or a missing content directory.
        """
        depth = len(components)
        dir_id: str | None = None
        while depth > 0:
            dir_id = self.dir_ids.get(join_path(components[:depth]))
            if dir_id is not None:
                break
            depth -= 1
        if dir_id is None:
            dir_id = ROOT_DIR_ID
        for index in range(depth, len(components)):
            node = self.node(dir_id, components[index])
            dir_id = self.read_dir_id(node, join_path(components[: index + 1]))
            self.dir_ids.put(join_path(components[: index + 1]), dir_id)
        return dir_id

    def read_dir_id(self, node: CiphertextNode, cleartext_path: str) -> str:
        """The ID in a directory node's dir.c9r, checked to point at a content directory."""
        dir_id = self._read_dir_file(node)
        if dir_id is None:
            info = self.probe(node)  # FileNotFoundError or BrokenDirectoryError
            if info.dir_id is not None:  # raced with a concurrent mkdir
                return info.dir_id
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), cleartext_path)
        try:
            self.content_dir_stat(dir_id)
        except (FileNotFoundError, NotADirectoryError):
            raise broken("content directory missing for", node.dir_file) from None
        return dir_id

    def _read_dir_file(self, node: CiphertextNode) -> str | None:
        """dir.c9r's ID; None if the node has no dir.c9r; BrokenDirectoryError if invalid."""
        try:
            raw = read_small_file_in(node.path, DIR_FILE, MAX_DIR_FILE_BYTES)
        except (FileNotFoundError, NotADirectoryError):
            return None  # a file node, or a node that is no real folder: probe() tells which
        # A symlink, FIFO, socket or folder as dir.c9r is BrokenDirectoryError (EIO) from
        # read_small_file_in: never followed, never waited on.
        dir_id = parse_dir_id(raw, MAX_DIR_FILE_BYTES)
        if dir_id is None:
            raise broken("invalid dir.c9r", node.dir_file)
        return dir_id

    # -- names -----------------------------------------------------------------------------
    def ciphertext_name(self, cleartext_name: str, parent_dir_id: str) -> str:
        """The full `.c9r` name of a (NFC) cleartext name."""
        cache = self.name_cache
        full = cache.encrypted(parent_dir_id, cleartext_name)
        if full is None:
            full = self.names.encrypt_name(cleartext_name, parent_dir_id) + CIPHERTEXT_SUFFIX
            if unicodedata.is_normalized("NFC", cleartext_name):
                # Both ways: the next listing of the folder finds the name without decrypting
                # it (a folder filled through the mount is, as a rule, listed next).
                entry = long_name_for(full) if len(full) > self.shortening_threshold else full
                cache.remember_both_ways(
                    parent_dir_id, entry, (cleartext_name, full), normalised=True
                )
            else:  # encrypted as its NFC form: it would not list under this spelling
                cache.remember_encrypted(parent_dir_id, cleartext_name, full)
        return full

    def node(
        self, parent_dir_id: str, cleartext_name: str, *, normalised: bool = True
    ) -> CiphertextNode:
        """`normalised=False` looks up a name exactly as spelled (a non-NFC name that another
        tool stored); only names seen in a listing can be found that way."""
        if normalised:
            full = self.ciphertext_name(cleartext_name, parent_dir_id)
        else:
            found = self.name_cache.spelled(parent_dir_id, cleartext_name)
            if found is None:
                copy = self.conflict_views.entry(parent_dir_id, cleartext_name)
                if copy is not None:  # a non-NFC name shown for a conflicting copy
                    return CiphertextNode(
                        os.path.join(self.content_dir(parent_dir_id), copy), copy, False
                    )
                raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), cleartext_name)
            full = found
        folder = self.content_dir(parent_dir_id)
        if len(full) > self.shortening_threshold:  # strictly greater (spec §8.1)
            return CiphertextNode(os.path.join(folder, long_name_for(full)), full, True)
        node = CiphertextNode(os.path.join(folder, full), full, False)
        if len(self.conflict_views):  # only read-only sessions that listed a conflicting copy
            return self._conflict_copy_or(node, parent_dir_id, cleartext_name)
        return node

    def _conflict_copy_or(
        self, node: CiphertextNode, parent_dir_id: str, cleartext_name: str
    ) -> CiphertextNode:
        """The conflicting copy listed under `cleartext_name`, unless the name's own node exists
        (a sync client brought it back) or the copy is gone."""
        entry = self.conflict_views.entry(parent_dir_id, cleartext_name)
        if entry is None or entry == node.ciphertext_name or os.path.lexists(node.path):
            return node
        copy = os.path.join(self.content_dir(parent_dir_id), entry)
        return CiphertextNode(copy, entry, False) if os.path.lexists(copy) else node

    def remember_name(self, parent_dir_id: str, entry_name: str, names: tuple[str, str]) -> None:
        """Cache a listed entry both ways (a lookup usually follows a listing)."""
        self.name_cache.remember_both_ways(
            parent_dir_id, entry_name, names, normalised=unicodedata.is_normalized("NFC", names[0])
        )

    def known_entry(self, parent_dir_id: str, entry_name: str) -> tuple[str, str] | None:
        return self.name_cache.decrypted(parent_dir_id, entry_name)

    # -- node types ---------------------------------------------------------------------------
    def probe(self, node: CiphertextNode, known_dir_id: str | None = None) -> NodeInfo:
        """Type and attributes of a node (cryptofs order: dir.c9r, symlink.c9r, contents.c9r).

        FileNotFoundError when the node does not exist; BrokenDirectoryError (EIO) for a node
        that is none of the three, or a directory whose content directory is missing.
        """
        st = os.lstat(node.path)
        if stat.S_ISREG(st.st_mode) and not node.is_long:
            return NodeInfo(NodeKind.FILE, st)
        if not stat.S_ISDIR(st.st_mode):
            raise broken("unexpected node type", node.path)
        return self.probe_folder(node, known_dir_id)

    def probe_folder(self, node: CiphertextNode, known_dir_id: str | None = None) -> NodeInfo:
        """Nothing here follows a symlink: node files are lstat'ed or opened with O_NOFOLLOW
        and must be regular files, content directories real folders (else EIO)."""
        if known_dir_id is not None:
            try:
                return NodeInfo(
                    NodeKind.DIRECTORY, self.content_dir_stat(known_dir_id), known_dir_id
                )
            except (FileNotFoundError, NotADirectoryError):
                pass  # stale cache: look at dir.c9r again
        dir_id = self._read_dir_file(node)
        if dir_id is not None:
            try:
                return NodeInfo(NodeKind.DIRECTORY, self.content_dir_stat(dir_id), dir_id)
            except (FileNotFoundError, NotADirectoryError):
                raise broken("content directory missing for", node.dir_file) from None
        try:
            return NodeInfo(NodeKind.SYMLINK, lstat_regular(node.symlink_file))
        except FileNotFoundError:
            pass
        if node.is_long:
            try:
                return NodeInfo(NodeKind.FILE, lstat_regular(node.file_path))
            except FileNotFoundError:
                pass
        try:
            lstat_folder(node.path)
        except (FileNotFoundError, NotADirectoryError):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), node.path) from None
        raise broken("node without dir.c9r, symlink.c9r or contents.c9r", node.path)


def _check_folders(content_dir: str) -> None:
    """lstat `d`, `d/XX` and `d/XX/YYY` up to the first missing one: each must be a real
    folder (EIO otherwise); a missing one ends the check (nothing below it to follow)."""
    prefix_dir = os.path.dirname(content_dir)
    for folder in (os.path.dirname(prefix_dir), prefix_dir, content_dir):
        try:
            lstat_folder(folder)
        except FileNotFoundError:
            return


def join_path(components: tuple[str, ...]) -> str:
    return "/" + "/".join(components)


def create_root_directory(
    vault_root: str | os.PathLike[str], keys: MasterKeys, config: VaultConfig
) -> None:
    """mkdir -p the root's content directory and write its dirid.c9r (the empty ID)."""
    layout = VaultLayout(vault_root, keys, config)
    folder = layout.content_dir(ROOT_DIR_ID)
    os.makedirs(folder, exist_ok=True)
    write_file_atomic(os.path.join(folder, DIRID_FILE), layout.content.encrypt_file(b""))
