"""Run blocking engine calls on a thread pool; results come back to the GUI thread as signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot

log = logging.getLogger(__name__)


class ProgressReporter:
    """Handed to a task function that takes `progress=`: call it from the worker thread."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay

    def __call__(self, value: object) -> None:
        self._relay.progress.emit(value)


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted by the worker are queued to it."""

    succeeded = Signal(object)
    failed = Signal(object)
    progress = Signal(object)

    def __init__(
        self,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_progress: Callable[[Any], None] | None,
    ) -> None:
        super().__init__()
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_progress = on_progress
        self.done = False
        # Bound slots of a QObject in the GUI thread: Qt queues them across threads.
        self.succeeded.connect(self._deliver_success)
        self.failed.connect(self._deliver_failure)
        self.progress.connect(self._deliver_progress)

    def _release(self) -> None:
        # Dropping the last reference inside our own slot would delete this QObject while Qt
        # is still delivering to it (a crash): let go once control is back in the event loop.
        QTimer.singleShot(0, lambda: _LIVE.discard(self))

    @Slot(object)
    def _deliver_success(self, result: object) -> None:
        self.done = True
        self._release()
        if self._on_success is not None:
            self._on_success(result)

    @Slot(object)
    def _deliver_failure(self, exc: object) -> None:
        self.done = True
        self._release()
        if self._on_failure is not None:
            self._on_failure(exc)  # type: ignore[arg-type]
        else:
            log.error("background task failed", exc_info=exc)  # type: ignore[arg-type]

    @Slot(object)
    def _deliver_progress(self, value: object) -> None:
        if self._on_progress is not None and not self.done:
            self._on_progress(value)


# Relays stay referenced until they deliver: a dropped relay would lose its result.
_LIVE: set[_Relay] = set()


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:  # worker thread
        try:
            result = self._fn()
        except BaseException as exc:
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


_POOL: QThreadPool | None = None


def pool() -> QThreadPool:
    """The app's own pool: unlocks and mounts do not queue behind unrelated Qt work."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(4)
    return _POOL


def run_task(
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    **kwargs: Any,
) -> None:
    """Call fn(*args, **kwargs) on a worker thread; callbacks run later on the GUI thread.

    With on_progress, fn also receives progress=ProgressReporter.
    """
    relay = _Relay(on_success, on_failure, on_progress)
    _LIVE.add(relay)
    if on_progress is not None:
        kwargs["progress"] = ProgressReporter(relay)
    pool().start(_Task(lambda: fn(*args, **kwargs), relay))


def wait_for_tasks(timeout_ms: int = 30000) -> bool:
    """Block until the pool is idle (used when quitting, after locking everything)."""
    return pool().waitForDone(timeout_ms)
