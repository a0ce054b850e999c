"""How the vault list draws a vault: two lines (name, then state, muted) beside its state icon."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.gui.icons import icon
from app.gui.vault_model import VIEW_ROLE, VaultView, state_text
from app.i18n import translate
from app.services.controller import VaultState


class VaultDelegate(QStyledItemDelegate):
    """Two lines per vault: name, then state (muted), with the state icon."""

    ROW_HEIGHT = 56

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), self.ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        view: VaultView = index.data(VIEW_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = icon("none")
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = option.rect.adjusted(10, 8, -10, -8)
        icon_rect = QRect(rect.left(), rect.top() + (rect.height() - 32) // 2, 32, 32)
        index.data(Qt.ItemDataRole.DecorationRole).paint(painter, icon_rect)
        text_left = icon_rect.right() + 12
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        colour = palette.highlightedText() if selected else palette.text()
        painter.save()
        bold = option.font
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(colour.color())
        name_rect = QRect(text_left, rect.top(), rect.right() - text_left, rect.height() // 2)
        name = painter.fontMetrics().elidedText(
            view.name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, name)
        small = option.font
        small.setBold(False)
        small.setPointSizeF(small.pointSizeF() * 0.9)
        painter.setFont(small)
        muted = colour.color()
        muted.setAlpha(170)
        painter.setPen(muted)
        sub_rect = QRect(text_left, rect.top() + rect.height() // 2 + 2, name_rect.width(), 20)
        unlocked = view.state is VaultState.UNLOCKED
        line = translate("VaultState", "Unlocked") if unlocked else state_text(view)
        sub = painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, sub_rect.width())
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, sub)
        painter.restore()
