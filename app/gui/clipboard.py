"""Copying a secret (a recovery key) to the clipboard for a limited time.

The key is cleared from the clipboard after CLEAR_AFTER_MS unless something else was copied
meanwhile (then the user's newer clipboard is left alone). Clipboard managers that honour
KDE's password hint are asked not to keep it in their history.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QMimeData, QTimer
from PySide6.QtGui import QGuiApplication

CLEAR_AFTER_MS = 60_000  # a module constant so that tests can shorten it
_PASSWORD_MANAGER_HINT = "x-kde-passwordManagerHint"


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def copy_secret(text: str) -> QTimer:
    """Put `text` on the clipboard; return the (running) timer that will take it off again."""
    clipboard = QGuiApplication.clipboard()
    data = QMimeData()
    data.setText(text)
    data.setData(_PASSWORD_MANAGER_HINT, b"secret")
    clipboard.setMimeData(data)
    # Compared by digest: the timer does not keep another copy of the key alive.
    copied = _digest(text)

    def clear_if_still_ours() -> None:
        if _digest(clipboard.text()) == copied:
            clipboard.clear()

    # Parented to the application, not the dialog: closing the dialog must not cancel it.
    timer = QTimer(QGuiApplication.instance())
    timer.setSingleShot(True)
    timer.timeout.connect(clear_if_still_ours)
    timer.timeout.connect(timer.deleteLater)
    timer.start(CLEAR_AFTER_MS)
    return timer
