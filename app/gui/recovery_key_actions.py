"""Copy, Print… and Save… for a recovery key on screen (the new-vault wizard and the Show
recovery key dialog): the key is meant to leave the computer, on paper or on another medium."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from app.gui import clipboard
from app.gui.wording import duration
from app.i18n import translate
from vaultengine.atomic import atomic_write

FEEDBACK_MS = 4000


def key_document(vault_name: str, words: str) -> QTextDocument:
    """The page that is printed: what it is, for which vault, the words, where to keep it."""
    document = QTextDocument()
    document.setDefaultFont(QFont("Sans", 11))
    lines = "<br>".join(" ".join(words.split()[i : i + 4]) for i in range(0, len(words.split()), 4))
    document.setHtml(
        "<h2>{title}</h2><p>{vault}</p>"
        "<p style='font-family: monospace; font-size: 13pt'>{lines}</p><p>{advice}</p>".format(
            title=translate("RecoveryKey", "Strongroom recovery key"),
            vault=translate("RecoveryKey", "Vault: <b>{name}</b>").format(name=_escape(vault_name)),
            lines=lines,
            advice=translate(
                "RecoveryKey",
                "With this key anyone can set a new password for the vault. Keep it somewhere "
                "safe, away from the vault and the computer.",
            ),
        )
    )
    return document


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def save_key_file(path: str, vault_name: str, words: str) -> None:
    """A text file only its owner can read, written whole or not at all."""
    title = translate("RecoveryKey", "Strongroom recovery key for the vault {name}")
    text = f"{title.format(name=vault_name)}\n\n{words}\n"
    atomic_write(path, text.encode("utf-8"), mode=0o600)


class RecoveryKeyActions(QWidget):
    def __init__(
        self, vault_name: Callable[[], str], words: Callable[[], str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._vault_name = vault_name
        self._words = words
        self.clipboard_timer: QTimer | None = None  # clears the copied key (app/gui/clipboard.py)
        self.copy = QPushButton(translate("RecoveryKey", "Copy"))
        self.copy.clicked.connect(self.copy_key)
        self.print_button = QPushButton(translate("RecoveryKey", "Print…"))
        self.print_button.clicked.connect(self._print)
        self.save = QPushButton(translate("RecoveryKey", "Save as…"))
        self.save.clicked.connect(self._save)
        self.feedback = QLabel()
        self.feedback.setObjectName("hint")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.feedback, 1)
        for button in (self.copy, self.print_button, self.save):
            layout.addWidget(button)
        self._feedback_timer = QTimer(self)
        self._feedback_timer.setSingleShot(True)
        self._feedback_timer.timeout.connect(self.feedback.clear)

    def say(self, text: str) -> None:
        self.feedback.setText(text)
        self._feedback_timer.start(FEEDBACK_MS)

    def copy_key(self) -> None:
        self.clipboard_timer = clipboard.copy_secret(self._words())
        self.say(
            translate("RecoveryKey", "Copied. The clipboard is cleared in {time}.").format(
                time=duration(clipboard.CLEAR_AFTER_MS // 1000)
            )
        )

    def print_to(self, printer: QPrinter) -> None:
        key_document(self._vault_name(), self._words()).print_(printer)

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)
            self.say(translate("RecoveryKey", "Sent to the printer."))

    def _save(self) -> None:
        file_name = translate("RecoveryKey", "{name} recovery key.txt").format(
            name=self._vault_name()
        )
        suggested = os.path.join(os.path.expanduser("~"), file_name)
        path, _filter = QFileDialog.getSaveFileName(
            self,
            translate("RecoveryKey", "Save the recovery key"),
            suggested,
            translate("RecoveryKey", "Text files") + " (*.txt)",
        )
        if not path:
            return
        try:
            save_key_file(path, self._vault_name(), self._words())
        except OSError as exc:
            self.say(
                translate("RecoveryKey", "Not saved: {problem}").format(problem=exc.strerror or exc)
            )
            return
        self.say(
            translate(
                "RecoveryKey", "Saved to {path}. Move it off this computer, e.g. to a USB stick."
            ).format(path=path)
        )
