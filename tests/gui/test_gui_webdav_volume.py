"""The app's WebDAV volume: a vault unlocked through the controller is served on 127.0.0.1 by a
thread of the app (a real server, real HTTP), shown by its URL, counted in the statistics, and
gone as soon as it is locked (also forced, mid-transfer). Automatic picks it without FUSE.
The vault options dialog offers the choice and, on Windows, the WebClient size-limit hint."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import http.client
import re
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("wsgidav")
pytest.importorskip("cheroot")

import vaultengine.fuse
from app.gui.main_window import MainWindow
from app.gui.stats import StatsWindow
from app.gui.tray_menu import tray_menu_spec
from app.gui.vault_options import VaultOptionsDialog
from app.services import engine
from app.services.controller import VaultController, VaultState
from app.settings import SettingsStore, VaultEntry
from vaultengine.vault import create_vault, unlock_vault

pytestmark = [
    pytest.mark.gui,
    pytest.mark.webdav,
    pytest.mark.usefixtures("collect_on_gui_thread"),
]

TEST_SCRYPT_COST = 16
PASSWORD = "long enough password 42"
URL = re.compile(r"^http://127\.0\.0\.1:(\d+)/[A-Za-z0-9_-]{32}/$")
NO_FUSE = "FUSE is not installed (test)"


def _add_vault(ctl: VaultController, tmp_path: Path, volume: str, name: str = "Dav") -> str:
    create_vault(str(tmp_path / name), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    entry = VaultEntry.new(name, str(tmp_path / name))
    entry.options.volume = volume
    entry.options.after_unlock = "nothing"
    return ctl.add_entry(entry).id


def _unlock(qtbot, ctl: VaultController, vault_id: str) -> engine.OpenVault:
    with qtbot.waitSignal(ctl.unlockSucceeded, timeout=20000):
        ctl.unlock(vault_id, PASSWORD)
    session = ctl.runtime(vault_id).session
    assert session is not None
    return session


def _lock(qtbot, ctl: VaultController, vault_id: str, *, force: bool = False) -> float:
    """Lock through the controller; how long it took (seconds)."""
    started = time.monotonic()
    ctl.lock(vault_id, force=force)
    qtbot.waitUntil(lambda: ctl.state(vault_id) is VaultState.LOCKED, timeout=20000)
    return time.monotonic() - started


def _request(url: str, method: str, name: str, body: bytes | None = None) -> tuple[int, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request(method, parts.path + name, body=body)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _answers(url: str) -> bool:
    """False once the volume is gone: connection refused, or a 404 for the vault's files."""
    try:
        status, _body = _request(url, "PROPFIND", "")
    except ConnectionRefusedError:
        return False
    return status != 404


def test_webdav_volume_serves_counts_reveals_and_stops_when_locked(
    qtbot, controller, tmp_path
) -> None:
    vault_id = _add_vault(controller, tmp_path, "webdav")
    window = MainWindow(controller)
    qtbot.addWidget(window)
    revealed: list[str] = []
    window.reveal_path = lambda target: revealed.append(target) is None
    window.select(vault_id)

    session = _unlock(qtbot, controller, vault_id)
    assert session.volume == engine.WEBDAV and session.mount_point == ""
    url = session.url
    assert URL.match(url), url
    assert not (tmp_path / "mounts").exists()  # no folder was made or mounted
    # The detail pane, the list and the status line say where the vault is.
    assert window.detail.state.text() == f"Unlocked, served over WebDAV at {url}"
    assert controller.location(vault_id) == url
    assert f"served over WebDAV at {url}" in window.statusBar().currentMessage()
    # The tray offers Lock and Reveal for it, as for a mount.
    [submenu] = [i for i in tray_menu_spec(window.model.views()) if i.children]
    assert {c.action: c.enabled for c in submenu.children} == {
        "unlock": False,
        "lock": True,
        "reveal": True,
    }
    window.do_action("reveal", vault_id)
    assert revealed == [url]

    stats = StatsWindow(controller, vault_id)
    qtbot.addWidget(stats)
    stats.show()
    assert (stats.sampler.total_read, stats.sampler.total_written) == (0, 0)
    body = os.urandom(300_000)  # ten chunks and a partial one
    status, _ = _request(url, "PUT", "report.bin", body)
    assert status in (201, 204)
    status, got = _request(url, "GET", "report.bin")
    assert (status, got) == (200, body)
    stats.sample()
    assert stats.sampler.total_written == len(body)
    assert stats.sampler.total_read == len(body)
    assert not stats.note.isVisible()

    assert _lock(qtbot, controller, vault_id) < 10
    assert session.unlocked is None and not _answers(url)
    assert window.detail.state.text() == "Locked"
    stats.sample()
    assert stats.note.isVisible() and stats.note.text() == "The vault is locked."
    # What the PUT wrote is in the vault: decrypted offline after the lock.
    with unlock_vault(str(tmp_path / "Dav"), PASSWORD) as vault:
        assert vault.fs.read_file("/report.bin") == body


