"""Unlock the vaults marked "Unlock when Strongroom starts", waiting for a locked keychain first.

Vaults with a saved password wait (app/services/keychain_wait.py, on a worker thread) until the
keychain is unlocked, then unlock without a question; past the limit set in Preferences they
ask for the password instead. Vaults without a saved password ask at once, as before."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from app.gui.main_window import MainWindow
from app.i18n import translate
from app.services import tasks
from app.services.keychain_wait import Outcome, clamp_wait_seconds, wait_for_keychain

log = logging.getLogger(__name__)


def waiting_message() -> str:
    """The status line while vaults that unlock at start wait for the keychain."""
    return translate("StartUnlock", "Waiting for the keychain to unlock…")


class StartUnlock(QObject):
    finished = Signal(object)  # Outcome, once the vaults were unlocked or asked for

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self._stop = threading.Event()
        self.waiting = False  # the keychain was found locked and the wait is still on

    def begin(self) -> None:
        marked = [e for e in self.controller.vaults if e.options.unlock_on_start]
        saved = [e.id for e in marked if e.password_saved]
        for entry in marked:
            if not entry.password_saved:
                self.window.unlock(entry.id)
        if not saved:
            return
        limit = clamp_wait_seconds(self.controller.settings.preferences.keychain_wait_seconds)
        tasks.run_task(
            wait_for_keychain,
            self.controller.keychain.backend,
            limit,
            self._stop,
            on_progress=lambda _value: self._show_waiting(),
            on_success=lambda outcome: self._done(saved, outcome),
            on_failure=lambda exc: self._watch_failed(saved, exc),
        )

    def stop(self) -> None:
        """The app is quitting: end the wait (within a quarter second) and unlock nothing."""
        self._stop.set()

    def _show_waiting(self) -> None:
        self.waiting = True
        self.window.statusBar().showMessage(waiting_message())

    def _end_waiting(self) -> None:
        if self.waiting and self.window.statusBar().currentMessage() == waiting_message():
            self.window.statusBar().clearMessage()
        self.waiting = False

    def _done(self, vault_ids: list[str], outcome: object) -> None:
        assert isinstance(outcome, Outcome)
        self._end_waiting()
        if outcome is Outcome.STOPPED or self._stop.is_set():
            return
        ask = outcome is Outcome.TIMED_OUT
        if ask:
            log.info("the keychain stayed locked: asking for the vault passwords")
        for vault_id in vault_ids:
            self.window.unlock(vault_id, ask_password=ask)
        self.finished.emit(outcome)

    def _watch_failed(self, vault_ids: list[str], exc: BaseException) -> None:
        """The keychain could not be watched: read the saved passwords now, as before."""
        log.warning("could not wait for the keychain: %s", exc)
        self._done(vault_ids, Outcome.READY)
