"""Mouse gestures on the timeline, each a small object with move/finish/cancel.

A gesture never edits the document while it runs: it shows a ghost of where the
sessions would land and the conflicts they would cause, and on release it hands the
new states to the view's editing operations (:mod:`planner.ui.timeline.editing`) as one
undo step. :class:`Autoscroll` scrolls the view while a gesture nears its edges.
"""

from __future__ import annotations

import copy
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QTimer

from planner.domain.grid import Grid
from planner.domain.model import Session

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView

log = logging.getLogger(__name__)


AUTOSCROLL_MARGIN = 28


class Interaction:
    """The base: a gesture that started with a press at ``origin`` (scene coordinates)."""

    def __init__(self, view: TimelineView, origin: QPointF, origin_view: QPoint) -> None:
        self.view = view
        self.origin = origin
        self.origin_view = origin_view
        self.started = False
        self.proposed: list[Session] = []
        self._last_key: object = None

    @property
    def grid(self) -> Grid:
        grid = self.view.grid
        assert grid is not None
        return grid

    def _past_threshold(self, view_pos: QPoint) -> bool:
        if not self.started:
            from PySide6.QtWidgets import QApplication

            if (view_pos - self.origin_view).manhattanLength() < QApplication.startDragDistance():
                return False
            self.started = True
        return True

    def move(self, scene_pos: QPointF, view_pos: QPoint, global_pos: QPoint) -> None:
        raise NotImplementedError

    def guids(self) -> list[str]:
        """The sessions the gesture holds (what teammates see marked while it runs)."""
        return []

    def finish(self, scene_pos: QPointF, view_pos: QPoint, global_pos: QPoint) -> bool:
        raise NotImplementedError

    def cancel(self) -> None:
        self.view.clear_preview()

    def _preview(self, key: object) -> None:
        """Show ghosts and conflicts for ``self.proposed`` unless nothing changed."""
        if key == self._last_key:
            return
        self._last_key = key
        self.view.show_preview(self.proposed)


class MoveInteraction(Interaction):
    """Drag one or more sessions to another time or room (or, from the tray, into the
    grid; or, out of the grid, onto the tray to unschedule them)."""

    def __init__(
        self,
        view: TimelineView,
        sessions: list[Session],
        anchor: str,
        origin: QPointF,
        origin_view: QPoint,
        from_tray: bool = False,
    ) -> None:
        super().__init__(view, origin, origin_view)
        self.originals = [copy.deepcopy(s) for s in sessions]
        self.anchor = next(s for s in self.originals if s.guid == anchor)
        self.from_tray = from_tray
        self.over_tray = False
        grid = self.grid
        if self.anchor.start is not None and not from_tray:
            self.offset_y = origin.y() - grid.y_of(self.anchor.start)
        else:
            self.offset_y = 0.0
            self.started = True  # a drag out of the tray is already under way

    def guids(self) -> list[str]:
        return [s.guid for s in self.originals]

    def _propose(self, scene_pos: QPointF) -> bool:
        grid = self.grid
        start = grid.snap(grid.instant_at(scene_pos.y() - self.offset_y))
        room = grid.room_nearest(scene_pos.x())
        if room is None:
            return False
        if self.anchor.start is None or self.from_tray or self.anchor.room is None:
            s = copy.deepcopy(self.anchor)
            s.start, s.room = start, room
            self.proposed = [s]
            return True
        delta = start - self.anchor.start
        cols = [grid.column_of(s.room) for s in self.originals]
        shift = (grid.column_of(room) or 0) - (grid.column_of(self.anchor.room) or 0)
        known = [c for c in cols if c is not None]
        if known:  # keep the whole selection inside the visible columns
            shift = max(shift, -min(known))
            shift = min(shift, len(grid.rooms) - 1 - max(known))
        out = []
        for s, col in zip(self.originals, cols, strict=True):
            p = copy.deepcopy(s)
            if p.start is not None:
                p.start = p.start + delta
            if col is not None:
                p.room = grid.rooms[col + shift]
            out.append(p)
        self.proposed = out
        return True

    def move(self, scene_pos: QPointF, view_pos: QPoint, global_pos: QPoint) -> None:
        if not self.from_tray and not self._past_threshold(view_pos):
            return
        self.over_tray = (not self.from_tray) and self.view.is_over_tray(global_pos)
        if self.over_tray or (self.from_tray and not self.view.is_over_viewport(global_pos)):
            self.proposed = []
            self._last_key = None
            self.view.clear_preview()
            self.view.set_tray_highlight(self.over_tray)
            return
        self.view.set_tray_highlight(False)
        if self._propose(scene_pos):
            self._preview(tuple((p.start, p.room) for p in self.proposed))

    def finish(self, scene_pos: QPointF, view_pos: QPoint, global_pos: QPoint) -> bool:
        """Commit the move as one undo step; True when something changed."""
        self.move(scene_pos, view_pos, global_pos)
        self.view.clear_preview()
        self.view.set_tray_highlight(False)
        if not self.started:
            return False
        if self.over_tray:
            return self.view.editing.unschedule_copies(self.originals)
        if not self.proposed:
            return False
        changed = [
            p
            for p, o in zip(self.proposed, self.originals, strict=True)
            if (p.start, p.room) != (o.start, o.room)
        ]
        if not changed:
            return False
        return self.view.editing.move(changed, "Schedule" if self.from_tray else "Move")


