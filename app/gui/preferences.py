"""App preferences: start hidden, start at login, how long to wait for the keychain, default mount
folder, follow the system theme, remove a vault's thumbnails and recent-file entries after it
locks."""

from __future__ import annotations

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import icon
from app.gui.widgets import MessageLabel, hint_label, name_form_fields
from app.i18n import LANGUAGES, translate
from app.services import autostart
from app.services.controller import VaultController
from app.services.keychain_wait import MAX_WAIT_SECONDS, clamp_wait_seconds


class PreferencesDialog(QDialog):
    themeChanged = Signal(bool)  # follow the system theme?

    def __init__(
        self,
        controller: VaultController,
        *,
        tray_available: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        prefs = controller.settings.preferences
        self.setWindowTitle(translate("Preferences", "Preferences"))
        self.setMinimumWidth(500)
        self.start_hidden = QCheckBox(translate("Preferences", "Start hidden in the system tray"))
        self.start_hidden.setChecked(prefs.start_hidden and tray_available)
        self.start_hidden.setEnabled(tray_available)
        self.tray_note = hint_label(
            translate(
                "Preferences",
                "No system tray was found on this desktop, so Strongroom always opens its window.",
            )
        )
        self.tray_note.setVisible(not tray_available)
        self.start_at_login = QCheckBox(translate("Preferences", "Start Strongroom when I log in"))
        self.start_at_login.setChecked(autostart.is_enabled())
        self.keychain_wait = QSpinBox()
        self.keychain_wait.setRange(0, MAX_WAIT_SECONDS)
        self.keychain_wait.setSingleStep(30)
        self.keychain_wait.setSuffix(translate("Preferences", " s", "after a number of seconds"))
        self.keychain_wait.setSpecialValueText(translate("Preferences", "Don't wait"))
        self.keychain_wait.setValue(clamp_wait_seconds(prefs.keychain_wait_seconds))
        self.mount_folder = QLineEdit(prefs.default_mount_folder)
        browse = QPushButton(icon("folder"), translate("Preferences", "Choose…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.mount_folder, 1)
        folder_row.addWidget(browse)
        self.follow_theme = QCheckBox(translate("Preferences", "Follow the system theme"))
        self.language = QComboBox()
        self.language.addItem(translate("Preferences", "System default"), "")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)  # each language in its own words
        self.language.setCurrentIndex(max(0, self.language.findData(prefs.language)))
        self.follow_theme.setChecked(prefs.follow_system_theme)
        self.remove_traces = QCheckBox(
            translate(
                "Preferences",
                "Remove thumbnails and recent-file entries of a vault's files when it locks",
            )
        )
        self.remove_traces.setChecked(prefs.remove_traces_after_lock)
        self.message = MessageLabel()

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(self.start_hidden)
        form.addRow(self.tray_note)
        form.addRow(self.start_at_login)
        form.addRow(translate("Preferences", "Wait for the keychain:"), self.keychain_wait)
        form.addRow(
            "",
            hint_label(
                translate(
                    "Preferences",
                    "Vaults that unlock when Strongroom starts wait this long for a locked "
                    "keychain to be unlocked, then ask for their passwords.",
                )
            ),
        )
        form.addRow(translate("Preferences", "Mount vaults under:"), folder_row)
        form.addRow(
            "",
            hint_label(
                translate(
                    "Preferences",
                    "Each vault gets its own folder here unless it has its own mount point.",
                )
            ),
        )
        form.addRow(self.follow_theme)
        form.addRow(self.remove_traces)
        form.addRow(
            "",
            hint_label(
                translate(
                    "Preferences",
                    "File managers and viewers keep pictures and names of the files you open; "
                    "locking then leaves none behind.",
                )
            ),
        )
        form.addRow(translate("Preferences", "Language:"), self.language)
        form.addRow(
            "",
            hint_label(
                translate("Preferences", "A new language applies when Strongroom restarts.")
            ),
        )
        name_form_fields(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("Preferences", "Mount vaults under"), self.mount_folder.text()
        )
        if folder:
            self.mount_folder.setText(folder)

    def save(self) -> None:
        prefs = self.controller.settings.preferences
        folder = os.path.expanduser(self.mount_folder.text().strip())
        if not folder or not os.path.isabs(folder):
            # A relative folder would resolve against wherever Strongroom was started from
            # (the login autostart entry starts it elsewhere than a terminal does).
            self.message.show_error(
                translate(
                    "Preferences",
                    "Choose a folder for the mount points as a full path, such as ~/Vaults.",
                )
            )
            self.mount_folder.setFocus()
            return
        try:
            autostart.set_enabled(self.start_at_login.isChecked())
        except OSError as exc:
            self.message.show_error(
                translate(
                    "Preferences", "Could not change the login start entry: {problem}"
                ).format(problem=exc)
            )
            return
        theme_changed = prefs.follow_system_theme != self.follow_theme.isChecked()
        if self.start_hidden.isEnabled():
            prefs.start_hidden = self.start_hidden.isChecked()
        prefs.start_at_login = self.start_at_login.isChecked()
        prefs.keychain_wait_seconds = self.keychain_wait.value()
        prefs.default_mount_folder = folder
        prefs.follow_system_theme = self.follow_theme.isChecked()
        prefs.remove_traces_after_lock = self.remove_traces.isChecked()
        prefs.language = str(self.language.currentData())
        self.controller.save()
        self.controller.vaultsChanged.emit()  # default mount points shown in the list changed
        if theme_changed:
            self.themeChanged.emit(prefs.follow_system_theme)
        self.accept()
