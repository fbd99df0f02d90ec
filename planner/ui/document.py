"""The open event as the window sees it: the schedule in memory, the store behind it,
and one undo stack. Every edit goes through :meth:`EventDocument.push` as a
``QUndoCommand``; it is written to the store at once, and views redraw on ``changed``.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.domain.model import Acknowledgement, Event, Invite, Person, Room, Schedule, Session
from planner.store import Store

if TYPE_CHECKING:  # the engine is imported when first used: after the first paint
    from planner.domain.conflicts import ConflictEngine

log = logging.getLogger(__name__)


class EventDocument(QObject):
    """One event open in the window."""

    # The guids of what changed (sessions, rooms, people), or None for "everything".
    changed = Signal(object)
    # Shown by the window as a message box; carries one sentence.
    error = Signal(str)

    def __init__(self, store: Store, slug: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.slug = slug
        self.schedule: Schedule = store.load(slug)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName(f"undo-{slug}")
        # One conflict engine per open event, shared by every view (see conflict_engine).
        # Connected first, so it is current before any view redraws on the same signal.
        self._conflict_engine: ConflictEngine | None = None
        self.changed.connect(self._sync_conflicts)

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

    # --------------------------------------------------------------- editing
    def push(self, command: UndoableEdit) -> bool:
        """Apply ``command`` now; keep it on the undo stack only if it succeeded."""
        try:
            command.apply_redo()
        except Exception as exc:  # the store said no: nothing was written
            log.warning("edit refused: %s", exc)
            self.error.emit(str(exc))
            return False
        command.done_once = True
        self.undo_stack.push(command)
        return True

    def save_sessions(self, after: Iterable[Session], text: str) -> bool:
        """Create or change sessions (by guid) as one undo step."""
        after = [copy.deepcopy(s) for s in after]
        current = {s.guid: s for s in self.schedule.sessions}
        before = [copy.deepcopy(current[s.guid]) if s.guid in current else None for s in after]
        return self.push(SessionsEdit(self, before, after, text))

    def delete_sessions(self, guids: Iterable[str], text: str = "Delete sessions") -> bool:
        current = {s.guid: s for s in self.schedule.sessions}
        before = [copy.deepcopy(current[g]) for g in guids if g in current]
        return self.push(SessionsEdit(self, before, [None] * len(before), text))

    def save_event(self, event: Event, text: str = "Edit event") -> bool:
        return self.push(EventEdit(self, copy.deepcopy(self.schedule.event), copy.deepcopy(event), text))

    def save_room(self, room: Room, text: str) -> bool:
        current = {r.guid: r for r in self.schedule.rooms}
        before = copy.deepcopy(current.get(room.guid))
        return self.push(RoomEdit(self, before, copy.deepcopy(room), text))

    def delete_room(self, guid: str) -> bool:
        current = {r.guid: r for r in self.schedule.rooms}
        if guid not in current:
            return False
        return self.push(
            RoomEdit(self, copy.deepcopy(current[guid]), None, f"Remove room {current[guid].name}")
        )

    def reorder_rooms(self, guids: list[str]) -> bool:
        old = [r.guid for r in self.schedule.sorted_rooms()]
        return self.push(
            CallbackEdit(
                lambda: self._write_room_order(guids), lambda: self._write_room_order(old), "Reorder rooms"
            )
        )

    def save_people(self, after: Iterable[Person], text: str) -> bool:
        after = [copy.deepcopy(p) for p in after]
        current = {p.guid: p for p in self.schedule.people}
        before = [copy.deepcopy(current[p.guid]) if p.guid in current else None for p in after]
        return self.push(PeopleEdit(self, before, after, text))

    def delete_people(self, guids: Iterable[str], text: str = "Remove people") -> bool:
        current = {p.guid: p for p in self.schedule.people}
        before = [copy.deepcopy(current[g]) for g in guids if g in current]
        return self.push(PeopleEdit(self, before, [None] * len(before), text))

    def acknowledge_conflicts(self, keys: Iterable[str], note: str) -> bool:
        """Accept the conflicts ``keys`` with ``note`` (one undo step)."""
        keys = list(dict.fromkeys(keys))
        if not keys:
            return False
        before = self._acks_of(keys)
        after: dict[str, Acknowledgement | None] = {k: Acknowledgement(key=k, note=note) for k in keys}
        text = "Acknowledge conflict" if len(keys) == 1 else f"Acknowledge {len(keys)} conflicts"
        return self.push(
            CallbackEdit(lambda: self._write_acks(after), lambda: self._write_acks(before), text)
        )

    def unacknowledge_conflicts(self, keys: Iterable[str]) -> bool:
        """Reopen acknowledged conflicts (one undo step)."""
        before = {k: a for k, a in self._acks_of(keys).items() if a is not None}
        if not before:
            return False
        after: dict[str, Acknowledgement | None] = dict.fromkeys(before)
        text = "Reopen conflict" if len(before) == 1 else f"Reopen {len(before)} conflicts"
        return self.push(
            CallbackEdit(lambda: self._write_acks(after), lambda: self._write_acks(dict(before)), text)
        )

    def _acks_of(self, keys: Iterable[str]) -> dict[str, Acknowledgement | None]:
        current = {a.key: a for a in self.schedule.acknowledgements}
        return {k: copy.deepcopy(current.get(k)) for k in keys}

    def save_invites(self, after: Iterable[Invite], text: str) -> bool:
        """Save invites (by token) as one undo step: a revoke, or a revoke and a re-issue.
        Undo restores the earlier state; an invite this step created is revoked on undo
        (tokens are never deleted, so an undone link can never come back by accident)."""
        after = [copy.deepcopy(i) for i in after]
        current = {i.token: i for i in self.schedule.invites}
        before = [copy.deepcopy(current[i.token]) if i.token in current else None for i in after]
        return self.push(InvitesEdit(self, before, after, text))

    # ------------------------------------------- primitives (commands call these)
    def _write_acks(self, acks: dict[str, Acknowledgement | None]) -> None:
        """Set each key's acknowledgement (None removes it)."""
        for key, ack in acks.items():
            if ack is None:
                self.store.unacknowledge(self.slug, key)
            else:
                self.store.acknowledge(self.slug, ack)
        kept = [a for a in self.schedule.acknowledgements if a.key not in acks]
        self.schedule.acknowledgements = kept + [copy.deepcopy(a) for a in acks.values() if a is not None]
        self.changed.emit(None)

    def _write_sessions(self, sessions: list[Session], deletions: list[str]) -> None:
        if deletions:
            self.store.delete_sessions(self.slug, deletions)
        if sessions:
            self.store.save_sessions(self.slug, sessions)
        by_guid = {s.guid: i for i, s in enumerate(self.schedule.sessions)}
        gone = set(deletions)
        if gone:
            self.schedule.sessions = [s for s in self.schedule.sessions if s.guid not in gone]
            by_guid = {s.guid: i for i, s in enumerate(self.schedule.sessions)}
        for s in sessions:
            if s.guid in by_guid:
                self.schedule.sessions[by_guid[s.guid]] = copy.deepcopy(s)
            else:
                self.schedule.sessions.append(copy.deepcopy(s))
        self.changed.emit({s.guid for s in sessions} | gone)

    def _write_event(self, event: Event) -> None:
        new_slug = self.store.update_event(self.slug, copy.deepcopy(event))
        self.slug = new_slug
        event.slug = new_slug
        self.schedule.event = copy.deepcopy(event)
        self.changed.emit(None)

    def _write_room(self, room: Room | None, delete_guid: str | None) -> None:
        if delete_guid is not None:
            self.store.delete_room(self.slug, delete_guid)
            self.schedule = self.store.load(self.slug)  # its sessions became unscheduled
        if room is not None:
            self.store.save_room(self.slug, room)
            rooms = [r for r in self.schedule.rooms if r.guid != room.guid]
            rooms.append(copy.deepcopy(room))
            self.schedule.rooms = rooms
        self.changed.emit(None)

    def _write_room_order(self, guids: list[str]) -> None:
        self.store.reorder_rooms(self.slug, guids)
        pos = {g: i for i, g in enumerate(guids)}
        for r in self.schedule.rooms:
            r.position = pos.get(r.guid, r.position)
        self.changed.emit(None)

    def _write_invites(self, invites: list[Invite]) -> None:
        self.store.save_invites(self.slug, invites)
        idx = {i.token: n for n, i in enumerate(self.schedule.invites)}
        for inv in invites:
            if inv.token in idx:
                self.schedule.invites[idx[inv.token]] = copy.deepcopy(inv)
            else:
                self.schedule.invites.append(copy.deepcopy(inv))
        self.changed.emit({i.person for i in invites})

    def _write_people(self, people: list[Person], deletions: list[str]) -> None:
        if deletions:
            self.store.delete_people(self.slug, deletions)
            gone = set(deletions)
            self.schedule.people = [p for p in self.schedule.people if p.guid not in gone]
            for s in self.schedule.sessions:
                s.speakers = [g for g in s.speakers if g not in gone]
                s.moderators = [g for g in s.moderators if g not in gone]
        if people:
            self.store.save_people(self.slug, people)
            idx = {p.guid: i for i, p in enumerate(self.schedule.people)}
            for p in people:
                if p.guid in idx:
                    self.schedule.people[idx[p.guid]] = copy.deepcopy(p)
                else:
                    self.schedule.people.append(copy.deepcopy(p))
        self.changed.emit(None)


