"""The right-hand pane: the selected vault's name, folder, state and its actions."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import icon
from app.gui.vault_actions import DETAIL_PANE_GRID, ActionContext, action
from app.gui.vault_model import VaultView, state_icon_name, state_text
from app.gui.widgets import hint_label
from app.i18n import translate
from app.services.controller import VaultState


class DetailPane(QWidget):
    actionRequested = Signal(str, str)  # action, vault id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view: VaultView | None = None
        self.state_icon = QLabel()
        self.state_icon.setFixedSize(64, 64)
        self.name = QLabel()
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path = hint_label("")
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Shown when FUSE is missing: unlocking could not mount the vault (bad-input #22), or
        # (volume Automatic) the vault is served over WebDAV instead.
        self.fuse_note = QLabel()
        self.fuse_note.setWordWrap(True)
        self.fuse_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fuse_note.setStyleSheet(
            "QLabel { background: #fff4e0; border: 1px solid #e0b060; border-radius: 4px;"
            " padding: 8px; color: #5a3b00; }"
        )
        self.fuse_note.hide()

        title_box = QVBoxLayout()
        title_box.setSpacing(2)
        title_box.addWidget(self.name)
        title_box.addWidget(self.path)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.state_icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(title_box, 1)

        self.primary = QPushButton()
        self.primary.setMinimumHeight(34)
        self.primary.setMinimumWidth(150)
        self.primary.setDefault(True)
        self.primary.clicked.connect(self._primary_clicked)
        reveal = action("reveal")
        self.reveal = QPushButton(icon(reveal.icon), reveal.plain_label)
        self.reveal.setMinimumHeight(34)
        self.reveal.clicked.connect(lambda: self._emit("reveal"))
        self.forget = QPushButton(action("forget_password").plain_label)
        self.forget.clicked.connect(lambda: self._emit("forget_password"))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.primary)
        buttons.addWidget(self.reveal)
        buttons.addStretch(1)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.secondary: dict[str, QToolButton] = {}
        for i, name in enumerate(DETAIL_PANE_GRID):
            spec = action(name)
            button = QToolButton()
            button.setText(spec.plain_label)
            button.setIcon(icon(spec.icon))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _c=False, n=name: self._emit(n))
            self.secondary[name] = button
            grid.addWidget(button, i // 2, i % 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(14)
        layout.addLayout(header)
        layout.addWidget(self.state)
        layout.addWidget(self.fuse_note)
        layout.addLayout(buttons)
        layout.addWidget(line)
        layout.addLayout(grid)
        layout.addWidget(self.forget, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def view(self) -> VaultView | None:
        return self._view

    def set_context(self, context: ActionContext | None) -> None:
        """Show the vault of `context` (None: nothing selected, the pane is hidden)."""
        self._view = view = context.view if context is not None else None
        if context is None or view is None:
            return
        self.state_icon.setPixmap(icon(state_icon_name(view.state)).pixmap(64, 64))
        self.name.setText(view.name)
        self.path.setText(view.path)
        self.state.setText(state_text(view))
        unlocked = view.state is VaultState.UNLOCKED
        busy = view.state in (VaultState.UNLOCKING, VaultState.LOCKING)
        if unlocked:
            self.primary.setText(translate("DetailPane", "Lock"))
            self.primary.setIcon(icon("lock"))
        elif view.state is VaultState.UNLOCKING:
            self.primary.setText(translate("DetailPane", "Unlocking…"))
            self.primary.setIcon(icon("unlock"))
        elif view.state is VaultState.LOCKING:
            self.primary.setText(translate("DetailPane", "Locking…"))
            self.primary.setIcon(icon("lock"))
        else:
            self.primary.setText(translate("DetailPane", "Unlock…"))
            self.primary.setIcon(icon("unlock"))
        self.primary.setEnabled(action("lock" if unlocked else "unlock").enabled(context))
        self.primary.setToolTip("")
        problem = view.unlock_problem
        no_mount = bool(problem) and not unlocked and not busy
        if no_mount:
            self.primary.setToolTip(
                translate("DetailPane", "Cannot unlock: {problem}").format(problem=problem)
            )
            if view.volume == "webdav":
                text = translate(
                    "DetailPane",
                    "<b>This vault cannot be unlocked here yet.</b> Its volume is WebDAV, "
                    "which is not available: {problem}",
                )
            else:
                text = translate(
                    "DetailPane",
                    "<b>Vaults cannot be unlocked on this computer yet.</b> Strongroom shows an "
                    "unlocked vault as a drive through FUSE, which is not available: {problem}",
                )
            self.fuse_note.setText(text.format(problem=html.escape(problem)))
        elif view.webdav_because and not busy:
            # Volume "Automatic" without FUSE: say why this vault is (or will be) a URL.
            self.fuse_note.setText(
                translate(
                    "DetailPane",
                    "FUSE is not available here ({problem}), so this vault is served over "
                    "WebDAV instead, at a private address on this computer.",
                ).format(problem=html.escape(view.webdav_because))
            )
        self.fuse_note.setVisible(no_mount or bool(view.webdav_because and not busy))
        self.reveal.setVisible(action("reveal").enabled(context))
        for name, button in self.secondary.items():
            button.setEnabled(action(name).enabled(context))
        self.forget.setVisible(action("forget_password").enabled(context))

    def _primary_clicked(self) -> None:
        if self._view is None:
            return
        self._emit("lock" if self._view.unlocked else "unlock")

    def _emit(self, action: str) -> None:
        if self._view is not None:
            self.actionRequested.emit(action, self._view.id)
