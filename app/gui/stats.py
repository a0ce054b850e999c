"""Live statistics of an unlocked vault: read/write throughput chart (QPainter) and totals."""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from app.gui.widgets import hint_label
from app.gui.wording import duration
from app.i18n import translate, translate_n
from app.services.controller import VaultController
from app.services.engine import io_counters

READ_COLOUR = "#2f6f73"
WRITE_COLOUR = "#c07a2c"
HISTORY_SECONDS = 60


def human_rate(bytes_per_s: float) -> str:
    return translate("Stats", "{size}/s", "bytes per second").format(size=human_size(bytes_per_s))


def human_size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TiB"


class ThroughputSampler:
    """Turns cumulative (read, written) counters into per-second rates; pure, clock injected."""

    def __init__(self, history: int = HISTORY_SECONDS) -> None:
        self.read_rates: deque[float] = deque([0.0] * history, maxlen=history)
        self.write_rates: deque[float] = deque([0.0] * history, maxlen=history)
        self._last: tuple[float, int, int] | None = None
        self.total_read = 0
        self.total_written = 0

    def add(self, now: float, read: int, written: int) -> None:
        self.total_read, self.total_written = read, written
        if self._last is not None:
            then, r0, w0 = self._last
            dt = max(now - then, 1e-3)
            self.read_rates.append(max(read - r0, 0) / dt)
            self.write_rates.append(max(written - w0, 0) / dt)
        self._last = (now, read, written)


class ThroughputChart(QWidget):
    def __init__(self, sampler: ThroughputSampler, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sampler = sampler
        self.setMinimumHeight(160)

    def sizeHint(self) -> QSize:
        return QSize(480, 180)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Room above the plot for the peak label and below it for the time axis, so no text
        # is drawn over the lines.
        rect = QRectF(self.rect()).adjusted(1, 20, -1, -18)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(palette.ColorRole.Base))
        grid = palette.color(palette.ColorRole.Mid)
        grid.setAlpha(70)
        painter.setPen(QPen(grid, 1))
        for i in range(5):
            y = rect.top() + rect.height() * i / 4
            painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        peak = max(max(self.sampler.read_rates), max(self.sampler.write_rates), 1024.0)
        for rates, colour in (
            (self.sampler.read_rates, READ_COLOUR),
            (self.sampler.write_rates, WRITE_COLOUR),
        ):
            values = list(rates)
            step = rect.width() / max(len(values) - 1, 1)
            path = QPainterPath()
            for i, value in enumerate(values):
                point = QPointF(
                    rect.left() + i * step, rect.bottom() - rect.height() * value / peak
                )
                if i == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            fill = QPainterPath(path)
            fill.lineTo(rect.right(), rect.bottom())
            fill.lineTo(rect.left(), rect.bottom())
            shade = QColor(colour)
            shade.setAlpha(40)
            painter.fillPath(fill, shade)
            painter.setPen(QPen(QColor(colour), 2))
            painter.drawPath(path)
        text = palette.color(palette.ColorRole.WindowText)
        text.setAlpha(150)
        painter.setPen(text)
        painter.drawText(
            QRectF(rect.left() + 4, rect.top() - 18, rect.width() - 8, 16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            translate("Stats", "top line: {rate}").format(rate=human_rate(peak)),
        )
        painter.drawText(
            QRectF(rect.left(), rect.bottom() + 2, rect.width(), 16),
            Qt.AlignmentFlag.AlignLeft,
            translate_n("Stats", "%n s ago", HISTORY_SECONDS),
        )
        painter.drawText(
            QRectF(rect.left(), rect.bottom() + 2, rect.width(), 16),
            Qt.AlignmentFlag.AlignRight,
            translate("Stats", "now"),
        )


def _swatch(colour: str, text: str) -> QLabel:
    label = QLabel(f"<span style='color:{colour}; font-size:14pt'>■</span> {text}")
    return label


class StatsWindow(QDialog):
    """Samples the mount's counters once a second while open (cheap reads, no engine calls)."""

    def __init__(
        self, controller: VaultController, vault_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.vault_id = vault_id
        entry = controller.entry(vault_id)
        self.setWindowTitle(
            translate("Stats", "Statistics: {name}").format(name=entry.name if entry else "")
        )
        self.resize(560, 340)
        self.sampler = ThroughputSampler()
        self.chart = ThroughputChart(self.sampler)
        self.chart.setAccessibleName(translate("Stats", "Read and write throughput"))
        self.read_now = QLabel("–")
        self.write_now = QLabel("–")
        self.read_total = QLabel("–")
        self.write_total = QLabel("–")
        self.unlocked_for = QLabel("–")
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.addWidget(_swatch(READ_COLOUR, translate("Stats", "Read")), 0, 0)
        grid.addWidget(self.read_now, 0, 1)
        grid.addWidget(QLabel(translate("Stats", "Total read:")), 0, 2)
        grid.addWidget(self.read_total, 0, 3)
        grid.addWidget(_swatch(WRITE_COLOUR, translate("Stats", "Written")), 1, 0)
        grid.addWidget(self.write_now, 1, 1)
        grid.addWidget(QLabel(translate("Stats", "Total written:")), 1, 2)
        grid.addWidget(self.write_total, 1, 3)
        grid.addWidget(QLabel(translate("Stats", "Unlocked for:")), 2, 0)
        grid.addWidget(self.unlocked_for, 2, 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.note = hint_label("")
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 14)
        layout.addWidget(self.chart, 1)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.sample)
        self.timer.start()
        self.sample()

    def sample(self) -> None:
        rt = self.controller.runtime(self.vault_id)
        if rt.session is None:
            self.timer.stop()
            self.note.setText(translate("Stats", "The vault is locked."))
            self.note.show()
            return
        elapsed = int(time.monotonic() - rt.unlocked_at)
        self.unlocked_for.setText(duration(elapsed))
        counters = io_counters(rt.session)
        if counters is None:
            self.note.setText(
                translate("Stats", "The vault is not mounted, so no file traffic is counted.")
            )
            self.note.show()
            return
        self.sampler.add(time.monotonic(), *counters)
        self.read_now.setText(human_rate(self.sampler.read_rates[-1]))
        self.write_now.setText(human_rate(self.sampler.write_rates[-1]))
        self.read_total.setText(human_size(self.sampler.total_read))
        self.write_total.setText(human_size(self.sampler.total_written))
        self.chart.update()
