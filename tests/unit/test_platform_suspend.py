"""Lock on sleep and screen lock on macOS and Windows, tested on Linux with fakes.

This machine is Linux: there are no Windows messages, no wtsapi32 and no PyObjC here. So the
Windows MSG structures are built in memory (the bytes Qt hands the native event filter), the
wtsapi32 DLL is a recorder, AppKit/Foundation are fake modules that record observers (and let
the test post a notification), and sys.platform is faked to pick each system's listener.
What matters: which signal fires for which message, that other messages fire none, that the
Mac without PyObjC says so in the log, and that Linux still listens on D-Bus.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import types
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.services import suspend_windows as win
from app.services.suspend import SuspendWatcher


@pytest.fixture
def qapp() -> QApplication:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    return app


def _msg(message: int, wparam: int) -> win.MSG:
    return win.MSG(hwnd=0x1234, message=message, wParam=wparam, lParam=0, time=1)


def _fired(watcher: SuspendWatcher) -> list[str]:
    fired: list[str] = []
    watcher.sleeping.connect(lambda: fired.append("sleeping"))
    watcher.screenLocked.connect(lambda: fired.append("screenLocked"))
    return fired


class FakeWtsApi32:
    """wtsapi32.WTSRegisterSessionNotification, recording the window registered."""

    def __init__(self) -> None:
        self.registered: list[tuple[int | None, int]] = []

    def WTSRegisterSessionNotification(self, hwnd: ctypes.c_void_p, flags: int) -> int:
        self.registered.append((hwnd.value, flags))
        return 1


def test_windows_suspend_and_session_lock_messages_fire_their_signals(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    wts = FakeWtsApi32()
    real = win.WindowsSleepListener
    monkeypatch.setattr(
        win, "WindowsSleepListener", lambda s, lk, parent: real(s, lk, parent, wtsapi32=wts)
    )
    watcher = SuspendWatcher()
    fired = _fired(watcher)
    assert watcher.watching == ["sleep", "screen lock (WTS session notification)"]
    assert len(wts.registered) == 1 and wts.registered[0][1] == win.NOTIFY_FOR_THIS_SESSION
    event_filter = watcher.listener.filter  # type: ignore[attr-defined]
    messages = [
        _msg(win.WM_POWERBROADCAST, win.PBT_APMSUSPEND),
        _msg(win.WM_POWERBROADCAST, 0x12),  # PBT_APMRESUMEAUTOMATIC: nothing
        _msg(win.WM_WTSSESSION_CHANGE, win.WTS_SESSION_LOCK),
        _msg(win.WM_WTSSESSION_CHANGE, 0x8),  # WTS_SESSION_UNLOCK: nothing
        _msg(0x0010, 0),  # WM_CLOSE: nothing
    ]
    for msg in messages:
        assert event_filter.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(msg)) == (
            False,
            0,
        )  # every message goes on to Qt
    assert fired == ["sleeping", "screenLocked"]
    # Another platform's native event type is never read as a MSG.
    assert win.event_of(b"xcb_generic_event_t", ctypes.addressof(messages[0])) is None
    qapp.removeNativeEventFilter(event_filter)


def _fake_pyobjc(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[Any, str, str]]]:
    """AppKit and Foundation modules with just what suspend_macos uses; observers recorded."""
    added: dict[str, list[tuple[Any, str, str]]] = {"workspace": [], "distributed": []}

    class Center:
        def __init__(self, name: str) -> None:
            self.name = name

        def addObserver_selector_name_object_(
            self, observer: Any, selector: str, name: str, obj: Any
        ) -> None:
            added[self.name].append((observer, selector, name))

    class NSObject:
        @classmethod
        def alloc(cls) -> Any:
            return cls()

        def init(self) -> Any:
            return self

    workspace = types.SimpleNamespace(notificationCenter=lambda: Center("workspace"))
    appkit = types.ModuleType("AppKit")
    appkit.NSWorkspace = types.SimpleNamespace(sharedWorkspace=lambda: workspace)  # type: ignore[attr-defined]
    appkit.NSWorkspaceWillSleepNotification = "NSWorkspaceWillSleepNotification"  # type: ignore[attr-defined]
    foundation = types.ModuleType("Foundation")
    foundation.NSObject = NSObject  # type: ignore[attr-defined]
    foundation.NSDistributedNotificationCenter = types.SimpleNamespace(  # type: ignore[attr-defined]
        defaultCenter=lambda: Center("distributed")
    )
    monkeypatch.setitem(sys.modules, "AppKit", appkit)
    monkeypatch.setitem(sys.modules, "Foundation", foundation)
    return added


def test_macos_sleep_and_screen_lock_notifications_fire_their_signals(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    added = _fake_pyobjc(monkeypatch)
    watcher = SuspendWatcher()
    fired = _fired(watcher)
    assert watcher.watching == ["sleep", "screen lock (com.apple.screenIsLocked)"]
    [(observer, selector, name)] = added["workspace"]
    assert (selector, name) == ("willSleep:", "NSWorkspaceWillSleepNotification")
    [(observer2, selector2, name2)] = added["distributed"]
    assert observer2 is observer and (selector2, name2) == (
        "screenLocked:",
        "com.apple.screenIsLocked",
    )
    # The run loop calls the selector: PyObjC's Python name for "willSleep:" is willSleep_.
    observer.willSleep_(object())
    observer.screenLocked_(object())
    assert fired == ["sleeping", "screenLocked"]


def test_a_mac_without_pyobjc_watches_nothing_and_says_so(
    monkeypatch: pytest.MonkeyPatch, qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setitem(sys.modules, "AppKit", None)  # import fails as if not installed
    with caplog.at_level(logging.INFO, logger="app.services.suspend_macos"):
        watcher = SuspendWatcher()
    assert watcher.watching == []
    assert "PyObjC" in caplog.text and "not locked on sleep" in caplog.text


def test_linux_still_listens_on_dbus(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> None:
    from app.services.suspend_dbus import DBusSleepListener

    monkeypatch.setattr(sys, "platform", "linux")
    watcher = SuspendWatcher()
    assert isinstance(watcher.listener, DBusSleepListener)
    fired = _fired(watcher)
    watcher.listener._prepare_for_sleep(True)
    watcher.listener._prepare_for_sleep(False)  # resuming: nothing
    watcher.listener._screensaver_changed(True)
    watcher.listener._screensaver_changed(False)  # unlocking: nothing
    assert fired == ["sleeping", "screenLocked"]
