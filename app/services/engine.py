"""The app's only door to the engine: create, unlock+mount, lock, passwords, health.

Everything here blocks (scrypt, FUSE); call it through app.services.tasks, never on the GUI thread.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultengine.errors import (
    AuthenticationFailedError,
    DamagedVaultFileError,
    FuseUnavailableError,
    InvalidRecoveryKeyError,
    MountError,
    MountPointError,
    NotAVaultError,
    UnmountBusyError,
    UnsupportedVaultError,
    VaultError,
    VaultFormatError,
    VaultStateError,
    WrongPasswordError,
)
from vaultengine.format.constants import (
    DEFAULT_MASTERKEY_FILENAME,
    DEFAULT_SHORTENING_THRESHOLD,
    MAX_VAULT_FILE_BYTES,
    VAULT_CONFIG_FILENAME,
)

__all__ = [
    "AuthenticationFailedError",
    "DamagedVaultFileError",
    "FuseUnavailableError",
    "InvalidRecoveryKeyError",
    "MountError",
    "MountPointError",
    "NotAVaultError",
    "OpenVault",
    "UnmountBusyError",
    "UnsupportedVaultError",
    "VaultError",
    "VaultFormatError",
    "VaultIdentity",
    "VaultStateError",
    "WrongPasswordError",
]


def vault_folder(picked: str | os.PathLike[str]) -> str:
    """The vault folder for what a person picked: the folder itself or its vault.cryptomator."""
    path = Path(os.path.expanduser(os.fspath(picked)))
    if path.is_file() or path.name in (VAULT_CONFIG_FILENAME, DEFAULT_MASTERKEY_FILENAME):
        path = path.parent
    return str(path.resolve())


def looks_like_vault(folder: str | os.PathLike[str]) -> bool:
    """Cheap presence check used for the "missing" state (no parsing, no password)."""
    base = Path(folder)
    return (base / VAULT_CONFIG_FILENAME).is_file() or (base / DEFAULT_MASTERKEY_FILENAME).is_file()


def vault_info(path: str) -> Any:
    from vaultengine.vault import vault_info as _vault_info

    return _vault_info(path)


@dataclass(frozen=True)
class VaultIdentity:
    """What tells one vault from another in the same folder: its jti and masterkey parameters."""

    jti: str
    masterkey_fingerprint: str


def masterkey_fingerprint(data: bytes) -> str:
    """sha256 over the masterkey file's scrypt salt, cost and block size (else the whole file).

    The salt changes with every password change, so this tells "same vault, new password file"
    apart from nothing; the jti is what identifies the vault.
    """
    import hashlib
    import json

    try:
        doc = json.loads(data)
        fields = [doc["scryptSalt"], doc["scryptCostParam"], doc["scryptBlockSize"]]
        if not isinstance(fields[0], str) or not all(type(f) is int for f in fields[1:]):
            raise TypeError
        material = f"{fields[0]}|{fields[1]}|{fields[2]}".encode()
    except (ValueError, KeyError, TypeError):
        material = data
    return hashlib.sha256(material).hexdigest()


def vault_identity(path: str) -> VaultIdentity:
    """Read the folder's vault identity (no password); NotAVaultError / Damaged like vault_info."""
    info = vault_info(path)
    try:
        data = _read_vault_file(path, info.masterkey_filename)
    except (DamagedVaultFileError, OSError):
        data = b""  # the jti still identifies it; a missing masterkey shows up at unlock
    return VaultIdentity(jti=info.vault_id, masterkey_fingerprint=masterkey_fingerprint(data))


def create_vault(
    path: str,
    password: str,
    *,
    scrypt_cost: int | None = None,
    shortening_threshold: int = DEFAULT_SHORTENING_THRESHOLD,
) -> str:
    """Create a vault in `path` (made if missing, must be empty); returns the recovery key."""
    from vaultengine.vault import create_vault as _create_vault

    kwargs: dict[str, Any] = {"shortening_threshold": shortening_threshold}
    if scrypt_cost is not None:
        kwargs["scrypt_cost"] = scrypt_cost
    return _create_vault(path, password, **kwargs)


