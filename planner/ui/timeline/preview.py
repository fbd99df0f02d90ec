"""The drag preview: ghosts where a gesture would put its sessions, a label saying when
and where and which conflicts it would cause, the clashing blocks shaded, and the time the
sessions' people are not available hatched in each target column.

A :class:`DragPreview` belongs to one :class:`~planner.ui.timeline.view.TimelineView`;
the preview never edits the document.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QGraphicsRectItem

from planner.domain.model import Session
from planner.ui.timeline.items import GhostLabel

if TYPE_CHECKING:  # the conflict engine is imported when first used: after the first paint
    from planner.domain.conflicts import Conflict
    from planner.ui.timeline.view import TimelineView


class DragPreview:
    """The scene items of a gesture's preview, reused from one move to the next."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.ghosts: list[QGraphicsRectItem] = []
        self.ghost_label: GhostLabel | None = None
        self.shades: list[QGraphicsRectItem] = []
        self.shaded: set[str] = set()
        self.last: list[Conflict] = []  # the conflicts the current drag would cause

    def show(self, proposed: list[Session]) -> None:
        """Ghosts where ``proposed`` would land; clashing blocks and unavailable time shaded."""
        view = self.view
        grid = view.grid
        assert grid is not None
        view.attach_engine()
        assert view.engine is not None
        c = view.style_.colours
        conflicts = view.engine.preview(proposed) if proposed else []
        self.last = list(conflicts)
        moving = {p.guid for p in proposed}
        worst = None
        clash: set[str] = set()
        for conflict in conflicts:
            sev = conflict.severity
            worst = "error" if sev == "error" or worst == "error" else sev
            clash.update(g for g in conflict.sessions if g not in moving)
        colour = c.ghost if worst is None else (c.conflict if worst == "error" else c.warning)
        while len(self.ghosts) < len(proposed):
            ghost = QGraphicsRectItem()
            ghost.setZValue(40)
            view.scene().addItem(ghost)
            self.ghosts.append(ghost)
        fill = QColor(colour)
        fill.setAlpha(60)
        pen = QPen(colour, 2, Qt.PenStyle.DashLine)
        for ghost, p in zip(self.ghosts, proposed, strict=False):
            rect = grid.rect_of(p)
            if rect is None:
                ghost.setVisible(False)
                continue
            ghost.setRect(QRectF(*rect).adjusted(1, 1, -1, -1))
            ghost.setPen(pen)
            ghost.setBrush(fill)
            ghost.setVisible(True)
        for ghost in self.ghosts[len(proposed) :]:
            ghost.setVisible(False)
        self._show_label(proposed, conflicts, colour)
        blocks = view.blocks
        for g in self.shaded - clash:
            if g in blocks:
                blocks[g].set_shaded(False)
        for g in clash - self.shaded:
            if g in blocks:
                blocks[g].set_shaded(True)
        self.shaded = clash
        self._shade_unavailable(proposed)

    def _show_label(self, proposed: list[Session], conflicts: list[Conflict], colour: QColor) -> None:
        view = self.view
        grid = view.grid
        assert grid is not None
        if self.ghost_label is None:
            self.ghost_label = GhostLabel(view.style_)
            view.scene().addItem(self.ghost_label)
        label = self.ghost_label
        p = proposed[0] if proposed else None
        rect = grid.rect_of(p) if p is not None else None
        if p is None or p.start is None or rect is None:
            label.setVisible(False)
            return
        zone = view.schedule.event.zone
        end = p.start + timedelta(minutes=p.duration_minutes)
        lines = [
            f"{p.start.astimezone(zone):%a %H:%M}–{end.astimezone(zone):%H:%M} · "
            f"{view.room_names.get(p.room or '', '')}"
        ]
        if len(proposed) > 1:
            lines[0] += f" (+{len(proposed) - 1} more)"
        for c in conflicts[:2]:
            lines.append(f"⚠ {c.message}")
        if len(conflicts) > 2:
            more = len(conflicts) - 2
            lines.append(f"… and {more} more conflict{'s' if more > 1 else ''}")
        label.set_text(lines, colour if conflicts else view.style_.colours.muted)
        h = label.boundingRect().height()
        y = rect[1] - h - 3 if rect[1] - h - 3 > 0 else rect[1] + rect[3] + 3
        x = min(rect[0] + 2, max(0.0, grid.width - label.boundingRect().width()))
        label.setPos(x, y)
        label.setVisible(True)

    def _shade_unavailable(self, proposed: list[Session]) -> None:
        """Shade, in each target column, the time its people are not available."""
        view = self.view
        grid = view.grid
        assert grid is not None
        people = view.schedule.person_by_guid()
        rects: list[QRectF] = []
        for p in proposed:
            if p.start is None or p.room is None:
                continue
            x = grid.x_of(p.room)
            if x is None:
                continue
            band = grid.band_of_instant(p.start)
            for pg in (*p.speakers, *p.moderators):
                person = people.get(pg)
                if person is None or not person.availability:
                    continue
                cursor = band.start
                for w in sorted(person.availability, key=lambda w: w.start):
                    if w.end <= cursor or w.start >= band.end:
                        continue
                    if w.start > cursor:
                        rects.append(self._time_rect(x, cursor, w.start))
                    cursor = max(cursor, w.end)
                if cursor < band.end:
                    rects.append(self._time_rect(x, cursor, band.end))
        while len(self.shades) < len(rects):
            shade = QGraphicsRectItem()
            shade.setZValue(30)
            shade.setPen(Qt.PenStyle.NoPen)
            view.scene().addItem(shade)
            self.shades.append(shade)
        brush = QBrush(view.style_.colours.shade, Qt.BrushStyle.Dense5Pattern)
        for shade, r in zip(self.shades, rects, strict=False):
            shade.setRect(r)
            shade.setBrush(brush)
            shade.setToolTip("A person in this session is not available here")
            shade.setVisible(True)
        for shade in self.shades[len(rects) :]:
            shade.setVisible(False)

    def _time_rect(self, x: float, lo: datetime, hi: datetime) -> QRectF:
        grid = self.view.grid
        assert grid is not None
        y0, y1 = grid.y_of(lo), grid.y_of(hi)
        return QRectF(x, y0, grid.column_width, max(y1 - y0, 0))

    def clear(self) -> None:
        for ghost in self.ghosts:
            ghost.setVisible(False)
        for shade in self.shades:
            shade.setVisible(False)
        if self.ghost_label is not None:
            self.ghost_label.setVisible(False)
        blocks = self.view.blocks
        for g in self.shaded:
            if g in blocks:
                blocks[g].set_shaded(False)
        self.shaded = set()
        self.last = []
