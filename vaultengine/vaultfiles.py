"""The vault's own files in its root folder (vault.cryptomator, the masterkey file, their `.bkup`
backups): read without following links, only when they are regular files, with a size cap, and
replaced atomically with the old version kept as `<name>.bkup`.

The vault folder is written by sync peers, so any of these names may be a planted symlink, FIFO,
socket or folder. Following a symlink would let a backup copy some file from outside the vault
into the synced folder; opening a FIFO without O_NONBLOCK would block the caller forever.
"""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

from vaultengine.atomic import atomic_write
from vaultengine.errors import (
    BrokenDirectoryError,
    DamagedVaultFileError,
    UnsupportedVaultError,
    VaultError,
)
from vaultengine.format.constants import (
    BACKUP_SUFFIX,
    DEFAULT_MASTERKEY_FILENAME,
    LEGACY_MAX_MASTERKEY_VERSION,
    MAX_VAULT_FILE_BYTES,
    VAULT_CONFIG_FILENAME,
)
from vaultengine.format.node_files import open_regular, read_at_most

log = logging.getLogger(__name__)


class NotARegularVaultFileError(DamagedVaultFileError):
    """A vault file is a symlink, FIFO, socket, device or folder: refused, nothing written."""

    title = "Vault file is not a regular file"


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(path: str | os.PathLike[str], mode: int) -> NotARegularVaultFileError:
    name = os.path.basename(os.fspath(path))
    return NotARegularVaultFileError(
        f"{name} in the vault folder is {_kind(mode)}, not a regular file: it may have been "
        "planted by someone who can write the vault folder. Nothing was read through it and "
        "nothing was changed. Look at it, remove it, and try again."
    )


def check_absent_or_regular(path: str | os.PathLike[str]) -> None:
    """For a name about to be (re)written: absent or a regular file, else refuse (no follow)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise _not_regular(path, mode)


def _open_regular(path: str | os.PathLike[str]) -> int:
    """A read descriptor on the regular file `path`; FileNotFoundError when it is absent."""
    # lstat first: sockets and devices are refused without being opened at all.
    check_absent_or_regular(path)
    try:
        # No follow, no blocking, the type checked on the descriptor: no race left.
        return open_regular(os.fspath(path), os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except BrokenDirectoryError:
        # Swapped for a symlink, FIFO or folder since the lstat: say what it is now.
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            mode = 0
        raise _not_regular(path, mode) from None


def read_regular_prefix(path: str | os.PathLike[str], size: int) -> bytes:
    """The first `size` bytes (fewer if shorter) of the regular file `path`.

    FileNotFoundError when absent; NotARegularVaultFileError for anything but a regular file.
    """
    fd = _open_regular(path)
    try:
        return read_at_most(fd, size)
    finally:
        os.close(fd)


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The whole regular file `path`, at most `limit` bytes, else DamagedVaultFileError.

    FileNotFoundError when absent; NotARegularVaultFileError for anything but a regular file.
    """
    data = read_regular_prefix(path, limit + 1)
    if len(data) > limit:
        name = os.path.basename(os.fspath(path))
        raise DamagedVaultFileError(f"{name} is too large to be a vault file.")
    return data


def read_vault_file(path: Path) -> bytes:
    """A vault file's bytes: no symlink followed, regular files only, MAX_VAULT_FILE_BYTES."""
    return read_regular_file(path, MAX_VAULT_FILE_BYTES)


def read_config_token(root: Path) -> str:
    """vault.cryptomator's JWT text, unverified; FileNotFoundError when it is absent."""
    try:
        return read_vault_file(root / VAULT_CONFIG_FILENAME).decode("ascii")
    except UnicodeDecodeError:
        raise DamagedVaultFileError(f"{VAULT_CONFIG_FILENAME} is not ASCII text.") from None


def refuse_legacy_vault(root: Path) -> None:
    """No vault.cryptomator and a masterkey of version <= 7: migration is Cryptomator's job."""
    try:
        doc: Any = json.loads(read_vault_file(root / DEFAULT_MASTERKEY_FILENAME))
        version = doc.get("version") if isinstance(doc, dict) else None
    except (OSError, ValueError, VaultError):
        return
    if type(version) is int and 0 < version < LEGACY_MAX_MASTERKEY_VERSION:
        raise UnsupportedVaultError(
            f"{root} is a legacy vault (masterkey version {version}, no "
            f"{VAULT_CONFIG_FILENAME}): open it once in Cryptomator to migrate it."
        )


def _backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def _current_for_backup(path: Path) -> bytes | None:
    """What to keep as `<name>.bkup`: None when absent or absurdly large (a regular file inside
    the vault, replaced without a backup). A symlink, FIFO or folder is refused: its backup
    would copy a file from outside the vault into the synced folder, or hang."""
    check_absent_or_regular(_backup_path(path))
    try:
        return read_vault_file(path)
    except FileNotFoundError:
        return None
    except NotARegularVaultFileError:
        raise
    except DamagedVaultFileError:
        log.warning("%s is too large to be a vault file; replacing it without a backup", path)
        return None


def replace_keeping_backups(writes: list[tuple[Path, bytes]]) -> None:
    """Keep each current file as `<name>.bkup`, then atomically replace it.

    Every file is read and every name checked before the first write, so a planted
    symlink, FIFO or folder refuses the whole operation with nothing written.
    """
    olds = [_current_for_backup(path) for path, _ in writes]
    for (path, data), old in zip(writes, olds, strict=True):
        if old is not None:
            atomic_write(_backup_path(path), old)
        atomic_write(path, data)
