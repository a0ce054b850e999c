"""The new-vault password page: nothing below the fields moves while the user types, and
"do not match" waits until the confirmation stops being a beginning of the password."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from app.gui.create_wizard import CreateVaultWizard
from app.services.controller import VaultController
from app.settings import SettingsStore

pytestmark = pytest.mark.gui

STRONG = "correct horse battery staple 42"


@pytest.fixture
def page(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring):
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    wizard = CreateVaultWizard(
        VaultController(SettingsStore()), scrypt_cost=16, default_location=str(tmp_path)
    )
    qtbot.addWidget(wizard)
    wizard.name_page.name.setText("Jumpy")
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.next()
    assert wizard.currentPage() is wizard.password_page
    return wizard.password_page


def test_the_expert_checkbox_does_not_move_while_typing(qtbot, page) -> None:
    from PySide6.QtWidgets import QApplication

    def where() -> int:
        QApplication.processEvents()
        return page.expert.mapTo(page, page.expert.rect().topLeft()).y()

    start = where()
    page.password.setFocus()
    for typed in ("a", "abc", "abcdefgh", STRONG):
        page.password.setText(typed)
        assert where() == start, typed
    page.confirm.setFocus()
    for typed in ("c", STRONG[:10], STRONG + "x", STRONG, ""):
        page.confirm.setText(typed)
        assert where() == start, typed


def test_mismatch_waits_while_the_confirmation_is_being_typed(qtbot, page) -> None:
    page.password.setText(STRONG)
    page.confirm.setFocus()
    qtbot.waitUntil(page.confirm.hasFocus)
    page.confirm.setText(STRONG[:8])
    assert "do not match" not in page.match.text()
    page.confirm.setText(STRONG[:8] + "X")
    assert "do not match" in page.match.text()
    page.confirm.setText(STRONG[:8])
    page.password.setFocus()  # leaving the field with half the password is a mismatch
    qtbot.waitUntil(lambda: "do not match" in page.match.text())
    page.confirm.setText(STRONG)
    assert "match" in page.match.text() and "not" not in page.match.text()
    assert page.isComplete()
