"""Start the desktop app: single instance, settings, controller, window, tray, suspend watch."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from app import i18n
from app.gui.icons import app_icon
from app.gui.main_window import MainWindow
from app.gui.start_unlock import StartUnlock
from app.gui.theme import apply_theme
from app.gui.vault_actions import action as vault_action
from app.i18n import translate
from app.logfile import start_log_file
from app.services import tasks
from app.services.auto_lock import AutoLock
from app.services.controller import VaultController
from app.services.gc_guard import GuiThreadCollector
from app.services.remote_control import RemoteControl
from app.services.single_instance import SingleInstance
from app.services.suspend import SuspendWatcher
from app.settings import APP_NAME, SettingsStore

log = logging.getLogger(__name__)


class StrongroomApp:
    """Wires the pieces together; kept apart from run() so tests can build it on their own."""

    def __init__(self, app: QApplication, *, start_hidden: bool | None = None) -> None:
        self.app = app
        self.store = SettingsStore()
        self.controller = VaultController(self.store)
        self.controller.probe_keychain()
        # Before the window: see RemoteControl (`strongroom status/unlock/lock`).
        self.remote = RemoteControl(self.controller, self)
        prefs = self.controller.settings.preferences
        # Before any window: texts are translated when widgets are built.
        i18n.install(prefs.language)
        apply_theme(app, prefs.follow_system_theme)
        self.window = MainWindow(self.controller)
        self.window.quitRequested.connect(self.quit)
        self.window.preferencesRequested.connect(self.open_preferences)
        self.tray = None
        self.tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        if self.tray_available:
            from app.gui.tray import Tray

            self.tray = Tray(self.window.model, self.tray_action, app)
            self.tray.show()
            self.controller.notice.connect(self.tray.notify)
            self.window.keep_running_in_tray = True
        self.suspend = SuspendWatcher(app)
        self.auto_lock = AutoLock(self.controller)
        self.auto_lock.watch(self.suspend)
        if self.store.load_problem:
            self.controller.notice.emit(translate("App", "Settings"), self.store.load_problem)
        hidden = prefs.start_hidden if start_hidden is None else start_hidden
        if not (hidden and self.tray_available):
            self.window.show()
        self.start_unlock = StartUnlock(self.window)
        self.start_unlock.begin()

    def show_window(self) -> None:
        self.window.show()
        self.window.setWindowState(
            self.window.windowState() & ~self.window.windowState().WindowMinimized
        )
        self.window.raise_()
        self.window.activateWindow()

    def open_unlock_dialog(self, vault_id: str) -> None:
        self.window.select(vault_id)
        self.window.dialogs.open_unlock(vault_id)

    def tray_action(self, action: str, vault_id: str) -> None:
        if action == "toggle":
            if self.window.isVisible() and self.window.isActiveWindow():
                self.window.hide()
            else:
                self.show_window()
        elif action == "show":
            self.show_window()
        elif vault_id:  # a vault action of the table
            if vault_action(action).shows_window:
                self.show_window()
                self.window.select(vault_id)
            self.window.do_action(action, vault_id)
        elif action == "lock_all":
            self.controller.lock_all()
        elif action == "preferences":
            self.open_preferences()
        elif action == "quit":
            self.show_window()
            self.window.request_quit()

    def open_preferences(self) -> None:
        from app.gui.preferences import PreferencesDialog

        dialog = PreferencesDialog(
            self.controller, tray_available=self.tray_available, parent=self.window
        )
        dialog.themeChanged.connect(lambda follow: apply_theme(self.app, follow))
        dialog.exec()

    def quit(self) -> None:
        self.shutdown()
        self.app.quit()

    def shutdown(self) -> None:
        """Last resort at exit: anything still unlocked is force-locked off the GUI thread."""
        from app.services.after_lock import lock_then_clean

        self.start_unlock.stop()
        clean = self.controller.settings.preferences.remove_traces_after_lock
        for vault_id in self.controller.unlocked_ids():
            session = self.controller.runtime(vault_id).session
            if session is not None:
                tasks.run_task(lock_then_clean, session, force=True, clean=clean)
        tasks.wait_for_tasks(20_000)
        if self.tray is not None:
            self.tray.hide()


def _parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="strongroom gui", add_help=True)
    parser.add_argument("--hidden", action="store_true", help="start in the tray only")
    parser.add_argument("--debug", action="store_true", help="log debugging detail")
    return parser.parse_known_args(argv[1:])


def run(argv: list[str] | None = None) -> int:
    """The desktop app's entry point; returns the process exit code."""
    argv = list(sys.argv if argv is None else argv)
    args, qt_args = _parse(argv)
    # stderr gets warnings (everything with --debug); the log file keeps INFO and up as well.
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.DEBUG if args.debug else logging.WARNING)
    logging.getLogger().addHandler(stderr)
    logging.getLogger().setLevel(logging.DEBUG if args.debug else logging.INFO)
    start_log_file(logging.DEBUG if args.debug else logging.INFO)
    app = QApplication.instance() or QApplication([argv[0], *qt_args])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("strongroom")
    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)

    collector = GuiThreadCollector(parent=app)  # Qt objects must die on the GUI thread
    instance = SingleInstance()
    if not instance.claim():
        print(
            translate("App", "Strongroom is already running; its window was brought forward."),
            file=sys.stderr,
        )
        return 0
    strongroom = StrongroomApp(app, start_hidden=True if args.hidden else None)
    instance.activated.connect(strongroom.show_window)
    instance.handler = strongroom.remote.handle

    # Ctrl+C and SIGTERM (logout) lock the vaults on the way out.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, strongroom.quit))
    ticker = QTimer()
    ticker.start(500)  # lets Python run its signal handlers while Qt's loop is idle
    ticker.timeout.connect(lambda: None)
    app.aboutToQuit.connect(strongroom.shutdown)
    code = app.exec()
    instance.close()
    collector.stop()
    return int(code)
