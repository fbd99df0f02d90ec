"""The availability week grid of the person dialog."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.domain.model import Event, Interval
from planner.domain.timegrid import local_instant

log = logging.getLogger(__name__)


class WeekGrid(QWidget):
    """Availability on a small grid: a column per event day, a row per half hour (or
    hour) of the event's day window. Click or drag to paint cells available, or to clear
    them when the first cell was already available. No cell painted means always
    available. Windows that do not fall on cells are kept until the grid is edited."""

    def __init__(self, event: Event, windows: list[Interval], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("availabilityGrid")
        self.ev = event
        self.days: list[date] = event.days[:14]
        span = event.day_end_minute - event.day_start_minute
        self.step = 30 if span <= 12 * 60 else 60
        self.rows = max(1, -(-span // self.step))
        self.original = list(windows)
        self.edited = False
        self.cells: set[tuple[int, int]] = set()
        for d in range(len(self.days)):
            for r in range(self.rows):
                cell = self.cell_interval(d, r)
                if any(w.contains(cell) for w in windows):
                    self.cells.add((d, r))
        self._paint_value: bool | None = None
        self.left, self.top, self.ch = 44, 20, 12
        self.cw = max(44, min(110, 400 // max(1, len(self.days))))
        self.setMinimumSize(self.sizeHint())
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip("Drag over the hours the person is available; leave empty for always")

    def sizeHint(self) -> QSize:
        return QSize(self.left + self.cw * len(self.days) + 2, self.top + self.ch * self.rows + 2)

    def cell_interval(self, d: int, r: int) -> Interval:
        m0 = self.ev.day_start_minute + r * self.step
        m1 = min(m0 + self.step, self.ev.day_end_minute)
        return Interval(local_instant(self.ev, self.days[d], m0), local_instant(self.ev, self.days[d], m1))

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        d = (pos.x() - self.left) // self.cw
        r = (pos.y() - self.top) // self.ch
        if pos.x() < self.left or pos.y() < self.top or not (0 <= d < len(self.days) and 0 <= r < self.rows):
            return None
        return int(d), int(r)

    def cell_rect(self, d: int, r: int) -> QRect:
        return QRect(self.left + d * self.cw, self.top + r * self.ch, self.cw, self.ch)

    def set_cell(self, d: int, r: int, on: bool) -> None:
        self.edited = True
        if on:
            self.cells.add((d, r))
        else:
            self.cells.discard((d, r))
        self.update(self.cell_rect(d, r))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is None:
            return
        self._paint_value = cell not in self.cells
        self.set_cell(*cell, self._paint_value)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is not None and self._paint_value is not None:
            self.set_cell(*cell, self._paint_value)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._paint_value = None

    def clear(self) -> None:
        self.edited = True
        self.cells.clear()
        self.update()

    def windows(self) -> list[Interval]:
        """The painted cells as windows, runs of cells in one day merged."""
        if not self.edited:
            return list(self.original)
        out: list[Interval] = []
        for d in range(len(self.days)):
            r = 0
            while r < self.rows:
                if (d, r) in self.cells:
                    start = r
                    while r < self.rows and (d, r) in self.cells:
                        r += 1
                    out.append(Interval(self.cell_interval(d, start).start, self.cell_interval(d, r - 1).end))
                else:
                    r += 1
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        pal = self.palette()
        p.fillRect(self.rect(), pal.base())
        on = QColor("#3b82c4")
        grid = pal.mid().color()
        f = p.font()
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.8))
        p.setFont(f)
        for d, day in enumerate(self.days):
            p.setPen(pal.text().color())
            p.drawText(
                QRect(self.left + d * self.cw, 0, self.cw, self.top - 2),
                Qt.AlignmentFlag.AlignCenter,
                day.strftime("%a %d"),
            )
        for r in range(self.rows):
            m = self.ev.day_start_minute + r * self.step
            if m % 60 == 0:
                p.setPen(pal.text().color())
                p.drawText(
                    QRect(0, self.top + r * self.ch - 6, self.left - 6, 12),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                    f"{(m // 60) % 24:02d}:00",
                )
            for d in range(len(self.days)):
                rect = self.cell_rect(d, r)
                if (d, r) in self.cells:
                    p.fillRect(rect, on)
                p.setPen(grid)
                p.drawRect(rect)
        p.end()
