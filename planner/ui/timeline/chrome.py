"""The timeline's margins: room names above, the time of day beside, a corner between.

They sit in the view's viewport margins and follow its scrolling, so they stay pinned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QFont, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QToolTip, QWidget

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView

HEADER_H = 30
RULER_W = 64


class Header(QWidget):
    """Room names above the columns, scrolled horizontally with the scene."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineHeader")

    def paintEvent(self, event: QPaintEvent) -> None:
        v = self.view
        p = QPainter(self)
        c = v.style_.colours
        p.fillRect(self.rect(), v.palette().window())
        if v.grid is None:
            return
        font = QFont(self.font())
        font.setBold(True)
        p.setFont(font)
        fm = p.fontMetrics()
        names = v.room_names
        x0 = v.mapFromScene(QPointF(0, 0)).x()
        w = v.grid.column_width
        first = max(0, int(-x0 // w))
        for col in range(first, len(v.grid.rooms)):
            x = x0 + col * w
            if x > self.width():
                break
            r = QRect(int(x), 0, int(w), self.height())
            p.setPen(QPen(c.hour_line, 1))
            p.drawLine(r.topRight(), r.bottomRight())
            p.setPen(c.text)
            text = fm.elidedText(
                names.get(v.grid.rooms[col], "?"), Qt.TextElideMode.ElideRight, r.width() - 10
            )
            p.drawText(r.adjusted(5, 0, -5, 0), int(Qt.AlignmentFlag.AlignCenter), text)
        p.setPen(QPen(c.hour_line, 1))
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            v = self.view
            if v.grid is not None:
                x = v.mapToScene(QPoint(event.pos().x(), 0)).x()
                room = v.grid.room_at(x)
                if room is not None:
                    QToolTip.showText(event.globalPos(), v.room_names.get(room, ""), self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)


class Ruler(QWidget):
    """The time of day beside the rows, scrolled vertically with the scene."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineRuler")

    def paintEvent(self, event: QPaintEvent) -> None:
        v = self.view
        p = QPainter(self)
        c = v.style_.colours
        p.fillRect(self.rect(), v.palette().window())
        p.setPen(QPen(c.hour_line, 1))
        p.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
        if v.grid is None or v.document is None:
            return
        zone = v.document.schedule.event.zone
        top = v.mapToScene(QPoint(0, 0)).y()
        bottom = v.mapToScene(QPoint(0, self.height())).y()
        step = 60 if v.grid.px_per_minute * 60 >= 28 else 120
        fm = p.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        for y, t in v.grid.slot_lines(top - 20, bottom + 20, 30 if step == 60 else 60):
            local = t.astimezone(zone)
            minute = local.hour * 60 + local.minute
            if minute % step:
                continue
            vy = v.mapFromScene(QPointF(0, y)).y()
            ty = int(vy) - fm.height() // 2 + 1
            if y - v.grid.band_at_y(y).top < fm.height() / 2:  # at a day's top: below its title strip
                ty = int(vy) + 1
            p.setPen(c.muted)
            p.drawText(
                QRect(0, ty, self.width() - 8, fm.height()),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                local.strftime("%H:%M"),
            )
        p.setFont(bold)
        for band in v.grid.days:
            if band.bottom < top or band.top - v.grid.day_gap > bottom:
                continue
            vy = v.mapFromScene(QPointF(0, band.top)).y()
            label = band.day.strftime("%a %d")
            r = QRect(0, int(vy - v.grid.day_gap), self.width() - 1, int(v.grid.day_gap))
            p.fillRect(r.adjusted(0, 0, 6, 0), c.day_band)
            p.setPen(c.text)
            p.drawText(r, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)


class Corner(QWidget):
    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("timelineCorner")

    def paintEvent(self, event: QPaintEvent) -> None:
        v = self.view
        p = QPainter(self)
        p.fillRect(self.rect(), v.palette().window())
        if v.grid is None or not v.grid.days:
            return
        band = v.grid.band_at_y(v.mapToScene(QPoint(0, 0)).y())
        p.setPen(v.style_.colours.text)
        p.drawText(
            self.rect().adjusted(4, 0, -4, 0), int(Qt.AlignmentFlag.AlignCenter), band.day.strftime("%d %b")
        )
        p.setPen(QPen(v.style_.colours.hour_line, 1))
        p.drawLine(0, self.height() - 1, self.width(), self.height() - 1)
        p.drawLine(self.width() - 1, 0, self.width() - 1, self.height())
