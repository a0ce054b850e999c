"""The vault's own files in its root folder (vault.cryptomator, the masterkey file, their `.bkup`
backups): read without following links, only when they are regular files, with a size cap.

The vault folder is written by sync peers, so any of these names may be a planted symlink, FIFO,
socket or folder. Following a symlink would let a backup copy some file from outside the vault
into the synced folder; opening a FIFO without O_NONBLOCK would block the caller forever.
"""

from __future__ import annotations

import os
import stat

from vaultengine.errors import BrokenDirectoryError, DamagedVaultFileError
from vaultengine.format.node_files import open_regular, read_at_most


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
