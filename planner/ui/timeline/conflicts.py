"""A thin adapter over the conflict engine (``planner.domain.conflicts``).

The timeline needs four things of it: which sessions are in conflict (to mark blocks),
what a proposed move would clash with (the drag preview), and to be told what changed.
When the real engine is importable it is used as it is; until then a small stand-in with
the same API checks the three rules a drag must show at once: two sessions in one room,
one person in two places, and a person booked outside their availability.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from planner.domain.model import Schedule, Session

log = logging.getLogger(__name__)


class Engine(Protocol):
    def update(self, sessions: Iterable[Session]) -> Any: ...
    def remove(self, guids: Iterable[str]) -> Any: ...
    def preview(self, sessions: Iterable[Session]) -> list[Any]: ...
    def conflicted_sessions(self) -> dict[str, Any]: ...


@dataclass(slots=True)
class SimpleConflict:
    rule: str
    severity: str
    sessions: tuple[str, ...]
    people: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    message: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _span(s: Session) -> tuple[datetime, datetime] | None:
    if s.start is None:
        return None
    return s.start, s.start + timedelta(minutes=s.duration_minutes)


class SimpleEngine:
    """Room overlap, double booking and availability, indexed by room and by person."""

    def __init__(self, schedule: Schedule) -> None:
        self.schedule = schedule
        self.rooms = schedule.room_by_guid()
        self.people = schedule.person_by_guid()
        self.sessions: dict[str, Session] = {s.guid: s for s in schedule.sessions}
        self._dirty = True
        self._by_room: dict[str, list[Session]] = {}
        self._by_person: dict[str, list[Session]] = {}
        self._marks: dict[str, str] = {}

    def update(self, sessions: Iterable[Session]) -> None:
        for s in sessions:
            self.sessions[s.guid] = s
        self.people = self.schedule.person_by_guid()
        self.rooms = self.schedule.room_by_guid()
        self._dirty = True

    def remove(self, guids: Iterable[str]) -> None:
        for g in guids:
            self.sessions.pop(g, None)
        self._dirty = True

    def _index(self) -> None:
        if not self._dirty:
            return
        self._by_room = {}
        self._by_person = {}
        for s in self.sessions.values():
            if s.start is None or s.room is None:
                continue
            self._by_room.setdefault(s.room, []).append(s)
            for p in (*s.speakers, *s.moderators):
                self._by_person.setdefault(p, []).append(s)
        self._marks = {}
        for c in self._check(list(self.sessions.values()), exclude=set(), pairwise_all=True):
            for g in c.sessions:
                if self._marks.get(g) != "error":
                    self._marks[g] = c.severity
        self._dirty = False

    def _check(self, proposed: list[Session], exclude: set[str], pairwise_all: bool = False) -> list[SimpleConflict]:
        out: list[SimpleConflict] = []
        seen: set[tuple[str, ...]] = set()
        for s in proposed:
            span = _span(s)
            if span is None or s.room is None:
                continue
            lo, hi = span
            room = self.rooms.get(s.room)
            if room is not None and not room.allow_parallel:
                for o in self._by_room.get(s.room, ()):
                    if o.guid == s.guid or o.guid in exclude or o.start is None:
                        continue
                    ospan = _span(o)
                    assert ospan is not None
                    if ospan[0] < hi and lo < ospan[1]:
                        key = ("room", *sorted((s.guid, o.guid)))
                        if key in seen:
                            continue
                        seen.add(key)
                        out.append(SimpleConflict("room_overlap", "error", (s.guid, o.guid), (),
                                                  max(lo, ospan[0]), min(hi, ospan[1]),
                                                  f"{s.title!r} and {o.title!r} overlap in {room.name}"))
            for pg in (*s.speakers, *s.moderators):
                person = self.people.get(pg)
                name = person.name if person else pg
                for o in self._by_person.get(pg, ()):
                    if o.guid == s.guid or o.guid in exclude:
                        continue
                    ospan = _span(o)
                    if ospan is None or o.room is None:
                        continue
                    if ospan[0] < hi and lo < ospan[1]:
                        key = ("person", pg, *sorted((s.guid, o.guid)))
                        if key in seen:
                            continue
                        seen.add(key)
                        out.append(SimpleConflict("person_double_booked", "error", (s.guid, o.guid), (name,),
                                                  max(lo, ospan[0]), min(hi, ospan[1]),
                                                  f"{name} is in {s.title!r} and {o.title!r} at once"))
                if person is not None and person.availability and not any(
                        w.start <= lo and hi <= w.end for w in person.availability):
                    out.append(SimpleConflict("person_unavailable", "warning", (s.guid,), (name,), lo, hi,
                                              f"{name} is not available for {s.title!r}"))
        return out

    def preview(self, sessions: Iterable[Session]) -> list[SimpleConflict]:
        self._index()
        proposed = list(sessions)
        exclude = {s.guid for s in proposed}
        found = self._check(proposed, exclude)
        # Conflicts among the moved sessions themselves.
        for i, a in enumerate(proposed):
            sa = _span(a)
            if sa is None or a.room is None:
                continue
            for b in proposed[i + 1:]:
                sb = _span(b)
                if sb is None or b.room is None or not (sa[0] < sb[1] and sb[0] < sa[1]):
                    continue
                if a.room == b.room:
                    found.append(SimpleConflict("room_overlap", "error", (a.guid, b.guid), (), message=
                                                f"{a.title!r} and {b.title!r} overlap"))
        return found

    def conflicted_sessions(self) -> dict[str, str]:
        self._index()
        return dict(self._marks)


def make_engine(schedule: Schedule) -> Engine:
    """The real conflict engine when it is there, else the stand-in."""
    try:
        from planner.domain.conflicts import ConflictEngine  # type: ignore[import-not-found]
    except ImportError:
        log.info("planner.domain.conflicts not available: the timeline uses its own checks")
        return SimpleEngine(schedule)
    return ConflictEngine(schedule)  # type: ignore[no-any-return]


def severity_name(value: object) -> str:
    """'error' or 'warning' (or whatever the engine calls it), from a str or an enum."""
    v = getattr(value, "value", value)
    return str(v).lower()
