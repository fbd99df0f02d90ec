"""The open event as the window sees it: the schedule in memory, the store behind it,
and one undo stack. Every change is an edit value (:mod:`planner.edits`) pushed through
:meth:`EventDocument.push` in a thin ``EditCommand``: the store writes it in one
transaction with its edit-log entry, the schedule in memory follows, and views redraw
on ``changed``.
"""

from __future__ import annotations

import copy
import getpass
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.domain.model import DomainError, Event, Invite, Person, Room, Schedule, Session, slugify
from planner.store import Store, StoreError

if TYPE_CHECKING:  # imported when first used: after the first paint (edits: at the first edit)
    from planner.domain.conflicts import ConflictEngine
    from planner.domain.run_of_show import Incident
    from planner.edits import Change, Edit
    from planner.store.repo import LogEntry

log = logging.getLogger(__name__)


class EventDocument(QObject):
    """One event open in the window."""

    # The guids of what changed (sessions, rooms, people), or None for "everything".
    changed = Signal(object)
    # The planner.edits.Change of each applied edit (undo and redo too), after ``changed``.
    edited = Signal(object)
    # Shown by the window as a message box; carries one sentence.
    error = Signal(str)

    def __init__(self, store: Store, slug: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.slug = slug
        self.schedule: Schedule = store.load(slug)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName(f"undo-{slug}")
        self.author = _author()
        # One conflict engine per open event, shared by every view (see conflict_engine).
        # Connected first, so it is current before any view redraws on the same signal.
        self._conflict_engine: ConflictEngine | None = None
        self.changed.connect(self._sync_conflicts)
        # The event's shared document while it is live (File › Collaborate…): a
        # planner.team.replica.Replica, whose document each edit updates in the edit's
        # own transaction (Replica.writing).
        self.shared: Any = None

    # --------------------------------------------------------------- reading
    def session(self, guid: str) -> Session:
        for s in self.schedule.sessions:
            if s.guid == guid:
                return s
        raise KeyError(guid)

    @property
    def conflict_engine(self) -> ConflictEngine:
        """The conflicts of this event, created on first use and kept up to date on
        ``changed``: incrementally after session edits, rebuilt after anything else."""
        if self._conflict_engine is None:
            from planner.domain.conflicts import ConflictEngine

            self._conflict_engine = ConflictEngine(self.schedule)
        return self._conflict_engine

    def _sync_conflicts(self, guids: object) -> None:
        engine = self._conflict_engine
        if engine is None:
            return
        if not isinstance(guids, set | frozenset | list | tuple):
            engine.rebuild(self.schedule)
            return
        by_guid = self.schedule.session_by_guid()
        engine.remove(g for g in guids if g not in by_guid)
        engine.update(by_guid[g] for g in guids if g in by_guid)

    def reload(self) -> None:
        self.schedule = self.store.load(self.slug)
        self.changed.emit(None)

    def take_merged(self, guids: set[str] | None, states: dict[str, Session | None] | None = None) -> None:
        """A teammate's edits are in the store now (File › Collaborate…): take them and
        redraw what changed. ``states``: the merged sessions as the store now holds them
        (None: deleted), taken as they are; without them the event is read again. The
        undo stack stays: it holds only this window's own edits, and each undoes only the
        records it changed, so undoing one never reverts a teammate's change to anything
        else."""
        if guids is not None and states is not None and set(states) == guids:
            index = {s.guid: i for i, s in enumerate(self.schedule.sessions)}
            gone = set()
            for g, s in states.items():
                if s is None:
                    gone.add(g)
                elif g in index:
                    self.schedule.sessions[index[g]] = copy.deepcopy(s)
                else:
                    self.schedule.sessions.append(copy.deepcopy(s))
            if gone:
                self.schedule.sessions = [s for s in self.schedule.sessions if s.guid not in gone]
        else:
            self.schedule = self.store.load(self.slug)
        self.changed.emit(guids)

    # --------------------------------------------------------------- editing
    def push(self, edit: Edit) -> bool:
        """Apply ``edit`` now (to the store, in one transaction with its log entry, then
        to the schedule in memory) and keep it on the undo stack. An edit the store or
        the domain refuses is shown as a message and leaves no trace; any other error
        is a bug and propagates."""
        command = EditCommand(self, edit)
        try:
            command.apply(edit)
        except (DomainError, StoreError) as exc:
            log.warning("edit refused: %s", exc)
            self.error.emit(str(exc))
            return False
        command.done_once = True
        self.undo_stack.push(command)
        return True

    def apply_edit(self, edit: Edit, note: str = "") -> Change:
        """Write ``edit`` through the store, then apply it to the schedule in memory and
        tell the views. Commands call this; everything else calls :meth:`push`."""
        shared = self.shared
        then = shared.writing(edit, self.schedule) if shared is not None else None
        try:
            change = self.store.apply(self.slug, edit, author=self.author, note=note, then=then)
        except BaseException:
            if shared is not None:
                shared.discard()
            raise
        if shared is not None:
            shared.saved()
        edit.apply(self.schedule)
        if change.slug is not None:
            self.slug = change.slug
        self.changed.emit(change.guids)
        self.edited.emit(change)
        return change

    def push_built(self, build: Callable[[], Edit | None]) -> bool:
        """Build an edit from the current schedule and push it; an edit the domain refuses
        while it is built (a bad value) is a message too. None or an empty edit: no step."""
        try:
            edit = build()
        except (DomainError, StoreError) as exc:
            log.warning("edit refused: %s", exc)
            self.error.emit(str(exc))
            return False
        if edit is None or (not getattr(edit, "before", True) and not getattr(edit, "after", True)):
            return False
        return self.push(edit)

    def save_sessions(self, after: Iterable[Session], text: str) -> bool:
        """Create or change sessions (by guid) as one undo step."""
        from planner import edits

        return self.push_built(lambda: edits.save_sessions(self.schedule, after, text))

    def delete_sessions(self, guids: Iterable[str], text: str = "Delete sessions") -> bool:
        from planner import edits

        return self.push_built(lambda: edits.delete_sessions(self.schedule, guids, text))

    def unschedule(self, guids: Iterable[str]) -> bool:
        """Take sessions off the grid (one undo step)."""
        from planner import edits

        return self.push_built(lambda: edits.unschedule(self.schedule, guids))

    def add_person(self, session_guid: str, person_guid: str, moderator: bool = False) -> bool:
        """Make a person a speaker (or moderator) of a session: one undo step."""
        from planner import edits

        return self.push_built(lambda: edits.add_person(self.schedule, session_guid, person_guid, moderator))

    def save_event(self, event: Event, text: str = "") -> bool:
        """Save the event's own fields; a changed name or slug gets a slug no other event has."""
        from planner import edits

        event = copy.deepcopy(event)
        wanted = event.slug or event.name
        event.slug = self.slug if slugify(wanted) == self.slug else self.store.free_slug(wanted, self.slug)
        return self.push_built(lambda: edits.change_event(self.schedule, event, text))

    def save_room(self, room: Room, text: str = "") -> bool:
        from planner import edits

        return self.push_built(lambda: edits.save_rooms(self.schedule, [room], text))

    def delete_room(self, guid: str) -> bool:
        """Remove a room; its sessions become unscheduled (undo puts them back)."""
        from planner import edits

        return self.push_built(lambda: edits.remove_rooms(self.schedule, [guid]))

    def reorder_rooms(self, guids: list[str]) -> bool:
        from planner import edits

        return self.push_built(lambda: edits.reorder_rooms(self.schedule, guids))

    def save_people(self, after: Iterable[Person], text: str = "") -> bool:
        from planner import edits

        return self.push_built(lambda: edits.save_people(self.schedule, after, text))

    def delete_people(self, guids: Iterable[str], text: str = "") -> bool:
        """Delete people; their places in sessions and their invites come back on undo."""
        from planner import edits

        return self.push_built(lambda: edits.delete_people(self.schedule, guids, text))

    def acknowledge_conflicts(self, keys: Iterable[str], note: str) -> bool:
        """Accept the conflicts ``keys`` with ``note`` (one undo step)."""
        from planner import edits

        return self.push_built(lambda: edits.acknowledge(self.schedule, keys, note))

    def unacknowledge_conflicts(self, keys: Iterable[str]) -> bool:
        """Reopen acknowledged conflicts (one undo step)."""
        from planner import edits

        return self.push_built(lambda: edits.unacknowledge(self.schedule, keys))

    def save_invites(self, after: Iterable[Invite], text: str = "") -> bool:
        """Save invites (by token) as one undo step: issue, revoke, or revoke and re-issue.
        Undo restores the earlier state; an invite this step issued is deleted on undo
        (its link stops working)."""
        from planner import edits

        return self.push_built(lambda: edits.save_invites(self.schedule, after, text))

    def set_checklist(self, guid: str, checklist: dict[str, bool]) -> bool:
        from planner import edits

        return self.push_built(lambda: edits.set_checklist(self.schedule, guid, checklist))

    def log_incident(self, incident: Incident) -> bool:
        from planner import edits

        return self.push_built(lambda: edits.log_incident(incident))

    def delay_room(self, room_guid: str, minutes: int, now: datetime) -> bool:
        """Shift the room's later sessions and log it as an incident: one edit, one undo step."""
        from planner import edits

        return self.push_built(lambda: edits.delay_room(self.schedule, room_guid, minutes, now))

    def reimport(self, merged: Schedule, text: str) -> bool:
        """Apply a newer version of the event's file: the differences, as one edit."""
        from planner import edits

        return self.push_built(lambda: edits.reimport(self.schedule, merged, text))

    def history(self, limit: int | None = None) -> list[LogEntry]:
        """The event's edit log, newest first."""
        return self.store.edit_log(self.slug, limit)


class EditCommand(QUndoCommand):
    """The undo stack's thin wrapper of one edit: redo applies the edit, undo its inverse,
    each through the store (one transaction, one log entry) and then in memory.
    :meth:`EventDocument.push` runs the first redo itself, so that a refused edit never
    reaches the undo stack."""

    def __init__(self, doc: EventDocument, edit: Edit) -> None:
        from planner import edits

        super().__init__(edit.summary(edits.Names.of(doc.schedule)))
        self.doc = doc
        self.edit = edit
        self.done_once = False

    def apply(self, edit: Edit, note: str = "") -> None:
        self.doc.apply_edit(edit, note)

    def redo(self) -> None:
        if self.done_once:
            self.done_once = False  # QUndoStack.push calls redo once; it already ran
            return
        self._guarded(self.edit, "Redo: ")

    def undo(self) -> None:
        self._guarded(self.edit.inverse(), "Undo: ")

    def _guarded(self, edit: Edit, note: str) -> None:
        try:
            self.apply(edit, note)
        except (DomainError, StoreError) as exc:  # e.g. the file was changed by another planner
            log.warning("undo/redo refused: %s", exc)
            self.doc.error.emit(str(exc))
            self.setObsolete(True)


def _empty(edit: Edit) -> bool:
    """An edit that changes nothing: no pairs, or a batch of no parts."""
    if not getattr(edit, "parts", True):
        return True
    return not getattr(edit, "before", True) and not getattr(edit, "after", True)


def _author() -> str:
    """Who edits: the user's login name (the edit log shows it)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""
