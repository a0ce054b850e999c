"""Opening the app's dialogs over the main window: one of a kind per vault, centred, and the
small questions asked before acting on a vault (rename, remove, a substituted vault)."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from app.i18n import translate
from app.services import engine
from app.services.controller import VaultController


class DialogLaunchers:
    """Opens dialogs parented to `window`; a second request for an open one raises it."""

    def __init__(self, window: QWidget, controller: VaultController) -> None:
        self.window = window
        self.controller = controller
        self.open_dialogs: dict[tuple[str, str], QWidget] = {}  # (kind, vault id) -> dialog
        self.substitution_box: QMessageBox | None = None  # the open question, for tests

    def is_open(self, kind: str, vault_id: str) -> bool:
        return (kind, vault_id) in self.open_dialogs

    def _single(self, kind: str, vault_id: str, make: Callable[[], QWidget]) -> QWidget:
        """One dialog of a kind per vault: a second request raises the open one."""
        key = (kind, vault_id)
        dialog = self.open_dialogs.get(key)
        if dialog is None:
            dialog = make()
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda *_: self.open_dialogs.pop(key, None))
            self.open_dialogs[key] = dialog
            dialog.adjustSize()
            self._centre(dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _centre(self, dialog: QWidget) -> None:
        """Over the window, or the screen while the window is hidden (unlock at start from the
        tray) or not yet placed: never at the screen's corner over the vault list."""
        window = self.window
        if window.isVisible() and window.geometry().isValid():
            area = window.frameGeometry()
        else:
            screen = window.screen() or QApplication.primaryScreen()
            area = screen.availableGeometry()
        frame = dialog.frameGeometry()
        frame.moveCenter(area.center())
        dialog.move(frame.topLeft())

    # --- per-vault dialogs ----------------------------------------------------------------

    def open_unlock(self, vault_id: str) -> QWidget:
        from app.gui.unlock_dialog import UnlockDialog

        def make() -> QWidget:
            dialog = UnlockDialog(self.controller, vault_id, self.window)
            dialog.forgotPassword.connect(self.open_reset_password)
            return dialog

        return self._single("unlock", vault_id, make)

    def open_options(self, vault_id: str) -> QWidget:
        from app.gui.vault_options import VaultOptionsDialog

        return self._single(
            "options", vault_id, lambda: VaultOptionsDialog(self.controller, vault_id, self.window)
        )

    def open_stats(self, vault_id: str) -> QWidget:
        from app.gui.stats import StatsWindow

        return self._single(
            "stats", vault_id, lambda: StatsWindow(self.controller, vault_id, self.window)
        )

    def open_change_password(self, vault_id: str) -> QWidget:
        from app.gui.password_dialogs import ChangePasswordDialog

        return self._single(
            "change_password",
            vault_id,
            lambda: ChangePasswordDialog(self.controller, vault_id, self.window),
        )

    def open_recovery_key(self, vault_id: str) -> QWidget:
        from app.gui.password_dialogs import RecoveryKeyDialog

        return self._single(
            "recovery_key",
            vault_id,
            lambda: RecoveryKeyDialog(self.controller, vault_id, self.window),
        )

    def open_reset_password(self, vault_id: str) -> QWidget:
        from app.gui.password_dialogs import ResetPasswordDialog

        return self._single(
            "reset_password",
            vault_id,
            lambda: ResetPasswordDialog(self.controller, vault_id, self.window),
        )

    def open_health(self, vault_id: str) -> QWidget:
        from app.gui.health_dialog import HealthDialog

        return self._single(
            "health", vault_id, lambda: HealthDialog(self.controller, vault_id, self.window)
        )

    # --- adding vaults --------------------------------------------------------------------

    def create_vault(self, created: Callable[[str], object]) -> QWidget:
        """The create wizard; `created(vault_id)` once it made a vault."""
        from app.gui.create_wizard import CreateVaultWizard

        wizard = CreateVaultWizard(self.controller, self.window)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(_result: int) -> None:
            if wizard.created_entry is not None:
                created(wizard.created_entry.id)

        wizard.finished.connect(finished)
        wizard.show()
        return wizard

    def add_existing_vault(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            translate("DialogLaunchers", "Open an existing vault"),
            os.path.expanduser("~"),
            translate("DialogLaunchers", "Vault file")
            + " (vault.cryptomator masterkey.cryptomator);;"
            + translate("DialogLaunchers", "All files")
            + " (*)",
        )
        if path:
            self.controller.add_existing(path)

    # --- questions before acting on a vault -----------------------------------------------

    def rename(self, vault_id: str) -> None:
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        name, ok = QInputDialog.getText(
            self.window,
            translate("DialogLaunchers", "Rename vault"),
            translate("DialogLaunchers", "Name shown in Strongroom:"),
            text=entry.name,
        )
        if ok and name.strip():
            self.controller.rename(vault_id, name)

    def remove(self, vault_id: str) -> None:
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        if self.controller.runtime(vault_id).session is not None:
            QMessageBox.information(
                self.window,
                translate("DialogLaunchers", "Vault is unlocked"),
                translate("DialogLaunchers", "Lock the vault before removing it."),
            )
            return
        answer = QMessageBox.question(
            self.window,
            translate("DialogLaunchers", "Remove from list"),
            translate(
                "DialogLaunchers",
                "Remove “{name}” from the list?\n\n"
                "Its files stay where they are ({folder}); you can add it again later.",
            ).format(name=entry.name, folder=entry.path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            if entry.password_saved:
                self.controller.forget_password(vault_id)
            self.controller.remove(vault_id)

    def confirm_substituted_vault(self, vault_id: str, identity: engine.VaultIdentity) -> bool:
        """Warn that the folder now holds another vault; True when the person continues."""
        entry = self.controller.entry(vault_id)
        name = entry.name if entry else ""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("DialogLaunchers", "A different vault"))
        box.setText(
            translate(
                "DialogLaunchers",
                "This folder now holds a different vault than the “{name}” you added.",
            ).format(name=name)
        )
        box.setInformativeText(
            translate(
                "DialogLaunchers",
                "{folder}\n\nVault ID when added: {old_id}\nVault ID now: {new_id}\n\n"
                "It may have been replaced by a sync tool, a backup restore, or someone else. "
                "Unlock it only if you expected this; a saved password is not used for it.",
            ).format(
                folder=entry.path if entry else "",
                old_id=entry.vault_jti if entry else "",
                new_id=identity.jti,
            )
        )
        proceed = box.addButton(
            translate("DialogLaunchers", "Continue to unlock"), QMessageBox.ButtonRole.AcceptRole
        )
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.substitution_box = box
        box.exec()
        self.substitution_box = None
        return box.clickedButton() is proceed
