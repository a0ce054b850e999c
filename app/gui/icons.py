"""The app's own SVG icons from resources/icons, cached by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from vaultengine.resource_files import resource_path


def icon_dir() -> Path:
    return resource_path("icons")


@cache
def icon(name: str) -> QIcon:
    """QIcon for resources/icons/NAME.svg (an empty icon if the file is missing)."""
    path = icon_dir() / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()


def app_icon() -> QIcon:
    return icon("strongroom")
