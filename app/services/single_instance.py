"""One running app per user and config folder: a second launch asks the first to show itself,
and `strongroom status/unlock/lock` talk to it (app/services/control_protocol.py)."""

from __future__ import annotations

import getpass
import hashlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.services import control_protocol as proto
from app.settings import config_dir

log = logging.getLogger(__name__)

# A client that connects and says nothing is dropped after this long.
IDLE_CLIENT_MS = 10_000

Reply = Callable[[bytes], None]
Handler = Callable[[proto.Request, Reply], None]


def server_name() -> str:
    """The socket's path, in a private folder (per user and config folder)."""
    try:
        return proto.socket_path(config_dir())
    except OSError as exc:  # no private folder to be had: a name Qt puts in its temp folder
        log.warning("control socket folder unusable (%s); using a plain socket name", exc)
        digest = hashlib.sha256(str(config_dir().resolve()).encode()).hexdigest()[:12]
        return f"strongroom-{getpass.getuser()}-{digest}"


class SingleInstance(QObject):
    activated = Signal()  # another launch asked us to come forward

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self._server: QLocalServer | None = None
        self._clients: set[_Client] = set()
        # Answers control requests; without one (tests of the plain single instance) they are
        # refused with a clear error.
        self.handler: Handler | None = None

    def notify_running(self, timeout_ms: int = 800) -> bool:
        """True when another instance answered (and was asked to show its window)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        socket.write(proto.LEGACY_SHOW + b"\n")
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
            client = _Client(conn, self)
            self._clients.add(client)
            try:
                uid = proto.peer_uid_of_fd(int(conn.socketDescriptor()))
            except OSError as exc:
                log.warning("control connection without peer credentials: %s", exc)
                uid = -1
            if not proto.same_user(uid):
                log.warning("control connection from uid %s refused", uid)
                client.reply(proto.error(proto.REFUSED, "only the user running the app may use it"))
                continue
            client.start()

    def _dispatch(self, client: _Client, line: bytes) -> None:
        try:
            request = proto.parse_request(line)
        except proto.ProtocolError as exc:
            log.info("malformed control request refused: %s", exc.message)
            client.reply(proto.error(exc.code, exc.message))
            return
        if request.cmd == "show":
            self.activated.emit()
            client.reply(proto.ok({"shown": True}))
            return
        if self.handler is None:
            client.reply(proto.error(proto.FAILED, "this instance takes no commands"))
            return
        try:
            self.handler(request, client.reply)
        except Exception as exc:  # a bug in a handler must not take the app down
            log.exception("control request %s failed", request.cmd)
            client.reply(proto.error(proto.FAILED, f"internal error: {type(exc).__name__}"))

    def _forget(self, client: _Client) -> None:
        # Not inside the client's own slot: dropping the last reference there would delete
        # it while Qt still delivers to it. Once control is back in the event loop.
        QTimer.singleShot(0, self, lambda: self._clients.discard(client))

    def close(self) -> None:
        for client in list(self._clients):
            client.close()
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None


class _Client(QObject):
    """One connection: read one line, hand it on, write one line back, close.

    Owned by the SingleInstance's set (no Qt parent), so Python alone decides when it goes."""

    def __init__(self, conn: QLocalSocket, owner: SingleInstance) -> None:
        super().__init__()
        self.conn: QLocalSocket | None = conn
        self.owner = owner
        self.buffer = bytearray()
        self.answered = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(IDLE_CLIENT_MS)
        self.timer.timeout.connect(self.close)
        conn.disconnected.connect(self._gone)

    def start(self) -> None:
        assert self.conn is not None
        self.conn.readyRead.connect(self._read)
        self.timer.start()
        if self.conn.bytesAvailable() > 0:
            self._read()

    def _read(self) -> None:
        if self.conn is None or self.answered:
            return
        self.buffer += bytes(self.conn.readAll().data())
        if b"\n" not in self.buffer:
            if len(self.buffer) > proto.MAX_LINE_BYTES:
                self.reply(proto.error(proto.BAD_REQUEST, "the request line is too long"))
            return
        line = bytes(self.buffer.split(b"\n", 1)[0])
        self.timer.stop()
        self.answered = True  # one request per connection; what follows is ignored
        self.owner._dispatch(self, line)

    def reply(self, data: bytes) -> None:
        """Write the answer and close; a client that left meanwhile is simply gone."""
        self.answered = True
        if self.conn is None:
            return
        if self.conn.state() == QLocalSocket.LocalSocketState.ConnectedState:
            self.conn.write(data)
            self.conn.flush()
        self.close()

    def close(self) -> None:
        self.timer.stop()
        if self.conn is not None:
            conn, self.conn = self.conn, None
            conn.disconnectFromServer()  # writes what is pending first, then disconnects
            if conn.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                conn.deleteLater()
            else:
                conn.disconnected.connect(conn.deleteLater)
        self.owner._forget(self)

    def _gone(self) -> None:
        if self.conn is not None and not self.answered:
            self.close()
