"""Linux: sleep and screen-lock signals from D-Bus (logind PrepareForSleep, ScreenSaver
ActiveChanged), turned into calls of the watcher's `sleeping` / `screenLocked` signals."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Slot

log = logging.getLogger(__name__)

_SCREENSAVERS = (
    ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE
    ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)


class DBusSleepListener(QObject):
    """Subscribes on construction; `watching` says to what (empty without D-Bus)."""

    def __init__(
        self, on_sleep: Callable[[], None], on_lock: Callable[[], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._on_sleep = on_sleep
        self._on_lock = on_lock
        self.watching: list[str] = []
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without QtDBus
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
            self._on_sleep()

    @Slot(bool)
    def _screensaver_changed(self, active: bool) -> None:
        if active:
            self._on_lock()
