"""Ask for a vault's password and unlock it; a wrong password keeps the dialog open."""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app.gui.errors import describe_error
from app.gui.icons import icon
from app.gui.widgets import MessageLabel, PasswordField, hint_label
from app.i18n import translate, translate_n
from app.services.controller import VaultController
from vaultengine.errors import WrongPasswordError


class UnlockDialog(QDialog):
    forgotPassword = Signal(str)  # vault id

    def __init__(
        self, controller: VaultController, vault_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.vault_id = vault_id
        entry = controller.entry(vault_id)
        name = entry.name if entry else ""
        self.setWindowTitle(translate("UnlockDialog", "Unlock {name}").format(name=name))
        self.setMinimumWidth(440)
        self._busy = False

        heading_icon = QLabel()
        heading_icon.setPixmap(icon("vault-locked").pixmap(48, 48))
        title = QLabel(
            "<b>{}</b>".format(
                translate("UnlockDialog", "Unlock “{name}”").format(name=html.escape(name))
            )
        )
        title.setTextFormat(Qt.TextFormat.RichText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        subtitle = hint_label(entry.path if entry else "")
        heading_text = QVBoxLayout()
        heading_text.setSpacing(2)
        heading_text.addWidget(title)
        heading_text.addWidget(subtitle)
        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(heading_icon, 0, Qt.AlignmentFlag.AlignTop)
        heading.addLayout(heading_text, 1)

        self.password = PasswordField(translate("UnlockDialog", "Password"))
        self.password.textChanged.connect(self._update_buttons)
        self.remember = QCheckBox(
            translate("UnlockDialog", "Remember the password in the system keychain")
        )
        self.keychain_note = hint_label("")
        self.message = MessageLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        self.forgot = QLabel(
            "<a href='#'>{}</a>".format(translate("UnlockDialog", "Forgot the password?"))
        )
        self.forgot.linkActivated.connect(lambda _l: self._forgot())
        # Reachable with Tab and opened with Enter, not only with the mouse.
        self.forgot.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.forgot.setAccessibleName(translate("UnlockDialog", "Forgot the password?"))

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Ok
        )
        self.unlock_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText(translate("UnlockDialog", "Unlock"))
        self.unlock_button.setIcon(icon("unlock"))
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addSpacing(6)
        layout.addWidget(self.password)
        layout.addWidget(self.remember)
        layout.addWidget(self.keychain_note)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addSpacing(4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.forgot)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._wait_timer = QTimer(self)
        self._wait_timer.setInterval(250)
        self._wait_timer.timeout.connect(self._update_buttons)

        controller.unlockSucceeded.connect(self._on_unlocked)
        controller.unlockFailed.connect(self._on_failed)
        controller.keychainStatusChanged.connect(self._show_keychain_status)
        self._show_keychain_status()
        # Read from the keychain once: a locked or denied one disables "remember" up front.
        controller.probe_keychain(probe=True)
        self._update_buttons()
        if controller.limiter.wait_remaining(vault_id) > 0:
            self._wait_timer.start()

    # --- keychain ----------------------------------------------------------------------------

    def _show_keychain_status(self) -> None:
        status = self.controller.keychain_status()
        available = status is not None and status.available
        refused = status is not None and status.refused
        # The checkbox appears only where a real keychain exists (disabled while it is locked
        # or denies access); elsewhere say why not. The typed password unlocks either way.
        self.remember.setVisible(available or refused)
        self.remember.setEnabled(available and not self._busy)
        if not available:
            self.remember.setChecked(False)
        if status is None:
            self.keychain_note.setText(translate("UnlockDialog", "Checking the system keychain…"))
        elif not available:
            self.keychain_note.setText(
                translate("UnlockDialog", "The password cannot be saved: {reason}.").format(
                    reason=status.reason
                )
            )
        self.keychain_note.setVisible(not available)

    # --- unlocking ---------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        wait = self.controller.limiter.wait_remaining(self.vault_id)
        self.unlock_button.setEnabled(not self._busy and wait <= 0 and bool(self.password.text()))
        if wait > 0 and not self._busy:
            self.unlock_button.setText(translate_n("UnlockDialog", "Wait %n s", math.ceil(wait)))
        else:
            self.unlock_button.setText(translate("UnlockDialog", "Unlock"))
            if self._wait_timer.isActive() and wait <= 0:
                self._wait_timer.stop()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.password.setEnabled(not busy)
        status = self.controller.keychain_status()
        self.remember.setEnabled(not busy and status is not None and status.available)
        self.progress.setVisible(busy)
        if busy:
            self.message.show_info(translate("UnlockDialog", "Unlocking…"))
        self._update_buttons()

    def try_unlock(self) -> None:
        if self._busy or not self.password.text():
            return
        if self.controller.limiter.wait_remaining(self.vault_id) > 0:
            return
        remember = self.remember.isChecked() and self.remember.isEnabled()
        self.set_busy(True)
        self.controller.unlock(self.vault_id, self.password.text(), remember=remember)

    def _on_unlocked(self, vault_id: str, warning: str) -> None:
        if vault_id != self.vault_id:
            return
        self.set_busy(False)
        self.password.clear()
        self.accept()

    def _on_failed(self, vault_id: str, exc: object) -> None:
        if vault_id != self.vault_id:
            return
        self.set_busy(False)
        if isinstance(exc, WrongPasswordError):
            failures = self.controller.limiter.failures(vault_id)
            wait = self.controller.limiter.wait_remaining(vault_id)
            text = translate("UnlockDialog", "Wrong password. Check Caps Lock and try again.")
            if failures > 1:
                text = translate_n(
                    "UnlockDialog",
                    "Wrong password (%n attempts). Check Caps Lock and try again.",
                    failures,
                )
            if wait > 0:
                text += " " + translate_n(
                    "UnlockDialog",
                    "Please wait %n second(s) before the next try.",
                    math.ceil(wait),
                )
                self._wait_timer.start()
            self.message.show_error(text)
            self.password.selectAll()
            self.password.setFocus()
        else:
            title, text = describe_error(exc)  # type: ignore[arg-type]
            self.message.show_error(
                translate("UnlockDialog", "{title}: {text}").format(title=title, text=text)
            )
        self._update_buttons()

    def _forgot(self) -> None:
        self.forgotPassword.emit(self.vault_id)
        self.reject()

    def reject(self) -> None:
        if self._busy:
            return  # the unlock finishes on its own; closing now would hide its result
        super().reject()
