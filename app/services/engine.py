"""The app's mount sessions: unlock + mount, lock, and what the GUI polls about a mount.

Vault files, identities, passwords and the health check are the engine's (vaultengine.vault,
vaultengine.health), called directly. Everything here blocks (scrypt, FUSE); call it through
app.services.tasks, never on the GUI thread.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

# Re-exported: the controller and the main window name these through this module.
from vaultengine.errors import UnmountBusyError, VaultError, WrongPasswordError
from vaultengine.format.constants import DEFAULT_MASTERKEY_FILENAME, VAULT_CONFIG_FILENAME
from vaultengine.vault import UnlockedVault, VaultIdentity, unlock_vault, vault_identity

if TYPE_CHECKING:
    from vaultengine.fuse import Mount

__all__ = [
    "OpenVault",
    "UnmountBusyError",
    "VaultError",
    "VaultIdentity",
    "WrongPasswordError",
    "vault_identity",
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


@dataclass
class OpenVault:
    """An unlocked vault and, when mounted, its mount handle; owned by the controller."""

    path: str
    unlocked: UnlockedVault | None
    mount_point: str = ""
    handle: Mount | None = None
    read_only: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def mounted(self) -> bool:
        return self.handle is not None


def unlock_and_mount(
    path: str,
    password: str,
    *,
    mount_point: str,
    read_only: bool = False,
    mount_options: str = "",
) -> OpenVault:
    """Unlock (scrypt) then mount; on a mount failure the vault is locked again before raising."""
    unlocked = unlock_vault(path, password, read_only=read_only)
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


# --- mount handle (vaultengine.fuse) ------------------------------------------------------


def fuse_available() -> tuple[bool, str]:
    """(True, "") where a mount can be attempted, else (False, what to install)."""
    try:
        import vaultengine.fuse as fuse
    except ImportError as exc:  # a build without the mount package
        return False, f"mount support is missing from this build ({exc})"
    reason = fuse.fuse_unavailable_reason()
    return reason is None, reason or ""


def _mount(unlocked: UnlockedVault, mount_point: str, *, read_only: bool, options: str) -> Mount:
    from vaultengine.fuse import mount

    # The parent (e.g. ~/Vaults) is ours to make; the mount point itself is made by the
    # engine, which then also removes it after unmounting.
    Path(mount_point).parent.mkdir(parents=True, exist_ok=True)
    extra = [o.strip() for o in options.split(",") if o.strip()]
    return mount(unlocked, mount_point, read_only=read_only, options=extra)
