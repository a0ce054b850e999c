"""The vault list as a Qt model: one row per vault, with a snapshot of its state for views."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.gui.icons import icon
from app.i18n import translate
from app.services.controller import VaultController, VaultState

ID_ROLE = Qt.ItemDataRole.UserRole + 1
VIEW_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class VaultView:
    """What the views and the tray need to know about one vault, as plain values."""

    id: str
    name: str
    path: str
    state: VaultState
    mount_point: str = ""
    error: str = ""
    activity: str = ""  # what a lock in progress is doing, if there is something to say
    url: str = ""  # an unlocked vault served over WebDAV: its address (mount_point is then "")
    volume: str = "fuse"  # the volume an unlock uses here: "fuse" or "webdav"
    unlock_problem: str = ""  # why it cannot be unlocked here with its volume option
    # Volume "Automatic" where FUSE is missing: why it will be (or is) served over WebDAV.
    webdav_because: str = ""

    @property
    def unlocked(self) -> bool:
        return self.state is VaultState.UNLOCKED

    @property
    def can_unlock(self) -> bool:
        return self.state in (VaultState.LOCKED, VaultState.ERROR)


def state_text(view: VaultView) -> str:
    """One line for the list and the detail pane."""
    if view.state is VaultState.UNLOCKED:
        if view.url:
            return translate("VaultState", "Unlocked, served over WebDAV at {url}").format(
                url=view.url
            )
        return translate("VaultState", "Unlocked, mounted at {folder}").format(
            folder=view.mount_point
        )
    if view.state is VaultState.UNLOCKING:
        return translate("VaultState", "Unlocking…")
    if view.state is VaultState.LOCKING:
        if view.activity:
            activity = translate("VaultState", view.activity)
            return translate("VaultState", "Locking: {activity}").format(activity=activity)
        return translate("VaultState", "Locking…")
    if view.state is VaultState.MISSING:
        return translate("VaultState", "Missing: the vault folder was not found")
    if view.state is VaultState.ERROR:
        if view.error:
            return translate("VaultState", "Error: {error}").format(error=view.error)
        return translate("VaultState", "Error")
    return translate("VaultState", "Locked")


def state_icon_name(state: VaultState) -> str:
    return {
        VaultState.UNLOCKED: "vault-unlocked",
        VaultState.UNLOCKING: "vault-busy",
        VaultState.LOCKING: "vault-busy",
        VaultState.MISSING: "vault-missing",
        VaultState.ERROR: "vault-error",
    }.get(state, "vault-locked")


def vault_views(controller: VaultController) -> list[VaultView]:
    out = []
    for entry in controller.vaults:
        rt = controller.runtime(entry.id)
        session = rt.session
        url = session.url if session is not None else ""
        volume = session.volume if session is not None else controller.volume_for(entry.id)
        automatic = entry.options.volume == "auto"
        fuse_problem = controller.fuse_problem() if automatic and volume == "webdav" else ""
        out.append(
            VaultView(
                id=entry.id,
                name=entry.name,
                path=entry.path,
                state=rt.state,
                mount_point="" if url else controller.mount_point(entry.id),
                error=rt.error,
                activity=rt.activity,
                url=url,
                volume=volume,
                unlock_problem=controller.volume_problem(entry.id),
                webdav_because=fuse_problem,
            )
        )
    return out


class VaultListModel(QAbstractListModel):
    def __init__(self, controller: VaultController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._views: list[VaultView] = vault_views(controller)
        controller.vaultsChanged.connect(self._reset)
        controller.stateChanged.connect(self._state_changed)

    def views(self) -> list[VaultView]:
        return list(self._views)

    def view(self, vault_id: str) -> VaultView | None:
        return next((v for v in self._views if v.id == vault_id), None)

    def row_of(self, vault_id: str) -> int:
        return next((i for i, v in enumerate(self._views) if v.id == vault_id), -1)

    def _reset(self) -> None:
        self.beginResetModel()
        self._views = vault_views(self.controller)
        self.endResetModel()

    def _state_changed(self, vault_id: str) -> None:
        fresh = {v.id: v for v in vault_views(self.controller)}
        row = self.row_of(vault_id)
        if row < 0 or vault_id not in fresh:
            self._reset()
            return
        self._views[row] = fresh[vault_id]
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._views)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._views):
            return None
        view = self._views[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return view.name
        if role == Qt.ItemDataRole.DecorationRole:
            return icon(state_icon_name(view.state))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return state_text(view)  # drawn by the delegate, so not otherwise told
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{view.path}\n{state_text(view)}"
        if role == ID_ROLE:
            return view.id
        if role == VIEW_ROLE:
            return view
        return None
