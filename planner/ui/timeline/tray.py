"""The "Unscheduled" tray beside the grid: sessions without a time or room.

Drag one from here into the grid to schedule it (the grid shows a ghost while it moves);
drop a block from the grid here to unschedule it. The drag is followed with the mouse
grab a press gives, so it works the same under a real mouse and under QTest.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListWidget, QListWidgetItem, QWidget

from planner.domain.model import Schedule, SessionKind
from planner.ui.timeline.view import TimelineView

log = logging.getLogger(__name__)

GUID = Qt.ItemDataRole.UserRole


class UnscheduledTray(QListWidget):
    EMPTY_TEXT = "Every session has a time and a room.\n\nDrop a block here to unschedule it."

    def __init__(self, view: TimelineView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unscheduledTray")
        self.view = view
        view.tray = self
        view.tray_highlight.connect(self._highlight)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.setToolTip(
            "Sessions without a time or room. Drag one into the grid to schedule "
            "it; drop a block here to unschedule it."
        )
        self._press: QPoint | None = None
        self._guid: str | None = None
        self._dragging = False
        self.itemDoubleClicked.connect(lambda it: view.edit_session(str(it.data(GUID))))

    def refresh(self, schedule: Schedule | None) -> None:
        self.clear()
        if schedule is None:
            return
        waiting = [
            s
            for s in schedule.sessions
            if not s.scheduled and not (s.kind == SessionKind.BREAK and s.start is not None)
        ]
        for s in sorted(waiting, key=lambda s: s.title.casefold()):
            item = QListWidgetItem(f"{s.title}\n{s.duration_minutes} min · {s.kind.value}")
            item.setData(GUID, s.guid)
            item.setToolTip(s.title)
            self.addItem(item)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0:  # the empty state says what the tray is for
            p = QPainter(self.viewport())
            p.setPen(self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
            p.drawText(
                self.viewport().rect().adjusted(10, 10, -10, -10),
                int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                self.EMPTY_TEXT,
            )

    def guids(self) -> list[str]:
        return [str(self.item(i).data(GUID)) for i in range(self.count())]

    def _highlight(self, on: bool) -> None:
        self.setProperty("dropTarget", on)
        self.setStyleSheet(
            "QListWidget#unscheduledTray { border: 2px dashed palette(highlight); }" if on else ""
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        item = self.itemAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and item is not None:
            self._press = event.position().toPoint()
            self._guid = str(item.data(GUID))
            self._dragging = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and self._guid is not None:
            pos = event.position().toPoint()
            if (
                not self._dragging
                and (pos - self._press).manhattanLength() >= QApplication.startDragDistance()
            ):
                self._dragging = True
                self.view.begin_tray_drag(self._guid)
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging:
                self.view.tray_drag_move(event.globalPosition().toPoint())
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging:
            self._dragging = False
            self._press = self._guid = None
            self.viewport().unsetCursor()
            self.view.tray_drag_finish(event.globalPosition().toPoint())
            return
        self._press = self._guid = None
        super().mouseReleaseEvent(event)
