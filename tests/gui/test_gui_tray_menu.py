"""The tray menu is built from the vault list model by a pure function, and into a QMenu."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

from app.gui.tray_menu import fill_menu, tray_menu_spec
from app.gui.vault_model import VaultListModel, VaultView
from app.services.controller import VaultController, VaultState
from app.settings import SettingsStore, VaultEntry

pytestmark = pytest.mark.gui


def _texts(items):
    return [i.text if not i.separator else "-" for i in items]


def test_spec_without_vaults() -> None:
    items = tray_menu_spec([])
    assert _texts(items) == [
        "Show Strongroom", "-", "No vaults yet", "-", "Lock all", "Preferences…", "-",
        "Quit Strongroom",
    ]  # fmt: skip
    assert not items[2].enabled
    assert not next(i for i in items if i.action == "lock_all").enabled


def test_spec_has_one_submenu_per_vault_with_state_dependent_actions() -> None:
    views = [
        VaultView("a", "Alpha", "/a", VaultState.LOCKED),
        VaultView("b", "Beta", "/b", VaultState.UNLOCKED, mount_point="/m/b"),
        VaultView("c", "Gamma", "/c", VaultState.MISSING),
    ]
    items = tray_menu_spec(views)
    subs = {i.text: i for i in items if i.children}
    assert list(subs) == ["Alpha", "Beta", "Gamma"]

    def enabled(name: str) -> dict[str, bool]:
        return {c.action: c.enabled for c in subs[name].children}

    assert enabled("Alpha") == {"unlock": True, "lock": False, "reveal": False}
    assert enabled("Beta") == {"unlock": False, "lock": True, "reveal": True}
    assert enabled("Gamma") == {"unlock": False, "lock": False, "reveal": False}
    assert all(c.vault_id == "b" for c in subs["Beta"].children)
    assert next(i for i in items if i.action == "lock_all").enabled
    assert subs["Beta"].icon == "vault-unlocked" and subs["Alpha"].icon == "vault-locked"


def test_model_to_qmenu_and_actions_reach_the_handler(qtbot, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("STRONGROOM_CONFIG_DIR", str(tmp_path))
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "vault.cryptomator").write_text("token")
    controller = VaultController(SettingsStore())
    entry = controller.add_entry(VaultEntry.new("One", str(tmp_path / "v1")))
    controller.add_entry(VaultEntry.new("Gone", str(tmp_path / "missing")))
    model = VaultListModel(controller)
    views = model.views()
    assert [(v.name, v.state) for v in views] == [
        ("One", VaultState.LOCKED),
        ("Gone", VaultState.MISSING),
    ]

    menu = QMenu()
    chosen: list[tuple[str, str]] = []
    fill_menu(menu, tray_menu_spec(views), lambda a, v: chosen.append((a, v)))
    top = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert top[:3] == ["Show Strongroom", "One", "Gone"]
    one = next(a for a in menu.actions() if a.text() == "One").menu()
    unlock = next(a for a in one.actions() if a.text() == "Unlock…")
    assert unlock.isEnabled()
    unlock.trigger()
    assert chosen == [("unlock", entry.id)]

    # Renaming flows through the model into the next menu.
    controller.rename(entry.id, "Renamed")
    fill_menu(menu, tray_menu_spec(model.views()), lambda a, v: None)
    assert "Renamed" in [a.text() for a in menu.actions()]
