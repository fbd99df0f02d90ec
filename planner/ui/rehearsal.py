"""Rehearsing the day on a simulated clock, on a scratch copy of the event.

Start, End, Delay room, checklists and the incident log under a simulated clock write to a
copy of the event in a temporary store (a file in a temporary folder), never to the real
one; the copy is discarded when the rehearsal ends. Analytics of the real event never see
it.

The copy follows the plan: an organiser who moves, retitles, adds or removes a session on
the Schedule tab during a rehearsal (or undoes, or merges a teammate's changes) rehearses
the plan as it is now, not as it was when the rehearsal began. Each change of the real
event is brought into the copy (:func:`rehearsed_plan`) while what the rehearsal recorded
stays: the sessions it started or ended (status and actual times), the minutes its delays
moved them, its checklist ticks and its incident log. Nothing flows the other way."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject

from planner.domain.model import DomainError, Schedule, Session, SessionStatus
from planner.store import Store, StoreError
from planner.store.day_record import load_incidents
from planner.ui.document import EventDocument

log = logging.getLogger(__name__)

BANNER_TEXT = "Rehearsal — nothing here changes the real event"
# The banner's second line: one line (a wrapped label is squeezed in a short window).
BANNER_DETAIL = (
    "A scratch copy on a simulated clock (×{speed:g}) that follows the plan's changes; its "
    "starts, ends, delays and incidents are discarded at the end."
)
RECORDED = ("status", "actual_start", "actual_end")  # what the run of show records on a session


@dataclass(frozen=True)
class Recorded:
    """What a session had that a rehearsal may change: the run of show's fields, its
    start (a delay moves it) and its checklist ticks."""

    status: SessionStatus
    actual_start: datetime | None
    actual_end: datetime | None
    start: datetime | None
    checklist: Mapping[str, bool]


def recorded(schedule: Schedule) -> dict[str, Recorded]:
    """Each session's :class:`Recorded` fields, by guid (cheap: no copy of the sessions)."""
    return {
        s.guid: Recorded(s.status, s.actual_start, s.actual_end, s.start, dict(s.checklist))
        for s in schedule.sessions
    }


def _rehearse(out: Session, base: Recorded, rehearsal: Session) -> None:
    """Give ``out`` (the plan's session) what the rehearsal recorded on it since ``base``
    (the plan as it was last copied): its status and actual times, the minutes a delay
    moved it, and its checklist ticks. A field the rehearsal did not touch follows the plan."""
    for name in RECORDED:
        if getattr(rehearsal, name) != getattr(base, name):
            setattr(out, name, getattr(rehearsal, name))
    if out.start is not None and base.start is not None and rehearsal.start is not None:
        out.start += rehearsal.start - base.start  # a delay rehearsed
    ticks = {
        k: v for k, v in rehearsal.checklist.items() if k in out.checklist and v != base.checklist.get(k)
    }
    if ticks:
        out.checklist = {**out.checklist, **ticks}


def rehearsed_plan(plan: Schedule, base: Mapping[str, Recorded], rehearsal: Schedule) -> Schedule:
    """The copy a rehearsal should hold now: the real event's current ``plan`` (its event,
    rooms, people and sessions; a session added or removed there is added or removed
    here), with what the ``rehearsal`` recorded since the plan it was copied from
    (``base``, see :func:`recorded`). ``plan`` is changed in place and returned: pass a
    schedule of your own (one just loaded)."""
    now = rehearsal.session_by_guid()
    for s in plan.sessions:
        if s.guid in base and s.guid in now:
            _rehearse(s, base[s.guid], now[s.guid])
    return plan


class Rehearsal:
    """A scratch copy of ``real``'s event: its own store in a temporary folder and its own
    :class:`EventDocument` (with its own undo stack). :meth:`close` discards it all."""

    def __init__(self, real: EventDocument, parent: QObject | None = None) -> None:
        self.real = real
        self._folder = tempfile.TemporaryDirectory(prefix="planner-rehearsal-")
        self.path = Path(self._folder.name) / "rehearsal.sqlite"
        self.store = Store.open(self.path)
        # Read from the store, not the window's copy: what is saved is what is rehearsed.
        schedule = real.store.load(real.slug)
        self._plan = recorded(schedule)  # the plan as last brought into the copy
        slug = self.store.add_schedule(schedule, label="Rehearsal copy")
        incidents = load_incidents(real.store, real.slug)
        if incidents:
            from planner import edits

            self.store.apply(slug, edits.IncidentsEdit((None,) * len(incidents), tuple(incidents)))
        self.document = EventDocument(self.store, slug, parent)
        self.document.error.connect(real.error.emit)
        real.changed.connect(self.follow_plan)
        log.info("rehearsing %s on a scratch copy in %s", real.slug, self.path)

    def follow_plan(self, _guids: object = None) -> bool:
        """The real event changed: bring the change into the copy, keeping what the
        rehearsal recorded (see :func:`rehearsed_plan`). Written to the copy's store only,
        in one transaction, and not on the copy's undo stack (the run of show's own steps
        there would undo onto the old plan, so that stack is cleared). True if the copy
        changed."""
        from planner import edits

        try:
            plan = self.real.store.load(self.real.slug)
        except (DomainError, StoreError) as exc:  # the real store went away: keep rehearsing
            log.warning("rehearsal copy not brought up to date: %s", exc)
            return False
        taken = recorded(plan)  # before rehearsed_plan changes the plan
        target = rehearsed_plan(plan, self._plan, self.document.schedule)
        edit = edits.diff_edit(self.document.schedule, target, "Follow the plan")
        if not edit.parts:
            self._plan = taken
            return False
        try:
            self.document.apply_edit(edit)
        except (DomainError, StoreError) as exc:  # the next change of the plan tries again
            log.warning("rehearsal copy not brought up to date: %s", exc)
            self.document.error.emit(f"the rehearsal could not take the plan's last change: {exc}")
            return False
        self._plan = taken
        self.document.undo_stack.clear()
        return True

    def close(self) -> None:
        """Discard the copy (the store file and its folder)."""
        try:
            self.real.changed.disconnect(self.follow_plan)
        except (RuntimeError, TypeError):  # already disconnected
            pass
        self.document.undo_stack.clear()
        self.store.close()
        self._folder.cleanup()
        log.info("rehearsal of %s ended; its copy was discarded", self.real.slug)
