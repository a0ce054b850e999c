"""Serve one unlocked vault over WebDAV on 127.0.0.1 (wsgidav on cheroot), no Qt.

    server = WebDavServer(unlocked_vault)     # port 0: the system picks a free one
    server.start()                            # returns once the socket listens
    server.url                                # http://127.0.0.1:PORT/<secret prefix>/
    server.stop()                             # stops serving at once; locks the vault

The prefix is `secrets.token_urlsafe(24)` (192 bits): another local user can reach the port but
cannot guess a path that is served (see guard.py for what every other path gets).
"""

from __future__ import annotations

import logging
import secrets
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp

from vaultengine.vault import UnlockedVault
from vaultengine.webdav.guard import PrefixGuard
from vaultengine.webdav.provider import VaultDavProvider
from vaultengine.webdav.streams import IoCounters

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
PREFIX_BYTES = 24  # token_urlsafe(24): 32 characters, 192 bits
# wsgidav reads and sends bodies in blocks of this size: 8 KiB (its default) measured ~180 MB/s
# for GET, 1 MiB ~1 GB/s (issue 14); a PUT holds at most one block plus one chunk.
BLOCK_SIZE = 1 << 20
WORKER_THREADS = 16  # parallel clients (Explorer and Finder open several connections)
SHUTDOWN_TIMEOUT = 1


def new_prefix() -> str:
    return secrets.token_urlsafe(PREFIX_BYTES)


def dav_config(provider: VaultDavProvider, prefix: str) -> dict[str, Any]:
    return {
        "provider_mapping": {"/": provider},
        "mount_path": "/" + prefix,
        "block_size": BLOCK_SIZE,
        "verbose": 1,
        "logging": {"enable": False},
        "suppress_version_info": True,
        "add_header_MS_Author_Via": True,
        "property_manager": True,  # dead properties in memory (litmus props; Office, Finder)
        "lock_storage": True,  # LOCK/UNLOCK in memory: Windows and macOS clients lock files
        "http_authenticator": {"domain_controller": None, "trusted_auth_header": None},
        # the prefix is the capability; clients send no credentials
        "simple_dc": {"user_mapping": {"*": True}},
        "dir_browser": {"enable": False},  # no HTML listings
        "cors": {"allow_origin": None},
        "hotfixes": {"re_encode_path_info": True, "unquote_path_info": False},
    }


class WebDavServer:
    def __init__(
        self,
        vault: UnlockedVault,
        *,
        port: int = 0,
        read_only: bool = False,
        lock_on_stop: bool = True,
        prefix: str | None = None,
    ) -> None:
        self.vault = vault
        self.prefix = prefix or new_prefix()
        self.lock_on_stop = lock_on_stop
        # wsgidav logs tracebacks with paths in them: keep cleartext names out of logs
        logging.getLogger("wsgidav").setLevel(logging.CRITICAL)
        self._provider = VaultDavProvider(vault.fs, read_only=read_only)
        self._guard = PrefixGuard(WsgiDAVApp(dav_config(self._provider, self.prefix)), self.prefix)
        self._server = wsgi.Server(
            (LOOPBACK, port),
            self._guard,
            numthreads=WORKER_THREADS,
            server_name="localhost",
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    @property
    def port(self) -> int:
        bound = self._server.bind_addr
        assert isinstance(bound, tuple)
        return int(bound[1])

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}/{self.prefix}/"

    @property
    def stats(self) -> IoCounters:
        """Cleartext bytes clients read (GET) and wrote (PUT) so far; live, not a copy."""
        return self._provider.counters

    def start(self) -> None:
        """Bind and listen (errors such as a taken port raise here), then serve on a thread."""
        self._server.prepare()
        self._thread = threading.Thread(target=self._serve, name="strongroom-webdav", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            self._server.serve()
        except Exception:
            log.exception("WebDAV server stopped with an error")
        finally:
            self._stopped.set()

    def serve_forever(self) -> None:
        """Bind and serve on the calling thread until stop() (from a signal handler or thread)."""
        self._server.prepare()
        self._serve()

    def wait(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)

    def is_alive(self) -> bool:
        return not self._stopped.is_set() and self._guard.serving

    def stop(self) -> None:
        """Every request from now on gets 404, the vault is locked, then the socket closes.

        Locking before the workers are stopped cuts transfers in progress at once: their next
        read or write of the vault fails, so no client keeps receiving cleartext while cheroot
        waits for its workers (and an upload cut short never replaces its file)."""
        self._guard.serving = False
        try:
            if self.lock_on_stop:
                self.vault.lock()
        finally:
            try:
                self._server.stop()
            finally:
                if self._thread is not None and self._thread is not threading.current_thread():
                    self._thread.join(SHUTDOWN_TIMEOUT + 5)
                self._stopped.set()

    def __enter__(self) -> WebDavServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_foreground(
    server: WebDavServer, *, on_ready: Callable[[WebDavServer], None] | None = None
) -> None:
    """Serve on a thread; the main thread waits for SIGINT/SIGTERM/SIGHUP, then stops."""
    stop_requested = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop_requested.set()

    previous = {
        sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    }
    try:
        server.start()
        if on_ready is not None:
            on_ready(server)
        while not stop_requested.wait(0.5):
            if server.wait(0):
                break  # the server thread ended by itself
    finally:
        server.stop()
        for sig, old in previous.items():
            signal.signal(sig, old)
