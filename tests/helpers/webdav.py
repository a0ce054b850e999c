"""Shared pieces of the WebDAV tests: a real vault served on an ephemeral 127.0.0.1 port (the
`served` fixture in conftest.py), raw requests, and `strongroom` run as a user runs it."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.fs.vaultfs import VaultFileSystem
from vaultengine.vault import UnlockedVault, create_vault

pytest.importorskip("wsgidav")
pytest.importorskip("cheroot")

from vaultengine.webdav import WebDavServer

PASSWORD = "correct horse battery"
URL = re.compile(r"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]{22,})/")


@dataclass
class Served:
    server: WebDavServer
    vault: UnlockedVault
    vault_path: Path

    @property
    def fs(self) -> VaultFileSystem:
        return self.vault.fs

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def prefix(self) -> str:
        return self.server.prefix

    def path(self, cleartext: str = "") -> str:
        """The request path of a cleartext vault path (already URL-safe in the tests)."""
        return f"/{self.prefix}/{cleartext.lstrip('/')}"

    def request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        finally:
            conn.close()


def make_vault(folder: Path) -> Path:
    create_vault(folder, PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    return folder


def raw_request(
    port: int, request_line: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, bytes]:
    """Send bytes exactly as given (no client-side normalisation); status and body."""
    lines = [request_line, f"Host: 127.0.0.1:{port}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body or request_line.startswith(("PUT", "POST")):
        lines.append(f"Content-Length: {len(body)}")
    data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    reply = b"".join(chunks)
    head, _, payload = reply.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, payload


def strongroom(env: dict[str, str], *args: object, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(os.fspath, args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
