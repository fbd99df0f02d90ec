"""The live run of show: a clock, what is on and next in every room, status changes with
their actual times, and delaying one room. Pure Python: the view and the tests drive it.

The clock is either the real one or a simulated one that starts at a chosen instant and
runs ``speed`` times faster, so an organiser can rehearse the day before it comes.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from planner.domain.model import (
    UTC,
    DomainError,
    Event,
    Room,
    Schedule,
    Session,
    SessionStatus,
    ensure_utc,
    new_guid,
    utcnow,
)

log = logging.getLogger(__name__)


class Clock(Protocol):
    """Something that tells the time as an aware UTC instant."""

    def now(self) -> datetime: ...

    @property
    def simulated(self) -> bool: ...


class RealClock:
    """The wall clock."""

    simulated = False

    def now(self) -> datetime:
        return utcnow()


class SimulatedClock:
    """A clock that reads ``start`` when created and runs ``speed`` times as fast as the
    real one. ``source`` (seconds, monotonic) can be replaced in tests."""

    simulated = True

    def __init__(
        self, start: datetime, speed: float = 1.0, source: Callable[[], float] = time.monotonic
    ) -> None:
        if speed <= 0:
            raise DomainError("speed", "the clock's speed must be greater than 0")
        self.start = ensure_utc(start, "clock")
        self.speed = float(speed)
        self._source = source
        self._origin = source()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(self._source() - self._origin) * self.speed)


def clock_start(event: Event, value: datetime) -> datetime:
    """``--clock`` as a UTC instant: a time without an offset is read in the event's zone."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=event.zone)
    return value.astimezone(UTC)


# ----------------------------------------------------------------- what is on
@dataclass(slots=True)
class RoomNow:
    """One room at one instant: the session on (if any) and the next one."""

    room: Room
    current: Session | None = None
    next: Session | None = None
    current_ends: datetime | None = None  # when the current one should end
    late: bool = False  # the current one is due but has not been started

    def until_end(self, now: datetime) -> timedelta | None:
        return None if self.current_ends is None else self.current_ends - now

    def until_next(self, now: datetime) -> timedelta | None:
        if self.next is None or self.next.start is None:
            return None
        return self.next.start - now


def expected_end(session: Session) -> datetime | None:
    """When a session should end: its length after it really started, else as planned."""
    if session.actual_end is not None:
        return session.actual_end
    if session.actual_start is not None:
        return session.actual_start + timedelta(minutes=session.duration_minutes)
    return session.end


def room_sessions(schedule: Schedule, room_guid: str) -> list[Session]:
    """The room's scheduled sessions in the order they start."""
    items = [s for s in schedule.sessions if s.room == room_guid and s.start is not None]
    return sorted(items, key=lambda s: (s.start, s.title))


def room_now(schedule: Schedule, room: Room, now: datetime) -> RoomNow:
    """What is on in ``room`` at ``now`` and what comes next.

    A session that was started and not ended is on, whatever the plan says. Otherwise a
    scheduled session whose planned time holds ``now`` is on, flagged late because nobody
    started it yet.
    """
    now = ensure_utc(now, "clock")
    sessions = room_sessions(schedule, room.guid)
    out = RoomNow(room)
    live = [s for s in sessions if s.status == SessionStatus.LIVE]
    if live:
        out.current = live[-1]
    else:
        for s in sessions:
            if (
                s.status == SessionStatus.SCHEDULED
                and s.start is not None
                and s.start <= now < (s.end or now)
            ):
                out.current = s
                out.late = True
                break
    if out.current is not None:
        out.current_ends = expected_end(out.current)
    for s in sessions:
        if s is out.current or s.status != SessionStatus.SCHEDULED:
            continue
        assert s.start is not None and s.end is not None
        if s.end <= now:
            continue  # missed by the plan: not "next" any more
        if out.current is not None and out.current.start is not None and s.start < out.current.start:
            continue
        out.next = s
        break
    return out


