"""Turn engine and OS errors into a short title and a sentence a person can act on."""

from __future__ import annotations

import errno

from app.i18n import translate
from app.keychain import KeychainError
from vaultengine.errors import (
    AuthenticationFailedError,
    BrokenDirectoryError,
    ConfigSignatureError,
    DamagedVaultFileError,
    FuseUnavailableError,
    HostileParametersError,
    InvalidRecoveryKeyError,
    MountError,
    MountPointError,
    NotAVaultError,
    UnmountBusyError,
    UnsupportedVaultError,
    VaultError,
    VaultFolderError,
    VaultFormatError,
    VaultLockedError,
    VaultStateError,
    WrongPasswordError,
)


def engine_title(exc: VaultError) -> str:
    """The title of an engine error in the user's language (the engine has no Qt, so its own
    `title` is English): the nearest class with a translated title."""
    titles = {
        NotAVaultError: translate("Errors", "Not a vault"),
        UnsupportedVaultError: translate("Errors", "Unsupported vault"),
        ConfigSignatureError: translate("Errors", "Vault configuration signature invalid"),
        HostileParametersError: translate("Errors", "Unsafe key-derivation parameters"),
        DamagedVaultFileError: translate("Errors", "Vault file damaged"),
        VaultFormatError: translate("Errors", "Not a usable vault"),
        VaultLockedError: translate("Errors", "Vault is locked"),
        VaultFolderError: translate("Errors", "Folder cannot hold a new vault"),
        VaultStateError: translate("Errors", "Not possible in this state"),
        MountError: translate("Errors", "Mount failed"),
        AuthenticationFailedError: translate("Errors", "Content failed authentication"),
        BrokenDirectoryError: translate("Errors", "Directory damaged"),
        VaultError: translate("Errors", "Vault error"),
    }
    for cls in type(exc).__mro__:
        if cls in titles:
            return titles[cls]
    return exc.title


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
        return engine_title(exc), str(exc)
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