class ResizeInteraction(Interaction):
    """Drag a block's bottom edge: a new duration, in whole slots."""

    def __init__(self, view: TimelineView, session: Session, origin: QPointF, origin_view: QPoint) -> None:
        super().__init__(view, origin, origin_view)
        self.original = copy.deepcopy(session)

    def guids(self) -> list[str]:
        return [self.original.guid]

    def move(self, scene_pos: QPointF, view_pos: QPoint, global_pos: QPoint) -> None:
        if not self._past_threshold(view_pos):
            return
        grid = self.grid
        assert self.original.start is not None
        top = grid.y_of(self.original.start)
        minutes = grid.minutes_of(max(scene_pos.y(), top) - top)
        duration = grid.snap_duration(minutes)
        s = copy.deepcopy(self.original)
        s.duration_minutes = duration
        self.proposed = [s]
        self._preview(duration)

    def finish(self, scene_pos: QPointF, view_pos: QPoint, global_pos: QPoint) -> bool:
        self.move(scene_pos, view_pos, global_pos)
        self.view.clear_preview()
        if not self.started or not self.proposed:
            return False
        s = self.proposed[0]
        if s.duration_minutes == self.original.duration_minutes:
            return False
        return self.view.editing.resize(s)


def shifted(
    sessions: list[Session], minutes: int = 0, rooms: list[str] | None = None, by_rooms: int = 0
) -> list[Session]:
    """Copies of ``sessions`` moved by a number of minutes and of columns (keys)."""
    out = []
    for s in sessions:
        p = copy.deepcopy(s)
        if p.start is not None:
            p.start = p.start + timedelta(minutes=minutes)
        if rooms and by_rooms and p.room in rooms:
            i = rooms.index(p.room) + by_rooms
            p.room = rooms[min(max(i, 0), len(rooms) - 1)]
        out.append(p)
    return out


class Autoscroll:
    """Scroll a view while a gesture is held near (or just beyond) its edges."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view
        self.last_view_pos = QPoint()
        self.last_global = QPoint()
        self.timer = QTimer(view)
        self.timer.setInterval(40)
        self.timer.timeout.connect(self.tick)

    def follow(self, view_pos: QPoint, global_pos: QPoint) -> None:
        """Remember where the gesture is (the ticks move it on from there)."""
        self.last_view_pos, self.last_global = view_pos, global_pos

    def stop(self) -> None:
        self.timer.stop()

    def update(self, pos: QPoint) -> None:
        r = self.view.viewport().rect()
        near = (
            pos.x() < AUTOSCROLL_MARGIN
            or pos.y() < AUTOSCROLL_MARGIN
            or pos.x() > r.width() - AUTOSCROLL_MARGIN
            or pos.y() > r.height() - AUTOSCROLL_MARGIN
        )
        inside = r.adjusted(-80, -80, 80, 80).contains(pos)
        if near and inside:
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()

    def tick(self) -> None:
        view = self.view
        if view.interaction is None:
            self.timer.stop()
            return
        pos, r = self.last_view_pos, view.viewport().rect()

        def speed(d: int) -> int:
            return int(max(2, min(30, (AUTOSCROLL_MARGIN - d) * 0.8)))

        dx = dy = 0
        if pos.x() < AUTOSCROLL_MARGIN:
            dx = -speed(pos.x())
        elif pos.x() > r.width() - AUTOSCROLL_MARGIN:
            dx = speed(r.width() - pos.x())
        if pos.y() < AUTOSCROLL_MARGIN:
            dy = -speed(pos.y())
        elif pos.y() > r.height() - AUTOSCROLL_MARGIN:
            dy = speed(r.height() - pos.y())
        h, v = view.horizontalScrollBar(), view.verticalScrollBar()
        before = (h.value(), v.value())
        h.setValue(h.value() + dx)
        v.setValue(v.value() + dy)
        if (h.value(), v.value()) == before:
            return
        view.interaction.move(view.mapToScene(pos), pos, self.last_global)
