"""Background WebDAV volumes: a detached child process unlocks the vault and serves it.

The parent (`spawn_webdav`) speaks the protocol of the FUSE mount child
(vaultengine/fuse/child.py): one JSON header line, then the password bytes on the child's
stdin (never argv or the environment), and one JSON reply line on its stdout:
`{"ok": true, "pid": N, "url": "..."}` once the server listens, or the error it met (wrong
password, port taken, ...), after which the child is gone. The child records the volume in
vaultengine.webdav.runtime, serves until SIGTERM/SIGINT/SIGHUP, then stops serving, locks the
vault and removes its record.

A frozen app has no `-m`: its entry point must call `child_main()` when started with
WEBDAV_CHILD_FLAG as its first argument.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from typing import IO, Any

from vaultengine.errors import VaultError
from vaultengine.fuse.child import _reply, start_child
from vaultengine.webdav.runtime import (
    WebDavRecord,
    process_start_ticks,
    remove_record,
    write_record,
)

WEBDAV_CHILD_FLAG = "--strongroom-webdav-child"
SPAWN_TIMEOUT = 30.0  # unlock (scrypt) + bind; the child answers long before this


def child_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, WEBDAV_CHILD_FLAG]
    return [sys.executable, "-m", "vaultengine.webdav.child"]


def spawn_webdav(
    vault_path: str | os.PathLike[str],
    *,
    password: str,
    port: int = 0,
    read_only: bool = False,
    log_path: str | os.PathLike[str] | None = None,
    timeout: float = SPAWN_TIMEOUT,
) -> WebDavRecord:
    """Serve in a detached child process; return its record once it listens."""
    header = {"vault": os.path.abspath(vault_path), "port": int(port), "read_only": read_only}
    reply = start_child(child_command(), header, password, log_path=log_path, timeout=timeout)
    pid = int(reply["pid"])
    return WebDavRecord(
        pid=pid,
        url=str(reply["url"]),
        vault_path=os.path.abspath(vault_path),
        read_only=read_only,
        location=str(reply["url"]),
        start_ticks=process_start_ticks(pid),
    )


def serve_recorded(
    vault_path: str,
    password: str,
    *,
    port: int,
    read_only: bool,
    on_ready: Any = None,
) -> None:
    """Unlock, serve with a runtime record, stop on a signal (this process's main thread)."""
    from vaultengine.vault import unlock_vault
    from vaultengine.webdav.server import WebDavServer, serve_foreground

    vault = unlock_vault(vault_path, password, read_only=read_only)
    try:
        server = WebDavServer(vault, port=port, read_only=read_only)
    except BaseException:
        vault.lock()
        raise
    pid = os.getpid()

    def ready(served: WebDavServer) -> None:
        write_record(
            WebDavRecord(
                pid=pid,
                url=served.url,
                vault_path=os.path.abspath(vault_path),
                read_only=read_only,
                location=served.url,
                start_ticks=process_start_ticks(pid),
            )
        )
        if on_ready is not None:
            on_ready(served)

    try:
        serve_foreground(server, on_ready=ready)
    finally:
        remove_record(pid)
        if not vault.locked:
            vault.lock()


def child_main() -> int:
    logging.basicConfig(
        level=logging.WARNING, format="strongroom-webdav %(levelname)s: %(message)s"
    )
    # The reply pipe is fd 1; point fd 1 at /dev/null so stray prints never corrupt it.
    channel: IO[bytes] | None = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.close(devnull)
    try:
        header = json.loads(sys.stdin.buffer.readline())
        password = sys.stdin.buffer.read(int(header["secret_len"])).decode("utf-8")
        sys.stdin.close()
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        _reply(channel, {"ok": False, "error": "MountError", "message": f"bad request: {exc}"})
        return 2

    def ready(served: Any) -> None:
        _reply(channel, {"ok": True, "pid": os.getpid(), "url": served.url})

    try:
        serve_recorded(
            header["vault"],
            password,
            port=int(header["port"]),
            read_only=bool(header["read_only"]),
            on_ready=ready,
        )
    except BaseException as exc:
        message = exc.message if isinstance(exc, VaultError) else str(exc)
        if isinstance(exc, OSError) and not isinstance(exc, VaultError):
            message = f"cannot serve on 127.0.0.1: {exc.strerror or exc}"
        _reply(channel, {"ok": False, "error": type(exc).__name__, "message": message})
        return 1
    finally:
        del password
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
