"""Through a real mount: statistics totals, idle lock, quitting with unlocked vaults, and a typed
unlock while the keychain is locked (bad-input #21)."""

from __future__ import annotations

import os
import subprocess
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import contextlib
import threading
import time
from pathlib import Path

import pytest
from keyring.errors import InitError, KeyringLocked
from PySide6.QtWidgets import QMessageBox

from app.gui.main_window import MainWindow
from app.gui.stats import StatsWindow
from app.gui.unlock_dialog import UnlockDialog
from app.keychain import Keychain
from app.services import tasks
from app.services.auto_lock import AutoLock
from app.services.controller import VaultController, VaultState
from app.settings import SettingsStore, VaultEntry
from tests.helpers.gui import fuse_reason
from tests.helpers.keyrings import RefusingKeyring
from tests.helpers.mounts import mounts_under
from vaultengine.vault import create_vault

pytestmark = [pytest.mark.gui, pytest.mark.fuse, pytest.mark.usefixtures("collect_on_gui_thread")]

TEST_SCRYPT_COST = 16
PASSWORD = "long enough password 42"


if fuse_reason() is not None:
    pytest.skip(f"FUSE: {fuse_reason()}", allow_module_level=True)


@pytest.fixture
def make_controller(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Controllers over a throwaway config; every mount is gone after the test, pass or fail."""
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    made: list[VaultController] = []

    def make(**kwargs) -> VaultController:
        ctl = VaultController(SettingsStore(), **kwargs)
        ctl.settings.preferences.default_mount_folder = str(tmp_path / "mounts")
        made.append(ctl)
        return ctl

    yield make
    for ctl in made:
        ctl.lock_all(force=True)
    try:
        qtbot.waitUntil(lambda: not any(c.unlocked_ids() for c in made), timeout=15000)
    finally:
        tasks.wait_for_tasks()
        # Whatever went wrong above, no mount of this test survives it.
        from vaultengine.fuse import unmount_mountpoint

        for point in mounts_under(tmp_path):
            with contextlib.suppress(Exception):
                unmount_mountpoint(point, lazy=True)
    assert mounts_under(tmp_path) == []


def _add_vault(ctl: VaultController, tmp_path: Path, name: str = "Data") -> VaultEntry:
    create_vault(str(tmp_path / name), PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    entry = ctl.add_entry(VaultEntry.new(name, str(tmp_path / name)))
    entry.options.after_unlock = "nothing"
    return entry


def _unlock(qtbot, ctl: VaultController, vault_id: str) -> Path:
    with qtbot.waitSignal(ctl.unlockSucceeded, timeout=15000):
        ctl.unlock(vault_id, PASSWORD)
    point = Path(ctl.mount_point(vault_id))
    assert os.path.ismount(point)
    return point


def test_statistics_window_shows_bytes_moved_through_the_mount(
    qtbot, make_controller, tmp_path
) -> None:
    ctl = make_controller()
    entry = _add_vault(ctl, tmp_path)
    point = _unlock(qtbot, ctl, entry.id)
    window = StatsWindow(ctl, entry.id)
    qtbot.addWidget(window)
    window.show()
    assert window.sampler.total_written == 0 and window.write_total.text() == "0 B"

    payload = os.urandom(3 << 20)
    (point / "blob.bin").write_bytes(payload)
    # Drop the page cache's copy so the read really goes through the mount.
    with open(point / "blob.bin", "rb") as fh:
        os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    assert (point / "blob.bin").read_bytes() == payload
    window.sample()
    assert window.sampler.total_written >= len(payload)
    assert window.sampler.total_read >= len(payload)
    assert window.write_total.text().endswith("MiB") and window.write_total.text() != "0.0 MiB"
    assert window.read_total.text().endswith("MiB")
    assert window.sampler.write_rates[-1] > 0  # the chart's newest point shows the burst
    assert not window.note.isVisible()
    # The window's own timer keeps sampling: nothing moves, so the newest rate drops to zero.
    qtbot.waitUntil(lambda: window.sampler.write_rates[-1] == 0, timeout=5000)
    window.grab()  # paints the chart with real data without raising


def test_idle_lock_fires_after_the_idle_period(qtbot, make_controller, tmp_path) -> None:
    ctl = make_controller()
    AutoLock(ctl, idle_unit_seconds=1.0, poll_ms=100)  # "minutes" are seconds
    entry = _add_vault(ctl, tmp_path)
    entry.options.idle_lock_minutes = 1
    notices: list[tuple[str, str]] = []
    ctl.notice.connect(lambda t, m: notices.append((t, m)))
    start = time.monotonic()
    point = _unlock(qtbot, ctl, entry.id)
    qtbot.waitUntil(lambda: ctl.state(entry.id) is VaultState.LOCKED, timeout=10000)
    assert time.monotonic() - start >= 1.0
    assert not os.path.ismount(point)
    assert any("idle" in m for _t, m in notices)


def test_idle_lock_waits_while_bytes_move(qtbot, make_controller, tmp_path) -> None:
    ctl = make_controller()
    AutoLock(ctl, idle_unit_seconds=1.0, poll_ms=100)
    entry = _add_vault(ctl, tmp_path)
    entry.options.idle_lock_minutes = 1
    point = _unlock(qtbot, ctl, entry.id)
    stop = threading.Event()

    def busy() -> None:
        # A small write every 0.2 s: well inside the 1 s idle limit.
        with open(point / "log.txt", "ab", buffering=0) as fh:
            while not stop.wait(0.2):
                fh.write(b"tick\n")

    writer = threading.Thread(target=busy)
    writer.start()
    try:
        qtbot.wait(3000)  # three idle periods
        assert ctl.state(entry.id) is VaultState.UNLOCKED
    finally:
        stop.set()
        writer.join(5)
    stopped = time.monotonic()
    qtbot.waitUntil(lambda: ctl.state(entry.id) is VaultState.LOCKED, timeout=10000)
    assert time.monotonic() - stopped >= 0.8  # the limit counts from the last bytes moved


HOLD_FILE = (
    "import sys, time\nhandle = open(sys.argv[1])\nprint('holding', flush=True)\ntime.sleep(120)\n"
)


def _answer(window: MainWindow, answers: list[str], asked: list[QMessageBox]) -> None:
    """Answer the quit question with the button named answers[0] (tests cannot click a modal
    box), after checking which button is the default."""

    def ask(box: QMessageBox) -> object:
        asked.append(box)
        wanted = answers.pop(0) if answers else "Cancel"  # e.g. the window closed at teardown
        return next(b for b in box.buttons() if b.text() == wanted)

    window.ask = ask


def test_quit_with_unlocked_vault_asks_then_locks_before_quitting(
    qtbot, make_controller, tmp_path
) -> None:
    ctl = make_controller()
    entry = _add_vault(ctl, tmp_path, "Quitting")
    point = _unlock(qtbot, ctl, entry.id)
    window = MainWindow(ctl)
    qtbot.addWidget(window)
    asked: list[QMessageBox] = []
    answers = ["Cancel"]
    _answer(window, answers, asked)
    quits: list[bool] = []
    window.quitRequested.connect(lambda: quits.append(True))

    window.request_quit()  # Cancel: nothing happens
    assert len(asked) == 1 and asked[0].text() == "1 vault is unlocked: Quitting."
    assert asked[0].defaultButton().text() == "Lock and quit"
    qtbot.wait(200)
    assert quits == [] and ctl.state(entry.id) is VaultState.UNLOCKED and os.path.ismount(point)

    answers.append("Lock and quit")
    with qtbot.waitSignal(window.quitRequested, timeout=15000):
        window.request_quit()
    assert len(asked) == 2
    assert ctl.state(entry.id) is VaultState.LOCKED and not os.path.ismount(point)

    asked.clear()
    window.request_quit()  # nothing unlocked: quits without asking
    assert asked == [] and len(quits) == 2


def test_quit_with_a_vault_in_use_locks_all_or_none(qtbot, make_controller, tmp_path) -> None:
    """One vault has a file open, the other does not: Cancel (the default) leaves both
    unlocked; only 'Force lock all and quit' locks them, both."""
    ctl = make_controller()
    busy = _add_vault(ctl, tmp_path, "Busy")
    idle = _add_vault(ctl, tmp_path, "Idle")
    busy_point = _unlock(qtbot, ctl, busy.id)
    idle_point = _unlock(qtbot, ctl, idle.id)
    window = MainWindow(ctl)
    qtbot.addWidget(window)
    asked: list[QMessageBox] = []
    answers = ["Cancel"]
    _answer(window, answers, asked)
    (busy_point / "open.txt").write_text("held")
    # Another program holds the file (the app leaves its own process out of the holders).
    held = subprocess.Popen(
        [sys.executable, "-c", HOLD_FILE, str(busy_point / "open.txt")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert held.stdout is not None and held.stdout.readline() == "holding\n"
        window.request_quit()
        box = asked[0]
        assert box.text() == "Some vaults are still in use."
        assert "“Busy”" in box.informativeText() and "“Idle”" not in box.informativeText()
        assert box.defaultButton().text() == "Cancel"
        qtbot.wait(300)
        assert ctl.state(busy.id) is VaultState.UNLOCKED and os.path.ismount(busy_point)
        assert ctl.state(idle.id) is VaultState.UNLOCKED and os.path.ismount(idle_point)

        answers.append("Force lock all and quit")
        with qtbot.waitSignal(window.quitRequested, timeout=20000):
            window.request_quit()
        assert ctl.state(busy.id) is VaultState.LOCKED and ctl.state(idle.id) is VaultState.LOCKED
        assert not os.path.ismount(idle_point)
    finally:
        held.kill()
        held.wait()


@pytest.mark.parametrize(
    "error",
    [
        pytest.param(KeyringLocked("Collection is locked"), id="locked"),
        pytest.param(InitError("Failed to unlock the collection (prompt dismissed)"), id="denied"),
    ],
)
def test_typed_unlock_works_while_the_keychain_refuses(
    qtbot, make_controller, tmp_path, error
) -> None:
    backend = RefusingKeyring(error)
    ctl = make_controller(keychain=Keychain(backend))
    entry = _add_vault(ctl, tmp_path)
    dialog = UnlockDialog(ctl, entry.id)  # probes the keychain once
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: ctl.keychain_status() is not None, timeout=5000)
    status = ctl.keychain_status()
    assert not status.available and status.refused
    assert dialog.remember.isVisible() and not dialog.remember.isEnabled()
    assert dialog.keychain_note.isVisible()
    expected = "locked" if isinstance(error, KeyringLocked) else "could not be opened"
    assert expected in dialog.keychain_note.text() and str(error) in dialog.keychain_note.text()

    dialog.remember.setChecked(True)  # even if something ticks it, a disabled box saves nothing
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(ctl.unlockSucceeded, timeout=15000) as done:
        dialog.try_unlock()
    assert done.args == [entry.id, ""]  # no "password not saved" warning: nothing was tried
    assert ctl.state(entry.id) is VaultState.UNLOCKED
    assert os.path.ismount(ctl.mount_point(entry.id))
    assert "set" not in backend.calls and not ctl.entry(entry.id).password_saved
