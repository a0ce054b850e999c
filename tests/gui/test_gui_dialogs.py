"""Vault options, preferences, password dialogs, health check and statistics, offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.gui.health_dialog import HealthDialog, report_html
from app.gui.main_window import MainWindow
from app.gui.password_dialogs import ChangePasswordDialog, RecoveryKeyDialog, ResetPasswordDialog
from app.gui.preferences import PreferencesDialog
from app.gui.stats import ThroughputSampler
from app.gui.vault_options import VaultOptionsDialog
from app.keychain import SERVICE, Keychain
from app.services.controller import VaultController
from app.settings import SettingsStore, VaultEntry
from tests.helpers.keyrings import MemoryKeyring
from vaultengine.vault import create_vault, unlock_vault

pytestmark = pytest.mark.gui

PASSWORD = "first password 123"
NEW_PASSWORD = "second password 456"


@pytest.fixture
def vault(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "vault"
    recovery = create_vault(str(path), PASSWORD, scrypt_cost=16)
    controller = VaultController(SettingsStore())
    entry = controller.add_entry(VaultEntry.new("Test vault", str(path)))
    return controller, entry, recovery


def _run(qtbot, dialog) -> None:
    dialog.show()
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        dialog.ok.click()


def test_options_dialog_saves_and_persists(qtbot, vault, tmp_path) -> None:
    controller, entry, _ = vault
    dialog = VaultOptionsDialog(controller, entry.id)
    qtbot.addWidget(dialog)
    dialog.custom_mount.setChecked(True)
    dialog.mount_point.setText(str(tmp_path / "mnt"))
    dialog.read_only.setChecked(True)
    dialog.after_unlock.setCurrentIndex(2)
    dialog.idle_lock.setChecked(True)
    dialog.idle_minutes.setValue(12)
    dialog.lock_on_suspend.setChecked(False)
    dialog.save()
    saved = SettingsStore().load().vault(entry.id).options
    assert saved.mount_point == str(tmp_path / "mnt")
    assert saved.read_only and saved.after_unlock == "nothing"
    assert saved.idle_lock_minutes == 12 and not saved.lock_on_suspend
    assert controller.mount_point(entry.id) == str(tmp_path / "mnt")


def test_options_dialog_refuses_relative_mount_point(qtbot, vault) -> None:
    controller, entry, _ = vault
    dialog = VaultOptionsDialog(controller, entry.id)
    qtbot.addWidget(dialog)
    dialog.custom_mount.setChecked(True)
    dialog.mount_point.setText("relative/dir")
    dialog.save()
    assert "full path" in dialog.message.text()
    assert controller.entry(entry.id).options.mount_point == ""


def test_preferences_write_autostart_and_disable_start_hidden_without_tray(qtbot, vault, tmp_path):
    controller, _, _ = vault
    dialog = PreferencesDialog(controller, tray_available=False)
    qtbot.addWidget(dialog)
    assert not dialog.start_hidden.isEnabled()
    assert not dialog.tray_note.isHidden()
    dialog.start_at_login.setChecked(True)
    dialog.mount_folder.setText(str(tmp_path / "mounts"))
    dialog.save()
    assert (tmp_path / "xdg" / "autostart" / "strongroom.desktop").is_file()
    prefs = SettingsStore().load().preferences
    assert prefs.default_mount_folder == str(tmp_path / "mounts") and prefs.start_at_login


@pytest.mark.parametrize("typed", ["relative/dir", "Vaults", ""])
def test_preferences_refuse_a_relative_mount_folder(qtbot, vault, typed: str) -> None:
    controller, _, _ = vault
    before = controller.settings.preferences.default_mount_folder
    dialog = PreferencesDialog(controller, tray_available=False)
    qtbot.addWidget(dialog)
    dialog.mount_folder.setText(typed)
    dialog.save()
    assert "full path" in dialog.message.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert SettingsStore().load().preferences.default_mount_folder == before


def test_preferences_expand_a_tilde_mount_folder(qtbot, vault, monkeypatch, tmp_path) -> None:
    controller, _, _ = vault
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    dialog = PreferencesDialog(controller, tray_available=False)
    qtbot.addWidget(dialog)
    dialog.mount_folder.setText("~/Vaults")
    dialog.save()
    assert SettingsStore().load().preferences.default_mount_folder == str(
        tmp_path / "home" / "Vaults"
    )


def test_change_password_recovery_key_and_reset(qtbot, vault) -> None:
    controller, entry, recovery = vault
    change = ChangePasswordDialog(controller, entry.id)
    qtbot.addWidget(change)
    change.old.setText("not the password")
    change.new.setText(NEW_PASSWORD)
    change.confirm.setText(NEW_PASSWORD)
    change.show()
    change.ok.click()
    qtbot.waitUntil(
        lambda: change.message.isVisible() and "Wrong password" in change.message.text(),
        timeout=10000,
    )
    assert change.isVisible()
    change.old.setText(PASSWORD)
    _run(qtbot, change)

    show = RecoveryKeyDialog(controller, entry.id)
    qtbot.addWidget(show)
    show.password.setText(NEW_PASSWORD)
    show.show()
    show.ok.click()
    qtbot.waitUntil(lambda: show.key.isVisible(), timeout=10000)
    assert show.key.toPlainText() == recovery

    reset = ResetPasswordDialog(controller, entry.id)
    qtbot.addWidget(reset)
    reset.words.setPlainText(recovery)
    reset.new.setText(PASSWORD)
    reset.confirm.setText(PASSWORD)
    assert reset.ok.isEnabled()
    _run(qtbot, reset)
    unlock_vault(entry.path, PASSWORD).lock()  # the reset password works


@pytest.mark.parametrize("refuse", [False, True], ids=["replaced", "refused"])
def test_password_change_replaces_the_saved_password(qtbot, vault, refuse) -> None:
    controller, entry, _ = vault
    backend = MemoryKeyring(refuse_writes=refuse)
    backend.items[(SERVICE, entry.id)] = PASSWORD
    controller.keychain = Keychain(backend)
    entry.password_saved = True
    notices: list[tuple[str, str]] = []
    controller.notice.connect(lambda title, text: notices.append((title, text)))
    change = ChangePasswordDialog(controller, entry.id)
    qtbot.addWidget(change)
    change.old.setText(PASSWORD)
    change.new.setText(NEW_PASSWORD)
    change.confirm.setText(NEW_PASSWORD)
    _run(qtbot, change)
    if refuse:  # the person is told; nothing silently stays stale
        qtbot.waitUntil(lambda: any(t == "Keychain" for t, _m in notices), timeout=5000)
        assert any("read-only" in m for t, m in notices if t == "Keychain")
        assert backend.items[(SERVICE, entry.id)] == PASSWORD
    else:
        qtbot.waitUntil(lambda: backend.items[(SERVICE, entry.id)] == NEW_PASSWORD, timeout=5000)


def test_health_dialog_reports_a_clean_vault(qtbot, vault) -> None:
    controller, entry, _ = vault
    dialog = HealthDialog(controller, entry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.password.setText(PASSWORD)
    dialog.deep.setChecked(True)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.report.isVisible() or dialog.message.isVisible(), timeout=10000)
    assert dialog.report.isVisible(), dialog.message.text()
    assert "No problems found" in dialog.report.toPlainText()
    assert dialog.repair_button.isHidden()
    dialog.reject()
    assert dialog._password == ""  # closed: the dialog object keeps no password


@pytest.mark.parametrize("saved", [PASSWORD, "a stale saved password"])
def test_health_dialog_uses_the_saved_password(qtbot, vault, saved: str) -> None:
    """Check health asks for no password the keychain holds; a stale one brings the field back."""
    controller, entry, _ = vault
    backend = MemoryKeyring()
    backend.items[(SERVICE, entry.id)] = saved
    controller.keychain = Keychain(backend)
    entry.password_saved = True
    dialog = HealthDialog(controller, entry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.password.isHidden() and dialog.saved_note.isVisible()
    assert dialog.check_button.isEnabled()
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.report.isVisible() or dialog.message.isVisible(), timeout=10000)
    if saved == PASSWORD:
        assert "No problems found" in dialog.report.toPlainText()
    else:
        assert "password" in dialog.message.text().lower()
        assert dialog.password.isVisible() and dialog.password.isEnabled()
        dialog.password.setText(PASSWORD)
        dialog.check_button.click()
        qtbot.waitUntil(dialog.report.isVisible, timeout=10000)
        assert "No problems found" in dialog.report.toPlainText()


def test_health_report_lists_problems_readably() -> None:
    from vaultengine.health import HealthReport, Problem, ProblemKind

    orphan = Problem(
        ProblemKind.ORPHAN_CONTENT_DIR, "d/AB/CDEF", "Folder not reachable", fixable=True
    )
    conflict = Problem(
        ProblemKind.SYNC_CONFLICT,
        "d/AB/x (1).c9r",
        "Sync conflict",
        cleartext_path="/notes (1).txt",
    )
    report = HealthReport(
        problems=[orphan, conflict], directories=3, files=4, symlinks=0, bytes_checked=0, deep=False
    )
    html = report_html(report)
    assert "1 problem needs attention" in html
    assert "Checked 3 folders, 4 files, 0 links." in html
    assert "Folder not reachable" in html and "(repairable)" in html
    assert "/notes (1).txt" in html


def test_throughput_sampler_rates_and_totals() -> None:
    sampler = ThroughputSampler(history=5)
    sampler.add(10.0, 0, 0)
    sampler.add(11.0, 4096, 1024)
    sampler.add(13.0, 4096 + 2 * 2048, 1024)
    assert list(sampler.read_rates)[-2:] == [4096.0, 2048.0]
    assert list(sampler.write_rates)[-2:] == [1024.0, 0.0]
    assert (sampler.total_read, sampler.total_written) == (8192, 1024)
    assert len(sampler.read_rates) == 5


def test_main_window_shows_state_and_enables_actions(qtbot, vault, tmp_path) -> None:
    controller, entry, _ = vault
    missing = controller.add_entry(VaultEntry.new("Gone", str(tmp_path / "nowhere")))
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.show()
    window.select(entry.id)
    assert window.detail.name.text() == "Test vault"
    assert window.detail.state.text() == "Locked"
    assert window.detail.primary.text() == "Unlock…" and window.detail.primary.isEnabled()
    assert not window.vault_actions["lock"].isEnabled()
    window.select(missing.id)
    assert window.detail.state.text().startswith("Missing")
    assert not window.detail.primary.isEnabled()
    controller.rename(entry.id, "Renamed")
    assert window.model.view(entry.id).name == "Renamed"
    assert controller.remove(missing.id)
    assert window.model.rowCount() == 1


@pytest.mark.parametrize(
    ("dialog_class", "first_field"),
    [
        (ChangePasswordDialog, "old"),
        (RecoveryKeyDialog, "password"),
        (ResetPasswordDialog, "words"),
    ],
)
def test_password_dialogs_start_in_their_first_field(
    qtbot, vault, dialog_class, first_field: str
) -> None:
    controller, entry, _ = vault
    dialog = dialog_class(controller, entry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.focusWidget() is getattr(dialog, first_field))
    assert dialog.ok.isDefault()


def test_vault_in_use_question_defaults_to_cancel(qtbot, vault) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox

    from app.services.controller import LockFailure
    from vaultengine.errors import UnmountBusyError

    controller, entry, _ = vault
    window = MainWindow(controller)
    qtbot.addWidget(window)
    forced: list[tuple[str, bool]] = []
    controller.lock = lambda vault_id, force=False: forced.append((vault_id, force))
    seen: dict[str, object] = {}

    def press_enter() -> None:
        box = window.messages.busy_box
        assert box is not None
        seen["default"] = box.defaultButton()
        seen["escape"] = box.escapeButton()
        seen["cancel"] = box.button(QMessageBox.StandardButton.Cancel)
        QTest.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(200, press_enter)
    window.messages.lock_failed(LockFailure(entry.id, UnmountBusyError("busy")))
    assert seen["default"] is seen["cancel"] and seen["escape"] is seen["cancel"]
    assert forced == []
