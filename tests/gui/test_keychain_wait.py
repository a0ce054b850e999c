"""Issue 15.2: vaults that unlock when Strongroom starts wait for a locked keychain.

A real gnome-keyring on a private D-Bus session bus (tests/gui/private_keychain.py) holds the saved
vault password; its login collection is locked before the app starts and unlocked later, as a
login does. The wait must unlock the vault without any prompt once the keychain opens, and ask
for the password only when it stays locked past the limit."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes the QApplication

import contextlib
import gc
import itertools
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.keychain import Keychain
from app.services import keychain_wait
from app.services.keychain_wait import (
    DEFAULT_COLLECTION,
    Outcome,
    SecretServiceLockState,
    wait_for_keychain,
    wait_until_unlocked,
)
from tests.gui.private_keychain import PrivateKeychain, missing_tools
from tests.helpers.gui import fuse_reason
from tests.helpers.mounts import mounts_under
from tests.helpers.vaults import TEST_SCRYPT_COST

VAULT_PASSWORD = "vault password kept in the keychain"


@pytest.fixture
def private_keychain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PrivateKeychain]:
    """The keychain with the vault password saved, locked; this process talks to its bus."""
    from keyring.backends.SecretService import Keyring as SecretService

    if missing_tools() is not None:
        pytest.skip(str(missing_tools()))
    chain = PrivateKeychain(tmp_path / "keychain")
    try:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", chain.address)
        previous = keyring.get_keyring()
        keyring.set_keyring(SecretService())
        try:
            yield chain
        finally:
            keyring.set_keyring(previous)
    finally:
        chain.close()


def _save_and_lock(chain: PrivateKeychain, vault_id: str) -> None:
    Keychain().store(vault_id, VAULT_PASSWORD, vault_name="Work")
    chain.lock()
    assert chain.locked()


class _WaitInThread:
    """wait_for_keychain on a thread, as the app runs it; records when it said "waiting"."""

    def __init__(self, limit_seconds: float) -> None:
        self.stop = threading.Event()
        self.waiting_at: float | None = None
        self.outcome: Outcome | None = None
        self.done_at = 0.0
        self.thread = threading.Thread(target=self._run, args=(limit_seconds,), daemon=True)
        self.thread.start()

    def _run(self, limit_seconds: float) -> None:
        def progress(_value: object) -> None:
            self.waiting_at = time.monotonic()

        self.outcome = wait_for_keychain(keyring.get_keyring, limit_seconds, self.stop, progress)
        self.done_at = time.monotonic()

    def join(self, seconds: float) -> Outcome | None:
        self.thread.join(seconds)
        return self.outcome


def _until(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_wait_ends_when_the_keychain_is_unlocked_and_the_password_reads_without_prompt(
    private_keychain: PrivateKeychain,
) -> None:
    vault_id = uuid.uuid4().hex
    _save_and_lock(private_keychain, vault_id)
    wait = _WaitInThread(limit_seconds=60)
    _until(lambda: wait.waiting_at is not None)
    # Its own looks come 0.5, 1.5 and 3.5 s after the first: unlock halfway between two.
    time.sleep(max(0.0, wait.waiting_at + 2.0 - time.monotonic()))
    assert wait.outcome is None  # still waiting, and it has not read (so not prompted) meanwhile
    unlocked_at = time.monotonic()
    private_keychain.unlock()
    assert wait.join(10) is Outcome.READY
    # The service's signal ends the wait, not the next look of the backoff (1.5 s later).
    assert wait.done_at - unlocked_at < 0.5
    assert Keychain().lookup(vault_id) == VAULT_PASSWORD
    assert private_keychain.prompts() == []


def test_without_signals_the_wait_polls_and_still_sees_the_unlock(
    private_keychain: PrivateKeychain,
) -> None:
    """Where no change signal can be had, the Locked property is read with backoff."""
    _save_and_lock(private_keychain, uuid.uuid4().hex)
    state = SecretServiceLockState(DEFAULT_COLLECTION, signals=False)
    assert not state.signals
    stop = threading.Event()
    looks: list[float] = []
    locked = state.locked

    def counting_locked() -> bool:
        looks.append(time.monotonic())
        return locked()

    state.locked = counting_locked  # type: ignore[method-assign]
    outcome: list[Outcome] = []
    thread = threading.Thread(
        target=lambda: outcome.append(wait_until_unlocked(state, 60, stop)), daemon=True
    )
    thread.start()
    try:
        time.sleep(2.0)
        private_keychain.unlock()
        thread.join(15)
        assert outcome == [Outcome.READY]
    finally:
        stop.set()
        thread.join(5)
        state.close()
    gaps = [b - a for a, b in itertools.pairwise(looks)]
    assert len(looks) >= 3 and gaps[0] < gaps[1]  # it backs off: 0.5 s, 1 s, 2 s ...
    assert all(gap < keychain_wait.MAX_CHECK_SECONDS + 0.5 for gap in gaps)


def test_the_wait_gives_up_at_the_limit_and_stops_when_asked(
    private_keychain: PrivateKeychain,
) -> None:
    _save_and_lock(private_keychain, uuid.uuid4().hex)
    started = time.monotonic()
    wait = _WaitInThread(limit_seconds=1.5)
    assert wait.join(15) is Outcome.TIMED_OUT
    assert 1.5 <= wait.done_at - started < 4
    stopped = _WaitInThread(limit_seconds=60)
    _until(lambda: stopped.waiting_at is not None)
    stopped.stop.set()  # the app quits
    assert stopped.join(2) is Outcome.STOPPED
    assert private_keychain.locked() and private_keychain.prompts() == []


def test_a_keychain_that_is_not_the_secret_service_is_not_waited_for() -> None:
    from tests.helpers.keyrings import MemoryKeyring

    stop = threading.Event()
    assert wait_for_keychain(MemoryKeyring, 60, stop) is Outcome.READY


# --- the app: StartUnlock with a main window -------------------------------------------------


@pytest.fixture
def app_with_vault(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_keychain):
    """A main window whose one vault unlocks at start with its password saved (and locked)."""
    from app.gui.main_window import MainWindow
    from app.services import tasks
    from app.services.controller import VaultController
    from app.services.gc_guard import GuiThreadCollector
    from app.settings import SettingsStore, VaultEntry
    from vaultengine.vault import create_vault

    if fuse_reason() is not None:
        pytest.skip(f"FUSE: {fuse_reason()}")
    gc.collect()
    collector = GuiThreadCollector()
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    create_vault(tmp_path / "vault", VAULT_PASSWORD, scrypt_cost=TEST_SCRYPT_COST)
    controller = VaultController(SettingsStore())
    controller.settings.preferences.default_mount_folder = str(tmp_path / "mounts")
    entry = VaultEntry.new("Work", str(tmp_path / "vault"))
    entry.options.unlock_on_start = True
    entry.options.after_unlock = "nothing"
    entry.password_saved = True
    controller.add_entry(entry)
    _save_and_lock(private_keychain, entry.id)
    window = MainWindow(controller)  # closed here, after the lock: closing asks while unlocked
    window.show()
    asked: list[str] = []
    controller.passwordNeeded.connect(asked.append)
    yield window, entry.id, asked
    for vault_id in controller.unlocked_ids():
        controller.lock(vault_id, force=True)
    try:
        qtbot.waitUntil(lambda: not controller.unlocked_ids(), timeout=15000)
    finally:
        tasks.wait_for_tasks()
        window.hide()
        window.deleteLater()
        collector.stop()
        with contextlib.suppress(Exception):
            from vaultengine.fuse import unmount_mountpoint

            for point in mounts_under(tmp_path):
                unmount_mountpoint(point, lazy=True)
    assert mounts_under(tmp_path) == []


@pytest.mark.gui
@pytest.mark.fuse
def test_app_unlocks_the_vault_once_the_keychain_is_unlocked_without_asking(
    qtbot, app_with_vault, private_keychain: PrivateKeychain
) -> None:
    from app.gui.start_unlock import StartUnlock, waiting_message
    from app.services.controller import VaultState

    window, vault_id, asked = app_with_vault
    window.controller.settings.preferences.keychain_wait_seconds = 60
    start = StartUnlock(window)
    start.begin()
    qtbot.waitUntil(lambda: start.waiting, timeout=10000)
    assert window.statusBar().currentMessage() == waiting_message()
    qtbot.wait(800)
    assert window.controller.state(vault_id) is VaultState.LOCKED
    assert not window.dialogs.is_open("unlock", vault_id)
    with qtbot.waitSignal(window.controller.unlockSucceeded, timeout=20000) as unlocked:
        private_keychain.unlock()
    assert unlocked.args[0] == vault_id
    assert window.controller.state(vault_id) is VaultState.UNLOCKED
    assert window.statusBar().currentMessage() != waiting_message()
    assert not window.dialogs.is_open("unlock", vault_id) and asked == []
    assert private_keychain.prompts() == []  # neither the vault nor the keychain asked


@pytest.mark.gui
def test_app_asks_for_the_password_when_the_keychain_stays_locked_past_the_limit(
    qtbot, app_with_vault, private_keychain: PrivateKeychain
) -> None:
    from app.gui.start_unlock import StartUnlock, waiting_message
    from app.gui.unlock_dialog import UnlockDialog
    from app.services.controller import VaultState
    from app.services.keychain_wait import Outcome

    window, vault_id, _asked = app_with_vault
    window.controller.settings.preferences.keychain_wait_seconds = 2
    start = StartUnlock(window)
    started = time.monotonic()
    with qtbot.waitSignal(start.finished, timeout=20000) as finished:
        start.begin()
        qtbot.waitUntil(lambda: start.waiting, timeout=10000)
        assert window.statusBar().currentMessage() == waiting_message()
        assert private_keychain.prompts() == []  # waiting never prompts
    assert finished.args == [Outcome.TIMED_OUT]
    assert time.monotonic() - started >= 2
    assert window.dialogs.is_open("unlock", vault_id)
    dialog = window.dialogs.open_dialogs[("unlock", vault_id)]
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    assert window.controller.state(vault_id) is VaultState.LOCKED
    assert window.statusBar().currentMessage() != waiting_message()
    assert window.controller.entry(vault_id).password_saved  # still saved: a later start waits
    dialog.reject()


@pytest.mark.gui
@pytest.mark.parametrize(("stored", "shown"), [(None, 120), (45, 45), (-5, 0), (10**6, 3600)])
def test_the_limit_is_a_preference(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored: int | None, shown: int
) -> None:
    """Two minutes unless set; a hand-edited value outside 0 s .. 1 h is brought within."""
    import json

    from app.gui.preferences import PreferencesDialog
    from app.services.controller import VaultController
    from app.settings import SettingsStore

    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    if stored is not None:
        (tmp_path / "config").mkdir()
        prefs = {"keychain_wait_seconds": stored}
        (tmp_path / "config" / "settings.json").write_text(json.dumps({"preferences": prefs}))
    dialog = PreferencesDialog(VaultController(SettingsStore()), tray_available=False)
    qtbot.addWidget(dialog)
    assert dialog.keychain_wait.value() == shown
    dialog.keychain_wait.setValue(90)
    dialog.save()
    assert SettingsStore().load().preferences.keychain_wait_seconds == 90
