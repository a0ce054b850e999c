"""Turn engine and OS errors into a short title and a sentence a person can act on."""

from __future__ import annotations

import errno

from app.keychain import KeychainError
from vaultengine.errors import (
    FuseUnavailableError,
    InvalidRecoveryKeyError,
    MountPointError,
    UnmountBusyError,
    VaultError,
    WrongPasswordError,
)


def describe_error(exc: BaseException) -> tuple[str, str]:
    """(title, message) for a dialog; never a traceback."""
    if isinstance(exc, WrongPasswordError):
        return "Wrong password", "The password is not correct. Check Caps Lock and try again."
    if isinstance(exc, InvalidRecoveryKeyError):
        return "Invalid recovery key", (
            str(exc) or "The recovery key is not valid. Check each word and try again."
        )
    if isinstance(exc, FuseUnavailableError):
        return "Cannot mount the vault", (
            f"{exc}\n\nStrongroom needs FUSE to show an unlocked vault as a folder. "
            "On Debian or Ubuntu install it with: sudo apt install fuse3"
        )
    if isinstance(exc, MountPointError):
        return "Mount point unusable", (
            f"{exc}\n\nChoose another mount point in the vault options, or empty the folder."
        )
    if isinstance(exc, UnmountBusyError):
        return "Vault is in use", str(exc)
    if isinstance(exc, VaultError):
        return exc.title, str(exc)
    if isinstance(exc, KeychainError):
        return "Keychain", str(exc)
    if isinstance(exc, PermissionError):
        return "Permission denied", f"{exc.strerror}: {exc.filename}"
    if isinstance(exc, FileNotFoundError):
        return "Not found", f"{exc.strerror}: {exc.filename}"
    if isinstance(exc, OSError):
        name = errno.errorcode.get(exc.errno or 0, "")
        where = f": {exc.filename}" if exc.filename else ""
        return "Input/output problem", f"{exc.strerror or exc}{where} {f'({name})' if name else ''}"
    return "Unexpected problem", f"{type(exc).__name__}: {exc}"
