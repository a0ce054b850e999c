"""The vault list and each vault's live state; every engine call goes through a background task."""

from __future__ import annotations

import dataclasses
import enum
import logging
import time
from dataclasses import dataclass, field

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QTimer, Signal

from app.i18n import translate
from app.keychain import Keychain, KeychainError, KeychainStatus
from app.services import after_lock, engine, tasks
from app.services.attempts import AttemptLimiter
from app.services.open_files import FileHolder, open_file_holders
from app.settings import (
    Settings,
    SettingsStore,
    VaultEntry,
    VaultOptions,
    resolve_mount_point,
)

log = logging.getLogger(__name__)

# How often the app looks for mounts that were revoked from outside (a lazy unmount by another
# process): each look is two flag reads per unlocked vault.
MOUNT_POLL_MS = 1000
# While a force lock runs, how often the app looks which step it has reached (one flag read).
FORCE_LOCK_POLL_MS = 100

# What a force lock is doing, shown after "Locking: " (it can take a few seconds: open files
# are flushed and closed, then the kernel has to let go of the mount).
# Translated where shown (vault_model.state_text).
CLOSING_FILES = QT_TRANSLATE_NOOP("VaultState", "closing open files and dropping the keys…")
DETACHING = QT_TRANSLATE_NOOP("VaultState", "waiting for the file system to detach…")


class VaultState(enum.Enum):
    LOCKED = "locked"
    UNLOCKING = "unlocking"
    UNLOCKED = "unlocked"
    LOCKING = "locking"
    MISSING = "missing"
    ERROR = "error"


@dataclass
class VaultRuntime:
    state: VaultState = VaultState.LOCKED
    session: engine.OpenVault | None = None
    error: str = ""
    unlocked_at: float = 0.0
    forcing: bool = False  # a force lock is running
    was_forced: bool = False  # the last lock was a forced one (its notice is still relevant)
    activity: str = ""  # what a lock in progress is doing ("" when there is nothing to say)
    busy_holders: list[FileHolder] = field(default_factory=list)


@dataclass(frozen=True)
class LockFailure:
    """A lock that did not happen: busy (with the programs we can see) or another error."""

    vault_id: str
    error: BaseException
    holders: tuple[FileHolder, ...] = ()

    @property
    def busy(self) -> bool:
        return isinstance(self.error, engine.UnmountBusyError)


def _read_identity(path: str) -> engine.VaultIdentity | None:
    """The folder's vault identity, or None when it cannot be read now."""
    try:
        return engine.vault_identity(path)
    except (engine.VaultError, OSError):
        return None


@dataclass(frozen=True)
class _Unlocked:
    session: engine.OpenVault
    warning: str  # "" when none
    saved: bool | None  # None: the keychain was not asked
    identity: engine.VaultIdentity | None  # read after the unlock, on the worker thread


def _unlock_task(
    entry_path: str,
    password: str,
    mount_point: str,
    options: VaultOptions,
    remember: bool,
    keychain: Keychain,
    vault_id: str,
    vault_name: str = "",
) -> _Unlocked:
    """Worker thread: unlock and mount (or serve); save the password only once it proved
    right. options.volume is already resolved: FUSE or WEBDAV, never "auto"."""
    session = engine.unlock_and_mount(
        entry_path,
        password,
        mount_point=mount_point,
        read_only=options.read_only,
        mount_options=options.mount_options,
        volume=options.volume,
    )
    warning = ""
    saved: bool | None = None
    if remember:
        try:
            keychain.store(vault_id, password, vault_name=vault_name)
            saved = True
        except KeychainError as exc:
            warning = str(exc)
    return _Unlocked(session, warning, saved, _read_identity(entry_path))


def _saved_unlock_task(
    entry_path: str, mount_point: str, options: VaultOptions, keychain: Keychain, vault_id: str
) -> _Unlocked | None:
    password = keychain.lookup(vault_id)
    if password is None:
        return None
    return _unlock_task(entry_path, password, mount_point, options, False, keychain, vault_id)


def _lock_task(session: engine.OpenVault, force: bool) -> None:
    try:
        engine.lock(session, force=force)
    except engine.UnmountBusyError as exc:
        # Worker thread: scanning /proc can take a moment on a busy machine.
        holders = tuple(open_file_holders(session.mount_point)) if session.mount_point else ()
        raise _BusyWithHolders(exc, holders) from exc


