"""Orphan recovery: link orphan content folders into /LOST+FOUND the way Cryptomator does.

Layout (cryptofs `OrphanContentDir`): a root directory `LOST+FOUND` with the fixed directory ID
`recovery`, holding one step-parent directory per orphan, named after the orphan's 32-character
folder hash. When the orphan's dirid.c9r gives its real ID, the step-parent simply points at the
orphan (nothing moves, original names stay readable). Otherwise the step-parent gets a new ID and
the orphan's nodes move into it under new names (`file1_<run>`, `directory1_<run>`, …), because
without the old ID their names cannot be decrypted. Content never changes; names.c9s files of
moved long-name nodes are rewritten; every file write is atomic.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from vaultengine.atomic import atomic_write, fsync_folder
from vaultengine.errors import BrokenDirectoryError
from vaultengine.format.constants import (
    CONTENTS_FILE,
    DIR_FILE,
    DIRID_FILE,
    LONG_NAME_SUFFIX,
    MAX_DIR_FILE_BYTES,
    NAME_FILE,
    SYMLINK_FILE,
)
from vaultengine.format.layout import CiphertextNode, VaultLayout
from vaultengine.health import nodes

_LONG_SUFFIX = "_withVeryLongName"


@dataclass
class OrphanRecovery:
    layout: VaultLayout

    def __post_init__(self) -> None:
        self.vault_root = Path(self.layout.vault_root)
        self.names = self.layout.names
        self.content = self.layout.content
        self._run_id = secrets.token_hex(2)
        self._counters = {"file": 0, "directory": 0, "symlink": 0}
        self._recovery_folder: Path | None = None

    # -- public -------------------------------------------------------------------------
    def adopt(self, hash32: str, dir_id: str | None) -> None:
        """Make the orphan content folder `hash32` reachable below /LOST+FOUND."""
        self._prepare_recovery_dir()
        if dir_id == nodes.RECOVERY_DIR_ID:
            return  # the LOST+FOUND folder itself: its dir.c9r is now back
        if dir_id is not None:
            self._link_step_parent(hash32, dir_id)
            return
        step_parent_id = str(uuid.uuid4())
        self._ensure_content_dir(step_parent_id)
        self._link_step_parent(hash32, step_parent_id)
        self._move_nodes(self._content_dir(hash32), step_parent_id)

    # -- directories ----------------------------------------------------------------------
    def _content_dir(self, hash32: str) -> Path:
        return self.vault_root / nodes.content_dir_rel(hash32)

    def _ensure_content_dir(self, dir_id: str) -> Path:
        hash32 = self.names.hash_dir_id(dir_id)
        folder = self._content_dir(hash32)
        if not nodes.is_content_folder(self.vault_root, hash32):
            for part in (folder.parent.parent, folder.parent, folder):
                if nodes.lstat_or_none(part) is not None and not nodes.is_folder(part):
                    raise BrokenDirectoryError(f"not a real folder: {part}")
            folder.mkdir(parents=True)
            fsync_folder(folder.parent)
        backup = folder / DIRID_FILE
        if nodes.lstat_or_none(backup) is None:
            atomic_write(backup, self.content.encrypt_file(dir_id.encode("ascii")))
        return folder

    def _prepare_recovery_dir(self) -> Path:
        if self._recovery_folder is not None:
            return self._recovery_folder
        existing = self._dir_node_target("", nodes.RECOVERY_DIR_NAME)
        if existing not in (None, nodes.RECOVERY_DIR_ID):  # refuse before writing anything
            raise BrokenDirectoryError(
                f"/{nodes.RECOVERY_DIR_NAME} exists but is not Cryptomator's recovery folder;"
                " rename it and run the repair again"
            )
        # Content folder first, then the link: a crash in between leaves an orphan, never a
        # directory node that points at nothing.
        folder = self._ensure_content_dir(nodes.RECOVERY_DIR_ID)
        if existing is None:
            self._create_dir_node("", nodes.RECOVERY_DIR_NAME, nodes.RECOVERY_DIR_ID)
        self._recovery_folder = folder
        return folder

    def _link_step_parent(self, hash32: str, dir_id: str) -> None:
        for n in range(1, 1000):
            name = hash32 if n == 1 else f"{hash32} ({n})"
            existing = self._dir_node_target(nodes.RECOVERY_DIR_ID, name)
            if existing == dir_id:
                return
            if existing is None:
                self._create_dir_node(nodes.RECOVERY_DIR_ID, name, dir_id)
                return
        raise BrokenDirectoryError(f"no free name for the recovered folder {hash32}")

    # -- nodes --------------------------------------------------------------------------
    def _node(self, parent_id: str, cleartext_name: str) -> CiphertextNode:
        """Where the layout puts this name (.c9r or .c9s by the shortening rule)."""
        return self.layout.node(parent_id, cleartext_name)

    def _dir_node_target(self, parent_id: str, name: str) -> str | None:
        """The ID a directory node points at; None if no node of that name exists."""
        node = Path(self._node(parent_id, name).path)
        if nodes.lstat_or_none(node) is None:
            return None
        try:
            return nodes.read_limited(node / DIR_FILE, MAX_DIR_FILE_BYTES).decode("ascii")
        except (OSError, UnicodeDecodeError):
            return "\0"  # taken by something that is not a usable directory node

    def _create_dir_node(self, parent_id: str, name: str, dir_id: str) -> None:
        ciphertext = self._node(parent_id, name)
        node = Path(ciphertext.path)
        node.mkdir()
        atomic_write(node / DIR_FILE, dir_id.encode("ascii"))
        if ciphertext.is_long:
            atomic_write(node / NAME_FILE, ciphertext.ciphertext_name.encode("ascii"))
        fsync_folder(node.parent)

    def _move_nodes(self, orphan_folder: Path, step_parent_id: str) -> None:
        target_folder = self._content_dir(self.names.hash_dir_id(step_parent_id))
        for name in sorted(os.listdir(orphan_folder)):
            if nodes.is_node_name(name):
                self._move_node(orphan_folder / name, step_parent_id)
        fsync_folder(target_folder)
        fsync_folder(orphan_folder)
        # Its dirid.c9r is missing or wrong (that is why the ID is unknown): nothing to keep.
        with contextlib.suppress(FileNotFoundError):
            (orphan_folder / DIRID_FILE).unlink()
        with contextlib.suppress(OSError):  # stray non-vault files keep the folder in place
            orphan_folder.rmdir()
            fsync_folder(orphan_folder.parent)

    def _move_node(self, source: Path, parent_id: str) -> None:
        is_long = source.name.endswith(LONG_NAME_SUFFIX)
        is_file = not nodes.is_folder(source)
        kind = "file"
        if nodes.lstat_or_none(source / DIR_FILE) is not None:
            kind = "directory"
        elif nodes.lstat_or_none(source / SYMLINK_FILE) is not None:
            kind = "symlink"
        self._counters[kind] += 1
        cleartext = f"{kind}{self._counters[kind]}_{self._run_id}"
        ciphertext = self._node(parent_id, cleartext)
        # A .c9s folder stays a .c9s folder: lengthen the name until it needs shortening.
        while is_long and not ciphertext.is_long:
            cleartext += _LONG_SUFFIX
            ciphertext = self._node(parent_id, cleartext)
        target = Path(ciphertext.path)
        if nodes.lstat_or_none(target) is not None:
            raise FileExistsError(f"recovery target exists: {target}")
        if ciphertext.is_long:
            if is_file:  # a short-name file becomes <hash>.c9s/contents.c9r
                target.mkdir()
                os.rename(source, target / CONTENTS_FILE)
            else:
                os.rename(source, target)
            atomic_write(target / NAME_FILE, ciphertext.ciphertext_name.encode("ascii"))
        else:
            os.rename(source, target)