def board(schedule: Schedule, now: datetime) -> list[RoomNow]:
    """Every room in order with its session on and the next."""
    return [room_now(schedule, r, now) for r in schedule.sorted_rooms()]


# ----------------------------------------------------------------- status changes
def start_session(session: Session, now: datetime) -> Session:
    """A copy of ``session`` that is live since ``now``."""
    if session.status == SessionStatus.LIVE:
        raise DomainError("status", f"{session.title!r} is already live")
    if session.status == SessionStatus.CANCELLED:
        raise DomainError("status", f"{session.title!r} is cancelled; it cannot start")
    out = copy.deepcopy(session)
    out.status = SessionStatus.LIVE
    out.actual_start = ensure_utc(now, "actual start")
    out.actual_end = None
    return out


def end_session(session: Session, now: datetime) -> Session:
    """A copy of ``session`` that ended at ``now``."""
    if session.status != SessionStatus.LIVE:
        raise DomainError("status", f"{session.title!r} is not live; start it before ending it")
    now = ensure_utc(now, "actual end")
    out = copy.deepcopy(session)
    out.status = SessionStatus.ENDED
    if out.actual_start is not None and now < out.actual_start:
        raise DomainError("actual end", "a session cannot end before it started")
    out.actual_end = now
    return out


EARLY_START = timedelta(minutes=60)


def can_start_early(session: Session, now: datetime) -> bool:
    """Whether the next session may be started now, before its time: up to an hour early,
    so a stray click cannot start tomorrow's keynote."""
    return (
        session.status == SessionStatus.SCHEDULED
        and session.start is not None
        and session.start - ensure_utc(now, "clock") <= EARLY_START
    )


def reset_session(session: Session) -> Session:
    """A copy back to scheduled, its actual times forgotten (a mistaken click)."""
    out = copy.deepcopy(session)
    out.status = SessionStatus.SCHEDULED
    out.actual_start = None
    out.actual_end = None
    return out


def delay_room(schedule: Schedule, room_guid: str, minutes: int, now: datetime) -> list[Session]:
    """Copies of the room's later sessions shifted by ``minutes``.

    "Later" means: still scheduled (not live, ended or cancelled) and not over by the
    plan at ``now``, so a session that is due but was not started moves as well. Sessions
    of other rooms, and the room's sessions that are on or done, are left alone.
    """
    if minutes == 0:
        return []
    if abs(minutes) > 24 * 60:
        raise DomainError("delay", "a delay may be at most a day")
    now = ensure_utc(now, "clock")
    out = []
    for s in room_sessions(schedule, room_guid):
        if s.status != SessionStatus.SCHEDULED or s.end is None or s.end <= now:
            continue
        moved = copy.deepcopy(s)
        assert moved.start is not None
        moved.start = moved.start + timedelta(minutes=minutes)
        out.append(moved)
    return out


def start_delay_minutes(session: Session) -> float | None:
    """How many minutes after its planned start a session really started (negative: early)."""
    if session.start is None or session.actual_start is None:
        return None
    return (session.actual_start - session.start).total_seconds() / 60


def format_countdown(delta: timedelta | None) -> str:
    """``12:05`` for twelve minutes five seconds, ``1:02:00`` past an hour, ``2d 3:00:00``
    past a day, ``-0:30`` overdue."""
    if delta is None:
        return ""
    total = int(delta.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, total = divmod(total, 86400)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    if days:
        return f"{sign}{days}d {h}:{m:02d}:{s:02d}"
    return f"{sign}{h}:{m:02d}:{s:02d}" if h else f"{sign}{m}:{s:02d}"


# ----------------------------------------------------------------- incident log
@dataclass(slots=True)
class Incident:
    """One line of the incident log: when, where (a room guid or none) and what."""

    at: datetime
    text: str
    room: str | None = None
    guid: str = field(default_factory=new_guid)

    def validate(self) -> None:
        if not self.text.strip():
            raise DomainError("incident", "say what happened")
        self.at = ensure_utc(self.at, "incident time")
