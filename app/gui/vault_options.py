"""Per-vault options: volume (FUSE or WebDAV), mount point, read-only, after-unlock action,
mount options, auto lock."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import icon
from app.gui.widgets import MessageLabel, hint_label, name_form_fields
from app.i18n import translate
from app.services.controller import VaultController
from app.settings import VaultOptions, resolve_mount_point

AFTER_UNLOCK_LABELS = (
    ("reveal", QT_TRANSLATE_NOOP("VaultOptions", "Show it in the file manager")),
    ("ask", QT_TRANSLATE_NOOP("VaultOptions", "Ask what to do")),
    ("nothing", QT_TRANSLATE_NOOP("VaultOptions", "Do nothing")),
)

VOLUME_LABELS = (
    ("auto", QT_TRANSLATE_NOOP("VaultOptions", "Automatic")),
    ("fuse", QT_TRANSLATE_NOOP("VaultOptions", "FUSE (a folder)")),
    ("webdav", QT_TRANSLATE_NOOP("VaultOptions", "WebDAV (an address on this computer)")),
)

# Windows' WebDAV client refuses files over FileSizeLimitInBytes: 50 MB unless raised.
WINDOWS_WEBDAV_LIMIT = QT_TRANSLATE_NOOP(
    "VaultOptions",
    "Windows' WebDAV client (the WebClient service) refuses files larger than 50 MB unless its "
    "limit is raised. To allow files up to 4 GiB, as an administrator set the DWORD value "
    "FileSizeLimitInBytes under "
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\WebClient\\Parameters to "
    "4294967295, then restart the WebClient service (or the computer). Larger files cannot be "
    "opened over WebDAV on Windows.",
)

ALLOW_OTHER = "allow_other"
ALLOW_OTHER_MEANING = QT_TRANSLATE_NOOP(
    "VaultOptions",
    "allow_other lets every user account on this computer reach the unlocked vault's folder. "
    "Strongroom then shows its files as yours only (files 0600, folders 0700) and the system "
    "refuses other users, but anyone with administrator (root) rights can read and change "
    "everything while the vault is unlocked. On Linux it also needs the line user_allow_other "
    "in /etc/fuse.conf.",
)


def has_allow_other(mount_options: str) -> bool:
    """Whether a comma-separated FUSE option list lets other local users reach the mount."""
    return any(item.partition("=")[0].strip() == ALLOW_OTHER for item in mount_options.split(","))


class VaultOptionsDialog(QDialog):
    def __init__(
        self, controller: VaultController, vault_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.vault_id = vault_id
        entry = controller.entry(vault_id)
        assert entry is not None
        options = entry.options
        self.setWindowTitle(
            translate("VaultOptions", "Vault options: {name}").format(name=entry.name)
        )
        self.setMinimumWidth(520)

        # Volume: FUSE mount or WebDAV server
        self.volume = QComboBox()
        for value, label in VOLUME_LABELS:
            self.volume.addItem(translate("VaultOptions", label), value)
        self.volume.setCurrentIndex(max(0, self.volume.findData(options.volume)))
        self.volume.setAccessibleName(translate("VaultOptions", "Volume"))
        self.volume.currentIndexChanged.connect(self._sync)
        fuse_problem = controller.fuse_problem()
        if fuse_problem:
            auto_text = translate(
                "VaultOptions",
                "Automatic uses WebDAV on this computer: FUSE is not available ({problem}).",
            ).format(problem=fuse_problem)
        else:
            auto_text = translate("VaultOptions", "Automatic uses FUSE on this computer.")
        self.volume_hint = hint_label(
            auto_text
            + " "
            + translate(
                "VaultOptions",
                "WebDAV serves the unlocked vault at a private address on this computer "
                "(127.0.0.1), for file managers and apps that speak WebDAV.",
            )
        )
        self.windows_webdav_hint = hint_label(translate("VaultOptions", WINDOWS_WEBDAV_LIMIT))

        # Mount
        mount_box = QGroupBox(translate("VaultOptions", "Mount"))
        default_mp = resolve_mount_point(
            type(entry)(id=entry.id, name=entry.name, path=entry.path),
            controller.settings.preferences,
        )
        self.default_mount = QRadioButton(
            translate("VaultOptions", "Default folder: {folder}").format(folder=default_mp)
        )
        self.custom_mount = QRadioButton(translate("VaultOptions", "This folder:"))
        group = QButtonGroup(self)
        group.addButton(self.default_mount)
        group.addButton(self.custom_mount)
        self.mount_point = QLineEdit(options.mount_point)
        self.mount_point.setPlaceholderText(translate("VaultOptions", "An empty folder"))
        self.mount_point.setAccessibleName(translate("VaultOptions", "Mount point"))
        browse = QPushButton(icon("folder"), translate("VaultOptions", "Choose…"))
        browse.clicked.connect(self._browse)
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.custom_mount)
        custom_row.addWidget(self.mount_point, 1)
        custom_row.addWidget(browse)
        (self.custom_mount if options.mount_point else self.default_mount).setChecked(True)
        self.custom_mount.toggled.connect(self._sync)
        self.read_only = QCheckBox(
            translate("VaultOptions", "Read-only: files can be opened but not changed")
        )
        self.read_only.setChecked(options.read_only)
        self.mount_options = QLineEdit(options.mount_options)
        # No example here: the one people reach for, allow_other, opens the vault to others.
        self.mount_options.setPlaceholderText(translate("VaultOptions", "Usually empty"))
        self.allow_other_hint = hint_label(translate("VaultOptions", ALLOW_OTHER_MEANING))
        self.mount_options.textChanged.connect(self._sync)
        mount_form = QVBoxLayout(mount_box)
        volume_form = QFormLayout()
        volume_form.addRow(translate("VaultOptions", "Volume:"), self.volume)
        volume_form.addRow("", self.volume_hint)
        volume_form.addRow("", self.windows_webdav_hint)
        name_form_fields(volume_form)
        mount_form.addLayout(volume_form)
        mount_form.addWidget(self.default_mount)
        mount_form.addLayout(custom_row)
        mount_form.addWidget(self.read_only)
        extra = QFormLayout()
        extra.addRow(translate("VaultOptions", "Extra mount options:"), self.mount_options)
        extra.addRow(
            "",
            hint_label(
                translate(
                    "VaultOptions", "Comma-separated FUSE options; leave empty unless you need one."
                )
            ),
        )
        extra.addRow("", self.allow_other_hint)
        name_form_fields(extra)
        mount_form.addLayout(extra)

        # Unlock and lock
        behaviour = QGroupBox(translate("VaultOptions", "Unlocking and locking"))
        self.after_unlock = QComboBox()
        for value, label in AFTER_UNLOCK_LABELS:
            self.after_unlock.addItem(translate("VaultOptions", label), value)
        self.after_unlock.setCurrentIndex(
            max(
                0,
                [v for v, _ in AFTER_UNLOCK_LABELS].index(options.after_unlock)
                if options.after_unlock in dict(AFTER_UNLOCK_LABELS)
                else 0,
            )
        )
        self.unlock_on_start = QCheckBox(translate("VaultOptions", "Unlock when Strongroom starts"))
        self.unlock_on_start.setChecked(options.unlock_on_start)
        self.idle_lock = QCheckBox(
            translate("VaultOptions", "Lock after", "followed by: 30 minutes without file activity")
        )
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 24 * 60)
        self.idle_minutes.setSuffix(translate("VaultOptions", " minutes without file activity"))
        self.idle_minutes.setValue(options.idle_lock_minutes or 30)
        self.idle_minutes.setAccessibleName(
            translate("VaultOptions", "Minutes without file activity before the vault locks")
        )
        self.idle_lock.setChecked(options.idle_lock_minutes > 0)
        self.idle_lock.toggled.connect(self._sync)
        idle_row = QHBoxLayout()
        idle_row.addWidget(self.idle_lock)
        idle_row.addWidget(self.idle_minutes)
        idle_row.addStretch(1)
        self.lock_on_suspend = QCheckBox(
            translate("VaultOptions", "Lock when the computer sleeps or the screen locks")
        )
        self.lock_on_suspend.setChecked(options.lock_on_suspend)
        form = QFormLayout(behaviour)
        form.addRow(translate("VaultOptions", "After unlocking:"), self.after_unlock)
        form.addRow(self.unlock_on_start)
        form.addRow(idle_row)
        form.addRow(self.lock_on_suspend)
        name_form_fields(form)

        self.message = MessageLabel()
        if controller.runtime(vault_id).session is not None:
            self.message.show_info(
                translate(
                    "VaultOptions", "Mount changes take effect the next time the vault is unlocked."
                )
            )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 12)
        layout.setSpacing(12)
        layout.addWidget(mount_box)
        layout.addWidget(behaviour)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._sync()

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, translate("VaultOptions", "Mount point"), self.mount_point.text()
        )
        if folder:
            self.mount_point.setText(folder)
            self.custom_mount.setChecked(True)

    def _sync(self) -> None:
        # A WebDAV volume has no folder and no FUSE options.
        fuse = self.volume.currentData() != "webdav"
        for widget in (self.default_mount, self.custom_mount, self.mount_options):
            widget.setEnabled(fuse)
        self.mount_point.setEnabled(fuse and self.custom_mount.isChecked())
        self.idle_minutes.setEnabled(self.idle_lock.isChecked())
        self.allow_other_hint.setVisible(has_allow_other(self.mount_options.text()))
        self.windows_webdav_hint.setVisible(self.windows_webdav_limit_applies())

    def windows_webdav_limit_applies(self) -> bool:
        """On Windows, a volume that will be WebDAV meets the WebClient's file size limit."""
        if sys.platform != "win32":
            return False
        choice = self.volume.currentData()
        return choice == "webdav" or (choice == "auto" and bool(self.controller.fuse_problem()))

    def options(self) -> VaultOptions:
        return VaultOptions(
            mount_point=self.mount_point.text().strip() if self.custom_mount.isChecked() else "",
            read_only=self.read_only.isChecked(),
            after_unlock=str(self.after_unlock.currentData()),
            mount_options=self.mount_options.text().strip(),
            unlock_on_start=self.unlock_on_start.isChecked(),
            idle_lock_minutes=self.idle_minutes.value() if self.idle_lock.isChecked() else 0,
            lock_on_suspend=self.lock_on_suspend.isChecked(),
            volume=str(self.volume.currentData()),
        )

    def save(self) -> None:
        options = self.options()
        if self.custom_mount.isChecked() and options.volume != "webdav":
            path = os.path.expanduser(options.mount_point)
            if not options.mount_point or not os.path.isabs(path):
                self.message.show_error(
                    translate("VaultOptions", "Choose a mount point folder (a full path).")
                )
                return
        if not self._confirm_allow_other(options.mount_options):
            return
        self.controller.set_options(self.vault_id, options)
        self.accept()

    def _confirm_allow_other(self, mount_options: str) -> bool:
        """Ask before allow_other is switched on (bad input #28); True to go on saving."""
        entry = self.controller.entry(self.vault_id)
        already = entry is not None and has_allow_other(entry.options.mount_options)
        if not has_allow_other(mount_options) or already:
            return True
        answer = QMessageBox.question(
            self,
            translate("VaultOptions", "Let other users reach this vault?"),
            translate("VaultOptions", ALLOW_OTHER_MEANING)
            + "\n\n"
            + translate("VaultOptions", "Save the option allow_other?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            self.message.show_info(
                translate("VaultOptions", "Not saved: allow_other was not confirmed.")
            )
            return False
        return True
