"""The tray menu as data built from the vault list (testable offscreen), and its QMenu form."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.gui.icons import icon
from app.gui.vault_actions import TRAY, ActionContext, action
from app.gui.vault_model import VaultView, state_icon_name
from app.i18n import translate


@dataclass(frozen=True)
class MenuItem:
    text: str = ""
    action: str = ""  # a vault action's name (vault_actions), or show, lock_all, preferences, quit
    vault_id: str = ""
    enabled: bool = True
    icon: str = ""
    children: tuple[MenuItem, ...] = ()
    separator: bool = False


SEPARATOR = MenuItem(separator=True)


def tray_menu_spec(views: Sequence[VaultView]) -> list[MenuItem]:
    """Show window, one submenu per vault, Lock all, Preferences, Quit."""
    items = [MenuItem(translate("TrayMenu", "Show Strongroom"), "show", icon="window"), SEPARATOR]
    for view in views:
        context = ActionContext(view)
        children = tuple(
            MenuItem(
                spec.plain_label, spec.name, view.id, enabled=spec.enabled(context), icon=spec.icon
            )
            for spec in map(action, TRAY)
        )
        items.append(MenuItem(view.name, icon=state_icon_name(view.state), children=children))
    if not views:
        items.append(MenuItem(translate("TrayMenu", "No vaults yet"), enabled=False))
    items += [
        SEPARATOR,
        MenuItem(
            translate("TrayMenu", "Lock all"),
            "lock_all",
            enabled=any(v.unlocked for v in views),
            icon="lock",
        ),
        MenuItem(translate("TrayMenu", "Preferences…"), "preferences", icon="preferences"),
        SEPARATOR,
        MenuItem(translate("TrayMenu", "Quit Strongroom"), "quit", icon="quit"),
    ]
    return items


def fill_menu(menu: QMenu, items: Sequence[MenuItem], handler: Callable[[str, str], None]) -> None:
    """(Re)build `menu` from the spec; a chosen item calls handler(action, vault_id)."""
    menu.clear()
    for item in items:
        if item.separator:
            menu.addSeparator()
            continue
        if item.children:
            sub = menu.addMenu(icon(item.icon), item.text)
            fill_menu(sub, item.children, handler)
            continue
        action = QAction(icon(item.icon) if item.icon else icon("none"), item.text, menu)
        action.setEnabled(item.enabled)
        if item.action:
            action.triggered.connect(
                lambda _checked=False, a=item.action, v=item.vault_id: handler(a, v)
            )
        menu.addAction(action)
