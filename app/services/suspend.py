"""Sleep and screen-lock signals for auto-lock, from whatever the system offers.

One listener per system, each in its own module: Linux D-Bus (suspend_dbus), macOS
NSWorkspace / distributed notifications through PyObjC if installed (suspend_macos), Windows
native messages (suspend_windows). The listener calls back into `sleeping` / `screenLocked`.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class SuspendWatcher(QObject):
    """Emits `sleeping` before suspend and `screenLocked` when the screen locks."""

    sleeping = Signal()
    screenLocked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watching: list[str] = []  # what we subscribed to, for the preferences note
        try:
            self.listener = self._listen()
        except Exception:  # a watcher that cannot start must not stop the app
            log.exception("watching for sleep and screen lock failed")
            return
        self.watching = self.listener.watching

    def _listen(self) -> QObject:
        def on_sleep() -> None:
            self.sleeping.emit()

        def on_lock() -> None:
            self.screenLocked.emit()

        if sys.platform == "darwin":
            from app.services.suspend_macos import MacSleepListener

            return MacSleepListener(on_sleep, on_lock, self)
        if sys.platform == "win32":
            from app.services.suspend_windows import WindowsSleepListener

            return WindowsSleepListener(on_sleep, on_lock, self)
        from app.services.suspend_dbus import DBusSleepListener

        return DBusSleepListener(on_sleep, on_lock, self)
