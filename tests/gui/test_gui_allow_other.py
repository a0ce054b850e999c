"""Bad input #28 in the app: the vault options dialog does not suggest allow_other, explains
what it means when typed, and saves it only after the user confirms. Offscreen Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.gui.vault_options import VaultOptionsDialog
from app.services.controller import VaultController
from app.settings import SettingsStore, VaultEntry
from vaultengine.vault import create_vault

pytestmark = pytest.mark.gui


@pytest.fixture
def options_dialog(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "vault"
    create_vault(str(path), "options password 123", scrypt_cost=16)
    controller = VaultController(SettingsStore())
    entry = controller.add_entry(VaultEntry.new("Shared machine", str(path)))

    def make() -> VaultOptionsDialog:
        dialog = VaultOptionsDialog(controller, entry.id)
        qtbot.addWidget(dialog)
        return dialog

    return make, entry.id


@pytest.fixture
def questions(monkeypatch):
    """Records what QMessageBox.question asked; answers with answer[0]."""
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def question(_parent, _title, text, *_args):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked, answer


def saved_options(vault_id: str) -> str:
    return SettingsStore().load().vault(vault_id).options.mount_options


def test_placeholder_does_not_suggest_allow_other(options_dialog) -> None:
    make, _ = options_dialog
    dialog = make()
    assert "allow_other" not in dialog.mount_options.placeholderText()
    assert dialog.allow_other_hint.isHidden()
    dialog.mount_options.setText("noatime, allow_other")
    assert not dialog.allow_other_hint.isHidden()
    assert "every user" in dialog.allow_other_hint.text()


def test_allow_other_is_saved_only_after_confirming(options_dialog, questions) -> None:
    make, vault_id = options_dialog
    asked, answer = questions
    dialog = make()
    dialog.mount_options.setText("allow_other")
    dialog.save()  # Cancel: nothing saved, the dialog stays open
    assert len(asked) == 1 and "every user" in asked[0]
    assert saved_options(vault_id) == ""
    assert "not saved" in dialog.message.text().lower()

    answer[0] = QMessageBox.StandardButton.Yes
    dialog.save()
    assert len(asked) == 2
    assert saved_options(vault_id) == "allow_other"

    # Already on: saving other changes does not ask again; other options never ask.
    again = make()
    again.read_only.setChecked(True)
    again.save()
    assert len(asked) == 2
    again = make()
    again.mount_options.setText("noatime")
    again.save()
    assert len(asked) == 2 and saved_options(vault_id) == "noatime"
