"""What changed for the public between two states of an event, session by session.

Only what an attendee sees is compared: the sessions that are on the programme, the ones
the exports write (those with a time, in a room or not; a session without a time is not
published, so one that gets a time is "added" and one that loses it "removed"). Sessions
are matched by guid. Each difference is one :class:`SessionChange`; a session both moved
and retimed has one of each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from planner.domain.model import Schedule, Session, SessionStatus

KINDS = ("added", "removed", "moved", "retimed", "lengthened", "renamed", "people", "cancelled")


@dataclass(frozen=True, slots=True)
class SessionChange:
    """One difference of one session. ``before``/``after`` are plain JSON values: a room's
    name, an ISO instant, minutes, a title, a sorted list of names, a status; for
    ``added`` and ``removed`` a summary of the session (title, room, start, duration)."""

    guid: str
    title: str
    kind: str
    before: Any
    after: Any
    start: datetime | None = None  # where the session is now (or was, if removed): to sort
    people: tuple[str, ...] = ()  # the guids of everyone on it, before and after

    def to_json(self) -> dict[str, Any]:
        return {
            "guid": self.guid,
            "title": self.title,
            "kind": self.kind,
            "before": self.before,
            "after": self.after,
        }


def _placed(schedule: Schedule) -> dict[str, Session]:
    return {s.guid: s for s in schedule.sessions if s.start is not None}  # what the exports write


def _summary(s: Session, rooms: dict[str, str], names: dict[str, str]) -> dict[str, Any]:
    assert s.start is not None
    return {
        "title": s.title,
        "room": rooms.get(s.room or "", ""),
        "start": s.start.isoformat(),
        "duration": s.duration_minutes,
        "people": sorted(names.get(p, p) for p in s.speakers + s.moderators),
    }


def compare(before: Schedule, after: Schedule) -> list[SessionChange]:
    """The changes from ``before`` to ``after``, in programme order (by start, then title)."""
    b_rooms = {r.guid: r.name for r in before.rooms}
    a_rooms = {r.guid: r.name for r in after.rooms}
    b_names = {p.guid: p.name for p in before.people}
    a_names = {p.guid: p.name for p in after.people}
    old, new = _placed(before), _placed(after)
    out: list[SessionChange] = []
    for guid, s in new.items():
        who = tuple(dict.fromkeys(s.speakers + s.moderators))
        o = old.get(guid)
        if o is None:
            out.append(
                SessionChange(guid, s.title, "added", None, _summary(s, a_rooms, a_names), s.start, who)
            )
            continue
        who = tuple(dict.fromkeys(o.speakers + o.moderators + s.speakers + s.moderators))

        def add(kind: str, b: Any, a: Any, s: Session = s, who: tuple[str, ...] = who) -> None:
            out.append(SessionChange(s.guid, s.title, kind, b, a, s.start, who))

        ob, ab = b_rooms.get(o.room or "", ""), a_rooms.get(s.room or "", "")
        if o.room != s.room or ob != ab:
            add("moved", ob, ab)
        if o.start != s.start:
            assert o.start is not None and s.start is not None
            add("retimed", o.start.isoformat(), s.start.isoformat())
        if o.duration_minutes != s.duration_minutes:
            add("lengthened", o.duration_minutes, s.duration_minutes)
        if o.title != s.title:
            add("renamed", o.title, s.title)
        op = sorted(b_names.get(p, p) for p in o.speakers + o.moderators)
        ap = sorted(a_names.get(p, p) for p in s.speakers + s.moderators)
        if op != ap:
            add("people", op, ap)
        if (o.status == SessionStatus.CANCELLED) != (s.status == SessionStatus.CANCELLED):
            add("cancelled", o.status.value, s.status.value)
    for guid, o in old.items():
        if guid not in new:
            who = tuple(dict.fromkeys(o.speakers + o.moderators))
            out.append(
                SessionChange(guid, o.title, "removed", _summary(o, b_rooms, b_names), None, o.start, who)
            )
    order = {k: i for i, k in enumerate(KINDS)}
    out.sort(key=lambda c: (c.start.isoformat() if c.start else "", c.title, c.guid, order[c.kind]))
    return out


def describe(c: SessionChange, zone: Any = None) -> str:
    """One line a person reads, with times in ``zone`` (a tzinfo; None: as stored)."""

    def when(iso: str) -> str:
        t = datetime.fromisoformat(iso)
        if zone is not None:
            t = t.astimezone(zone)
        return t.strftime("%a %d %b %H:%M")

    if c.kind == "added":
        a = c.after
        return f"added: {c.title!r}, {when(a['start'])} in {a['room']} ({a['duration']} min)"
    if c.kind == "removed":
        b = c.before
        return f"removed: {c.title!r} (was {when(b['start'])} in {b['room']})"
    if c.kind == "moved":
        return f"moved: {c.title!r} from {c.before} to {c.after}"
    if c.kind == "retimed":
        return f"retimed: {c.title!r} from {when(c.before)} to {when(c.after)}"
    if c.kind == "lengthened":
        return f"lengthened: {c.title!r} from {c.before} to {c.after} min"
    if c.kind == "renamed":
        return f"renamed: {c.before!r} to {c.after!r}"
    if c.kind == "people":
        gone = [p for p in c.before if p not in c.after]
        came = [p for p in c.after if p not in c.before]
        parts = ([f"with {', '.join(came)}"] if came else []) + (
            [f"without {', '.join(gone)}"] if gone else []
        )
        return f"people: {c.title!r} now {'; '.join(parts) or 'in another order'}"
    if c.after == SessionStatus.CANCELLED.value:
        return f"cancelled: {c.title!r}"
    return f"no longer cancelled: {c.title!r}"
