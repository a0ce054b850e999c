"""The app's own SVG icons from resources/icons, cached by name.

The line icons are drawn in one ink colour (INK); they are painted in the palette's text colour
instead, at paint time, so they stay readable on a dark scheme and follow a change of scheme
while the app runs. The coloured icons (vault states, tray, app) are used as drawn."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from vaultengine.resource_files import resource_path

INK = "#4a5866"


def icon_dir() -> Path:
    return resource_path("icons")


def ink_colour(mode: QIcon.Mode) -> str:
    """The palette colour a line icon is painted in for `mode`."""
    palette = QGuiApplication.palette()
    if mode == QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()
    if mode == QIcon.Mode.Selected:
        return palette.color(QPalette.ColorRole.HighlightedText).name()
    return palette.color(QPalette.ColorRole.WindowText).name()


class InkIconEngine(QIconEngine):
    """Renders a one-colour SVG with its ink replaced by the palette's colour for the mode."""

    def __init__(self, svg: str) -> None:
        super().__init__()
        self._svg = svg
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = ink_colour(mode)
        renderer = self._renderers.get(colour)
        if renderer is None:
            renderer = QSvgRenderer(QByteArray(self._svg.replace(INK, colour).encode()))
            self._renderers[colour] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = self.pixmap(size * scale, mode, state)
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return InkIconEngine(self._svg)

    def key(self) -> str:
        return "strongroom-ink"


@cache
def icon(name: str) -> QIcon:
    """QIcon for resources/icons/NAME.svg (an empty icon if the file is missing)."""
    path = icon_dir() / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    return QIcon(InkIconEngine(svg)) if INK in svg else QIcon(str(path))


def app_icon() -> QIcon:
    return icon("strongroom")
