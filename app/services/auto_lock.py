"""Locking vaults without being asked: after their idle limit, and when the computer sleeps or the
screen locks (for the vaults whose options ask for it)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from app.i18n import translate, translate_n
from app.services import engine
from app.services.controller import VaultController, VaultState
from app.services.suspend import SuspendWatcher

log = logging.getLogger(__name__)


@dataclass
class _Activity:
    counters: tuple[int, int] | None  # cleartext bytes read, written when last looked
    since: float  # monotonic time the counters last moved (or the vault was unlocked)


class AutoLock(QObject):
    """Watches the controller's unlocked vaults and locks them through it."""

    def __init__(
        self,
        controller: VaultController,
        parent: QObject | None = None,
        *,
        idle_unit_seconds: float = 60.0,
        poll_ms: int = 30_000,
    ) -> None:
        super().__init__(parent if parent is not None else controller)
        self.controller = controller
        # The idle limit is set in minutes; tests shrink the unit to seconds and poll faster.
        self.idle_unit_seconds = idle_unit_seconds
        self._activity: dict[str, _Activity] = {}
        controller.unlockSucceeded.connect(lambda vault_id, _warning: self._start(vault_id))
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(poll_ms)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()

    def watch(self, suspend: SuspendWatcher) -> None:
        suspend.sleeping.connect(lambda: self.lock_for_suspend("suspend"))
        suspend.screenLocked.connect(lambda: self.lock_for_suspend("screen locked"))

    def _start(self, vault_id: str, now: float | None = None) -> _Activity:
        """Idleness counts from the unlock (or from when we first looked)."""
        session = self.controller.runtime(vault_id).session
        counters = engine.io_counters(session) if session is not None else None
        activity = _Activity(counters, time.monotonic() if now is None else now)
        self._activity[vault_id] = activity
        return activity

    def check_idle(self, now: float | None = None) -> None:
        """Lock vaults whose mount saw no reads or writes for their idle limit."""
        now = time.monotonic() if now is None else now
        for entry in self.controller.vaults:
            rt = self.controller.runtime(entry.id)
            minutes = entry.options.idle_lock_minutes
            if rt.session is None or rt.state is not VaultState.UNLOCKED or minutes <= 0:
                continue
            counters = engine.io_counters(rt.session)
            if counters is None:
                continue  # not mounted: idleness cannot be told, never lock by guess
            activity = self._activity.get(entry.id) or self._start(entry.id, now)
            if counters != activity.counters:
                activity.counters = counters
                activity.since = now
            elif now - activity.since >= minutes * self.idle_unit_seconds:
                self.controller.notice.emit(
                    translate("Controller", "Vault locked"),
                    translate_n("Controller", "{name} was idle for %n minute(s).", minutes).format(
                        name=entry.name
                    ),
                )
                self.controller.lock(entry.id)

    def lock_for_suspend(self, reason: str) -> None:
        """The machine sleeps or the screen locks: lock the vaults that asked for it."""
        for entry in self.controller.vaults:
            session = self.controller.runtime(entry.id).session
            if entry.options.lock_on_suspend and session is not None:
                log.info("locking %s: %s", entry.name, reason)
                self.controller.lock(entry.id)