@dataclass
class OpenVault:
    """An unlocked vault and, when mounted, its mount handle; owned by the controller."""

    path: str
    unlocked: Any
    mount_point: str = ""
    handle: Any = None
    read_only: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def mounted(self) -> bool:
        return self.handle is not None


def unlock(path: str, password: str, *, read_only: bool = False) -> Any:
    from vaultengine.vault import unlock_vault

    return unlock_vault(path, password, read_only=read_only)


def unlock_and_mount(
    path: str,
    password: str,
    *,
    mount_point: str,
    read_only: bool = False,
    mount_options: str = "",
) -> OpenVault:
    """Unlock (scrypt) then mount; on a mount failure the vault is locked again before raising."""
    unlocked = unlock(path, password, read_only=read_only)
    session = OpenVault(path=path, unlocked=unlocked, mount_point=mount_point, read_only=read_only)
    try:
        session.handle = _mount(unlocked, mount_point, read_only=read_only, options=mount_options)
    except BaseException:
        unlocked.lock()
        raise
    return session


def lock(session: OpenVault, *, force: bool = False) -> None:
    """Unmount and drop the keys. UnmountBusyError when in use, unless forced: then the mount
    is revoked (open files and working directories inside it fail from now on, what was
    written is flushed) and the keys are gone before this returns."""
    with session._lock:
        if session.handle is not None:
            session.handle.unmount(force=force)
            session.handle = None
        if session.unlocked is not None:
            session.unlocked.lock()
            session.unlocked = None


def mount_revoked(session: OpenVault) -> bool:
    """True when the session's mount ended or revoked itself (detached from outside)."""
    handle = session.handle
    return handle is not None and not handle.is_alive()


def io_counters(session: OpenVault) -> tuple[int, int] | None:
    """Cleartext bytes read and written through the mount so far; None when not mounted."""
    handle = session.handle
    if handle is None:
        return None
    stats = handle.stats  # vaultengine.fuse.Mount.stats: IoStats, cheap (two ints, no lock)
    return stats.bytes_read, stats.bytes_written


def change_password(path: str, old_password: str, new_password: str) -> None:
    from vaultengine.vault import change_password as _change

    _change(path, old_password, new_password)


def show_recovery_key(path: str, password: str) -> str:
    from vaultengine.vault import show_recovery_key as _show

    return _show(path, password)


def reset_password(path: str, recovery_words: str, new_password: str) -> None:
    from vaultengine.vault import reset_password as _reset

    _reset(path, recovery_words, new_password)


def _read_vault_file(folder: str, name: str) -> bytes:
    # No symlink followed, no FIFO opened for a blocking read: the vault folder is untrusted.
    from vaultengine.vaultfiles import read_regular_file

    try:
        return read_regular_file(os.path.join(folder, name), MAX_VAULT_FILE_BYTES)
    except FileNotFoundError:
        raise DamagedVaultFileError(f"{name} is missing.") from None


def check_vault(
    path: str, password: str, *, deep: bool = False, fix: bool = False, progress: Any = None
) -> Any:
    """Health check (HealthReport); fix=True only on a vault that is not mounted."""
    from vaultengine.health import check_vault as _check
    from vaultengine.vault import open_keys

    keys, config = open_keys(path, password)
    return _check(path, keys, config, deep=deep, fix=fix, progress=progress)


# --- mount handle (vaultengine.fuse) ------------------------------------------------------


def fuse_available() -> tuple[bool, str]:
    """(True, "") where a mount can be attempted, else (False, what to install)."""
    try:
        import vaultengine.fuse as fuse
    except ImportError as exc:  # a build without the mount package
        return False, f"mount support is missing from this build ({exc})"
    reason = fuse.fuse_unavailable_reason()
    return reason is None, reason or ""


def _mount(unlocked: Any, mount_point: str, *, read_only: bool, options: str) -> Any:
    from vaultengine.fuse import mount

    # The parent (e.g. ~/Vaults) is ours to make; the mount point itself is made by the
    # engine, which then also removes it after unmounting.
    Path(mount_point).parent.mkdir(parents=True, exist_ok=True)
    extra = [o.strip() for o in options.split(",") if o.strip()]
    return mount(unlocked, mount_point, read_only=read_only, options=extra)
