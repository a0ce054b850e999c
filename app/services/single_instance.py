"""One running app per user and config folder: a second launch asks the first to show itself."""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.settings import config_dir


def server_name() -> str:
    # Per user and per config folder, so tests and screenshots never reach a real session.
    digest = hashlib.sha256(str(config_dir().resolve()).encode()).hexdigest()[:12]
    return f"strongroom-{getpass.getuser()}-{digest}"


class SingleInstance(QObject):
    activated = Signal()  # another launch asked us to come forward

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server: QLocalServer | None = None

    def notify_running(self, timeout_ms: int = 800) -> bool:
        """True when another instance answered (and was asked to show its window)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(b"show\n")
        socket.waitForBytesWritten(timeout_ms)
        socket.disconnectFromServer()
        return True

    def claim(self) -> bool:
        """Become the running instance; False when one already runs (it was notified)."""
        if self.notify_running():
            return False
        QLocalServer.removeServer(self.name)  # a stale socket left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            return True  # cannot listen: run anyway rather than refuse to start
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            # The other launch writes right after connecting; a short synchronous read keeps
            # the socket's lifetime simple (no callbacks on a socket that may be gone).
            arrived = conn.bytesAvailable() > 0 or conn.waitForReadyRead(300)
            if arrived and bytes(conn.readAll().data()).strip().startswith(b"show"):
                self.activated.emit()
            conn.close()
            conn.deleteLater()

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
