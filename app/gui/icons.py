"""The app's own SVG icons from resources/icons, cached by name."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon


def icon_dir() -> Path:
    frozen_base = getattr(sys, "_MEIPASS", None)  # PyInstaller bundle
    if frozen_base:
        return Path(frozen_base) / "resources" / "icons"
    return Path(__file__).resolve().parents[2] / "resources" / "icons"


@cache
def icon(name: str) -> QIcon:
    """QIcon for resources/icons/NAME.svg (an empty icon if the file is missing)."""
    path = icon_dir() / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    return icon("strongroom")
