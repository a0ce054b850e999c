"""The selected vault stays selected when the list is rebuilt (rename, options, preferences),
and a vault just added becomes the selection: the next Lock or Remove must hit the vault the
user sees selected."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtGui import QAction

from app.gui.main_window import MainWindow
from app.services.controller import VaultController
from app.settings import SettingsStore, VaultEntry

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring):
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    controller = VaultController(SettingsStore())
    for name in ("Alpha", "Bravo", "Charlie"):
        (tmp_path / name).mkdir()
        controller.add_entry(VaultEntry.new(name, str(tmp_path / name)))
    win = MainWindow(controller)
    qtbot.addWidget(win)
    return win


def _selected_name(win: MainWindow) -> str:
    entry = win.controller.entry(win.selected_id())
    assert entry is not None
    return entry.name


def _id_of(win: MainWindow, name: str) -> str:
    return next(e.id for e in win.controller.vaults if e.name == name)


def test_rename_keeps_the_selection(window: MainWindow) -> None:
    window.select(_id_of(window, "Bravo"))
    window.controller.rename(_id_of(window, "Bravo"), "Bravo renamed")
    assert _selected_name(window) == "Bravo renamed"


def test_saving_options_keeps_the_selection(window: MainWindow) -> None:
    charlie = _id_of(window, "Charlie")
    window.select(charlie)
    entry = window.controller.entry(charlie)
    assert entry is not None
    window.controller.set_options(charlie, entry.options)
    assert window.selected_id() == charlie


def test_a_vault_just_added_is_selected(window: MainWindow, tmp_path: Path) -> None:
    window.select(_id_of(window, "Alpha"))
    (tmp_path / "Delta").mkdir()
    window.controller.add_entry(VaultEntry.new("Delta", str(tmp_path / "Delta")))
    assert _selected_name(window) == "Delta"


def test_removing_the_selected_vault_selects_another(window: MainWindow) -> None:
    bravo = _id_of(window, "Bravo")
    window.select(bravo)
    assert window.controller.remove(bravo)
    assert window.selected_id() in {_id_of(window, "Alpha"), _id_of(window, "Charlie")}


def test_preferences_have_a_keyboard_shortcut(window: MainWindow) -> None:
    prefs = next(
        a for a in window.findChildren(QAction) if a.text().replace("&", "") == "Preferences…"
    )
    assert not prefs.shortcut().isEmpty()


def test_closing_to_the_tray_says_so_the_first_time_only(qtbot, window: MainWindow) -> None:
    window.keep_running_in_tray = True
    window.show()
    notices: list[tuple[str, str]] = []
    window.controller.notice.connect(lambda title, text: notices.append((title, text)))
    window.close()
    assert not window.isVisible()
    assert len(notices) == 1 and "tray" in notices[0][1]
    assert SettingsStore().load().preferences.tray_hint_shown
    window.show()
    window.close()
    assert len(notices) == 1


@pytest.mark.parametrize("window_shown", [True, False])
def test_dialogs_open_centred_not_in_the_corner(qtbot, window: MainWindow, window_shown) -> None:
    """The unlock dialog at start (window shown, or hidden in the tray) is centred over the
    window or the screen."""
    if window_shown:
        window.move(300, 200)
        window.show()
        qtbot.waitExposed(window)
        area = window.frameGeometry()
    else:
        area = window.screen().availableGeometry()
    dialog = window.dialogs.open_unlock(_id_of(window, "Alpha"))
    qtbot.waitExposed(dialog)
    centre = dialog.frameGeometry().center()
    assert abs(centre.x() - area.center().x()) <= 2 and abs(centre.y() - area.center().y()) <= 2
    assert dialog.frameGeometry().topLeft() != area.topLeft()
    dialog.close()
