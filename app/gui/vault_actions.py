"""The one table of what can be done to a vault: the menu bar, the detail pane, the list's
context menu and the tray all build their entries from it, and the window runs them through it.

Each action has its label (with the menu's & mnemonic), icon, shortcut, when it is enabled, and
what it does. Adding an action, or changing when it applies, is one row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QT_TRANSLATE_NOOP

from app.gui.dialog_launchers import DialogLaunchers
from app.gui.vault_model import VaultView
from app.i18n import translate
from app.services.controller import VaultController, VaultState


class ActionTarget(Protocol):
    """What a handler may use: the main window (it provides all of this)."""

    controller: VaultController

    def unlock(self, vault_id: str) -> None: ...
    def reveal(self, vault_id: str) -> None: ...
    @property
    def dialogs(self) -> DialogLaunchers: ...


@dataclass(frozen=True)
class ActionContext:
    """What decides whether an action applies to a vault right now."""

    view: VaultView
    password_saved: bool = False


@dataclass(frozen=True)
class VaultAction:
    name: str
    label: str  # with the menu's mnemonic (&); plain_label drops it
    icon: str
    enabled_when: Callable[[ActionContext], bool]
    handler: Callable[[ActionTarget, str], object]
    shortcut: str = ""
    shows_window: bool = False  # from the tray: bring the window up first (it opens a dialog)

    @property
    def text(self) -> str:
        """The label in the app's language, with its mnemonic."""
        return translate("VaultActions", self.label)

    @property
    def plain_label(self) -> str:
        return self.text.replace("&", "")

    def enabled(self, context: ActionContext) -> bool:
        return self.enabled_when(context)


def _any(c: ActionContext) -> bool:
    return True


def _unlocked(c: ActionContext) -> bool:
    return c.view.state is VaultState.UNLOCKED


def _can_unlock(c: ActionContext) -> bool:
    return c.view.can_unlock and not c.view.unlock_problem


def _folder_usable(c: ActionContext) -> bool:
    """Password and health actions read the vault folder: not while missing or mid-change."""
    return c.view.state in (VaultState.LOCKED, VaultState.ERROR, VaultState.UNLOCKED)


def _not_busy(c: ActionContext) -> bool:
    return c.view.state not in (VaultState.UNLOCKING, VaultState.LOCKING)


def _removable(c: ActionContext) -> bool:
    return c.view.state not in (VaultState.UNLOCKED, VaultState.LOCKING)


# The labels are marked for the catalogue here and translated when shown (VaultAction.text).
VAULT_ACTIONS: tuple[VaultAction, ...] = (
    VaultAction(
        "unlock", QT_TRANSLATE_NOOP("VaultActions", "&Unlock…"), "unlock", _can_unlock,
        lambda t, v: t.unlock(v), shortcut="Ctrl+U", shows_window=True,
    ),
    VaultAction(
        "lock", QT_TRANSLATE_NOOP("VaultActions", "&Lock"), "lock", _unlocked,
        lambda t, v: t.controller.lock(v), shortcut="Ctrl+L",
    ),
    VaultAction(
        "reveal", QT_TRANSLATE_NOOP("VaultActions", "&Reveal drive"), "reveal", _unlocked,
        lambda t, v: t.reveal(v),
    ),
    VaultAction(
        "options", QT_TRANSLATE_NOOP("VaultActions", "Vault &options…"), "options", _not_busy,
        lambda t, v: t.dialogs.open_options(v),
    ),
    VaultAction(
        "stats", QT_TRANSLATE_NOOP("VaultActions", "&Statistics…"), "stats", _unlocked,
        lambda t, v: t.dialogs.open_stats(v),
    ),
    VaultAction(
        "rename", QT_TRANSLATE_NOOP("VaultActions", "Re&name…"), "rename", _any,
        lambda t, v: t.dialogs.rename(v),
    ),
    VaultAction(
        "change_password", QT_TRANSLATE_NOOP("VaultActions", "&Change password…"), "key",
        _folder_usable, lambda t, v: t.dialogs.open_change_password(v),
    ),
    VaultAction(
        "recovery_key", QT_TRANSLATE_NOOP("VaultActions", "Show recovery &key…"), "key",
        _folder_usable, lambda t, v: t.dialogs.open_recovery_key(v),
    ),
    VaultAction(
        "reset_password",
        QT_TRANSLATE_NOOP("VaultActions", "Reset password with recovery key…"), "key",
        _folder_usable, lambda t, v: t.dialogs.open_reset_password(v),
    ),
    VaultAction(
        "forget_password", QT_TRANSLATE_NOOP("VaultActions", "&Forget saved password"), "",
        lambda c: c.password_saved, lambda t, v: t.controller.forget_password(v),
    ),
    VaultAction(
        "health", QT_TRANSLATE_NOOP("VaultActions", "Check &health…"), "health",
        _folder_usable, lambda t, v: t.dialogs.open_health(v),
    ),
    VaultAction(
        "remove", QT_TRANSLATE_NOOP("VaultActions", "Re&move from list…"), "remove",
        _removable, lambda t, v: t.dialogs.remove(v),
    ),
)  # fmt: skip

_BY_NAME = {a.name: a for a in VAULT_ACTIONS}


def action(name: str) -> VaultAction:
    """The action of this name (KeyError for a name not in the table)."""
    return _BY_NAME[name]


def enabled_actions(context: ActionContext) -> dict[str, bool]:
    return {a.name: a.enabled(context) for a in VAULT_ACTIONS}


# Where each surface shows which actions ("" is a separator).
MENU_BAR = (
    "unlock", "lock", "reveal", "",
    "options", "stats", "rename", "",
    "change_password", "recovery_key", "reset_password", "forget_password", "health", "",
    "remove",
)  # fmt: skip
DETAIL_PANE_GRID = ("options", "stats", "change_password", "recovery_key", "health", "rename")
TRAY = ("unlock", "lock", "reveal")
