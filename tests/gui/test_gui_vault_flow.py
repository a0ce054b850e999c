"""Create a vault through the wizard, unlock it in the dialog (wrong password too), mount, lock."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from app.gui.create_wizard import CreateVaultWizard
from app.gui.main_window import MainWindow
from app.gui.unlock_dialog import UnlockDialog
from app.keychain import SERVICE, Keychain
from app.services.controller import VaultController, VaultState
from app.settings import SettingsStore, VaultEntry
from tests.helpers.gui import needs_fuse

pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("collect_on_gui_thread")]

TEST_SCRYPT_COST = 16
PASSWORD = "long enough password 42"


def create_through_wizard(qtbot, controller: VaultController, location: Path, name: str) -> str:
    wizard = CreateVaultWizard(
        controller, scrypt_cost=TEST_SCRYPT_COST, default_location=str(location)
    )
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.name_page.name.setText(name)
    assert wizard.name_page.isComplete()
    wizard.next()
    page = wizard.password_page
    page.password.setText(PASSWORD)
    page.confirm.setText(PASSWORD + "x")
    assert not page.isComplete()
    assert page.match.isVisible() and "do not match" in page.match.text()
    page.confirm.setText(PASSWORD)
    assert page.isComplete()
    wizard.next()  # starts the creation in the background
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page, timeout=10000)
    words = wizard.key_page.key.toPlainText().split()
    assert len(words) == 44
    # Not "shown only now": Show recovery key shows it again later; it can be printed or saved.
    assert "only now" not in wizard.key_page.subTitle()
    assert "Show recovery key" in wizard.key_page.again.text()
    assert wizard.key_page.actions.print_button.isVisible()
    assert wizard.key_page.actions.save.isVisible()
    assert not wizard.key_page.isComplete()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.key_page.written.setChecked(True)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.accept()
    assert wizard.created_entry is not None
    return wizard.created_entry.id


def test_wizard_creates_a_vault_and_lists_it(qtbot, controller, tmp_path: Path) -> None:
    vault_id = create_through_wizard(qtbot, controller, tmp_path, "Documents")
    entry = controller.entry(vault_id)
    assert entry is not None and entry.path == str(tmp_path / "Documents")
    assert (tmp_path / "Documents" / "vault.cryptomator").is_file()
    assert controller.state(vault_id) is VaultState.LOCKED
    # Persisted: a fresh store sees it.
    assert [v.id for v in SettingsStore().load().vaults] == [vault_id]


def test_wizard_refuses_weak_password_and_non_empty_folder(qtbot, controller, tmp_path) -> None:
    (tmp_path / "Busy").mkdir()
    (tmp_path / "Busy" / "file").write_text("x")
    wizard = CreateVaultWizard(
        controller, scrypt_cost=TEST_SCRYPT_COST, default_location=str(tmp_path)
    )
    qtbot.addWidget(wizard)
    wizard.name_page.name.setText("Busy")
    assert not wizard.name_page.isComplete()
    assert "not empty" in wizard.name_page.message.text()
    wizard.name_page.name.setText("Fresh")
    wizard.next()
    wizard.password_page.password.setText("short")
    wizard.password_page.confirm.setText("short")
    assert not wizard.password_page.isComplete()


def test_wrong_password_keeps_the_dialog_open_with_a_message(qtbot, controller, tmp_path) -> None:
    vault_id = create_through_wizard(qtbot, controller, tmp_path, "Secrets")
    dialog = UnlockDialog(controller, vault_id)
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt in (1, 2):
        dialog.password.setText(f"wrong password {attempt}")
        with qtbot.waitSignal(controller.unlockFailed, timeout=10000):
            dialog.try_unlock()
        assert dialog.isVisible()
        assert "Wrong password" in dialog.message.text()
        assert controller.state(vault_id) is VaultState.LOCKED
    # The second failure starts the growing delay: the Unlock button waits.
    assert controller.limiter.wait_remaining(vault_id) > 0
    assert not dialog.unlock_button.isEnabled()
    assert "wait" in dialog.message.text().lower()


def test_keychain_checkbox_hidden_without_a_real_keychain(qtbot, tmp_path, monkeypatch) -> None:
    from keyring.backends import fail

    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path))
    ctl = VaultController(SettingsStore(), keychain=Keychain(fail.Keyring()))
    entry = ctl.add_entry(VaultEntry.new("V", str(tmp_path / "v")))
    ctl.probe_keychain()
    qtbot.waitUntil(lambda: ctl.keychain_status() is not None)
    dialog = UnlockDialog(ctl, entry.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember.isVisible()
    assert dialog.keychain_note.isVisible()
    assert "cannot be saved" in dialog.keychain_note.text()


@pytest.mark.fuse
@needs_fuse
def test_unlock_mount_remember_then_saved_unlock_and_lock(
    qtbot, controller, tmp_path, memory_keyring
) -> None:
    vault_id = create_through_wizard(qtbot, controller, tmp_path, "Mounted")
    entry = controller.entry(vault_id)
    entry.options.after_unlock = "nothing"
    mount_point = tmp_path / "mounts" / "Mounted"

    window = MainWindow(controller)
    qtbot.addWidget(window)
    revealed: list[str] = []
    window.reveal_path = lambda path: revealed.append(path) is None
    dialog = window.dialogs.open_unlock(vault_id)
    assert isinstance(dialog, UnlockDialog)
    assert dialog.remember.isVisible()
    dialog.password.setText(PASSWORD)
    dialog.remember.setChecked(True)
    with qtbot.waitSignal(controller.unlockSucceeded, timeout=15000):
        dialog.try_unlock()
    assert controller.state(vault_id) is VaultState.UNLOCKED
    assert os.path.ismount(mount_point)
    assert memory_keyring.items == {(SERVICE, vault_id): PASSWORD}
    assert controller.entry(vault_id).password_saved
    (mount_point / "hello.txt").write_text("through the mount")
    assert (mount_point / "hello.txt").read_text() == "through the mount"
    assert window.detail.primary.text() == "Lock"
    window.reveal(vault_id)
    assert revealed == [str(mount_point)]
    # No file manager on this desktop: say so and show the path to copy, never fail silently.
    window.reveal_path = lambda path: False
    window.reveal(vault_id)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1 and str(mount_point) in boxes[0].informativeText()
    copy = next(b for b in boxes[0].buttons() if b.text() == "Copy path")
    copy.click()
    assert QApplication.clipboard().text() == str(mount_point)
    boxes[0].close()

    # Lock while a file is open: busy, the vault stays unlocked, holders are reported.
    handle = open(mount_point / "hello.txt")  # noqa: SIM115 (held open on purpose)
    try:
        failures = []
        controller.lockFailed.connect(failures.append)
        # No modal box in tests.
        window.controller.lockFailed.disconnect(window.messages.lock_failed)
        with qtbot.waitSignal(controller.lockFailed, timeout=15000):
            controller.lock(vault_id)
        assert failures[0].busy
        assert controller.state(vault_id) is VaultState.UNLOCKED
        assert os.path.ismount(mount_point)
        if Path("/proc/self/fd").is_dir():  # Linux: the holder (this process is skipped) ...
            assert failures[0].holders == ()  # ... is us, so nobody else is named

        # Force lock while the file is still open: detached and locked all the same.
        with qtbot.waitSignal(
            controller.stateChanged,
            timeout=15000,
            check_params_cb=lambda v: controller.state(v) is VaultState.LOCKED,
        ):
            controller.lock(vault_id, force=True)
        assert not os.path.ismount(mount_point)
    finally:
        with contextlib.suppress(OSError):  # its filesystem is gone: EBADF is fine
            handle.close()

    # Saved password: unlocking asks nothing.
    with qtbot.waitSignal(controller.unlockSucceeded, timeout=15000):
        window.unlock(vault_id)
    assert os.path.ismount(mount_point)
    assert (mount_point / "hello.txt").read_text() == "through the mount"
    with qtbot.waitSignal(
        controller.stateChanged,
        timeout=15000,
        check_params_cb=lambda v: controller.state(v) is VaultState.LOCKED,
    ):
        controller.lock(vault_id)
    assert not os.path.ismount(mount_point)

    # Forget: the keychain entry goes, the next unlock asks again.
    with qtbot.waitSignal(controller.notice, timeout=5000):
        controller.forget_password(vault_id)
    assert memory_keyring.items == {}
    assert not controller.entry(vault_id).password_saved
