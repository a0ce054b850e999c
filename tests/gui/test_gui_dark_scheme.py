"""The look follows the system's colour scheme: in the dark variant the main window's icons are
drawn light on the dark background, not dark on dark, and a change of scheme reaches them."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication

from app.gui.icons import app_icon, icon
from app.gui.main_window import MainWindow
from app.gui.theme import apply_theme, is_dark
from app.services.controller import VaultController
from app.settings import SettingsStore, VaultEntry
from vaultengine.vault import create_vault

pytestmark = pytest.mark.gui


def ink_lightness(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> float:
    """Mean lightness of the icon's drawn (non-transparent) pixels, weighted by their alpha."""
    image = icon.pixmap(QSize(32, 32), mode).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    total = weight = 0.0
    for y in range(image.height()):
        for x in range(image.width()):
            colour = QColor.fromRgba(image.pixel(x, y))
            total += colour.lightnessF() * colour.alphaF()
            weight += colour.alphaF()
    assert weight > 0, "the icon draws nothing"
    return total / weight


@pytest.fixture
def window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    create_vault(str(tmp_path / "Data"), "long enough password 42", scrypt_cost=16)
    controller = VaultController(SettingsStore())
    controller.add_entry(VaultEntry.new("Data", str(tmp_path / "Data")))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    win = MainWindow(controller)
    qtbot.addWidget(win)
    win.show()
    yield app, win
    apply_theme(app, True)


def window_icons(win: MainWindow) -> list[tuple[str, QIcon]]:
    """Every line icon the main window shows: its buttons and its menus' entries."""
    logo = app_icon().cacheKey()  # the app's coloured badge, the same in both schemes
    buttons = [b for b in win.findChildren(QAbstractButton) if b.isVisibleTo(win)]
    icons = [(b.text() or b.toolTip(), b.icon()) for b in buttons]
    icons += [(a.text(), a.icon()) for a in win.findChildren(QAction)]
    return [(name, i) for name, i in icons if not i.isNull() and i.cacheKey() != logo]


@pytest.mark.parametrize("dark", [True, False])
def test_icons_stand_out_from_the_window_background(window, dark: bool) -> None:
    app, win = window
    apply_theme(app, False, dark=dark)
    assert is_dark(app.palette()) is dark
    app.processEvents()  # the palette reaches the widgets through events
    background = win.palette().color(QPalette.ColorRole.Window).lightnessF()
    icons = window_icons(win)
    assert len(icons) >= 10
    for name, shown in icons:
        if shown.pixmap(16, 16).isNull():
            continue
        ink = ink_lightness(shown)
        assert abs(ink - background) > 0.4, (
            f"{name!r}: ink {ink:.2f} on background {background:.2f}"
        )


def test_a_change_of_scheme_repaints_the_icons_and_hints(window) -> None:
    app, win = window
    apply_theme(app, False, dark=False)
    lock = win.lock_all_action.icon()
    light_ink = ink_lightness(lock)
    apply_theme(app, False, dark=True)
    app.processEvents()
    assert ink_lightness(lock) > light_ink + 0.4
    # Hint texts are muted from the palette: after the switch they are light too.
    hint = win.detail.path
    assert hint.palette().color(hint.foregroundRole()).lightnessF() > 0.55


def test_disabled_icons_differ_from_live_ones_in_the_dark(window) -> None:
    app, _win = window
    apply_theme(app, False, dark=True)
    live = ink_lightness(icon("lock"))
    dead = ink_lightness(icon("lock"), QIcon.Mode.Disabled)
    assert live - dead > 0.2


def mean_lightness(image: QImage) -> float:
    pixels = [
        QColor.fromRgb(image.pixel(x, y)).lightnessF()
        for y in range(image.height())
        for x in range(image.width())
    ]
    return sum(pixels) / len(pixels)


def test_buttons_take_the_dark_colours_after_a_live_switch(window) -> None:
    """A button styled once (a style sheet keeps the palette it was made with) would stay a
    light patch with light text in a dark window."""
    app, win = window
    apply_theme(app, False, dark=False)
    app.processEvents()
    apply_theme(app, False, dark=True)
    app.processEvents()
    buttons = [b for b in win.findChildren(QAbstractButton) if b.isVisibleTo(win)]
    assert len(buttons) >= 5
    for button in buttons:
        assert mean_lightness(button.grab().toImage()) < 0.5, button.text() or button.toolTip()
