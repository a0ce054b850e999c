"""The engine's exception tree: one root, a short title and an actionable message per branch.

Vault-level problems (unlock, config, masterkey, state, mount) derive from VaultError only.
Content and name problems met while serving a path are also OSErrors with errno EIO, so the
filesystem layer and the FUSE adapter can treat them like any other I/O error.
"""

from __future__ import annotations

import errno


class VaultError(Exception):
    """Root of every error the engine raises on purpose."""

    title = "Vault error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.title)
        self.message = message or self.title

    def __str__(self) -> str:
        return self.message


class VaultFormatError(VaultError):
    """Not a vault, an unsupported vault, or damaged vault files (masterkey, config)."""

    title = "Not a usable vault"


class NotAVaultError(VaultFormatError):
    title = "Not a vault"


class UnsupportedVaultError(VaultFormatError):
    """Format other than 8, unknown cipher combo, legacy (needs migration) or Hub vault."""

    title = "Unsupported vault"


class DamagedVaultFileError(VaultFormatError):
    """masterkey.cryptomator or vault.cryptomator cannot be parsed or fails its checks."""

    title = "Vault file damaged"


class ConfigSignatureError(DamagedVaultFileError):
    """vault.cryptomator's signature does not verify with the vault's keys."""

    title = "Vault configuration signature invalid"


class HostileParametersError(DamagedVaultFileError):
    """scrypt parameters outside the safe range: refused before any key derivation."""

    title = "Unsafe key-derivation parameters"


class WrongPasswordError(VaultError):
    title = "Wrong password"


class InvalidRecoveryKeyError(VaultError):
    title = "Invalid recovery key"


class VaultStateError(VaultError):
    """The operation does not fit the state of the vault or its folder; raised as a branch."""

    title = "Not possible in this state"


class VaultLockedError(VaultStateError):
    """The vault was locked: its filesystem and keys are gone."""

    title = "Vault is locked"


class VaultFolderError(VaultStateError):
    """A new vault's folder exists but is not a folder, or is not empty."""

    title = "Folder cannot hold a new vault"


class MountError(VaultError):
    title = "Mount failed"


class FuseUnavailableError(MountError):
    title = "FUSE is not available"


class MountPointError(MountError):
    """The mount point is not an empty folder, or is already a mount."""

    title = "Mount point unusable"


class UnmountBusyError(MountError):
    title = "Vault is in use"


class AuthenticationFailedError(VaultError, OSError):
    """Ciphertext (header, chunk, name, symlink target) failed authentication.

    Raised as an OSError with errno EIO so that readers get an I/O error, never garbage.
    The message names the ciphertext path, never cleartext content or key material.
    """

    title = "Content failed authentication"

    def __init__(self, message: str) -> None:
        OSError.__init__(self, errno.EIO, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BrokenDirectoryError(VaultError, OSError):
    """A directory node whose dir.c9r or content folder is missing or invalid (EIO)."""

    title = "Directory damaged"

    def __init__(self, message: str) -> None:
        OSError.__init__(self, errno.EIO, message)
        self.message = message

    def __str__(self) -> str:
        return self.message
