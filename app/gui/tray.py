"""The tray icon: locked/unlocked look, and a menu rebuilt from the vault list model."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.gui.icons import icon
from app.gui.tray_menu import fill_menu, tray_menu_spec
from app.gui.vault_model import VaultListModel
from app.i18n import translate


class Tray(QObject):
    def __init__(
        self,
        model: VaultListModel,
        handler: Callable[[str, str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.handler = handler
        self.menu = QMenu()
        self.menu.setAccessibleName("Strongroom")
        self.icon = QSystemTrayIcon(self)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        for signal in (model.dataChanged, model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        views = self.model.views()
        unlocked = [v.name for v in views if v.unlocked]
        self.icon.setIcon(icon("tray-unlocked" if unlocked else "tray-locked"))
        self.icon.setToolTip(
            translate("Tray", "Strongroom: {names} unlocked").format(names=", ".join(unlocked))
            if unlocked
            else translate("Tray", "Strongroom: all locked")
        )
        # Rebuilt on every change: some trays (StatusNotifier) never send aboutToShow.
        fill_menu(self.menu, tray_menu_spec(views), self.handler)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def notify(self, title: str, message: str) -> None:
        if self.icon.isVisible() and self.icon.supportsMessages():
            self.icon.showMessage(title, message, icon("strongroom"), 6000)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.handler("toggle", "")
