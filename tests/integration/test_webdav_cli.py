"""`strongroom mount VAULT --volume webdav`, `mounts` and `unmount` as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.webdav import PASSWORD, URL, make_vault, strongroom
from vaultengine.vault import unlock_vault

pytestmark = pytest.mark.webdav

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    environ = dict(os.environ, XDG_RUNTIME_DIR=str(runtime))
    environ.pop("DBUS_SESSION_BUS_ADDRESS", None)  # no session bus: no gio, the URL is printed
    environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), environ.get("PYTHONPATH", "")])
    return environ


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=5).close()
    except ConnectionRefusedError:
        return True
    return False


def test_webdav_mount_in_background_then_unmount(tmp_path: Path, env: dict[str, str]) -> None:
    vault_path = make_vault(tmp_path / "vault")
    with unlock_vault(vault_path, PASSWORD) as vault:
        vault.fs.write_file("/hello.txt", b"hello over WebDAV")
    result = strongroom(
        env, "mount", vault_path, "--volume", "webdav", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert result.returncode == 0, result.stderr
    match = URL.search(result.stdout)
    assert match, result.stdout
    url, port = match.group(0), int(match.group(1))
    stopped = False
    try:
        with urllib.request.urlopen(url + "hello.txt", timeout=30) as response:
            assert response.read() == b"hello over WebDAV"
        rows = json.loads(strongroom(env, "mounts", "--json").stdout)
        ours = [r for r in rows if r.get("volume") == "webdav"]
        assert [(r["url"], r["vault"]) for r in ours] == [(url, str(vault_path))]
        assert "WebDAV" in strongroom(env, "mounts").stdout
        records = list((tmp_path / "runtime" / "strongroom" / "webdav").iterdir())
        assert len(records) == 1 and records[0].stat().st_mode & 0o077 == 0
        done = strongroom(env, "unmount", url)
        assert done.returncode == 0, done.stderr
        stopped = True
        assert refused(port)
        assert not [
            r for r in json.loads(strongroom(env, "mounts", "--json").stdout) if r.get("volume")
        ]
    finally:
        if not stopped:
            strongroom(env, "unmount", url)


def test_webdav_wrong_password_and_usage(tmp_path: Path, env: dict[str, str]) -> None:
    vault_path = make_vault(tmp_path / "vault")
    wrong = strongroom(
        env, "mount", vault_path, "--volume", "webdav", "--password-stdin", stdin="no\n"
    )
    assert wrong.returncode == 3
    assert not [
        r for r in json.loads(strongroom(env, "mounts", "--json").stdout) if r.get("volume")
    ]
    with_mountpoint = strongroom(env, "mount", vault_path, tmp_path / "mnt", "--volume", "webdav")
    assert with_mountpoint.returncode == 2 and "MOUNTPOINT" in with_mountpoint.stderr
    bad_port = strongroom(env, "mount", vault_path, "--volume", "webdav", "--port", "70000")
    assert bad_port.returncode == 2
    not_a_vault = strongroom(env, "mount", tmp_path, "--volume", "webdav", "--password-stdin")
    assert not_a_vault.returncode == 4


def test_webdav_foreground_stops_on_sigterm(tmp_path: Path, env: dict[str, str]) -> None:
    vault_path = make_vault(tmp_path / "vault")
    with unlock_vault(vault_path, PASSWORD) as vault:
        vault.fs.write_file("/f.txt", b"foreground")
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "mount",
            os.fspath(vault_path),
            "--volume",
            "webdav",
            "--foreground",
            "--password-stdin",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(PASSWORD + "\n")
        child.stdin.close()
        line = child.stdout.readline()
        match = URL.search(line)
        assert match, line
        port = int(match.group(1))
        with urllib.request.urlopen(match.group(0) + "f.txt", timeout=30) as response:
            assert response.read() == b"foreground"
        child.send_signal(signal.SIGTERM)
        assert child.wait(30) == 0
        assert refused(port)
        assert "locked" in child.stdout.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
