"""Small shared widgets: password field with show/hide, strength meter, message label."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.gui.icons import icon
from app.gui.password_strength import Strength, password_strength
from app.i18n import translate

STRENGTH_COLOURS = ("#c0392b", "#d35400", "#c9a227", "#5a9b3c", "#2f8f5b")
ERROR_COLOUR = "#b3261e"
ERROR_COLOUR_ON_DARK = "#ff8a80"  # the dark red would be hard to read on a dark window


class PasswordField(QLineEdit):
    """A password line edit with an eye toggle inside it."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setPlaceholderText(placeholder)
        # The placeholder says what the field is for; it disappears once something is typed.
        self.setAccessibleName(placeholder)
        self.setClearButtonEnabled(False)
        self._toggle = self.addAction(icon("reveal-eye"), QLineEdit.ActionPosition.TrailingPosition)
        self._toggle.setText(translate("Widgets", "Show password"))
        self._toggle.setToolTip(translate("Widgets", "Show the password"))
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._set_visible)

    def _set_visible(self, visible: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)
        self._toggle.setToolTip(
            translate("Widgets", "Hide the password")
            if visible
            else translate("Widgets", "Show the password")
        )


class StrengthBar(QWidget):
    """Four rounded segments filled up to the score."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._score = -1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, 6)

    def set_score(self, score: int) -> None:
        self._score = score
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = 4
        width = (self.width() - 3 * gap) / 4
        empty = self.palette().color(self.palette().ColorRole.Mid)
        empty.setAlpha(90)
        for i in range(4):
            filled = self._score >= 1 and i < max(self._score, 1)
            colour = QColor(STRENGTH_COLOURS[self._score]) if filled else empty
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(int(i * (width + gap)), 0, int(width), self.height(), 3, 3)


class StrengthMeter(QWidget):
    """Bar plus "Good: a good password." under a new-password field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(4)
        self.bar = StrengthBar()
        self.label = QLabel()
        self.label.setWordWrap(True)
        small = self.label.font()
        small.setPointSizeF(small.pointSizeF() * 0.92)
        self.label.setFont(small)
        # Room for two lines of hint from the start: the hint grows as the password changes,
        # and the fields below must not move under the user's pointer.
        self.label.setMinimumHeight(2 * self.label.fontMetrics().lineSpacing())
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.strength = password_strength("")
        self.update_for("")

    def update_for(self, password: str) -> Strength:
        self.strength = password_strength(password)
        self.bar.set_score(self.strength.score if password else -1)
        if password:
            colour = STRENGTH_COLOURS[self.strength.score]
            self.label.setText(
                f"<span style='color:{colour}; font-weight:600'>{self.strength.label}.</span> "
                f"{self.strength.hint}"
            )
        else:
            self.label.setText(self.strength.hint)
        return self.strength


class MessageLabel(QLabel):
    """An inline message line: hidden when empty, red for errors."""

    def __init__(self, parent: QWidget | None = None, *, reserve_line: bool = False) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # reserve_line: stay in the layout while empty, so what is below does not jump when a
        # message comes and goes as the user types.
        self._reserve_line = reserve_line
        if reserve_line:  # one short line, always the same height
            self.setWordWrap(False)
            self.setFixedHeight(self.fontMetrics().lineSpacing())
        else:
            self.hide()

    def show_error(self, text: str) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self.setStyleSheet(f"color: {ERROR_COLOUR_ON_DARK if dark else ERROR_COLOUR};")
        self.setText(text)
        self.setVisible(bool(text) or self._reserve_line)

    def show_info(self, text: str) -> None:
        self.setStyleSheet("")
        self.setText(text)
        self.setVisible(bool(text) or self._reserve_line)

    def clear_message(self) -> None:
        self.setText("")
        self.setVisible(self._reserve_line)


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """Secondary text: smaller, muted, wrapping. Muted is the palette's PlaceholderText role,
    not a colour set here, so a hint follows a change of theme like any other text."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def row(*widgets: QWidget, stretch_last: bool = False) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    if not stretch_last:
        layout.addStretch(1)
    return box


def _first_input(item: QLayoutItem | None) -> QWidget | None:
    """The widget of a form's field, or the first focusable widget of a field's row layout."""
    if item is None:
        return None
    if item.widget() is not None:
        return item.widget()
    layout = item.layout()
    if layout is None:
        return None
    for i in range(layout.count()):
        widget = layout.itemAt(i).widget()
        if widget is not None and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return widget
    return None


def name_form_fields(form: QFormLayout) -> None:
    """Each field without an accessible name is named by its row's label; a hint in the row
    below (with an empty label) becomes its description. Qt's screen reader support finds a
    label only when the field is a single widget (the label's buddy), not a row of several."""
    named: QWidget | None = None
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label_widget = label.widget() if label is not None else None
        text = label_widget.text() if isinstance(label_widget, QLabel) else ""
        field = _first_input(form.itemAt(row, QFormLayout.ItemRole.FieldRole))
        if text and field is not None:
            if not field.accessibleName():
                field.setAccessibleName(text.replace("&", "").rstrip(":： ").strip())
            named = field
        elif not text and isinstance(field, QLabel) and named is not None:
            if field.text() and not named.accessibleDescription():
                named.setAccessibleDescription(field.text())
            named = None
        else:
            named = None
