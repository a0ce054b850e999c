"""The vault's own files in its root folder (vault.cryptomator, the masterkey file, their `.bkup`
backups): read without following links, only when they are regular files, with a size cap.

The vault folder is written by sync peers, so any of these names may be a planted symlink, FIFO,
socket or folder. Following a symlink would let a backup copy some file from outside the vault
into the synced folder; opening a FIFO without O_NONBLOCK would block the caller forever.
"""

from __future__ import annotations

import errno
import os
import stat

from vaultengine.errors import DamagedVaultFileError

# O_NONBLOCK: a FIFO opens at once (and is then refused by type) instead of waiting for a writer.
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


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
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise
        # Swapped for a symlink (ELOOP, EMLINK on BSD) or a socket (ENXIO) since the lstat.
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            raise exc from None
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode) from None
        raise
    try:
        mode = os.fstat(fd).st_mode  # the type of what was really opened: no race left
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_at_most(fd: int, size: int) -> bytes:
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        part = os.read(fd, remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def read_regular_prefix(path: str | os.PathLike[str], size: int) -> bytes:
    """The first `size` bytes (fewer if shorter) of the regular file `path`.

    FileNotFoundError when absent; NotARegularVaultFileError for anything but a regular file.
    """
    fd = _open_regular(path)
    try:
        return _read_at_most(fd, size)
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
