"""Background mounts: a detached child process serves the vault; the secret reaches it over a pipe.

Parent (`spawn_mount`): starts `python -m vaultengine.fuse.child` in a new session, writes one
JSON header line and then the password bytes to the child's stdin (never argv, never the
environment), and waits for one JSON line on the child's stdout: `{"ok": true, "pid": N}` once
the folder is usable, or `{"ok": false, "error": "WrongPasswordError", "message": "..."}`.
The child unlocks the vault itself (so a wrong password leaves nothing behind: no process, no
mount point), serves on its main thread, and unmounts cleanly on SIGTERM/SIGINT/SIGHUP.

A frozen (PyInstaller) app has no `-m`: its entry point must call `child_main()` when started
with MOUNT_CHILD_FLAG as its first argument.
"""

from __future__ import annotations

import json
import logging
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from vaultengine import errors
from vaultengine.errors import MountError, VaultError
from vaultengine.fuse.mountpoint import absolute_mountpoint

MOUNT_CHILD_FLAG = "--strongroom-mount-child"
SPAWN_TIMEOUT = 30.0  # unlock (scrypt) + mount; the child reports long before this


def child_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, MOUNT_CHILD_FLAG]
    return [sys.executable, "-m", "vaultengine.fuse.child"]


def _child_env() -> dict[str, str]:
    """The parent's environment, with this package importable (no secrets in it)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    paths = [root] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def spawn_mount(
    vault_path: str | os.PathLike[str],
    mountpoint: str | os.PathLike[str],
    *,
    password: str,
    read_only: bool = False,
    options: Iterable[str] = (),
    log_path: str | os.PathLike[str] | None = None,
    timeout: float = SPAWN_TIMEOUT,
) -> int:
    """Mount in a detached child process; return its pid once the folder is usable.

    Raises what the child met (WrongPasswordError, NotAVaultError, MountPointError, ...).
    """
    header = {
        "vault": os.path.abspath(vault_path),
        "mountpoint": absolute_mountpoint(os.fspath(mountpoint)),
        "read_only": read_only,
        "options": list(options),
    }
    reply = start_child(child_command(), header, password, log_path=log_path, timeout=timeout)
    return int(reply["pid"])


def start_child(
    command: list[str],
    header: dict[str, Any],
    password: str,
    *,
    log_path: str | os.PathLike[str] | None,
    timeout: float,
) -> dict[str, Any]:
    """Start a detached child, hand it the header line and the password over its stdin, and
    return its {"ok": true, ...} reply; raise what it met otherwise. Shared by the FUSE mount
    child and the WebDAV child (vaultengine/webdav/child.py)."""
    header = dict(header, secret_len=len(password.encode("utf-8")))
    log_file: IO[bytes] | int = subprocess.DEVNULL
    if log_path is not None:
        log_file = open(log_path, "ab")  # noqa: SIM115 - handed to the child, closed below
    try:
        child = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log_file,
            cwd="/",  # never keep the caller's folder busy
            env=_child_env(),
            start_new_session=True,  # Ctrl+C or closing the terminal must not reach it
            close_fds=True,
        )
    finally:
        if not isinstance(log_file, int):
            log_file.close()
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(json.dumps(header).encode("utf-8") + b"\n")
        child.stdin.write(password.encode("utf-8"))
        child.stdin.close()
    except BrokenPipeError:
        pass  # the child died early; its exit status is reported below
    reply = _read_reply(child, timeout)
    child.stdout.close()
    if not reply.get("ok"):
        raise _error_from_reply(reply)
    child.returncode = 0  # detached on purpose: keep Popen.__del__ from warning about it
    reply.setdefault("pid", child.pid)
    return reply


def _read_reply(child: subprocess.Popen[bytes], timeout: float) -> dict[str, Any]:
    assert child.stdout is not None
    deadline = time.monotonic() + timeout
    data = b""
    while not data.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            child.kill()
            child.wait()
            return {
                "ok": False,
                "error": "MountError",
                "message": "the mount did not start in time",
            }
        ready, _, _ = select.select([child.stdout], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(child.stdout.fileno(), 4096)
        if not chunk:
            status = child.wait()
            return {
                "ok": False,
                "error": "MountError",
                "message": f"mount process exited ({status})",
            }
        data += chunk
    try:
        parsed: dict[str, Any] = json.loads(data)
    except ValueError:
        return {"ok": False, "error": "MountError", "message": "garbled answer from mount process"}
    if not parsed.get("ok"):
        child.wait()
    return parsed


def _error_from_reply(reply: dict[str, Any]) -> BaseException:
    name = str(reply.get("error", "MountError"))
    message = str(reply.get("message", "mount failed"))
    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, VaultError) and not issubclass(cls, OSError):
        return cls(message)
    if name == "FileNotFoundError":
        return FileNotFoundError(message)
    return MountError(message)


def _reply(channel: IO[bytes] | None, message: dict[str, Any]) -> None:
    if channel is None or channel.closed:
        return
    try:
        channel.write(json.dumps(message).encode("utf-8") + b"\n")
        channel.flush()
        channel.close()
    except OSError:
        pass  # the parent gave up waiting


def child_main() -> int:
    """Entry point of the mount process: read header + secret from stdin, serve until unmounted."""
    from vaultengine.fuse.mount import serve_foreground
    from vaultengine.process_hardening import harden_process

    harden_process()  # before the password arrives: no core dumps, no same-user ptrace
    logging.basicConfig(level=logging.WARNING, format="strongroom-mount %(levelname)s: %(message)s")
    # The reply pipe is fd 1; point fd 1 at /dev/null so stray prints never corrupt it.
    channel: IO[bytes] | None = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.close(devnull)
    # The password is kept only in this list, and popped into serve_foreground, which drops
    # it once the keys are derived: no frame holds it for the mount's lifetime.
    secret: list[str] = []
    try:
        header = json.loads(sys.stdin.buffer.readline())
        secret.append(sys.stdin.buffer.read(int(header["secret_len"])).decode("utf-8"))
        sys.stdin.close()
    except (ValueError, KeyError, UnicodeDecodeError) as exc:
        _reply(channel, {"ok": False, "error": "MountError", "message": f"bad request: {exc}"})
        return 2

    def ready() -> None:
        _reply(channel, {"ok": True, "pid": os.getpid()})

    def failed(exc: BaseException) -> None:
        _reply(channel, {"ok": False, "error": type(exc).__name__, "message": str(exc)})
        os.kill(os.getpid(), signal.SIGTERM)  # libfuse's handler ends the loop

    try:
        serve_foreground(
            header["vault"],
            header["mountpoint"],
            password=secret.pop(),
            read_only=bool(header["read_only"]),
            options=header["options"],
            on_ready=ready,
            on_failed=failed,
        )
    except BaseException as exc:
        message = exc.message if isinstance(exc, VaultError) else str(exc)
        _reply(channel, {"ok": False, "error": type(exc).__name__, "message": message})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
