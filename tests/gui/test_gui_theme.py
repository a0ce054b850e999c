"""Strongroom's own look (Preferences: "Follow the system theme" off) must still show which
actions are disabled."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton

from app.gui.theme import apply_theme

pytestmark = pytest.mark.gui


def _rendered(button: QPushButton) -> list[int]:
    image = button.grab().toImage()
    return [image.pixel(x, y) for y in range(image.height()) for x in range(image.width())]


@pytest.mark.parametrize("follow_system", [False, True])
def test_disabled_buttons_do_not_look_enabled(qtbot, follow_system: bool) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, follow_system)
    try:
        palette = app.palette()
        for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
            assert palette.color(QPalette.ColorGroup.Disabled, role) != palette.color(
                QPalette.ColorGroup.Active, role
            ), role
        live = QPushButton("Unlock…")
        dead = QPushButton("Unlock…")
        dead.setEnabled(False)
        for button in (live, dead):
            qtbot.addWidget(button)
            button.resize(120, 32)
        assert _rendered(live) != _rendered(dead)
    finally:
        apply_theme(app, True)
