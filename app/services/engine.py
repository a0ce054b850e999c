"""The app's mount sessions: unlock + mount, lock, and what the GUI polls about a mount.

A vault is shown through one of two volumes: a FUSE mount (a folder), or a WebDAV server on
127.0.0.1 under a secret path served by a thread of this process (a URL). Both handles answer
the same calls (unmount, is_alive, stats), so locking, the revocation poll, statistics and the
idle lock do not care which one a session has.

Vault files, identities, passwords and the health check are the engine's (vaultengine.vault,
vaultengine.health), called directly. Everything here blocks (scrypt, FUSE); call it through
app.services.tasks, never on the GUI thread.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

# Re-exported: the controller and the main window name these through this module.
from vaultengine.errors import UnmountBusyError, VaultError, WrongPasswordError
from vaultengine.format.constants import DEFAULT_MASTERKEY_FILENAME, VAULT_CONFIG_FILENAME
from vaultengine.vault import UnlockedVault, VaultIdentity, unlock_vault, vault_identity

if TYPE_CHECKING:
    from vaultengine.fuse import Mount
    from vaultengine.webdav.server import WebDavServer

FUSE = "fuse"
WEBDAV = "webdav"

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


class _Counts(Protocol):
    @property
    def bytes_read(self) -> int: ...
    @property
    def bytes_written(self) -> int: ...


class Volume(Protocol):
    """What the app asks of a volume handle (vaultengine.fuse.Mount, WebDavVolume)."""

    @property
    def stats(self) -> _Counts: ...
    def is_alive(self) -> bool: ...
    def unmount(self, *, force: bool = False) -> None: ...


class WebDavVolume:
    """A vault served over WebDAV by a thread of this process, answering like a Mount."""

    def __init__(self, server: WebDavServer) -> None:
        self.server = server

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def stats(self) -> _Counts:
        return self.server.stats

    def is_alive(self) -> bool:
        return self.server.is_alive()

    def unmount(self, *, force: bool = False) -> None:
        """Stop serving at once, busy or not: a locked vault must stop answering (a client
        mid-transfer gets its connection closed; an upload cut short never replaces a file)."""
        self.server.stop()


@dataclass
class OpenVault:
    """An unlocked vault and, when mounted or served, its volume handle; owned by the
    controller. `volume` is FUSE (mount_point is the folder) or WEBDAV (url is the address)."""

    path: str
    unlocked: UnlockedVault | None
    mount_point: str = ""
    handle: Volume | None = None
    read_only: bool = False
    volume: str = FUSE
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def mounted(self) -> bool:
        return self.handle is not None

    @property
    def location(self) -> str:
        """Where the person finds the files: the mount folder or the WebDAV URL."""
        return self.url if self.volume == WEBDAV else self.mount_point


def unlock_and_mount(
    path: str,
    password: str,
    *,
    mount_point: str,
    read_only: bool = False,
    mount_options: str = "",
    volume: str = FUSE,
) -> OpenVault:
    """Unlock (scrypt) then mount (FUSE) or serve (WEBDAV, mount_point unused); on a failure
    the vault is locked again before raising."""
    unlocked = unlock_vault(path, password, read_only=read_only)
    session = OpenVault(path=path, unlocked=unlocked, read_only=read_only, volume=volume)
    try:
        if volume == WEBDAV:
            served = _serve(unlocked, read_only=read_only)
            session.handle, session.url = served, served.url
        else:
            session.mount_point = mount_point
            session.handle = _mount(
                unlocked, mount_point, read_only=read_only, options=mount_options
            )
    except BaseException:
        unlocked.lock()
        raise
    return session


def lock(session: OpenVault, *, force: bool = False) -> None:
    """Unmount and drop the keys. UnmountBusyError when in use, unless forced: then the mount
    is revoked (open files and working directories inside it fail from now on, what was
    written is flushed) and the keys are gone before this returns. A WebDAV volume stops
    serving at once either way (nothing tells the server which files a client holds open)."""
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
    """Cleartext bytes read and written through the volume so far; None when not mounted."""
    handle = session.handle
    if handle is None:
        return None
    stats = handle.stats  # two ints, cheap, no lock
    return stats.bytes_read, stats.bytes_written


# --- which volume ---------------------------------------------------------------------------


def webdav_available() -> tuple[bool, str]:
    """(True, "") where the WebDAV volume can be served, else (False, what to install)."""
    try:
        import cheroot  # noqa: F401
        import wsgidav  # noqa: F401
    except ImportError as exc:
        return False, f"the WebDAV volume needs wsgidav and cheroot ({exc})"
    return True, ""


def pick_volume(choice: str, fuse_problem: str) -> str:
    """FUSE or WEBDAV for a vault's volume option: "auto" takes FUSE where it works."""
    if choice == WEBDAV:
        return WEBDAV
    if choice == FUSE:
        return FUSE
    return WEBDAV if fuse_problem else FUSE


# --- volume handles (vaultengine.fuse, vaultengine.webdav) --------------------------------


def _serve(unlocked: UnlockedVault, *, read_only: bool) -> WebDavVolume:
    from vaultengine.webdav.server import WebDavServer

    # Stopping locks the vault before the workers end, cutting transfers in progress at once;
    # lock() above then finds it locked already.
    server = WebDavServer(unlocked, read_only=read_only)
    server.start()
    return WebDavVolume(server)


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