class UndoableEdit(QUndoCommand):
    """An edit that writes to the store. ``push`` runs the first redo itself, so that a
    refused edit never reaches the undo stack."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.done_once = False

    def apply_redo(self) -> None:
        raise NotImplementedError

    def apply_undo(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if self.done_once:
            self.done_once = False  # QUndoStack.push calls redo once; it already ran
            return
        self.apply_redo()

    def undo(self) -> None:
        self.apply_undo()


class SessionsEdit(UndoableEdit):
    """Sessions before and after, pairwise; None on one side means create or delete."""

    def __init__(
        self, doc: EventDocument, before: Sequence[Session | None], after: Sequence[Session | None], text: str
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = before
        self.after = after

    @staticmethod
    def _apply(doc: EventDocument, old: Sequence[Session | None], new: Sequence[Session | None]) -> None:
        saves = [copy.deepcopy(s) for s in new if s is not None]
        deletions = [o.guid for o, n in zip(old, new, strict=True) if n is None and o is not None]
        doc._write_sessions(saves, deletions)

    def apply_redo(self) -> None:
        self._apply(self.doc, self.before, self.after)

    def apply_undo(self) -> None:
        self._apply(self.doc, self.after, self.before)


class PeopleEdit(UndoableEdit):
    def __init__(
        self, doc: EventDocument, before: Sequence[Person | None], after: Sequence[Person | None], text: str
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = before
        self.after = after
        # Deleting people drops them from sessions; undo must put them back.
        gone = {b.guid for b, a in zip(before, after, strict=True) if a is None and b is not None}
        self.sessions_before = [
            copy.deepcopy(s) for s in doc.schedule.sessions if gone & set(s.speakers + s.moderators)
        ]

    def apply_redo(self) -> None:
        saves = [a for a in self.after if a is not None]
        deletions = [
            b.guid for b, a in zip(self.before, self.after, strict=True) if a is None and b is not None
        ]
        self.doc._write_people(saves, deletions)

    def apply_undo(self) -> None:
        saves = [b for b in self.before if b is not None]
        deletions = [
            a.guid for b, a in zip(self.before, self.after, strict=True) if b is None and a is not None
        ]
        self.doc._write_people(saves, deletions)
        if self.sessions_before:
            self.doc._write_sessions(copy.deepcopy(self.sessions_before), [])


class EventEdit(UndoableEdit):
    def __init__(self, doc: EventDocument, before: Event, after: Event, text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = before
        self.after = after

    def apply_redo(self) -> None:
        self.doc._write_event(copy.deepcopy(self.after))
        self.after.slug = self.doc.slug

    def apply_undo(self) -> None:
        self.doc._write_event(copy.deepcopy(self.before))


class RoomEdit(UndoableEdit):
    def __init__(self, doc: EventDocument, before: Room | None, after: Room | None, text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = before
        self.after = after
        # Removing a room unschedules its sessions; undo must put them back.
        self.sessions_before: list[Session] = []
        if after is None and before is not None:
            self.sessions_before = [copy.deepcopy(s) for s in doc.schedule.sessions if s.room == before.guid]

    def apply_redo(self) -> None:
        if self.after is None:
            assert self.before is not None
            self.doc._write_room(None, self.before.guid)
        else:
            self.doc._write_room(copy.deepcopy(self.after), None)

    def apply_undo(self) -> None:
        if self.before is None:
            assert self.after is not None
            self.doc._write_room(None, self.after.guid)
        else:
            self.doc._write_room(copy.deepcopy(self.before), None)
            if self.sessions_before:
                self.doc._write_sessions(copy.deepcopy(self.sessions_before), [])


class CallbackEdit(UndoableEdit):
    def __init__(self, redo: Callable[[], None], undo: Callable[[], None], text: str) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo

    def apply_redo(self) -> None:
        self._redo()

    def apply_undo(self) -> None:
        self._undo()


class InvitesEdit(UndoableEdit):
    def __init__(
        self, doc: EventDocument, before: list[Invite | None], after: list[Invite], text: str
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.before = before
        self.after = after

    def apply_redo(self) -> None:
        self.doc._write_invites(copy.deepcopy(self.after))

    def apply_undo(self) -> None:
        from planner.domain.model import utcnow

        restore = []
        for b, a in zip(self.before, self.after, strict=True):
            if b is not None:
                restore.append(copy.deepcopy(b))
            else:
                restore.append(Invite(a.person, a.token, a.created, revoked=a.revoked or utcnow()))
        # Revoke what this step created before re-activating what it revoked, so that
        # at no moment two invites of one person are active.
        restore.sort(key=lambda i: i.revoked is None)
        self.doc._write_invites(restore)