class _BusyWithHolders(Exception):
    def __init__(self, error: engine.UnmountBusyError, holders: tuple[FileHolder, ...]) -> None:
        super().__init__(str(error))
        self.error = error
        self.holders = holders


class VaultController(QObject):
    """Owns the settings and the vaults' runtime state; the GUI reads it and asks it to act."""

    vaultsChanged = Signal()  # added, removed, renamed, options
    stateChanged = Signal(str)  # vault id
    unlockSucceeded = Signal(str, str)  # vault id, warning ("" when none)
    unlockFailed = Signal(str, object)  # vault id, exception
    passwordNeeded = Signal(str)  # a saved-password unlock found no saved password
    lockFailed = Signal(object)  # LockFailure
    addFailed = Signal(str, object)  # picked path, exception
    keychainStatusChanged = Signal()
    notice = Signal(str, str)  # title, message (tray balloon / status bar)
    tracesCleaned = Signal(str, str)  # vault id, what was removed (status bar)

    def __init__(
        self,
        store: SettingsStore,
        settings: Settings | None = None,
        keychain: Keychain | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings if settings is not None else store.load()
        self.keychain = keychain if keychain is not None else Keychain()
        self.limiter = AttemptLimiter()
        self._runtime: dict[str, VaultRuntime] = {}
        self._keychain_status: KeychainStatus | None = None
        self._fuse_problem: str | None = None
        self._webdav_problem: str | None = None
        self.mount_timer = QTimer(self)  # cheap: two flags per unlocked vault
        self.mount_timer.setInterval(MOUNT_POLL_MS)
        self.mount_timer.timeout.connect(self.check_mounts)
        self.mount_timer.start()
        self.force_timer = QTimer(self)  # runs only while a force lock does
        self.force_timer.setInterval(FORCE_LOCK_POLL_MS)
        self.force_timer.timeout.connect(self._follow_force_locks)
        self.refresh_presence()

    # --- list ------------------------------------------------------------------------------

    @property
    def vaults(self) -> list[VaultEntry]:
        return self.settings.vaults

    def entry(self, vault_id: str) -> VaultEntry | None:
        return self.settings.vault(vault_id)

    def runtime(self, vault_id: str) -> VaultRuntime:
        return self._runtime.setdefault(vault_id, VaultRuntime())

    def state(self, vault_id: str) -> VaultState:
        return self.runtime(vault_id).state

    def location(self, vault_id: str) -> str:
        """Where an unlocked vault's files are: its mount folder or WebDAV URL (locked: the
        folder it would be mounted at)."""
        session = self.runtime(vault_id).session
        if session is not None and session.location:
            return session.location
        return self.mount_point(vault_id)

    def mount_point(self, vault_id: str) -> str:
        rt = self.runtime(vault_id)
        if rt.session is not None and rt.session.mount_point:
            return rt.session.mount_point
        entry = self.entry(vault_id)
        return resolve_mount_point(entry, self.settings.preferences) if entry else ""

    def any_unlocked(self) -> bool:
        return any(self._runtime.get(v.id, VaultRuntime()).session for v in self.vaults)

    def unlocked_ids(self) -> list[str]:
        return [v.id for v in self.vaults if self.runtime(v.id).session is not None]

    def save(self) -> None:
        try:
            self.store.save(self.settings)
        except OSError as exc:
            self.notice.emit(
                translate("Controller", "Settings not saved"),
                translate("Controller", "Could not write {path}: {problem}").format(
                    path=self.store.path, problem=exc
                ),
            )

    def add_entry(self, entry: VaultEntry) -> VaultEntry:
        existing = self.settings.vault_by_path(entry.path)
        if existing is not None:
            return existing
        if not entry.vault_jti:
            # Not readable now: recorded on the first unlock instead.
            identity = _read_identity(entry.path)
            if identity is not None:
                self._record_identity(entry, identity)
        self.settings.vaults.append(entry)
        self.save()
        self.vaultsChanged.emit()
        self.refresh_presence()
        return entry

    def add_existing(self, picked: str) -> None:
        """Check the pick in the background (vault_info); add it or emit addFailed."""
        folder = engine.vault_folder(picked)

        def added(identity: object) -> None:
            from pathlib import Path

            entry = VaultEntry.new(Path(folder).name or "Vault", folder)
            assert isinstance(identity, engine.VaultIdentity)
            self._record_identity(entry, identity)
            self.add_entry(entry)

        tasks.run_task(
            engine.vault_identity,
            folder,
            on_success=added,
            on_failure=lambda exc: self.addFailed.emit(folder, exc),
        )

    def remove(self, vault_id: str) -> bool:
        """Forget a locked vault (its files stay); False while it is unlocked."""
        if self.runtime(vault_id).session is not None:
            return False
        self.settings.vaults = [v for v in self.settings.vaults if v.id != vault_id]
        self._runtime.pop(vault_id, None)
        self.save()
        self.vaultsChanged.emit()
        return True

    def rename(self, vault_id: str, name: str) -> None:
        entry = self.entry(vault_id)
        name = name.strip()
        if entry is None or not name or name == entry.name:
            return
        entry.name = name
        self.save()
        self.vaultsChanged.emit()
        if entry.password_saved:  # the keychain item carries the vault's name in its label
            tasks.run_task(
                self.keychain.relabel,
                vault_id,
                name,
                on_failure=lambda exc: log.info("keychain item not relabelled: %s", exc),
            )

    def set_options(self, vault_id: str, options: VaultOptions) -> None:
        entry = self.entry(vault_id)
        if entry is None:
            return
        options.extra = entry.options.extra
        entry.options = options
        self.save()
        self.vaultsChanged.emit()

    def refresh_presence(self) -> None:
        """Mark locked vaults whose folder vanished as missing (and back)."""
        for entry in self.vaults:
            rt = self.runtime(entry.id)
            if rt.state in (VaultState.LOCKED, VaultState.MISSING, VaultState.ERROR):
                present = engine.looks_like_vault(entry.path)
                new = VaultState.LOCKED if present else VaultState.MISSING
                if rt.state is VaultState.ERROR and present:
                    continue
                if new is not rt.state:
                    rt.state = new
                    self.stateChanged.emit(entry.id)

    def _set_state(self, vault_id: str, state: VaultState, error: str = "") -> None:
        rt = self.runtime(vault_id)
        rt.state = state
        rt.error = error
        self.stateChanged.emit(vault_id)

    # --- vault identity (bad-input #5: another vault put in a known folder) -----------------

    @staticmethod
    def _record_identity(entry: VaultEntry, identity: engine.VaultIdentity) -> None:
        entry.vault_jti = identity.jti
        entry.masterkey_fingerprint = identity.masterkey_fingerprint

    def identity_change(self, vault_id: str) -> engine.VaultIdentity | None:
        """The folder's identity when it holds a different vault (jti) than the one added.

        Reads two small files on the calling thread, like the presence check. Unreadable or
        never recorded: None (the unlock itself then reports the problem / records it).
        """
        entry = self.entry(vault_id)
        if entry is None or not entry.vault_jti:
            return None
        identity = _read_identity(entry.path)
        return identity if identity is not None and identity.jti != entry.vault_jti else None

    def accept_identity(self, vault_id: str, identity: engine.VaultIdentity) -> None:
        """The person chose to keep the new vault under this entry: remember it from now on."""
        entry = self.entry(vault_id)
        if entry is None:
            return
        self._record_identity(entry, identity)
        self.save()

    def _refresh_identity(self, entry: VaultEntry, identity: engine.VaultIdentity | None) -> None:
        """After an unlock: record the identity (first time) or the new masterkey fingerprint."""
        if identity is None:
            return
        if entry.vault_jti and identity.jti != entry.vault_jti:
            return  # only accept_identity changes the jti
        if (entry.vault_jti, entry.masterkey_fingerprint) != (
            identity.jti,
            identity.masterkey_fingerprint,
        ):
            self._record_identity(entry, identity)
            self.save()

    # --- FUSE or WebDAV ---------------------------------------------------------------------

    def fuse_problem(self) -> str:
        """Why vaults cannot be mounted here ("" when they can); checked once, then cached."""
        if self._fuse_problem is None:
            _ok, self._fuse_problem = engine.fuse_available()
        return self._fuse_problem

    def webdav_problem(self) -> str:
        """Why vaults cannot be served over WebDAV here ("" when they can); cached."""
        if self._webdav_problem is None:
            _ok, self._webdav_problem = engine.webdav_available()
        return self._webdav_problem

    def volume_for(self, vault_id: str) -> str:
        """engine.FUSE or engine.WEBDAV: the vault's option, "auto" decided for this computer."""
        entry = self.entry(vault_id)
        choice = entry.options.volume if entry is not None else "auto"
        # Automatic with neither volume: FUSE, whose install hint is the one to give.
        fuse_problem = self.fuse_problem() if not self.webdav_problem() else ""
        return engine.pick_volume(choice, fuse_problem)

    def volume_problem(self, vault_id: str) -> str:
        """Why this vault cannot be unlocked here with its volume option ("" when it can)."""
        if self.volume_for(vault_id) == engine.WEBDAV:
            return self.webdav_problem()
        return self.fuse_problem()

    # --- keychain --------------------------------------------------------------------------

    def keychain_status(self) -> KeychainStatus | None:
        """None until the background probe answered."""
        return self._keychain_status

    def probe_keychain(self, *, probe: bool = False) -> None:
        """Ask the keychain for its status in the background; probe=True also reads from it."""

        def done(status: object) -> None:
            self._keychain_status = status  # type: ignore[assignment]
            self.keychainStatusChanged.emit()

        tasks.run_task(self.keychain.status, probe=probe, on_success=done)

    def forget_password(self, vault_id: str) -> None:
        def forgotten(_result: object) -> None:
            entry = self.entry(vault_id)
            if entry is not None and entry.password_saved:
                entry.password_saved = False
                self.save()
                self.vaultsChanged.emit()
            self.notice.emit(
                translate("Controller", "Keychain"),
                translate("Controller", "The saved password was removed."),
            )

        tasks.run_task(
            self.keychain.forget,
            vault_id,
            on_failure=lambda exc: self.notice.emit(translate("Controller", "Keychain"), str(exc)),
            on_success=forgotten,
        )

    def replace_saved_password(self, vault_id: str, password: str) -> None:
        """After a password change or reset: a saved password went stale, replace it quietly."""
        entry = self.entry(vault_id)
        if entry is None or not entry.password_saved:
            return
        tasks.run_task(
            self.keychain.store,
            vault_id,
            password,
            vault_name=entry.name,
            on_failure=lambda exc: self.notice.emit(translate("Controller", "Keychain"), str(exc)),
        )

    # --- unlock / lock ---------------------------------------------------------------------

    def can_unlock(self, vault_id: str) -> bool:
        # Without its volume an unlock would only hold keys: the app shows the hint instead.
        if self.volume_problem(vault_id):
            return False
        return self.state(vault_id) in (VaultState.LOCKED, VaultState.ERROR)

    def unlock(self, vault_id: str, password: str, *, remember: bool = False) -> None:
        entry = self.entry(vault_id)
        if entry is None or not self.can_unlock(vault_id):
            return
        self._set_state(vault_id, VaultState.UNLOCKING)
        tasks.run_task(
            _unlock_task,
            entry.path,
            password,
            resolve_mount_point(entry, self.settings.preferences),
            self._unlock_options(vault_id, entry),
            remember,
            self.keychain,
            vault_id,
            entry.name,
            on_success=lambda result: self._unlocked(vault_id, result),
            on_failure=lambda exc: self._unlock_failed(vault_id, exc),
        )

    def unlock_with_saved_password(self, vault_id: str) -> None:
        """Try the keychain; emits passwordNeeded when nothing is saved."""
        entry = self.entry(vault_id)
        if entry is None or not self.can_unlock(vault_id):
            return
        self._set_state(vault_id, VaultState.UNLOCKING)

        def done(result: object) -> None:
            if result is None:
                self._set_state(vault_id, VaultState.LOCKED)
                entry = self.entry(vault_id)
                if entry is not None and entry.password_saved:
                    entry.password_saved = False
                    self.save()
                self.passwordNeeded.emit(vault_id)
            else:
                self._unlocked(vault_id, result)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, engine.WrongPasswordError | KeychainError):
                # The saved password went stale (changed elsewhere): ask instead.
                self._set_state(vault_id, VaultState.LOCKED)
                self.passwordNeeded.emit(vault_id)
            else:
                self._unlock_failed(vault_id, exc)

        tasks.run_task(
            _saved_unlock_task,
            entry.path,
            resolve_mount_point(entry, self.settings.preferences),
            self._unlock_options(vault_id, entry),
            self.keychain,
            vault_id,
            on_success=done,
            on_failure=failed,
        )

    def _unlock_options(self, vault_id: str, entry: VaultEntry) -> VaultOptions:
        """The options an unlock task gets: a copy with the volume decided."""
        return dataclasses.replace(entry.options, volume=self.volume_for(vault_id))

    def _unlocked(self, vault_id: str, result: object) -> None:
        assert isinstance(result, _Unlocked)
        session = result.session
        rt = self.runtime(vault_id)
        entry = self.entry(vault_id)
        if entry is None:  # removed meanwhile: do not keep it open
            tasks.run_task(engine.lock, session, force=True)
            return
        if result.saved is not None and result.saved != entry.password_saved:
            entry.password_saved = result.saved
            self.save()
        self._refresh_identity(entry, result.identity)
        rt.session = session
        rt.unlocked_at = time.monotonic()
        self.limiter.record_success(vault_id)
        self._set_state(vault_id, VaultState.UNLOCKED)
        self.unlockSucceeded.emit(vault_id, result.warning)

    def _unlock_failed(self, vault_id: str, exc: BaseException) -> None:
        if isinstance(exc, engine.WrongPasswordError):
            self.limiter.record_failure(vault_id)
            self._set_state(vault_id, VaultState.LOCKED)
        else:
            self._set_state(vault_id, VaultState.ERROR, str(exc))
        self.unlockFailed.emit(vault_id, exc)

    def lock(self, vault_id: str, *, force: bool = False) -> None:
        rt = self.runtime(vault_id)
        session = rt.session
        if session is None or rt.state is VaultState.LOCKING:
            return
        rt.forcing = force
        rt.activity = CLOSING_FILES if force else ""
        self._set_state(vault_id, VaultState.LOCKING)
        if force:
            self.force_timer.start()
        tasks.run_task(
            _lock_task,
            session,
            force,
            on_success=lambda _r: self._locked(vault_id),
            on_failure=lambda exc: self._lock_failed(vault_id, exc),
        )

    def lock_all(self, *, force: bool = False) -> None:
        for vault_id in self.unlocked_ids():
            self.lock(vault_id, force=force)

    def _follow_force_locks(self) -> None:
        """Say when a force lock has revoked the mount and only waits for the kernel now."""
        forcing = False
        for vault_id, rt in list(self._runtime.items()):
            if not rt.forcing or rt.state is not VaultState.LOCKING:
                continue
            forcing = True
            if rt.activity == CLOSING_FILES and rt.session and engine.mount_revoked(rt.session):
                rt.activity = DETACHING
                self.stateChanged.emit(vault_id)
        if not forcing:
            self.force_timer.stop()

    def _locked(self, vault_id: str) -> None:
        rt = self.runtime(vault_id)
        forced = rt.forcing
        mount_point = rt.session.mount_point if rt.session is not None else ""
        url = rt.session.url if rt.session is not None else ""
        rt.session = None
        rt.busy_holders = []
        rt.forcing, rt.activity, rt.was_forced = False, "", forced
        self._set_state(vault_id, VaultState.LOCKED)
        self.refresh_presence()
        entry = self.entry(vault_id)
        if forced and entry is not None:
            self.notice.emit(
                translate("Controller", "Vault locked"),
                translate(
                    "Controller",
                    "{name} was force-locked: programs that had files open in it "
                    "can no longer read or write them.",
                ).format(name=entry.name),
            )
        after_lock.clean_traces_later(self, vault_id, mount_point, url)

    def _lock_failed(self, vault_id: str, exc: BaseException) -> None:
        rt = self.runtime(vault_id)
        holders: tuple[FileHolder, ...] = ()
        if isinstance(exc, _BusyWithHolders):
            holders, exc = exc.holders, exc.error
        rt.busy_holders = list(holders)
        rt.forcing, rt.activity = False, ""
        # Still mounted (busy) unless the session was torn down anyway.
        session = rt.session
        still_open = session is not None and session.unlocked is not None
        self._set_state(vault_id, VaultState.UNLOCKED if still_open else VaultState.ERROR, str(exc))
        if not still_open:
            rt.session = None
        self.lockFailed.emit(LockFailure(vault_id, exc, holders))
        if session is not None and not still_open:  # the keys went all the same
            after_lock.clean_traces_later(self, vault_id, session.mount_point, session.url)

    # --- mounts detached from outside ------------------------------------------------------

    def check_mounts(self) -> None:
        """Show as locked the vaults whose mount was detached from outside (`strongroom
        unmount --force`, umount -l): such a mount revoked itself and dropped the keys."""
        for entry in self.vaults:
            rt = self.runtime(entry.id)
            if rt.session is None or rt.state is not VaultState.UNLOCKED:
                continue
            if engine.mount_revoked(rt.session):
                self.notice.emit(
                    translate("Controller", "Vault locked"),
                    translate("Controller", "{name} was unmounted.").format(name=entry.name),
                )
                self.lock(entry.id)  # nothing left to unmount: this only tidies up
