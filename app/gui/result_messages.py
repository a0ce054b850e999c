"""What the window tells the person when the controller reports a result: unlocked (and where),
could not unlock, a vault in use (force lock?), could not add, notices in the status bar, and
where a folder is when no file manager could show it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from app.gui.dialog_launchers import DialogLaunchers
from app.gui.errors import describe_error
from app.i18n import translate
from app.services import engine
from app.services.controller import LockFailure, VaultController
from app.services.open_files import describe_holders


class ResultMessages(QObject):
    """Listens to the controller and answers in `window`'s status bar or a message box."""

    lockAbandoned = Signal()  # a lock did not happen and was not forced (a quit stops)

    def __init__(
        self,
        window: QMainWindow,
        controller: VaultController,
        dialogs: DialogLaunchers,
        reveal: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.dialogs = dialogs
        self.reveal = reveal
        self.busy_box: QMessageBox | None = None  # the open "Vault is in use" question
        controller.unlockSucceeded.connect(self.after_unlock)
        controller.unlockFailed.connect(self.unlock_failed_elsewhere)
        controller.lockFailed.connect(self.lock_failed)
        controller.addFailed.connect(self.add_failed)
        controller.notice.connect(self.notice)

    def notice(self, title: str, message: str) -> None:
        self.window.statusBar().showMessage(
            translate("ResultMessages", "{title}: {text}").format(title=title, text=message), 10000
        )

    def after_unlock(self, vault_id: str, warning: str) -> None:
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        if warning:
            self.notice(translate("ResultMessages", "Password not saved"), warning)
        choice = entry.options.after_unlock
        mount_point = self.controller.location(vault_id)  # a folder, or a WebDAV volume's URL
        session = self.controller.runtime(vault_id).session
        served = session is not None and bool(session.url)
        if choice == "reveal":
            self.reveal(vault_id)
        elif choice == "ask":
            answer = QMessageBox.question(
                self.window,
                translate("ResultMessages", "Vault unlocked"),
                translate(
                    "ResultMessages",
                    "“{name}” is unlocked at {folder}.\n\nOpen it in the file manager?",
                ).format(name=entry.name, folder=mount_point),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.reveal(vault_id)
        if served:
            where = translate("ResultMessages", "{name} unlocked, served over WebDAV at {url}")
        else:
            where = translate("ResultMessages", "{name} unlocked at {folder}")
        self.window.statusBar().showMessage(
            where.format(name=entry.name, folder=mount_point, url=mount_point), 8000
        )

    def unlock_failed_elsewhere(self, vault_id: str, exc: object) -> None:
        # The unlock dialog shows its own failures; this covers saved-password and auto unlocks.
        if self.dialogs.is_open("unlock", vault_id) or isinstance(exc, engine.WrongPasswordError):
            return
        title, text = describe_error(exc)  # type: ignore[arg-type]
        entry = self.controller.entry(vault_id)
        name = entry.name if entry else ""
        QMessageBox.warning(
            self.window,
            title,
            translate("ResultMessages", "Could not unlock {name}.\n\n{problem}").format(
                name=name, problem=text
            ),
        )

    def lock_failed(self, failure: object) -> None:
        assert isinstance(failure, LockFailure)
        entry = self.controller.entry(failure.vault_id)
        name = entry.name if entry else ""
        if failure.busy:
            if self._ask_to_force(name, failure):
                self.controller.lock(failure.vault_id, force=True)
            else:
                self.lockAbandoned.emit()
            return
        self.lockAbandoned.emit()
        title, text = describe_error(failure.error)
        QMessageBox.warning(
            self.window,
            title,
            translate("ResultMessages", "Could not lock {name}.\n\n{problem}").format(
                name=name, problem=text
            ),
        )

    def _ask_to_force(self, name: str, failure: LockFailure) -> bool:
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("ResultMessages", "Vault is in use"))
        box.setText(
            translate("ResultMessages", "“{name}” is still in use, so it was not locked.").format(
                name=name
            )
        )
        if failure.holders:
            details = describe_holders(list(failure.holders))
            info = translate(
                "ResultMessages", "Programs with files open in it:\n{programs}"
            ).format(programs=details)
        else:
            info = translate(
                "ResultMessages", "Some program still has a file or folder open in it."
            )
        box.setInformativeText(
            info
            + "\n\n"
            + translate(
                "ResultMessages",
                "Close those files and try again, or force the lock: "
                "unsaved changes in those programs will be lost.",
            )
        )
        force = box.addButton(
            translate("ResultMessages", "Force lock"), QMessageBox.ButtonRole.DestructiveRole
        )
        # Enter and Escape keep the vault as it is: forcing loses unsaved work.
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        self.busy_box = box
        box.exec()
        self.busy_box = None
        return box.clickedButton() is force

    def add_failed(self, path: str, exc: object) -> None:
        _title, text = describe_error(exc)  # type: ignore[arg-type]
        QMessageBox.warning(
            self.window, translate("ResultMessages", "Cannot add this vault"), f"{path}\n\n{text}"
        )

    def say_where(self, title: str, problem: str, lead: str, path: str) -> None:
        """No file manager to open a folder: say so, and show the path so it can be copied."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(problem)
        box.setInformativeText(f"{lead}\n{path}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = box.addButton(
            translate("ResultMessages", "Copy path"), QMessageBox.ButtonRole.ActionRole
        )
        copy.clicked.connect(lambda: QApplication.clipboard().setText(path))
        box.addButton(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
