"""Force lock through the main window (bad-input case 20): the busy box names the programs, its
"Force lock" button revokes the mount, and the vault shows "locked" only once the keys are gone
and the mount refuses access; the two programs that were using it then get errors."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import gc
import weakref
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.gui.main_window import MainWindow
from app.services.controller import VaultState
from app.settings import VaultEntry
from tests.helpers.force_lock import (
    REVOKED,
    SECRET,
    Bystanders,
    assert_revoked,
    assert_written_before_is_kept,
    ciphertext_files,
    keys_of,
)
from tests.helpers.gui import needs_fuse
from tests.helpers.mounts import PASSWORD, clean_mountpoint, cli, make_vault
from vaultengine.fuse import find_mount
from vaultengine.vault import unlock_vault

pytestmark = [pytest.mark.gui, pytest.mark.fuse, pytest.mark.usefixtures("collect_on_gui_thread")]


@needs_fuse
@pytest.mark.timeout(120)
def test_force_lock_button_revokes_before_the_window_shows_locked(
    qtbot, controller, tmp_path: Path
) -> None:
    vault = make_vault(tmp_path / "vault")
    with unlock_vault(vault, PASSWORD) as v:
        v.fs.write_file("/secret.txt", SECRET)
    entry = controller.add_entry(VaultEntry.new("Forced", str(vault)))
    entry.options.after_unlock = "nothing"
    mnt = tmp_path / "mounts" / "Forced"
    window = MainWindow(controller)
    qtbot.addWidget(window)
    with qtbot.waitSignal(controller.unlockSucceeded, timeout=15000):
        controller.unlock(entry.id, PASSWORD)
    session = controller.runtime(entry.id).session
    keys = weakref.ref(keys_of(session.unlocked))
    del session
    users = Bystanders(mnt)
    probe = os.open(mnt / "secret.txt", os.O_RDONLY)  # this process holds a file too
    seen_when_locked: list[dict[str, Any]] = []

    def on_state(vault_id: str) -> None:
        if vault_id != entry.id or controller.state(vault_id) is not VaultState.LOCKED:
            return
        gc.collect()  # on the GUI thread, as the app's collector does
        try:
            read: object = os.pread(probe, len(SECRET), 0)
        except OSError as exc:
            read = exc.errno
        seen_when_locked.append(
            {"keys_dead": keys() is None, "mounted": find_mount(str(mnt)) is not None, "read": read}
        )

    box_text: list[str] = []

    def press_force_lock() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_force_lock)
            return
        box_text.append(box.informativeText())
        force = next(b for b in box.buttons() if b.text() == "Force lock")
        force.click()

    controller.stateChanged.connect(on_state)
    try:
        before = ciphertext_files(vault)
        QTimer.singleShot(20, press_force_lock)
        controller.lock(entry.id)  # busy: the window asks, the test presses "Force lock"
        qtbot.waitUntil(lambda: controller.state(entry.id) is VaultState.LOCKED, timeout=15000)
        assert "Programs with files open in it" in box_text[0]
        # What was true at the moment the app said "locked":
        [seen] = seen_when_locked
        assert seen["keys_dead"] and not seen["mounted"], seen
        assert seen["read"] in REVOKED, seen  # an errno, never cleartext
        held, shell_out = users.after_lock()
        assert_revoked(held, shell_out)
        assert ciphertext_files(vault) == before
    finally:
        controller.stateChanged.disconnect(on_state)
        users.kill()
        with contextlib.suppress(OSError):
            os.close(probe)
        clean_mountpoint(mnt)
    assert_written_before_is_kept(vault)


@needs_fuse
@pytest.mark.timeout(120)
def test_a_mount_detached_from_outside_shows_locked(qtbot, controller, tmp_path: Path) -> None:
    """`strongroom unmount --force` run against the app's own mount: the mount revokes itself
    and the window follows within a few seconds instead of showing it unlocked."""
    vault = make_vault(tmp_path / "vault")
    entry = controller.add_entry(VaultEntry.new("Outside", str(vault)))
    entry.options.after_unlock = "nothing"
    mnt = tmp_path / "mounts" / "Outside"
    with qtbot.waitSignal(controller.unlockSucceeded, timeout=15000):
        controller.unlock(entry.id, PASSWORD)
    session = controller.runtime(entry.id).session
    keys = weakref.ref(keys_of(session.unlocked))
    del session
    holder = os.open(mnt, os.O_RDONLY | os.O_DIRECTORY)  # busy: only a forced unmount works
    try:
        forced = cli("unmount", mnt, "--force")
        assert forced.returncode == 0, forced.stderr
        qtbot.waitUntil(lambda: controller.state(entry.id) is VaultState.LOCKED, timeout=5000)
        gc.collect()
        assert keys() is None
        with pytest.raises(OSError) as refused:
            os.listdir(holder)
        assert refused.value.errno in REVOKED
    finally:
        os.close(holder)
        clean_mountpoint(mnt)


@needs_fuse
@pytest.mark.timeout(120)
def test_force_lock_says_what_it_does_and_when_it_is_done(
    qtbot, controller, tmp_path: Path
) -> None:
    """While forcing, the pane says why locking takes a moment; once locked the status bar says
    what happened, and the mount folder the engine made is gone (not left empty behind)."""
    vault = make_vault(tmp_path / "vault")
    with unlock_vault(vault, PASSWORD) as v:
        v.fs.write_file("/secret.txt", SECRET)
    entry = controller.add_entry(VaultEntry.new("Forced", str(vault)))
    entry.options.after_unlock = "nothing"
    mnt = tmp_path / "mounts" / "Forced"
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.select(entry.id)
    with qtbot.waitSignal(controller.unlockSucceeded, timeout=15000):
        controller.unlock(entry.id, PASSWORD)
    users = Bystanders(mnt)  # a program with the file open, a shell working inside the mount
    shown: list[str] = []
    folder_when_locked: list[bool] = []

    def on_state(vault_id: str) -> None:
        state = controller.state(vault_id)
        if state is VaultState.LOCKING:
            shown.append(window.detail.state.text())
        elif state is VaultState.LOCKED and not folder_when_locked:
            folder_when_locked.append(mnt.exists())

    controller.stateChanged.connect(on_state)
    try:
        controller.lockFailed.disconnect(window.messages.lock_failed)  # no modal box
        with qtbot.waitSignal(controller.lockFailed, timeout=15000):
            controller.lock(entry.id)
        controller.lock(entry.id, force=True)  # what the box's "Force lock" button does
        qtbot.waitUntil(lambda: controller.state(entry.id) is VaultState.LOCKED, timeout=15000)
        forced = [text for text in shown if "closing open files" in text]
        assert forced, shown
        assert all(text.startswith("Locking") for text in shown), shown
        assert folder_when_locked == [False]
        # What the lock left behind is said after the force-lock notice, not instead of it.
        qtbot.waitUntil(lambda: "recent-file" in window.statusBar().currentMessage(), timeout=15000)
        status = window.statusBar().currentMessage()
        assert "Forced was force-locked" in status, status
        users.after_lock()
    finally:
        controller.stateChanged.disconnect(on_state)
        users.kill()
        clean_mountpoint(mnt)
