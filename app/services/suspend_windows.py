"""Windows: sleep (WM_POWERBROADCAST / PBT_APMSUSPEND) and session lock (WM_WTSSESSION_CHANGE /
WTS_SESSION_LOCK) seen by a native event filter on the Qt application.

Power broadcasts reach every top-level window; session changes only a window registered with
WTSRegisterSessionNotification, so a hidden QWindow's handle is registered. Never run on
Windows: tested with MSG structures built in memory and a fake wtsapi32.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject
from PySide6.QtGui import QWindow

log = logging.getLogger(__name__)

WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0
NATIVE_EVENT_TYPE = b"windows_generic_MSG"  # what Qt names a Windows MSG


class MSG(ctypes.Structure):
    """winuser.h MSG with Windows' sizes spelled out (ctypes.wintypes' DWORD is 8 bytes off
    Windows, where the tests build these)."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),  # UINT_PTR
        ("lParam", ctypes.c_ssize_t),  # LONG_PTR
        ("time", ctypes.c_uint32),
        ("pt_x", ctypes.c_int32),
        ("pt_y", ctypes.c_int32),
        ("lPrivate", ctypes.c_uint32),
    ]


def event_of(event_type: bytes, message_address: int) -> str | None:
    """What the native message at `message_address` means: "sleep", "lock" or None."""
    if event_type != NATIVE_EVENT_TYPE or not message_address:
        return None
    msg = MSG.from_address(message_address)
    if msg.message == WM_POWERBROADCAST and msg.wParam == PBT_APMSUSPEND:
        return "sleep"
    if msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK:
        return "lock"
    return None


class SessionEventFilter(QAbstractNativeEventFilter):
    """Calls on_sleep / on_lock for the messages above; lets every message through."""

    def __init__(self, on_sleep: Callable[[], None], on_lock: Callable[[], None]) -> None:
        super().__init__()
        self._calls = {"sleep": on_sleep, "lock": on_lock}

    def nativeEventFilter(self, eventType: Any, message: Any) -> Any:
        event = event_of(bytes(eventType), int(message))
        if event is not None:
            self._calls[event]()
        return False, 0


class WindowsSleepListener(QObject):
    """Installs the filter and registers for session notifications; `watching` says what."""

    def __init__(
        self,
        on_sleep: Callable[[], None],
        on_lock: Callable[[], None],
        parent: QObject,
        wtsapi32: Any = None,
    ) -> None:
        super().__init__(parent)
        self.watching: list[str] = []
        app = QCoreApplication.instance()
        if app is None:
            log.warning("no Qt application: sleep and screen lock are not watched")
            return
        self.filter = SessionEventFilter(on_sleep, on_lock)
        app.installNativeEventFilter(self.filter)
        self.watching.append("sleep")
        self.window = QWindow()  # never shown: its handle receives the session messages
        hwnd = int(self.window.winId())
        wtsapi32 = wtsapi32 or ctypes.windll.wtsapi32  # type: ignore[attr-defined]
        if wtsapi32.WTSRegisterSessionNotification(ctypes.c_void_p(hwnd), NOTIFY_FOR_THIS_SESSION):
            self.watching.append("screen lock (WTS session notification)")
        else:
            log.warning("WTSRegisterSessionNotification failed: no lock on screen lock")
