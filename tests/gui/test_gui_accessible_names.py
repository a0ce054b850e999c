"""Every control that takes the keyboard focus has a name a screen reader can say: its visible
text or an accessible name. A control added without one fails here."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QMenu,
    QWidget,
)

from app.gui.create_wizard import CreateVaultWizard
from app.gui.health_dialog import HealthDialog
from app.gui.main_window import MainWindow
from app.gui.password_dialogs import ChangePasswordDialog, RecoveryKeyDialog, ResetPasswordDialog
from app.gui.preferences import PreferencesDialog
from app.gui.stats import StatsWindow
from app.gui.tray import Tray
from app.gui.unlock_dialog import UnlockDialog
from app.gui.vault_options import VaultOptionsDialog
from app.services.controller import VaultController
from app.settings import SettingsStore, VaultEntry
from vaultengine.vault import create_vault

pytestmark = pytest.mark.gui


def visible_text(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton | QLabel):
        return widget.text()
    if isinstance(widget, QGroupBox):
        return widget.title()
    return ""


def qt_internal(widget: QWidget, top: QWidget) -> bool:
    """Parts Qt builds and names itself: a spin box's or combo box's own line edit, the menu
    bar's overflow button."""
    w: QWidget | None = widget
    while w is not None and w is not top:
        if w.objectName().startswith("qt_"):
            return True
        parent = w.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox) and w is not parent:
            return True
        w = parent
    return False


def unnamed_controls(top: QWidget) -> list[str]:
    """Focusable controls of `top` (shown or hidden for now) with neither text nor a name."""
    missing = []
    for widget in top.findChildren(QWidget):
        if not widget.focusPolicy() & widget.focusPolicy().TabFocus or qt_internal(widget, top):
            continue
        if widget.accessibleName().strip() or visible_text(widget).strip():
            continue
        missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


@pytest.fixture
def setup(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring):
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    create_vault(str(tmp_path / "Data"), "long enough password 42", scrypt_cost=16)
    controller = VaultController(SettingsStore())
    entry = controller.add_entry(VaultEntry.new("Data", str(tmp_path / "Data")))
    return controller, entry.id


WINDOWS: dict[str, Callable[[VaultController, str], QWidget]] = {
    "main window": lambda c, _v: MainWindow(c),
    "unlock": lambda c, v: UnlockDialog(c, v),
    "create wizard": lambda c, _v: CreateVaultWizard(c, scrypt_cost=16),
    "vault options": lambda c, v: VaultOptionsDialog(c, v),
    "preferences": lambda c, _v: PreferencesDialog(c, tray_available=True),
    "change password": lambda c, v: ChangePasswordDialog(c, v),
    "recovery key": lambda c, v: RecoveryKeyDialog(c, v),
    "reset password": lambda c, v: ResetPasswordDialog(c, v),
    "health check": lambda c, v: HealthDialog(c, v),
    "statistics": lambda c, v: StatsWindow(c, v),
}


@pytest.mark.parametrize("which", list(WINDOWS))
def test_every_focusable_control_has_a_name(qtbot, setup, which: str) -> None:
    controller, vault_id = setup
    top = WINDOWS[which](controller, vault_id)
    qtbot.addWidget(top)
    top.show()
    assert unnamed_controls(top) == []


def test_the_check_finds_a_control_without_a_name(qtbot, setup) -> None:
    from PySide6.QtWidgets import QLineEdit, QToolButton

    controller, _vault_id = setup
    window = MainWindow(controller)
    qtbot.addWidget(window)
    QLineEdit(window.detail)
    QToolButton(window.detail)
    assert unnamed_controls(window) == ["QLineEdit ''", "QToolButton ''"]


def test_the_vault_list_says_each_vault_and_its_state(qtbot, setup) -> None:
    from PySide6.QtCore import Qt

    controller, _vault_id = setup
    window = MainWindow(controller)
    qtbot.addWidget(window)
    index = window.model.index(0, 0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Data"
    assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Locked"


def test_tray_menu_entries_have_text(qtbot, setup) -> None:
    controller, _vault_id = setup
    window = MainWindow(controller)
    qtbot.addWidget(window)
    tray = Tray(window.model, lambda _a, _v: None)
    menus = [tray.menu, *tray.menu.findChildren(QMenu)]
    actions = [a for m in menus for a in m.actions() if not a.isSeparator()]
    assert len(actions) > 5
    assert all(a.text().strip() for a in actions)
    assert tray.menu.accessibleName()
