"""Mouse gestures on the timeline, each a small object with move/finish/cancel.

A gesture never edits the document while it runs: it shows a ghost of where the
sessions would land and the conflicts they would cause, and on release it hands the
new states to ``EventDocument.save_sessions`` as one undo step.
"""

from __future__ import annotations

import copy
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF

from planner.domain.grid import Grid
from planner.domain.model import Session

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView

log = logging.getLogger(__name__)


def _label(sessions: list[Session], verb: str) -> str:
    if len(sessions) == 1:
        return f"{verb} {sessions[0].title}"
    return f"{verb} {len(sessions)} sessions"


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
        doc = self.view.document
        assert doc is not None
        if self.over_tray:
            out = []
            for s in self.originals:
                p = copy.deepcopy(s)
                p.start, p.room = None, None
                out.append(p)
            return doc.save_sessions(out, _label(out, "Unschedule"))
        if not self.proposed:
            return False
        changed = [
            p
            for p, o in zip(self.proposed, self.originals, strict=True)
            if (p.start, p.room) != (o.start, o.room)
        ]
        if not changed:
            return False
        verb = "Schedule" if self.from_tray else "Move"
        return doc.save_sessions(changed, _label(changed, verb))


class ResizeInteraction(Interaction):
    """Drag a block's bottom edge: a new duration, in whole slots."""

    def __init__(self, view: TimelineView, session: Session, origin: QPointF, origin_view: QPoint) -> None:
        super().__init__(view, origin, origin_view)
        self.original = copy.deepcopy(session)

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
        doc = self.view.document
        assert doc is not None
        return doc.save_sessions([s], f"Resize {s.title} to {s.duration_minutes} min")


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
