"""Turn engine and OS errors into a short title and a sentence a person can act on."""

from __future__ import annotations

import errno

from app.i18n import translate
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
        return translate("Errors", "Wrong password"), translate(
            "Errors", "The password is not correct. Check Caps Lock and try again."
        )
    if isinstance(exc, InvalidRecoveryKeyError):
        return translate("Errors", "Invalid recovery key"), (
            str(exc)
            or translate("Errors", "The recovery key is not valid. Check each word and try again.")
        )
    if isinstance(exc, FuseUnavailableError):
        return translate("Errors", "Cannot mount the vault"), translate(
            "Errors",
            "{problem}\n\nStrongroom needs FUSE to show an unlocked vault as a folder. "
            "On Debian or Ubuntu install it with: sudo apt install fuse3",
        ).format(problem=exc)
    if isinstance(exc, MountPointError):
        return translate("Errors", "Mount point unusable"), translate(
            "Errors",
            "{problem}\n\nChoose another mount point in the vault options, or empty the folder.",
        ).format(problem=exc)
    if isinstance(exc, UnmountBusyError):
        return translate("Errors", "Vault is in use"), str(exc)
    if isinstance(exc, VaultError):
        return exc.title, str(exc)
    if isinstance(exc, KeychainError):
        return translate("Errors", "Keychain"), str(exc)
    if isinstance(exc, PermissionError):
        return translate("Errors", "Permission denied"), f"{exc.strerror}: {exc.filename}"
    if isinstance(exc, FileNotFoundError):
        return translate("Errors", "Not found"), f"{exc.strerror}: {exc.filename}"
    if isinstance(exc, OSError):
        name = errno.errorcode.get(exc.errno or 0, "")
        where = f": {exc.filename}" if exc.filename else ""
        return translate(
            "Errors", "Input/output problem"
        ), f"{exc.strerror or exc}{where} {f'({name})' if name else ''}"
    return translate("Errors", "Unexpected problem"), f"{type(exc).__name__}: {exc}"
