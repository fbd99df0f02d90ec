"""Rehearsals: the nearest free slot before a session, and the rehearsal session itself.

A slot is free when it lies inside an event day, the room (the session's own, or a
chosen rehearsal room) has nothing else then, and every speaker and moderator of the
session is within their availability windows and has no other commitment (no session
or rehearsal they speak in or moderate overlaps it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from planner.domain.model import (
    DomainError,
    Interval,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
)
from planner.domain.timegrid import day_window, event_day_of

log = logging.getLogger(__name__)

DEFAULT_REHEARSAL_MINUTES = 30


@dataclass(frozen=True, slots=True)
class RehearsalSlot:
    room: str  # room guid
    start: datetime
    duration_minutes: int

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.start + timedelta(minutes=self.duration_minutes))


def _busy(schedule: Schedule, session: Session, room_guid: str) -> tuple[list[Interval], list[Interval]]:
    """What blocks a rehearsal of ``session``: the room's sessions, and every commitment
    of its people (excluding the session itself, which the rehearsal precedes anyway)."""
    people = set(session.speakers) | set(session.moderators)
    rooms = {r.guid: r for r in schedule.rooms}
    room = rooms.get(room_guid)
    buffer = timedelta(minutes=room.changeover_minutes if room is not None else 0)
    room_busy: list[Interval] = []
    people_busy: list[Interval] = []
    for other in schedule.sessions:
        if other.interval is None or other.status == SessionStatus.CANCELLED:
            continue
        iv = other.interval
        if other.room == room_guid and not (room is not None and room.allow_parallel):
            room_busy.append(Interval(iv.start - buffer, iv.end + buffer))
        if people & (set(other.speakers) | set(other.moderators)):
            people_busy.append(iv)
    return room_busy, people_busy


def _available(schedule: Schedule, session: Session, slot: Interval) -> bool:
    people = schedule.person_by_guid()
    for guid in list(session.speakers) + list(session.moderators):
        person = people.get(guid)
        if person is None or not person.availability:
            continue
        if not any(w.contains(slot) for w in person.availability):
            return False
    return True


def find_rehearsal_slot(
    schedule: Schedule,
    session_guid: str,
    *,
    room_guid: str | None = None,
    duration_minutes: int = DEFAULT_REHEARSAL_MINUTES,
    not_before: datetime | None = None,
) -> RehearsalSlot | None:
    """The latest slot that ends at or before the session's start and is free for the room
    and every person; None when there is none between the event's first day and the
    session. Candidates step back by the event's slot size from the session's start."""
    by_guid = schedule.session_by_guid()
    if session_guid not in by_guid:
        raise DomainError("session", "that session no longer exists")
    session = by_guid[session_guid]
    if session.start is None:
        raise DomainError("start", f"{session.title!r} is not scheduled yet; place it first")
    room_guid = room_guid or session.room
    if room_guid is None:
        raise DomainError("room", f"{session.title!r} has no room; choose a rehearsal room")
    if room_guid not in schedule.room_by_guid():
        raise DomainError("room", "that room no longer exists")
    if duration_minutes <= 0:
        raise DomainError("duration", "a rehearsal needs a length")
    event = schedule.event
    step = timedelta(minutes=event.slot_minutes)
    length = timedelta(minutes=duration_minutes)
    room_busy, people_busy = _busy(schedule, session, room_guid)
    blockers = room_busy + people_busy
    day = event_day_of(event, session.start) or event.last_day
    days = [d for d in event.days if d <= day]
    for d in reversed(days):
        open_, close = day_window(event, d)
        latest = min(session.start, close) - length
        if not_before is not None:
            open_ = max(open_, not_before)
        # Align to the slot grid of the day, then walk back.
        offset = (latest - open_) // step
        t = open_ + offset * step
        while t >= open_:
            slot = Interval(t, t + length)
            if (
                slot.end <= session.start
                and not any(slot.overlaps(b) for b in blockers)
                and _available(schedule, session, slot)
            ):
                return RehearsalSlot(room_guid, t, duration_minutes)
            t -= step
    return None


def make_rehearsal(session: Session, slot: RehearsalSlot) -> Session:
    """A rehearsal session for ``session`` in ``slot``, with the same people."""
    return Session(
        title=f"Rehearsal: {session.title}",
        kind=SessionKind.REHEARSAL,
        duration_minutes=slot.duration_minutes,
        start=slot.start,
        room=slot.room,
        track=session.track,
        speakers=list(session.speakers),
        moderators=list(session.moderators),
        language=session.language,
        rehearsal_for=session.guid,
        description=f"Rehearsal with the speakers and moderators of “{session.title}”.",
    )


def rehearsals_of(schedule: Schedule, session_guid: str) -> list[Session]:
    return [s for s in schedule.sessions if s.rehearsal_for == session_guid]
