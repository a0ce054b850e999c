"""macOS: sleep (NSWorkspaceWillSleepNotification) and screen lock (the distributed
notification com.apple.screenIsLocked), observed through PyObjC when it is installed.

PyObjC is not a dependency of Strongroom: without it nothing is watched and the log says so.
The notifications arrive on the main run loop, which Qt's Cocoa event loop runs. Never run on
a Mac: tested with fake AppKit/Foundation modules.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

log = logging.getLogger(__name__)

SCREEN_LOCKED = "com.apple.screenIsLocked"
_names = itertools.count(1)  # Objective-C class names are process-wide: one per listener


class MacSleepListener(QObject):
    """Adds the observers; `watching` says what (empty without PyObjC)."""

    def __init__(
        self, on_sleep: Callable[[], None], on_lock: Callable[[], None], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.watching: list[str] = []
        try:
            from AppKit import NSWorkspace, NSWorkspaceWillSleepNotification
            from Foundation import NSDistributedNotificationCenter, NSObject
        except ImportError:
            log.info(
                "PyObjC (pyobjc-framework-Cocoa) is not installed: vaults are not locked on "
                "sleep or screen lock on this Mac"
            )
            return
        self.observer = _observer(NSObject, on_sleep, on_lock)
        NSWorkspace.sharedWorkspace().notificationCenter().addObserver_selector_name_object_(
            self.observer, "willSleep:", NSWorkspaceWillSleepNotification, None
        )
        self.watching.append("sleep")
        NSDistributedNotificationCenter.defaultCenter().addObserver_selector_name_object_(
            self.observer, "screenLocked:", SCREEN_LOCKED, None
        )
        self.watching.append(f"screen lock ({SCREEN_LOCKED})")


def _observer(ns_object: type, on_sleep: Callable[[], None], on_lock: Callable[[], None]) -> Any:
    def will_sleep(self: Any, notification: Any) -> None:
        on_sleep()

    def screen_locked(self: Any, notification: Any) -> None:
        on_lock()

    # PyObjC maps the Python name willSleep_ to the selector willSleep:.
    methods = {"willSleep_": will_sleep, "screenLocked_": screen_locked}
    cls = type(f"StrongroomSleepObserver{next(_names)}", (ns_object,), methods)
    return cls.alloc().init()
