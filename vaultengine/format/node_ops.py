"""Creating, removing and moving ciphertext nodes in the order cryptofs uses (spec §8, §9)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil

from vaultengine.format.constants import DIRID_FILE, NAME_FILE
from vaultengine.format.layout import CiphertextNode, NodeKind, VaultLayout
from vaultengine.format.listing import is_candidate_entry
from vaultengine.format.node_files import open_regular_below, remove_if_exists, write_file_atomic


def _write_name_file(node: CiphertextNode, folder: str | None = None) -> None:
    """name.c9s holds the full .c9r name; `folder` lets a move write it before renaming."""
    target = os.path.join(folder, NAME_FILE) if folder else node.name_file
    write_file_atomic(target, node.ciphertext_name.encode("ascii"))


def create_directory(layout: VaultLayout, node: CiphertextNode, dir_id: str) -> None:
    """Node folder, dir.c9r, content directory, dirid.c9r, then name.c9s; undone on failure."""
    content_dir = layout.checked_content_dir(dir_id)  # no planted d/XX symlink to create into
    os.mkdir(node.path)  # FileExistsError: never a fresh directory over an existing node
    try:
        write_file_atomic(node.dir_file, dir_id.encode("ascii"))
        os.makedirs(os.path.dirname(content_dir), exist_ok=True)
        os.mkdir(content_dir)
        backup = layout.content.encrypt_file(dir_id.encode("ascii"))
        # The ID backup is optional (spec §11.2): atomic, but not worth an fsync per mkdir.
        write_file_atomic(os.path.join(content_dir, DIRID_FILE), backup, durable=False)
        if node.is_long:
            _write_name_file(node)
    except BaseException:
        remove_if_exists(node.dir_file)
        shutil.rmtree(content_dir, ignore_errors=True)
        shutil.rmtree(node.path, ignore_errors=True)
        raise


def create_symlink(layout: VaultLayout, node: CiphertextNode, target: bytes) -> None:
    """Node folder, symlink.c9r (encrypted like content), then name.c9s."""
    os.mkdir(node.path)
    try:
        write_file_atomic(node.symlink_file, layout.content.encrypt_file(target))
        if node.is_long:
            _write_name_file(node)
    except BaseException:
        shutil.rmtree(node.path, ignore_errors=True)
        raise


def create_file(layout: VaultLayout, node: CiphertextNode) -> int:
    """Create the (empty) ciphertext file exclusively; returns an O_RDWR descriptor.

    Opened below the vault folder without following any component: a `d/XX` or `.c9s` folder
    planted as a symlink makes this EIO instead of a new file outside the vault."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL
    if not node.is_long:
        return open_regular_below(layout.vault_root, node.path, flags, 0o644)
    os.mkdir(node.path)
    try:
        _write_name_file(node)
        return open_regular_below(layout.vault_root, node.file_path, flags, 0o644)
    except BaseException:
        shutil.rmtree(node.path, ignore_errors=True)
        raise


def remove_leaf(node: CiphertextNode, kind: NodeKind) -> None:
    """Remove a file or symlink node (the content goes first, then the folder)."""
    if kind is NodeKind.FILE and not node.is_long:
        os.unlink(node.path)
        return
    os.unlink(node.file_path if kind is NodeKind.FILE else node.symlink_file)
    shutil.rmtree(node.path, ignore_errors=True)


def content_dir_is_empty(layout: VaultLayout, dir_id: str) -> bool:
    """True when no ciphertext node (decryptable or not) is left in the content directory."""
    try:
        with os.scandir(layout.content_dir(dir_id)) as scan:
            return not any(is_candidate_entry(entry.name) for entry in scan)
    except FileNotFoundError:
        return True


def remove_directory(layout: VaultLayout, node: CiphertextNode, dir_id: str) -> None:
    """rmdir: ENOTEMPTY, else the content directory (with dirid.c9r and junk), then the node."""
    if not content_dir_is_empty(layout, dir_id):
        raise OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY))
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(layout.content_dir(dir_id))
    os.unlink(node.dir_file)
    shutil.rmtree(node.path, ignore_errors=True)


def move(source: CiphertextNode, kind: NodeKind, target: CiphertextNode) -> None:
    """Move a node to a target name that does not exist, crossing the .c9r/.c9s line as needed.

    A directory keeps its dir.c9r (its ID), so nothing below it is rewritten.
    """
    if not source.is_long and not target.is_long:
        os.rename(source.path, target.path)
    elif kind is NodeKind.FILE:
        _move_file(source, target)
    else:
        if target.is_long:  # into the folder first: the folder arrives complete
            _write_name_file(target, source.path)
        os.rename(source.path, target.path)
        if not target.is_long:
            remove_if_exists(target.name_file)


def _move_file(source: CiphertextNode, target: CiphertextNode) -> None:
    if target.is_long:
        os.mkdir(target.path)
        try:
            _write_name_file(target)
            os.rename(source.file_path, target.file_path)
        except BaseException:
            shutil.rmtree(target.path, ignore_errors=True)
            raise
    else:
        os.rename(source.file_path, target.path)
    if source.is_long:
        shutil.rmtree(source.path, ignore_errors=True)


def replace_file(source: CiphertextNode, target: CiphertextNode) -> None:
    """File over file: one atomic os.replace of the content file into the target node."""
    os.replace(source.file_path, target.file_path)
    if source.is_long:
        shutil.rmtree(source.path, ignore_errors=True)
