"""Bad input in the GUI: another vault put in a known folder (#5), FUSE missing (#22)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

import vaultengine.fuse
from app.gui.main_window import MainWindow
from app.gui.unlock_dialog import UnlockDialog
from app.services.controller import VaultController, VaultState
from app.settings import SettingsStore, VaultEntry
from vaultengine.vault import change_password, create_vault, vault_identity, vault_info

pytestmark = pytest.mark.gui

TEST_SCRYPT_COST = 16
PASSWORD = "long enough password 42"
NO_FUSE = "FUSE library not found (libfuse3.so.3). Install FUSE 3: sudo apt-get install fuse3."


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


@pytest.fixture
def fuse_present(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake: these checks stop before mounting, so they need not depend on this machine's
    FUSE; the answer "FUSE is there" lets the window reach the identity check."""
    monkeypatch.setattr(vaultengine.fuse, "fuse_unavailable_reason", lambda: None)


def _answer_substitution_box(qtbot, window: MainWindow, button: str, seen: list[str]) -> None:
    """Click a button of the warning once it is up (it runs its own modal loop)."""

    def click() -> None:
        box = window.dialogs.substitution_box
        if box is None:
            QTimer.singleShot(20, click)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        target = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        target.click()

    QTimer.singleShot(0, click)


def test_identity_is_recorded_on_add_and_create(qtbot, config, tmp_path) -> None:
    create_vault(str(tmp_path / "v"), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    ctl = VaultController(SettingsStore())
    entry = ctl.add_entry(VaultEntry.new("V", str(tmp_path / "v")))
    jti = vault_info(str(tmp_path / "v")).vault_id
    assert entry.vault_jti == jti
    assert len(entry.masterkey_fingerprint) == 64
    saved = json.loads((config / "settings.json").read_text())["vaults"][0]
    assert saved["vault_jti"] == jti
    assert saved["masterkey_fingerprint"] == entry.masterkey_fingerprint

    # Added by picking the file (background task): recorded too.
    create_vault(str(tmp_path / "w"), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    with qtbot.waitSignal(ctl.vaultsChanged, timeout=5000):
        ctl.add_existing(str(tmp_path / "w" / "vault.cryptomator"))
    added = ctl.settings.vault_by_path(tmp_path / "w")
    assert added is not None and added.vault_jti == vault_info(str(tmp_path / "w")).vault_id

    # A password change gives a new fingerprint (new salt) but keeps the jti.
    before = vault_identity(str(tmp_path / "v"))
    change_password(str(tmp_path / "v"), PASSWORD, PASSWORD + "!")
    after = vault_identity(str(tmp_path / "v"))
    assert after.jti == before.jti and after.masterkey_fingerprint != before.masterkey_fingerprint
    assert ctl.identity_change(entry.id) is None


def test_substituted_vault_warns_before_unlocking(
    qtbot, config, tmp_path, fuse_present, monkeypatch
) -> None:
    folder = tmp_path / "Shared"
    create_vault(str(folder), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    ctl = VaultController(SettingsStore())
    entry = ctl.add_entry(VaultEntry.new("Shared", str(folder)))
    entry.password_saved = True
    original = entry.vault_jti
    # Someone (a sync tool, an attacker) puts another vault in the same folder.
    shutil.rmtree(folder)
    create_vault(str(folder), "another password 99", scrypt_cost=TEST_SCRYPT_COST)
    new_jti = vault_info(str(folder)).vault_id
    assert new_jti != original
    change = ctl.identity_change(entry.id)
    assert change is not None and change.jti == new_jti

    window = MainWindow(ctl)
    qtbot.addWidget(window)
    saved_unlocks: list[str] = []
    monkeypatch.setattr(ctl, "unlock_with_saved_password", saved_unlocks.append)

    seen: list[str] = []
    _answer_substitution_box(qtbot, window, "Cancel", seen)
    window.unlock(entry.id)
    assert "now holds a different vault" in seen[0]
    assert original in seen[0] and new_jti in seen[0]
    assert ctl.state(entry.id) is VaultState.LOCKED
    assert ("unlock", entry.id) not in window.dialogs.open_dialogs and saved_unlocks == []
    assert SettingsStore().load().vault(entry.id).vault_jti == original  # nothing changed

    _answer_substitution_box(qtbot, window, "Continue to unlock", seen)
    window.unlock(entry.id)
    assert len(seen) == 2
    # Continuing asks for a password (the saved one belonged to the old vault) ...
    assert isinstance(window.dialogs.open_dialogs.get(("unlock", entry.id)), UnlockDialog)
    assert saved_unlocks == []
    # ... and the new vault is the one remembered from now on: no second warning.
    assert SettingsStore().load().vault(entry.id).vault_jti == new_jti
    assert ctl.identity_change(entry.id) is None


def test_entry_without_identity_records_it_instead_of_warning(qtbot, config, tmp_path) -> None:
    """Settings written before identities were kept: nothing to compare, no false alarm."""
    create_vault(str(tmp_path / "old"), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    (config).mkdir()
    (config / "settings.json").write_text(
        json.dumps(
            {"version": 1, "vaults": [{"id": "o", "name": "Old", "path": str(tmp_path / "old")}]}
        )
    )
    ctl = VaultController(SettingsStore())
    assert ctl.entry("o").vault_jti == ""
    assert ctl.identity_change("o") is None
    # What a successful unlock does with the identity its worker read.
    ctl._refresh_identity(ctl.entry("o"), vault_identity(str(tmp_path / "old")))
    assert SettingsStore().load().vault("o").vault_jti == vault_info(str(tmp_path / "old")).vault_id


def test_missing_fuse_shows_the_hint_and_disables_unlock(
    qtbot, config, tmp_path, monkeypatch
) -> None:
    """Fake reason: this machine has FUSE, and removing it for a test is not possible. The
    vault's volume is FUSE: with Automatic (the default) it would be served over WebDAV instead
    (tests/gui/test_gui_webdav_volume.py)."""
    monkeypatch.setattr(vaultengine.fuse, "fuse_unavailable_reason", lambda: NO_FUSE)
    create_vault(str(tmp_path / "v"), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    ctl = VaultController(SettingsStore())
    fuse_only = VaultEntry.new("V", str(tmp_path / "v"))
    fuse_only.options.volume = "fuse"
    entry = ctl.add_entry(fuse_only)
    assert ctl.fuse_problem() == NO_FUSE
    assert not ctl.can_unlock(entry.id)

    window = MainWindow(ctl)
    qtbot.addWidget(window)
    window.show()
    window.select(entry.id)
    pane = window.detail
    assert pane.fuse_note.isVisible()
    assert "sudo apt-get install fuse3" in pane.fuse_note.text()
    assert not pane.primary.isEnabled() and NO_FUSE in pane.primary.toolTip()
    assert not window.vault_actions["unlock"].isEnabled()

    warned: list[object] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a))
    window.unlock(entry.id)  # e.g. from the tray or "unlock on start"
    assert ("unlock", entry.id) not in window.dialogs.open_dialogs
    assert ctl.state(entry.id) is VaultState.LOCKED
    assert "Cannot unlock" in window.statusBar().currentMessage()

    # FUSE installed meanwhile: the next start of the app no longer shows the hint.
    monkeypatch.setattr(vaultengine.fuse, "fuse_unavailable_reason", lambda: None)
    restarted = MainWindow(VaultController(SettingsStore()))
    qtbot.addWidget(restarted)
    restarted.show()
    restarted.select(entry.id)
    assert not restarted.detail.fuse_note.isVisible() and restarted.detail.primary.isEnabled()
    assert restarted.vault_actions["unlock"].isEnabled()