def test_force_lock_cuts_transfers_in_progress(qtbot, controller, tmp_path) -> None:
    vault_id = _add_vault(controller, tmp_path, "webdav")
    big = os.urandom(24 << 20)  # more than the sockets buffer between server and client
    old = b"the old contents stay whole"
    with unlock_vault(str(tmp_path / "Dav"), PASSWORD) as vault:
        vault.fs.write_file("/big.bin", big)
        vault.fs.write_file("/doc.txt", old)
    session = _unlock(qtbot, controller, vault_id)
    parts = urlsplit(session.url)

    # A client downloading big.bin slowly (as a player streams a film) ...
    download = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    download.request("GET", parts.path + "big.bin")
    response = download.getresponse()
    assert response.status == 200
    received = 0
    ended = threading.Event()

    def read_slowly() -> None:
        nonlocal received
        try:
            while chunk := response.read(1 << 16):
                received += len(chunk)
                time.sleep(0.01)
        except (OSError, http.client.HTTPException):
            pass
        finally:
            ended.set()

    reader = threading.Thread(target=read_slowly, daemon=True)
    reader.start()
    qtbot.waitUntil(lambda: received > 1 << 18, timeout=10000)
    # ... and an upload over doc.txt sent halfway.
    upload = socket.create_connection((parts.hostname, parts.port), timeout=30)
    upload.sendall(
        (
            f"PUT {parts.path}doc.txt HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Content-Length: {4 << 20}\r\n\r\n"
        ).encode()
        + b"x" * (2 << 20)
    )

    assert _lock(qtbot, controller, vault_id, force=True) < 10
    assert session.unlocked is None and not _answers(session.url)
    # The download ends short of the file: no more cleartext once the vault is locked.
    assert ended.wait(30)
    download.close()
    assert received < len(big)
    # The upload cut short replaced nothing.
    try:
        upload.sendall(b"x" * (2 << 20))
        upload.recv(1024)
    except OSError:
        pass
    finally:
        upload.close()
    with unlock_vault(str(tmp_path / "Dav"), PASSWORD) as vault:
        assert vault.fs.read_file("/doc.txt") == old
        assert vault.fs.read_file("/big.bin") == big


def test_automatic_serves_webdav_where_fuse_is_missing_and_says_so(
    qtbot, controller, tmp_path, monkeypatch
) -> None:
    """FUSE works on this machine; the availability check is made to fail, as it does on a
    computer without FUSE, to see Automatic choose WebDAV."""
    monkeypatch.setattr(vaultengine.fuse, "fuse_unavailable_reason", lambda: NO_FUSE)
    ctl = VaultController(controller.store)  # checks FUSE afresh (the answer is cached)
    auto_id = _add_vault(ctl, tmp_path, "auto", "Auto")
    fuse_id = _add_vault(ctl, tmp_path, "fuse", "FuseOnly")
    window = MainWindow(ctl)
    qtbot.addWidget(window)
    window.show()

    # FUSE-only keeps the install hint and cannot be unlocked.
    window.select(fuse_id)
    assert not ctl.can_unlock(fuse_id)
    assert window.detail.fuse_note.isVisible() and NO_FUSE in window.detail.fuse_note.text()
    assert not window.detail.primary.isEnabled()
    # Automatic can, and says beforehand that it will use WebDAV.
    window.select(auto_id)
    assert ctl.can_unlock(auto_id) and window.detail.primary.isEnabled()
    assert "served over WebDAV" in window.detail.fuse_note.text()
    assert NO_FUSE in window.detail.fuse_note.text()

    session = _unlock(qtbot, ctl, auto_id)
    try:
        assert session.volume == engine.WEBDAV and URL.match(session.url)
        assert window.detail.state.text() == f"Unlocked, served over WebDAV at {session.url}"
        assert _request(session.url, "PUT", "a.txt", b"auto")[0] in (201, 204)
    finally:
        _lock(qtbot, ctl, auto_id)
    assert not _answers(session.url)


def test_volume_option_is_saved_and_offered_in_the_dialog(qtbot, controller, tmp_path) -> None:
    vault_id = _add_vault(controller, tmp_path, "auto")
    dialog = VaultOptionsDialog(controller, vault_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.volume.currentData() == "auto"
    assert [dialog.volume.itemData(i) for i in range(dialog.volume.count())] == [
        "auto",
        "fuse",
        "webdav",
    ]
    assert "Automatic uses FUSE on this computer." in dialog.volume_hint.text()
    dialog.volume.setCurrentIndex(dialog.volume.findData("webdav"))
    # No folder and no FUSE options for a WebDAV volume.
    assert not dialog.default_mount.isEnabled() and not dialog.mount_options.isEnabled()
    assert not dialog.windows_webdav_hint.isVisible()  # not Windows
    dialog.save()
    assert SettingsStore().load().vault(vault_id).options.volume == "webdav"


def test_windows_hint_on_the_webclient_size_limit(qtbot, controller, tmp_path, monkeypatch) -> None:
    """sys.platform faked: the hint is the dialog's, shown when WebDAV is picked on Windows."""
    vault_id = _add_vault(controller, tmp_path, "fuse")
    dialog = VaultOptionsDialog(controller, vault_id)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(sys, "platform", "win32")
    dialog.volume.setCurrentIndex(dialog.volume.findData("webdav"))
    hint = dialog.windows_webdav_hint
    assert hint.isVisible()
    assert "FileSizeLimitInBytes" in hint.text() and "4294967295" in hint.text()
    assert r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WebClient\Parameters" in (
        hint.text()
    )
    assert "50 MB" in hint.text() and "4 GiB" in hint.text()
    dialog.volume.setCurrentIndex(dialog.volume.findData("fuse"))
    assert not hint.isVisible()
