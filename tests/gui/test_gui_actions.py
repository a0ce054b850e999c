"""The menu bar, the detail pane and the tray build their vault actions from one table, so they
agree on what applies to a vault in each state."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from app.gui.main_window import MainWindow
from app.gui.tray_menu import tray_menu_spec
from app.gui.vault_actions import DETAIL_PANE_GRID, MENU_BAR, TRAY, VAULT_ACTIONS
from app.services.controller import VaultController, VaultState
from app.settings import SettingsStore, VaultEntry

pytestmark = pytest.mark.gui


def test_every_action_is_shown_somewhere_and_names_are_unique() -> None:
    names = [a.name for a in VAULT_ACTIONS]
    assert len(names) == len(set(names))
    assert set(MENU_BAR) - {""} == set(names)
    assert set(DETAIL_PANE_GRID) | set(TRAY) <= set(names)


@pytest.mark.parametrize("state", list(VaultState))
def test_menu_pane_and_tray_agree(qtbot, tmp_path: Path, monkeypatch, state: VaultState) -> None:
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "vault.cryptomator").write_text("token")
    controller = VaultController(SettingsStore())
    entry = controller.add_entry(VaultEntry.new("Vault", str(tmp_path / "v")))
    window = MainWindow(controller)
    qtbot.addWidget(window)
    window.select(entry.id)
    controller.runtime(entry.id).state = state
    controller.stateChanged.emit(entry.id)

    menu = {name: a.isEnabled() for name, a in window.vault_actions.items()}
    pane = {name: b.isEnabled() for name, b in window.detail.secondary.items()}
    assert pane == {name: menu[name] for name in DETAIL_PANE_GRID}
    [submenu] = [i for i in tray_menu_spec(window.model.views()) if i.children]
    assert {c.action: c.enabled for c in submenu.children} == {n: menu[n] for n in TRAY}
    assert window.remove_button.isEnabled() == menu["remove"]
    unlocked = state is VaultState.UNLOCKED
    assert window.detail.primary.isEnabled() == menu["lock" if unlocked else "unlock"]
    assert menu["lock"] == menu["reveal"] == menu["stats"] == unlocked
