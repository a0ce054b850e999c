"""The running app's control protocol: where its socket is, who may use it, what is said on it.

One request per connection, one JSON object per line each way:

    -> {"v": 1, "cmd": "status"}
    -> {"v": 1, "cmd": "unlock", "vault": "Taxes", "password": "..."}  (password optional)
    -> {"v": 1, "cmd": "lock", "vault": "Taxes", "force": false}  (or "all": true)
    <- {"v": 1, "ok": true, "result": {...}}
    <- {"v": 1, "ok": false, "error": {"code": "busy", "message": "...", ...}}

A bare `show` line (what earlier launches sent) still brings the window forward. The socket
lives in a folder only this user can enter (0700, checked) and each side checks the other's
uid with SO_PEERCRED, so another local user can neither ask nor answer. No Qt here: the CLI
speaks it with a plain Unix socket.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultengine.private_dir import private_dir

PROTOCOL_VERSION = 1
MAX_LINE_BYTES = 64 << 10
COMMANDS = ("show", "status", "unlock", "lock")
LEGACY_SHOW = b"show"
# Longest path a Unix socket address holds on Linux is 107 bytes; keep clear of it.
_MAX_SOCKET_PATH = 100

# Error codes (the CLI maps them to exit statuses).
BAD_REQUEST = "bad_request"
UNSUPPORTED_VERSION = "unsupported_version"
REFUSED = "refused"
NOT_FOUND = "not_found"
NOT_UNLOCKED = "not_unlocked"
BUSY = "busy"
WRONG_PASSWORD = "wrong_password"
FAILED = "failed"


class ProtocolError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Request:
    cmd: str
    args: dict[str, Any] = field(default_factory=dict)


# --- where ---------------------------------------------------------------------------------


def socket_path(config_folder: str | os.PathLike[str], env: dict[str, str] | None = None) -> str:
    """One socket per user and config folder, so tests never reach a real session."""
    digest = hashlib.sha256(str(Path(config_folder).resolve()).encode()).hexdigest()[:12]
    path = private_dir(env=env) / f"app-{digest}.sock"
    if len(os.fsencode(path)) > _MAX_SOCKET_PATH:
        fallback = dict(env if env is not None else os.environ, XDG_RUNTIME_DIR="")
        path = private_dir(env=fallback) / f"app-{digest}.sock"
    return str(path)


def peer_uid(sock: socket.socket) -> int:
    """The uid of the process at the other end (Linux SO_PEERCRED)."""
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def peer_uid_of_fd(fd: int) -> int:
    """Same, for a descriptor owned by someone else (Qt): works on a duplicate."""
    dup = socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        return peer_uid(dup)
    finally:
        dup.close()


def same_user(uid: int) -> bool:
    return uid == os.getuid()


# --- what ----------------------------------------------------------------------------------


def encode(message: dict[str, Any]) -> bytes:
    line = json.dumps({"v": PROTOCOL_VERSION, **message}, ensure_ascii=True) + "\n"
    data = line.encode("ascii")
    if len(data) > MAX_LINE_BYTES:
        raise ValueError("message too long for the control protocol")
    return data


def request(cmd: str, **args: Any) -> bytes:
    return encode({"cmd": cmd, **args})


def ok(result: Any) -> bytes:
    return encode({"ok": True, "result": result})


def error(code: str, message: str, **details: Any) -> bytes:
    return encode({"ok": False, "error": {"code": code, "message": message, **details}})


def parse_request(line: bytes) -> Request:
    """A request line (without its newline); ProtocolError says what is wrong with it."""
    if line.strip() == LEGACY_SHOW:
        return Request("show")
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError(BAD_REQUEST, "the request is not a JSON object on one line") from None
    if not isinstance(data, dict):
        raise ProtocolError(BAD_REQUEST, "the request is not a JSON object")
    version = data.pop("v", None)
    if type(version) is not int:
        raise ProtocolError(BAD_REQUEST, 'the request has no protocol version ("v")')
    if version != PROTOCOL_VERSION:
        raise ProtocolError(
            UNSUPPORTED_VERSION,
            f"protocol version {version} is not spoken here (this app speaks {PROTOCOL_VERSION})",
        )
    cmd = data.pop("cmd", None)
    if cmd not in COMMANDS:
        raise ProtocolError(BAD_REQUEST, f"unknown command {cmd!r}")
    _check_args(cmd, data)
    return Request(cmd, data)


_ARG_TYPES: dict[str, dict[str, type]] = {
    "show": {},
    "status": {},
    "unlock": {"vault": str, "password": str},
    "lock": {"vault": str, "all": bool, "force": bool},
}


def _check_args(cmd: str, args: dict[str, Any]) -> None:
    known = _ARG_TYPES[cmd]
    for key, value in args.items():
        expected = known.get(key)
        if expected is None:
            raise ProtocolError(BAD_REQUEST, f"{cmd}: unknown field {key!r}")
        if type(value) is not expected:
            raise ProtocolError(BAD_REQUEST, f"{cmd}: {key!r} must be a {expected.__name__}")
    if cmd == "unlock" and not args.get("vault"):
        raise ProtocolError(BAD_REQUEST, 'unlock: which vault ("vault")?')
    if cmd == "lock" and bool(args.get("vault")) == bool(args.get("all")):
        raise ProtocolError(BAD_REQUEST, 'lock: name one vault ("vault") or all ("all")')


def parse_response(line: bytes) -> dict[str, Any]:
    """A response line; ProtocolError when it is not one this client understands."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProtocolError(BAD_REQUEST, "the app's answer is not JSON") from None
    if not isinstance(data, dict) or data.get("v") != PROTOCOL_VERSION:
        raise ProtocolError(UNSUPPORTED_VERSION, "the running app speaks another protocol version")
    if data.get("ok") is True:
        return data
    err = data.get("error")
    if data.get("ok") is False and isinstance(err, dict) and isinstance(err.get("code"), str):
        return data
    raise ProtocolError(BAD_REQUEST, "the app's answer is malformed")


# --- the client side -----------------------------------------------------------------------


class AppNotRunning(Exception):
    """No app listens (no socket, or a stale one left by a crash)."""


def call(path: str, message: bytes, *, timeout: float = 120.0) -> dict[str, Any]:
    """Send one request to the app at `path`; its parsed response."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(5.0)
        try:
            sock.connect(path)
        except (FileNotFoundError, ConnectionRefusedError):
            raise AppNotRunning(path) from None
        if not same_user(peer_uid(sock)):
            raise ProtocolError(REFUSED, f"{path} is served by another user; not used")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            # The app may answer (a refusal) and close before it reads; the answer still waits.
            sock.sendall(message)
        sock.settimeout(timeout)
        return parse_response(_read_line(sock))
    finally:
        with contextlib.suppress(OSError):
            sock.close()


def _read_line(sock: socket.socket) -> bytes:
    data = bytearray()
    while b"\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_LINE_BYTES:
            raise ProtocolError(BAD_REQUEST, "the app's answer is too long")
    if b"\n" not in data:
        raise ProtocolError(FAILED, "the app closed the connection without answering")
    return bytes(data.split(b"\n", 1)[0])
