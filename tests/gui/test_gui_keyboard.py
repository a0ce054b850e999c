"""The main flows with the keyboard alone: Tab, Backtab, arrows, Space, Enter and typing, no
mouse and no method calls that press buttons. Add an existing vault, create one in the wizard,
unlock it (a real FUSE mount), lock it, and change one of its options."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget, QWizard

from app.gui.create_wizard import CreateVaultWizard
from app.gui.main_window import MainWindow
from app.gui.unlock_dialog import UnlockDialog
from app.gui.vault_options import VaultOptionsDialog
from app.services.controller import VaultController, VaultState
from tests.helpers.gui import needs_fuse
from tests.helpers.mounts import mounts_under
from vaultengine.vault import create_vault

pytestmark = [pytest.mark.gui, pytest.mark.fuse, pytest.mark.usefixtures("collect_on_gui_thread")]

TEST_SCRYPT_COST = 16
PASSWORD = "long enough password 42"
KEY = Qt.Key


@pytest.fixture
def controller(controller, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The gui layer's controller; the wizard opened from the window gets a cheap key
    derivation and tmp_path to start from."""
    defaults = CreateVaultWizard.__init__.__kwdefaults__
    monkeypatch.setitem(defaults, "scrypt_cost", TEST_SCRYPT_COST)
    monkeypatch.setitem(defaults, "default_location", str(tmp_path))
    return controller


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard focus is, as the user's keyboard would send it."""
    target = focused() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifier)


def type_text(text: str) -> None:
    target = focused()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClicks(target, text)


def tab_to(target: QWidget, *, backwards: bool = False, limit: int = 40) -> None:
    """Tab (or Backtab) until `target` has the focus; fails when Tab never reaches it."""
    seen = []
    for _ in range(limit):
        if focused() is target:
            return
        seen.append(type(focused()).__name__)
        press(KEY.Key_Backtab if backwards else KEY.Key_Tab)
    raise AssertionError(f"Tab never reached {target!r}; went through {seen}")


def replace_text(text: str) -> None:
    press(KEY.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(text)


def answer_file_dialog(qtbot, path: str) -> list[str]:
    """Type `path` into the file dialog that is about to open, then Enter."""
    answered: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
            QTimer.singleShot(50, answer)
            return
        if focused() is None or focused().window() is not dialog:
            QTimer.singleShot(50, answer)
            return
        replace_text(path)
        press(KEY.Key_Return)
        answered.append(path)

    QTimer.singleShot(50, answer)
    return answered


def show_window(qtbot, controller: VaultController) -> MainWindow:
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: focused() is not None)  # the window gives its first widget focus
    return window


def back_to(qtbot, window: QWidget) -> None:
    """What the window manager does when a dialog closes: the window is active again."""
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.waitUntil(lambda: focused() is not None and focused().window() is window)


def active_dialog(qtbot, kind: type) -> QWidget:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeWindow(), kind), timeout=5000)
    dialog = QApplication.activeWindow()
    assert dialog is not None
    return dialog


@needs_fuse
def test_the_main_flows_with_the_keyboard_alone(qtbot, controller, tmp_path: Path) -> None:
    existing = tmp_path / "Existing"
    create_vault(str(existing), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    window = show_window(qtbot, controller)

    # Add an existing vault: Ctrl+O, type the vault file's path in the file dialog, Enter.
    answered = answer_file_dialog(qtbot, str(existing / "vault.cryptomator"))
    press(KEY.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert answered
    qtbot.waitUntil(lambda: [e.name for e in controller.settings.vaults] == ["Existing"])

    # Create a vault: Ctrl+N opens the wizard with the focus in the name field.
    back_to(qtbot, window)
    press(KEY.Key_N, Qt.KeyboardModifier.ControlModifier)
    wizard = active_dialog(qtbot, CreateVaultWizard)
    assert isinstance(wizard, CreateVaultWizard)
    qtbot.waitUntil(lambda: focused() is wizard.name_page.name)
    type_text("Typed")
    press(KEY.Key_Tab)
    assert focused() is wizard.name_page.location
    replace_text(str(tmp_path))
    press(KEY.Key_Return)  # Next
    page = wizard.password_page
    qtbot.waitUntil(lambda: wizard.currentPage() is page)
    qtbot.waitUntil(lambda: focused() is page.password)
    type_text(PASSWORD)
    press(KEY.Key_Tab)
    assert focused() is page.confirm
    type_text(PASSWORD)
    press(KEY.Key_Return)  # creates the vault, then shows the recovery key
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page, timeout=15000)
    assert len(wizard.key_page.key.toPlainText().split()) == 44
    tab_to(wizard.key_page.written)
    press(KEY.Key_Space)
    assert wizard.key_page.written.isChecked()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    press(KEY.Key_Return)  # Done
    qtbot.waitUntil(lambda: not wizard.isVisible())
    typed = next(e for e in controller.settings.vaults if e.name == "Typed")
    typed.options.after_unlock = "nothing"
    assert window.selected_id() == typed.id  # the new vault is selected

    # Unlock: from the vault list, Enter opens the password dialog; type it, Enter.
    back_to(qtbot, window)
    tab_to(window.list)
    assert window.list.accessibleName()
    press(KEY.Key_Return)
    dialog = active_dialog(qtbot, UnlockDialog)
    assert isinstance(dialog, UnlockDialog)
    qtbot.waitUntil(lambda: focused() is dialog.password)
    type_text(PASSWORD)
    with qtbot.waitSignal(controller.unlockSucceeded, timeout=15000):
        press(KEY.Key_Return)
    assert controller.state(typed.id) is VaultState.UNLOCKED
    assert os.path.ismount(controller.mount_point(typed.id))

    # Lock with the pane's primary button, reached with Tab, pressed with Space.
    back_to(qtbot, window)
    tab_to(window.detail.primary)
    assert window.detail.primary.text() == "Lock"
    with qtbot.waitSignal(controller.stateChanged, timeout=15000):
        press(KEY.Key_Space)
    qtbot.waitUntil(lambda: controller.state(typed.id) is VaultState.LOCKED, timeout=15000)
    assert not mounts_under(tmp_path)

    # Vault options from the pane (Backtab goes round the other way), then an idle lock.
    options_button = window.detail.secondary["options"]
    tab_to(options_button, backwards=True)
    press(KEY.Key_Space)
    options = active_dialog(qtbot, VaultOptionsDialog)
    assert isinstance(options, VaultOptionsDialog)
    tab_to(options.idle_lock)
    press(KEY.Key_Space)
    press(KEY.Key_Tab)
    assert focused() is options.idle_minutes
    replace_text("45")
    press(KEY.Key_Return)  # Save
    qtbot.waitUntil(lambda: not options.isVisible())
    assert controller.entry(typed.id).options.idle_lock_minutes == 45
