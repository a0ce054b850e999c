"""Fixtures of the GUI tests: garbage collected on the GUI thread, and the app's VaultController on
a private settings folder (the in-memory keychain from tests/conftest.py)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.helpers.gui import unmount_leftovers
from tests.helpers.mounts import mounts_under


@pytest.fixture
def collect_on_gui_thread(qapp):
    """As the app does: cyclic garbage (old windows) is freed on the GUI thread, never by a
    FUSE thread; without it a collection on a FUSE thread crashes Qt. Modules that mount from
    the GUI use it for every test (pytest.mark.usefixtures)."""
    from app.services.gc_guard import GuiThreadCollector

    gc.collect()
    collector = GuiThreadCollector()
    yield
    collector.stop()


@pytest.fixture
def controller(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring):
    """The app's VaultController on a private settings folder and the in-memory keychain; every
    vault it unlocked is locked afterwards and no mount is left under tmp_path."""
    from app.services import tasks
    from app.services.controller import VaultController
    from app.settings import SettingsStore

    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    store = SettingsStore()
    ctl = VaultController(store)
    ctl.settings.preferences.default_mount_folder = str(tmp_path / "mounts")
    ctl.probe_keychain()
    qtbot.waitUntil(lambda: ctl.keychain_status() is not None)
    yield ctl
    # Never leave a mount behind, whatever the test did (a failed assertion included).
    for vault_id in ctl.unlocked_ids():
        ctl.lock(vault_id, force=True)
    try:
        qtbot.waitUntil(lambda: not ctl.unlocked_ids(), timeout=15000)
    finally:
        tasks.wait_for_tasks()
        unmount_leftovers(tmp_path)
    assert mounts_under(tmp_path) == []
