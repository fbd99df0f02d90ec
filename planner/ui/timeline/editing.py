"""Every change the timeline makes to the event, in one place.

Gestures, keys, the tray, people dropped on a block and the context menu all end here:
each operation is one undoable write through the view's
:class:`~planner.ui.document.EventDocument` (``save_sessions`` or ``delete_sessions``),
and the document's ``changed`` signal brings the result back to the view. Nothing else in
:mod:`planner.ui.timeline` writes to the document.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from planner.domain.model import Pin, Session

if TYPE_CHECKING:
    from planner.ui.timeline.view import TimelineView


def label(sessions: list[Session], verb: str) -> str:
    """ "Move Keynote" or "Move 3 sessions": an undo step's name."""
    if len(sessions) == 1:
        return f"{verb} {sessions[0].title}"
    return f"{verb} {len(sessions)} sessions"


class TimelineEditing:
    """The editing operations of one timeline view; each returns True when it changed
    something."""

    def __init__(self, view: TimelineView) -> None:
        self.view = view

    def _session(self, guid: str) -> Session | None:
        return next((x for x in self.view.schedule.sessions if x.guid == guid), None)

    # ------------------------------------------------------ time and room
    def move(self, moved: list[Session], verb: str = "Move") -> bool:
        """Save new states of sessions (their time or room changed) as one step."""
        doc = self.view.document
        assert doc is not None
        return doc.save_sessions(moved, label(moved, verb))

    def resize(self, session: Session) -> bool:
        """Save a session with a new duration."""
        doc = self.view.document
        assert doc is not None
        return doc.save_sessions([session], f"Resize {session.title} to {session.duration_minutes} min")

    def unschedule_copies(self, sessions: list[Session]) -> bool:
        """Take these sessions (as they were when a drag began) out of the grid."""
        doc = self.view.document
        assert doc is not None
        out = []
        for s in sessions:
            p = copy.deepcopy(s)
            p.start, p.room = None, None
            out.append(p)
        return doc.save_sessions(out, label(out, "Unschedule"))

    def unschedule(self, guids: list[str]) -> bool:
        """Take sessions off the grid (the edit is built in planner.edits.unschedule)."""
        doc = self.view.document
        return doc is not None and bool(guids) and doc.unschedule(guids)

    def delete(self, guids: list[str]) -> bool:
        doc = self.view.document
        assert doc is not None
        return doc.delete_sessions(guids, "Delete sessions")

    # ----------------------------------------------------------- sessions
    def edit_session(self, guid: str) -> bool:
        view = self.view
        if view.document is None:
            return False
        s = self._session(guid)
        if s is None:
            return False
        result = view.session_editor(copy.deepcopy(s), view.schedule, view)
        if result is None:
            return False
        return view.document.save_sessions([result], f"Edit {result.title}")

    def create_session_at(self, start: datetime, room: str) -> bool:
        view = self.view
        if view.document is None or view.grid is None:
            return False
        s = Session(title="New session", start=start, room=room, duration_minutes=max(view.grid.slot, 30))
        result = view.session_editor(s, view.schedule, view)
        if result is None:
            return False
        return view.document.save_sessions([result], f"Create {result.title}")

    def add_person(self, session_guid: str, person_guid: str, moderator: bool = False) -> bool:
        """Make a person a speaker (or moderator) of a session: one undo step (the edit is
        built in planner.edits.add_person)."""
        doc = self.view.document
        return doc is not None and doc.add_person(session_guid, person_guid, moderator)

    # --------------------------------------------------------------- pins
    def set_pin(self, guids: list[str], pin: Pin) -> bool:
        """Pin sessions (in time and room, or to their room) or unpin them: one step.
        Only scheduled sessions are pinned; an unscheduled one has nothing to hold."""
        doc = self.view.document
        if doc is None or not guids:
            return False
        wanted = set(guids)
        out = []
        for s in doc.schedule.sessions:
            if s.guid in wanted and s.pin != pin and (pin == Pin.NONE or s.scheduled):
                p = copy.deepcopy(s)
                p.pin = pin
                out.append(p)
        if not out:
            return False
        verb = {Pin.NONE: "Unpin", Pin.FULL: "Pin", Pin.ROOM: "Pin to room"}[pin]
        return doc.save_sessions(out, label(out, verb))

    def toggle_pin(self, guids: list[str], pin: Pin) -> bool:
        """``pin`` on these sessions, or off when they all have it already."""
        doc = self.view.document
        if doc is None:
            return False
        wanted = set(guids)
        chosen = [s for s in doc.schedule.sessions if s.guid in wanted]
        if chosen and all(s.pin == pin for s in chosen):
            return self.set_pin(guids, Pin.NONE)
        return self.set_pin(guids, pin)

    # -------------------------------------------------------- the run of show
    def schedule_rehearsal(self, guid: str) -> None:
        from planner.ui import session_prep

        assert self.view.document is not None
        session_prep.schedule_rehearsal(self.view.document, guid, self.view)

    def edit_checklist(self, guid: str) -> None:
        from planner.ui import session_prep

        assert self.view.document is not None
        session_prep.edit_checklist(self.view.document, guid, self.view)

    # -------------------------------------------------------- context menu
    def context_menu(self, view_pos: QPoint) -> QMenu | None:
        """The menu for a block or an empty cell (built apart from showing it, for tests)."""
        view = self.view
        assert view.grid is not None
        menu = QMenu(view)
        menu.setObjectName("timelineMenu")
        item = view.block_at(view_pos)
        if item is not None:
            guid = item.guid
            if not item.isSelected():
                view.select([guid])
            menu.addAction("Edit…", lambda: view.edit_session(guid)).setObjectName("actionEditSession")
            menu.addAction("Unschedule", lambda: view.unschedule(view.selected_guids() or [guid]))
            assert view.document is not None
            menu.addAction("Delete session", lambda: self.delete(view.selected_guids() or [guid]))
            menu.addSeparator()
            act = menu.addAction("Schedule rehearsal…", lambda: self.schedule_rehearsal(guid))
            act.setObjectName("actionScheduleRehearsal")
            act = menu.addAction("Checklist…", lambda: self.edit_checklist(guid))
            act.setObjectName("actionChecklist")
            menu.addSeparator()
            found = self._session(guid)
            pin = found.pin if found is not None else Pin.NONE

            def toggler(which: Pin) -> Callable[[], object]:
                return lambda: self.toggle_pin(view.selected_guids() or [guid], which)

            for text, which, name in (
                ("Pin time and room\tL", Pin.FULL, "actionPin"),
                ("Pin to its room\tShift+L", Pin.ROOM, "actionPinRoom"),
            ):
                act = menu.addAction(text, toggler(which))
                act.setObjectName(name)
                act.setCheckable(True)
                act.setChecked(pin == which)
        else:
            sp = view.mapToScene(view_pos)
            drop = view.grid.drop_at(sp.x(), sp.y())
            if drop.room is None:
                return None
            menu.addAction("New session here…", lambda: view.create_session_at(drop.start, drop.room or ""))
        return menu
