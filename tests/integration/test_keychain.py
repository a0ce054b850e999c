"""Keychain: store/lookup/forget per vault id, refusal of plaintext and null backends."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null

from app.keychain import SERVICE, Keychain, KeychainError, backend_status
from tests.helpers.keyrings import MemoryKeyring


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's file backend: same module prefix, which is what we check."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_remember_lookup_forget_with_the_configured_keyring(memory_keyring: MemoryKeyring) -> None:
    chain = Keychain()
    assert chain.status().available
    chain.store("vault-1", "correct horse")
    assert memory_keyring.items == {(SERVICE, "vault-1"): "correct horse"}
    assert chain.lookup("vault-1") == "correct horse"
    assert chain.lookup("vault-2") is None
    chain.forget("vault-1")
    assert chain.lookup("vault-1") is None
    chain.forget("vault-1")  # forgetting twice is fine


def test_probe_reports_a_locked_keychain_as_refused() -> None:
    """Fake backend: a headless test cannot lock a real collection on demand."""
    from keyring.errors import KeyringLocked

    class LockedKeyring(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringLocked("Collection is locked")

    chain = Keychain(LockedKeyring())
    assert chain.status().available  # judged by type only: a real keychain
    probed = chain.status(probe=True)
    assert not probed.available and probed.refused
    assert "locked" in probed.reason and "Collection is locked" in probed.reason
    assert Keychain(MemoryKeyring()).status(probe=True).available


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring(), PlaintextKeyring()])
def test_refused_backends_disable_remember_and_say_why(backend: KeyringBackend) -> None:
    chain = Keychain(backend)
    status = chain.status()
    assert not status.available
    assert status.reason
    with pytest.raises(KeychainError, match="cannot be saved"):
        chain.store("v", "pw")
    assert chain.lookup("v") is None
    if isinstance(backend, PlaintextKeyring):
        assert "plain" in status.reason
        assert backend.items == {}  # nothing reached the plaintext store


def test_chainer_with_plaintext_member_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends.chainer import ChainerBackend

    monkeypatch.setattr(ChainerBackend, "backends", [MemoryKeyring(), PlaintextKeyring()])
    assert not backend_status(ChainerBackend()).available
    monkeypatch.setattr(ChainerBackend, "backends", [MemoryKeyring()])
    assert backend_status(ChainerBackend()).available


def _in_private_keychain_session() -> str | None:
    """Why the real Secret Service test cannot run here, or None when it can."""
    if os.environ.get("STRONGROOM_TEST_KEYCHAIN") != "1":
        return "not inside scripts/with-keychain (a private D-Bus session with gnome-keyring)"
    if not sys.platform.startswith("linux"):
        return "Secret Service is Linux only"
    return None


def _secret_tool_labels(vault_id: str) -> list[str]:
    """The item labels as the desktop's keychain tools show them (libsecret's secret-tool)."""
    found = subprocess.run(
        ["secret-tool", "search", "--all", "service", "Strongroom", "username", vault_id],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return [
        line.split("=", 1)[1].strip()
        for line in (found.stdout + found.stderr).splitlines()
        if line.startswith("label =")
    ]


@pytest.mark.skipif(
    _in_private_keychain_session() is not None, reason=str(_in_private_keychain_session())
)
def test_real_secret_service_round_trip() -> None:
    from keyring.backends.SecretService import Keyring as SecretService

    chain = Keychain(SecretService())
    status = chain.status()
    assert status.available, status.reason
    probed = chain.status(probe=True)  # what the unlock dialog asks: a real read, unlocked here
    assert probed.available and not probed.refused, probed.reason
    vault_id = uuid.uuid4().hex
    chain.store(vault_id, "pässwörd ✓", vault_name="Work files")
    assert Keychain(SecretService()).lookup(vault_id) == "pässwörd ✓"
    assert _secret_tool_labels(vault_id) == ["Strongroom: Work files"]
    chain.relabel(vault_id, "Renamed")
    assert _secret_tool_labels(vault_id) == ["Strongroom: Renamed"]
    chain.forget(vault_id)
    assert chain.lookup(vault_id) is None
