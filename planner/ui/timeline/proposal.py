"""What arranging proposes, drawn over the grid before anything changes.

Each changed session gets a dashed outline at its new place with its title, and, when it
was on the grid before, a line from where it is to where it would go. Nothing here writes;
:meth:`ProposalOverlay.clear` removes every item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsRectItem, QGraphicsSimpleTextItem

from planner.domain.model import Session

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView

MOVED = QColor(30, 120, 220)
PLACED = QColor(40, 160, 90)


class ProposalOverlay:
    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.items: list[QGraphicsItem] = []

    def show(self, sessions: list[Session]) -> int:
        """Draw the proposed states ``sessions``; returns how many are on the visible grid."""
        self.clear()
        view = self.view
        grid = view.grid
        if grid is None:
            return 0
        current = view.schedule.session_by_guid()
        scene = view.scene()
        shown = 0
        for new in sessions:
            rect = grid.rect_of(new)
            if rect is None:
                continue
            old = current.get(new.guid)
            colour = MOVED if old is not None and old.scheduled else PLACED
            r = QRectF(*rect).adjusted(2, 2, -2, -2)
            ghost = QGraphicsRectItem(r)
            ghost.setZValue(45)
            fill = QColor(colour)
            fill.setAlpha(70)
            ghost.setBrush(QBrush(fill))
            ghost.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
            ghost.setToolTip(new.title)
            scene.addItem(ghost)
            self.items.append(ghost)
            if r.height() >= 14:
                text = QGraphicsSimpleTextItem(new.title, ghost)
                text.setFont(view.style_.fonts.body)
                text.setBrush(view.style_.colours.text)
                text.setPos(r.left() + 4, r.top() + 2)
                ghost.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape, True)
            if old is not None:
                before = grid.rect_of(old)
                if before is not None:
                    a = QRectF(*before).center()
                    line = QGraphicsLineItem(QLineF(a, r.center()))
                    line.setPen(QPen(colour, 1.5))
                    line.setZValue(44)
                    scene.addItem(line)
                    self.items.append(line)
            shown += 1
        return shown

    def clear(self) -> None:
        scene = self.view.scene()
        for item in self.items:
            if item.scene() is scene:
                scene.removeItem(item)
        self.items = []
