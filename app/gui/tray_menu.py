"""The tray menu as data built from the vault list (testable offscreen), and its QMenu form."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from app.gui.icons import icon
from app.gui.vault_model import VaultView, state_icon_name


@dataclass(frozen=True)
class MenuItem:
    text: str = ""
    action: str = ""  # show, unlock, lock, reveal, lock_all, preferences, quit
    vault_id: str = ""
    enabled: bool = True
    icon: str = ""
    children: tuple[MenuItem, ...] = ()
    separator: bool = False


SEPARATOR = MenuItem(separator=True)


def tray_menu_spec(views: Sequence[VaultView]) -> list[MenuItem]:
    """Show window, one submenu per vault, Lock all, Preferences, Quit."""
    items = [MenuItem("Show Strongroom", "show", icon="window"), SEPARATOR]
    for view in views:
        children = (
            MenuItem("Unlock…", "unlock", view.id, enabled=view.can_unlock, icon="unlock"),
            MenuItem("Lock", "lock", view.id, enabled=view.unlocked, icon="lock"),
            MenuItem("Reveal", "reveal", view.id, enabled=view.unlocked, icon="reveal"),
        )
        items.append(MenuItem(view.name, icon=state_icon_name(view.state), children=children))
    if not views:
        items.append(MenuItem("No vaults yet", enabled=False))
    items += [
        SEPARATOR,
        MenuItem("Lock all", "lock_all", enabled=any(v.unlocked for v in views), icon="lock"),
        MenuItem("Preferences…", "preferences", icon="preferences"),
        SEPARATOR,
        MenuItem("Quit Strongroom", "quit", icon="quit"),
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
