"""Create a new vault: name and location, password with strength feedback, recovery key once."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.gui.errors import describe_error
from app.gui.icons import icon
from app.gui.recovery_key_actions import RecoveryKeyActions
from app.gui.widgets import (
    MessageLabel,
    PasswordField,
    StrengthMeter,
    hint_label,
    name_form_fields,
)
from app.i18n import translate
from app.services import tasks
from app.services.controller import VaultController
from app.settings import VaultEntry
from vaultengine.format.constants import (
    DEFAULT_SCRYPT_COST,
    DEFAULT_SHORTENING_THRESHOLD,
    MAX_NEW_SHORTENING_THRESHOLD,
    MIN_SHORTENING_THRESHOLD,
)
from vaultengine.vault import create_vault


class NamePage(QWizardPage):
    def __init__(self, default_location: str) -> None:
        super().__init__()
        self.setTitle(translate("CreateVaultWizard", "Name and location"))
        self.setSubTitle(
            translate(
                "CreateVaultWizard",
                "The vault is a folder of encrypted files. Put it anywhere, "
                "for example inside a folder your cloud service syncs.",
            )
        )
        self.name = QLineEdit()
        self.name.setPlaceholderText(translate("CreateVaultWizard", "e.g. Personal documents"))
        self.location = QLineEdit(default_location)
        browse = QPushButton(icon("folder"), translate("CreateVaultWizard", "Choose…"))
        browse.clicked.connect(self._browse)
        loc_row = QHBoxLayout()
        loc_row.addWidget(self.location, 1)
        loc_row.addWidget(browse)
        self.result_hint = hint_label("")
        self.message = MessageLabel()
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(translate("CreateVaultWizard", "Vault name:"), self.name)
        form.addRow(translate("CreateVaultWizard", "Location:"), loc_row)
        form.addRow("", self.result_hint)
        name_form_fields(form)
        self.location.setAccessibleDescription(
            translate("CreateVaultWizard", "The folder in which the vault's folder is made")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.name.textChanged.connect(self._changed)
        self.location.textChanged.connect(self._changed)
        self._changed()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("CreateVaultWizard", "Where to create the vault"), self.location.text()
        )
        if folder:
            self.location.setText(folder)

    def vault_path(self) -> str:
        name = self.name.text().strip()
        location = os.path.expanduser(self.location.text().strip())
        return os.path.join(location, name) if name and location else ""

    def _problem(self) -> str:
        name = self.name.text().strip()
        if not name:
            return ""
        if "/" in name or "\\" in name or name in (".", ".."):
            return translate("CreateVaultWizard", "The name cannot contain slashes.")
        path = Path(self.vault_path())
        if not path.parent.is_dir():
            return translate("CreateVaultWizard", "The location {folder} does not exist.").format(
                folder=path.parent
            )
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            return translate("CreateVaultWizard", "{path} already exists and is not empty.").format(
                path=path
            )
        return ""

    def _changed(self) -> None:
        path = self.vault_path()
        self.result_hint.setText(
            translate("CreateVaultWizard", "The vault will be the folder {path}").format(path=path)
            if path
            else ""
        )
        self.message.show_error(self._problem())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.name.text().strip()) and bool(self.vault_path()) and not self._problem()


class PasswordPage(QWizardPage):
    def __init__(self, wizard: CreateVaultWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(translate("CreateVaultWizard", "Password"))
        self.setSubTitle(
            translate(
                "CreateVaultWizard",
                "Choose a password you will remember. Without it (or the recovery key shown next) "
                "nobody, not even you, can open the files.",
            )
        )
        self.password = PasswordField(translate("CreateVaultWizard", "New password"))
        self.confirm = PasswordField(translate("CreateVaultWizard", "Repeat the password"))
        self.meter = StrengthMeter()
        self.match = MessageLabel(reserve_line=True)
        self.expert = QCheckBox(translate("CreateVaultWizard", "Show expert settings"))
        self.expert_box = QGroupBox()
        self.threshold = QSpinBox()
        self.threshold.setRange(MIN_SHORTENING_THRESHOLD, MAX_NEW_SHORTENING_THRESHOLD)
        self.threshold.setValue(DEFAULT_SHORTENING_THRESHOLD)
        self.threshold.setSuffix(translate("CreateVaultWizard", " characters", "after a number"))
        expert_form = QFormLayout(self.expert_box)
        expert_form.addRow(
            translate("CreateVaultWizard", "Name shortening threshold:"), self.threshold
        )
        expert_form.addRow(
            hint_label(
                translate(
                    "CreateVaultWizard",
                    "Encrypted names longer than this are stored in shortened form. Lower it "
                    "only when the vault lives on a system with short path limits (for example "
                    "some Windows or network drives).",
                )
            )
        )
        name_form_fields(expert_form)
        self.expert.toggled.connect(self._expert_toggled)
        self._expert_toggled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        self.message = MessageLabel()

        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(translate("CreateVaultWizard", "Password:"), self.password)
        form.addRow("", self.meter)
        form.addRow(translate("CreateVaultWizard", "Confirm:"), self.confirm)
        form.addRow("", self.match)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.expert)
        layout.addWidget(self.expert_box)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        self.password.textChanged.connect(self._changed)
        self.confirm.textChanged.connect(self._changed)
        self.confirm.editingFinished.connect(self._changed)  # left the field: say it now
        self._creating = False
        self._created = False

    def _expert_toggled(self, on: bool) -> None:
        self.expert_box.setVisible(on)
        if not on:
            self.threshold.setValue(DEFAULT_SHORTENING_THRESHOLD)

    def _changed(self) -> None:
        self.meter.update_for(self.password.text())
        confirm = self.confirm.text()
        still_typing = self.password.text().startswith(confirm) and self.confirm.hasFocus()
        if confirm and confirm == self.password.text():
            self.match.show_info(translate("CreateVaultWizard", "✓ The passwords match."))
        elif confirm and not still_typing:
            self.match.show_error(translate("CreateVaultWizard", "The passwords do not match."))
        else:
            self.match.clear_message()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return (
            not self._creating
            and self.meter.strength.acceptable
            and self.password.text() == self.confirm.text()
        )

    def validatePage(self) -> bool:
        """Create the vault in the background; the wizard moves on when it is done."""
        if self._created:
            return True
        if self._creating:
            return False
        self._creating = True
        self.completeChanged.emit()
        for w in (self.password, self.confirm, self.expert, self.expert_box):
            w.setEnabled(False)
        self.progress.show()
        self.message.show_info(translate("CreateVaultWizard", "Creating the vault…"))
        tasks.run_task(
            create_vault,
            self._wizard.vault_path(),
            self.password.text(),
            scrypt_cost=self._wizard.scrypt_cost,
            shortening_threshold=self.threshold.value(),
            on_success=self._created_ok,
            on_failure=self._create_failed,
        )
        return False

    def _created_ok(self, recovery_key: object) -> None:
        self._creating = False
        self._created = True
        self.progress.hide()
        self.message.clear_message()
        self._wizard.vault_created(str(recovery_key))
        self._wizard.next()

    def _create_failed(self, exc: BaseException) -> None:
        self._creating = False
        self.progress.hide()
        for w in (self.password, self.confirm, self.expert, self.expert_box):
            w.setEnabled(True)
        title, text = describe_error(exc)
        self.message.show_error(
            translate("CreateVaultWizard", "{title}: {text}").format(title=title, text=text)
        )
        self.completeChanged.emit()


class RecoveryKeyPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(translate("CreateVaultWizard", "Recovery key"))
        self.setSubTitle(
            translate(
                "CreateVaultWizard",
                "If you forget the password, this key is the only way back in. Write it down, "
                "print it or save it, and keep it somewhere safe, away from the vault.",
            )
        )
        self.again = hint_label(
            translate(
                "CreateVaultWizard",
                "You can see the key again later with the password: Vault menu, Show recovery key.",
            )
        )
        self.key = QPlainTextEdit()
        self.key.setReadOnly(True)
        self.key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key.setFixedHeight(130)
        self.key.setAccessibleName(translate("CreateVaultWizard", "Recovery key"))
        self.actions = RecoveryKeyActions(lambda: self.vault_name, self.key.toPlainText)
        self.vault_name = ""
        self.written = QCheckBox(
            translate("CreateVaultWizard", "I have written down, printed or saved the recovery key")
        )
        self.written.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.key)
        layout.addWidget(self.actions)
        layout.addWidget(self.written)
        layout.addWidget(self.again)
        layout.addStretch(1)

    def set_key(self, words: str) -> None:
        self.key.setPlainText(words)

    def isComplete(self) -> bool:
        return self.written.isChecked()


class CreateVaultWizard(QWizard):
    def __init__(
        self,
        controller: VaultController,
        parent: QWidget | None = None,
        *,
        scrypt_cost: int = DEFAULT_SCRYPT_COST,
        default_location: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        # Only tests pass a cheaper cost; no environment variable can lower it, so a vault made
        # in the app is never silently weak.
        self.scrypt_cost = scrypt_cost
        self.created_entry: VaultEntry | None = None
        self.setWindowTitle(translate("CreateVaultWizard", "Create a new vault"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, icon("strongroom").pixmap(48, 48))
        self.setMinimumSize(600, 480)
        self.name_page = NamePage(default_location or str(Path.home()))
        self.password_page = PasswordPage(self)
        self.key_page = RecoveryKeyPage()
        self.addPage(self.name_page)
        self.addPage(self.password_page)
        self.addPage(self.key_page)
        self.setButtonText(
            QWizard.WizardButton.FinishButton, translate("CreateVaultWizard", "Done")
        )
        self.name_page.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def vault_path(self) -> str:
        return self.name_page.vault_path()

    def vault_created(self, recovery_key: str) -> None:
        self.key_page.set_key(recovery_key)
        self.key_page.vault_name = self.name_page.name.text().strip()
        # Added now, so closing the wizard on the key page still keeps the vault in the list.
        entry = VaultEntry.new(self.name_page.name.text().strip(), self.vault_path())
        self.created_entry = self.controller.add_entry(entry)
        self.button(QWizard.WizardButton.BackButton).setEnabled(False)
