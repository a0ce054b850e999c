"""Desktop plumbing: single instance, autostart entry, suspend/screen-lock signals over D-Bus."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from app.services import autostart
from app.services.single_instance import SingleInstance, server_name

pytestmark = pytest.mark.gui


def test_second_instance_brings_the_first_forward(qtbot) -> None:
    name = f"strongroom-test-{uuid.uuid4().hex[:8]}"
    first = SingleInstance(name)
    assert first.claim()
    try:
        with qtbot.waitSignal(first.activated, timeout=5000):
            second = SingleInstance(name)
            assert not second.claim()
    finally:
        first.close()
    # With the first gone, a new launch becomes the instance.
    third = SingleInstance(name)
    assert third.claim()
    third.close()


def test_server_name_depends_on_config_dir(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "a"))
    a = server_name()
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "b"))
    assert server_name() != a


def test_autostart_entry_written_and_removed(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert not autostart.is_enabled()
    autostart.set_enabled(True)
    entry = tmp_path / "autostart" / "strongroom.desktop"
    text = entry.read_text()
    assert text.startswith("[Desktop Entry]\n")
    assert "Type=Application" in text and "--hidden" in text
    assert autostart.is_enabled()
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(entry)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
    autostart.set_enabled(False)
    assert not entry.exists() and not autostart.is_enabled()


def _session_bus_reason() -> str | None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return "no D-Bus session bus (run under dbus-run-session or scripts/with-keychain)"
    if shutil.which("dbus-send") is None:
        return "dbus-send missing (apt-get install dbus-bin)"
    return None


@pytest.mark.skipif(_session_bus_reason() is not None, reason=str(_session_bus_reason()))
def test_screensaver_active_changed_reaches_the_watcher(qtbot) -> None:
    from app.services.suspend import SuspendWatcher

    watcher = SuspendWatcher()
    assert any("ScreenSaver" in w for w in watcher.watching)
    with qtbot.waitSignal(watcher.screenLocked, timeout=5000):
        subprocess.run(
            [
                "dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true",
            ],
            check=True,
        )  # fmt: skip
    with qtbot.assertNotEmitted(watcher.screenLocked, wait=300):
        subprocess.run(
            [
                "dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:false",
            ],
            check=True,
        )  # fmt: skip
