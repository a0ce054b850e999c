"""Change the password, show the recovery key (after the password), reset with the recovery key."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.gui.errors import describe_error
from app.gui.recovery_key_actions import RecoveryKeyActions
from app.gui.widgets import MessageLabel, PasswordField, StrengthMeter, hint_label
from app.i18n import translate
from app.services import tasks
from app.services.controller import VaultController
from vaultengine.vault import change_password, reset_password, show_recovery_key


class _VaultTaskDialog(QDialog):
    """A form with OK/Cancel whose OK runs one engine call in the background."""

    def __init__(
        self, controller: VaultController, vault_id: str, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.vault_id = vault_id
        entry = controller.entry(vault_id)
        self.vault_path = entry.path if entry else ""
        self.vault_name = entry.name if entry else ""
        self.setWindowTitle(
            translate("PasswordDialogs", "{title}: {name}").format(
                title=title, name=self.vault_name
            )
        )
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        self.message = MessageLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(20, 18, 20, 14)
        self.layout_.setSpacing(10)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.progress)
        self.layout_.addWidget(self.buttons)
        self._busy = False
        self._focused = False
        # Enter means OK; Cancel must not be the button that keyboard focus starts on.
        self.ok.setDefault(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._focused:
            self._focused = True
            first = self._first_field()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _first_field(self) -> QWidget | None:
        """The first enabled text field of the form, where typing should go."""
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLineEdit | QPlainTextEdit) and widget.isEnabled():
                return widget
        return None

    def ready(self) -> bool:
        return True

    def refresh(self) -> None:
        self.ok.setEnabled(not self._busy and self.ready())

    def call(self) -> tuple[object, ...]:
        raise NotImplementedError

    def succeeded(self, result: object) -> None:
        self.accept()

    def _start(self) -> None:
        if self._busy or not self.ready():
            return
        self._busy = True
        self.progress.show()
        self.message.clear_message()
        self.refresh()
        fn, *args = self.call()
        tasks.run_task(fn, *args, on_success=self._done, on_failure=self._failed)  # type: ignore[arg-type]

    def _done(self, result: object) -> None:
        self._busy = False
        self.progress.hide()
        self.refresh()
        self.succeeded(result)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.progress.hide()
        title, text = describe_error(exc)
        self.message.show_error(
            translate("PasswordDialogs", "{title}: {text}").format(title=title, text=text)
            if title not in text
            else text
        )
        self.refresh()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


class ChangePasswordDialog(_VaultTaskDialog):
    def __init__(
        self, controller: VaultController, vault_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            controller, vault_id, translate("PasswordDialogs", "Change password"), parent
        )
        self.old = PasswordField(translate("PasswordDialogs", "Current password"))
        self.new = PasswordField(translate("PasswordDialogs", "New password"))
        self.confirm = PasswordField(translate("PasswordDialogs", "Repeat the new password"))
        self.meter = StrengthMeter()
        self.form.addRow(translate("PasswordDialogs", "Current:"), self.old)
        self.form.addRow(translate("PasswordDialogs", "New:"), self.new)
        self.form.addRow("", self.meter)
        self.form.addRow(translate("PasswordDialogs", "Confirm:"), self.confirm)
        self.ok.setText(translate("PasswordDialogs", "Change password"))
        for field in (self.old, self.new, self.confirm):
            field.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.meter.update_for(self.new.text())
        if self.confirm.text() and self.confirm.text() != self.new.text():
            self.message.show_error(translate("PasswordDialogs", "The new passwords do not match."))
        else:
            self.message.clear_message()
        self.refresh()

    def ready(self) -> bool:
        return (
            bool(self.old.text())
            and self.meter.strength.acceptable
            and self.new.text() == self.confirm.text()
        )

    def call(self) -> tuple[object, ...]:
        return change_password, self.vault_path, self.old.text(), self.new.text()

    def succeeded(self, result: object) -> None:
        self.controller.replace_saved_password(self.vault_id, self.new.text())
        self.controller.notice.emit(
            translate("PasswordDialogs", "Password changed"),
            translate("PasswordDialogs", "{name} has a new password.").format(name=self.vault_name),
        )
        self.accept()


class RecoveryKeyDialog(_VaultTaskDialog):
    def __init__(
        self, controller: VaultController, vault_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(controller, vault_id, translate("PasswordDialogs", "Recovery key"), parent)
        self.password = PasswordField(translate("PasswordDialogs", "Password"))
        self.password.textChanged.connect(self.refresh)
        self.form.addRow(
            hint_label(
                translate("PasswordDialogs", "Enter the vault's password to see its recovery key.")
            )
        )
        self.form.addRow(translate("PasswordDialogs", "Password:"), self.password)
        self.key = QPlainTextEdit()
        self.key.setReadOnly(True)
        self.key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key.setMinimumHeight(110)
        self.key.setAccessibleName(translate("PasswordDialogs", "Recovery key"))
        self.key.hide()
        self.actions = RecoveryKeyActions(lambda: self.vault_name, self.key.toPlainText)
        self.copy = self.actions.copy
        self.actions.hide()
        self.layout_.insertWidget(1, self.key)
        self.layout_.insertWidget(2, self.actions)
        self.ok.setText(translate("PasswordDialogs", "Show recovery key"))
        self.refresh()

    @property
    def clipboard_timer(self) -> QTimer | None:
        return self.actions.clipboard_timer

    def ready(self) -> bool:
        return bool(self.password.text()) and self.key.isHidden()

    def call(self) -> tuple[object, ...]:
        return show_recovery_key, self.vault_path, self.password.text()

    def succeeded(self, result: object) -> None:
        self.password.clear()
        self.password.setEnabled(False)
        self.key.setPlainText(str(result))
        self.key.show()
        self.actions.show()
        self.message.show_info(
            translate("PasswordDialogs", "Keep this key somewhere safe, away from the vault.")
        )
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)


class ResetPasswordDialog(_VaultTaskDialog):
    def __init__(
        self, controller: VaultController, vault_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            controller, vault_id, translate("PasswordDialogs", "Reset password"), parent
        )
        self.words = QPlainTextEdit()
        self.words.setPlaceholderText(
            translate("PasswordDialogs", "The 44 words of the recovery key")
        )
        self.words.setMinimumHeight(90)
        self.words.setAccessibleName(translate("PasswordDialogs", "Recovery key"))
        self.words.setAccessibleDescription(
            translate("PasswordDialogs", "The 44 words of the recovery key")
        )
        self.new = PasswordField(translate("PasswordDialogs", "New password"))
        self.confirm = PasswordField(translate("PasswordDialogs", "Repeat the new password"))
        self.meter = StrengthMeter()
        self.form.addRow(
            hint_label(
                translate(
                    "PasswordDialogs",
                    "Type the recovery key you wrote down when the vault was made.",
                )
            )
        )
        self.form.addRow(translate("PasswordDialogs", "Recovery key:"), self.words)
        self.form.addRow(translate("PasswordDialogs", "New password:"), self.new)
        self.form.addRow("", self.meter)
        self.form.addRow(translate("PasswordDialogs", "Confirm:"), self.confirm)
        self.ok.setText(translate("PasswordDialogs", "Reset password"))
        self.words.textChanged.connect(self._changed)
        self.new.textChanged.connect(self._changed)
        self.confirm.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.meter.update_for(self.new.text())
        self.refresh()

    def ready(self) -> bool:
        return (
            len(self.words.toPlainText().split()) >= 44
            and self.meter.strength.acceptable
            and self.new.text() == self.confirm.text()
        )

    def call(self) -> tuple[object, ...]:
        return reset_password, self.vault_path, self.words.toPlainText(), self.new.text()

    def succeeded(self, result: object) -> None:
        self.controller.replace_saved_password(self.vault_id, self.new.text())
        self.controller.notice.emit(
            translate("PasswordDialogs", "Password reset"),
            translate("PasswordDialogs", "{name} has a new password.").format(name=self.vault_name),
        )
        self.accept()
