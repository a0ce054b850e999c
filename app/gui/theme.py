"""The app's look: the desktop's own style and colours, or Strongroom's calm look (Fusion) in a
light or a dark variant. Either way it follows the system's colour scheme, also when that
changes while the app runs (QStyleHints.colorSchemeChanged)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

Role = QPalette.ColorRole

LIGHT = {
    Role.Window: "#f4f5f7",
    Role.WindowText: "#1f2933",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#eef1f4",
    Role.Text: "#1f2933",
    Role.Button: "#f4f5f7",
    Role.ButtonText: "#1f2933",
    Role.Highlight: "#2f6f73",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#ffffff",
    Role.ToolTipText: "#1f2933",
    # Also the muted hint texts (widgets.hint_label): dark enough to read (4.5:1).
    Role.PlaceholderText: "#66707a",
    Role.Link: "#2f6f73",
}
# setColor(role, ...) fills every colour group, Disabled included, so without these a disabled
# button or menu entry would look exactly like a live one.
LIGHT_DISABLED = {
    Role.WindowText: "#9aa3ad",
    Role.Text: "#9aa3ad",
    Role.ButtonText: "#9aa3ad",
    Role.Button: "#eceef1",
    Role.Base: "#f4f5f7",
    Role.Highlight: "#b7c4c5",
    Role.HighlightedText: "#f4f5f7",
    Role.Link: "#9aa3ad",
}
DARK = {
    Role.Window: "#1e2328",
    Role.WindowText: "#e3e7eb",
    Role.Base: "#15191d",
    Role.AlternateBase: "#242a30",
    Role.Text: "#e3e7eb",
    Role.Button: "#2a3036",
    Role.ButtonText: "#e3e7eb",
    Role.Highlight: "#3d8a8f",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#2a3036",
    Role.ToolTipText: "#e3e7eb",
    Role.PlaceholderText: "#9aa3ad",
    Role.Link: "#7cc4c8",
    Role.Light: "#3a4148",
    Role.Midlight: "#323940",
    Role.Mid: "#4a525a",
    Role.Dark: "#101316",
    Role.Shadow: "#0a0c0e",
}
DARK_DISABLED = {
    Role.WindowText: "#6b747d",
    Role.Text: "#6b747d",
    Role.ButtonText: "#6b747d",
    Role.Button: "#24292e",
    Role.Base: "#1b1f23",
    Role.Highlight: "#3a4a4c",
    Role.HighlightedText: "#9aa3ad",
    Role.Link: "#6b747d",
}

_system_style = ""
_follow_system = True
_watching = False


def own_palette(dark: bool) -> QPalette:
    """Strongroom's own colours, light or dark."""
    palette = QPalette()
    for role, colour in (DARK if dark else LIGHT).items():
        palette.setColor(role, QColor(colour))
    for role, colour in (DARK_DISABLED if dark else LIGHT_DISABLED).items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Window).lightness() < palette.color(Role.WindowText).lightness()


def system_prefers_dark(app: QGuiApplication) -> bool:
    """Whether the desktop asks for a dark scheme (light where the platform does not say)."""
    return app.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, follow_system: bool, *, dark: bool | None = None) -> None:
    """Follow the desktop's style and colours, or use Strongroom's own look in the system's
    scheme (`dark` chooses the variant instead, for screenshots)."""
    global _system_style, _follow_system, _watching
    if not _system_style:
        _system_style = app.style().name()
    if not _watching:
        _watching = True
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: _scheme_changed(app))
    _follow_system = follow_system
    if follow_system:
        app.setStyle(QStyleFactory.create(_system_style))
        # An empty palette resets to the platform's, which Qt then keeps in step with the scheme.
        app.setPalette(QPalette())
        return
    app.setStyle(QStyleFactory.create("Fusion"))
    app.setPalette(own_palette(system_prefers_dark(app) if dark is None else dark))


def _scheme_changed(app: QApplication) -> None:
    if not _follow_system:
        apply_theme(app, False)
