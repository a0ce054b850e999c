"""Sleep and screen-lock signals from D-Bus (logind PrepareForSleep, ScreenSaver ActiveChanged)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)

_SCREENSAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class SuspendWatcher(QObject):
    """Emits `sleeping` before suspend and `screenLocked` when the screen saver turns on."""

    sleeping = Signal()
    screenLocked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watching: list[str] = []  # what we subscribed to, for the preferences note
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # no QtDBus on this platform (Windows, macOS builds)
            return
        system = QDBusConnection.systemBus()
        if system.isConnected() and system.connect(
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            self,
            "1_prepare_for_sleep(bool)",  # type: ignore[call-overload]
        ):
            self.watching.append("sleep")
        session = QDBusConnection.sessionBus()
        if session.isConnected():
            for path, interface in _SCREENSAVERS:
                slot = "1_screensaver_changed(bool)"  # Qt's SLOT() form
                if session.connect(
                    "",
                    path,
                    interface,
                    "ActiveChanged",
                    self,
                    slot,  # type: ignore[call-overload]
                ):
                    self.watching.append(f"screen lock ({interface})")
        log.debug("suspend watcher: %s", self.watching or "no D-Bus")

    @Slot(bool)
    def _prepare_for_sleep(self, starting: bool) -> None:
        if starting:
            self.sleeping.emit()

    @Slot(bool)
    def _screensaver_changed(self, active: bool) -> None:
        if active:
            self.screenLocked.emit()
