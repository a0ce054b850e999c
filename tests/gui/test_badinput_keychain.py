"""Bad input #21: a keychain that is locked, denies access or cannot start. Saving and reading
fail with a clear KeychainError (never a crash, never a plaintext fallback), and a saved-password
unlock falls back to asking for the password. Backends that are missing altogether (fail/null/
plaintext) are covered in tests/integration/test_keychain.py."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes the QApplication

import pytest
from keyring.errors import InitError, KeyringLocked, NoKeyringError

from app.keychain import Keychain, KeychainError
from tests.helpers.keyrings import RefusingKeyring as BrokenKeyring
from tests.helpers.vaults import TEST_SCRYPT_COST
from vaultengine.vault import create_vault

FAILURES = [
    pytest.param(KeyringLocked("Collection is locked"), id="locked"),
    pytest.param(InitError("Failed to unlock the collection (prompt dismissed)"), id="denied"),
    pytest.param(NoKeyringError("No recommended backend was available"), id="gone"),
]


@pytest.mark.parametrize("error", FAILURES)
def test_refusing_keychain_gives_a_clear_error_and_stores_nothing_elsewhere(
    error: Exception, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    backend = BrokenKeyring(error)
    chain = Keychain(backend)
    with pytest.raises(KeychainError, match="did not save the password") as saved:
        chain.store("vault-1", "s3cret-password")
    assert str(error) in str(saved.value)
    with pytest.raises(KeychainError, match="could not be read"):
        chain.lookup("vault-1")
    with pytest.raises(KeychainError, match="did not forget"):
        chain.forget("vault-1")
    assert backend.calls == ["set", "get", "delete"]  # the real backend was asked each time
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == []  # no fallback file of any kind
    assert not any("s3cret-password" in v for v in os.environ.values())


@pytest.mark.gui
@pytest.mark.parametrize("error", FAILURES)
def test_saved_password_unlock_asks_for_the_password_instead(
    qtbot, tmp_path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    from app.services.controller import VaultController, VaultState
    from app.settings import SettingsStore, VaultEntry

    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    create_vault(tmp_path / "v", "typed password", scrypt_cost=TEST_SCRYPT_COST)
    controller = VaultController(SettingsStore(), keychain=Keychain(BrokenKeyring(error)))
    entry = VaultEntry.new("V", str(tmp_path / "v"))
    entry.password_saved = True
    controller.add_entry(entry)
    with qtbot.waitSignal(controller.passwordNeeded, timeout=10000) as needed:
        controller.unlock_with_saved_password(entry.id)
    assert needed.args == [entry.id]
    assert controller.state(entry.id) is VaultState.LOCKED
