"""Why a session found no place, said so that a person can act on it.

The reasons are tried from the most basic: no room holds its audience; it is longer than
any event day; its people are never free together within the event's hours; the sessions
that stay where they are (pinned ones named) leave it no gap; and last, the rooms it fits
are full at every time its people are free, with what was placed now.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from planner.domain.arrange.greedy import Position, earliest
from planner.domain.arrange.problem import Item, Problem, Span, intersect
from planner.domain.conflicts import OVER_CAPACITY
from planner.domain.model import Pin, Session
from planner.domain.timegrid import format_local


def _names(names: list[str], limit: int = 3) -> str:
    quoted = [f"“{n}”" for n in names[:limit]]
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    if len(quoted) == 1:
        return quoted[0] + more
    return ", ".join(quoted[:-1]) + (" and " if not more else ", ") + quoted[-1] + more


def _span_text(prob: Problem, spans: list[Span]) -> str:
    ev = prob.schedule.event
    parts = []
    for a, b in spans[:3]:
        start, end = prob.t0 + timedelta(minutes=a), prob.t0 + timedelta(minutes=b)
        parts.append(f"{format_local(ev, start)}–{format_local(ev, end, '%H:%M')}")
    return ", ".join(parts) + (" …" if len(spans) > 3 else "")


def explain(prob: Problem, items: list[Item], pos: dict[int, Position]) -> dict[int, str]:
    out: dict[int, str] = {}
    if not items:
        return out
    # Test each against the sessions that stay only: release what was placed now, then restore.
    placed = [(prob.items[i], where) for i, where in pos.items()]
    now = [replace(item.session, start=prob.instant(t), room=prob.rooms[r].guid) for item, (t, r) in placed]
    for item, where in placed:
        prob.release(item, *where)
    try:
        for item in items:
            out[item.index] = _reason(prob, item, now)
    finally:
        for item, where in placed:
            prob.occupy(item, *where)
    return out


def _reason(prob: Problem, item: Item, placed_now: list[Session]) -> str:
    s = item.session
    people = prob.schedule.person_by_guid()
    rooms = prob.rooms
    if not item.rooms:
        if s.pin == Pin.ROOM and s.room in prob.room_index:
            room = rooms[prob.room_index[s.room]]
            return (
                f"pinned to {room.name}, which holds {room.capacity}; it allows {s.participant_limit}: "
                "unpin it or lower its participant limit"
            )
        if OVER_CAPACITY in prob.hard and s.participant_limit is not None:
            largest = max((r.capacity or 0 for r in rooms), default=0)
            return (
                f"no room holds {s.participant_limit} participants (the largest, "
                f"{max(rooms, key=lambda r: r.capacity or 0).name if rooms else '—'}, holds {largest}): "
                "lower its participant limit or add a larger room"
            )
        return "the event has no room"
    hours = [(lo, hi - item.duration) for lo, hi in prob.windows if hi - lo >= item.duration]
    if not hours:
        longest = max((hi - lo for lo, hi in prob.windows), default=0)
        return (
            f"it lasts {item.duration} min, longer than an event day ({longest} min): "
            "shorten it or widen the days"
        )
    if not item.starts:
        # whose availability rules it out (alone, or together)
        alone = []
        for p in item.people:
            person = people.get(p)
            if person is None or not person.availability:
                continue
            free = [
                (
                    int((iv.start - prob.t0).total_seconds() // 60),
                    int((iv.end - prob.t0).total_seconds() // 60),
                )
                for iv in person.availability
            ]
            fits = intersect(
                hours, [(a, b - item.duration) for a, b in sorted(free) if b - item.duration >= a]
            )
            if not fits:
                alone.append(f"{person.name} (available {_span_text(prob, sorted(free))})")
        if alone:
            return (
                f"{'; '.join(alone)}: never free for its {item.duration} min within the event's hours; "
                "widen their availability"
            )
        names = [people[p].name for p in item.people if p in people and people[p].availability]
        return (
            f"{' and '.join(names)} are never available at the same time for {item.duration} min; "
            "widen one's availability"
        )
    # against what stays where it is
    fits_now = any(
        earliest(prob, item, room, lo, hi, {}) is not None for room in item.rooms for lo, hi in item.starts
    )
    room_names = [rooms[r].name for r in item.rooms]
    where = (
        f"pinned to {room_names[0]}"
        if s.pin == Pin.ROOM
        else f"in {len(room_names)} room(s) that fit"
        + ("" if len(room_names) > 3 else f" ({', '.join(room_names)})")
    )
    who = " and ".join(people[p].name for p in item.people if p in people)
    whom = f" while {who} {'is' if len(item.people) == 1 else 'are'} free" if who else ""
    if not fits_now:
        blockers = _blockers(prob, item, prob.fixed)
        pinned = [t for t, pin in blockers if pin]
        if pinned:
            return f"{where}, no {item.duration} min gap{whom}: blocked by pinned {_names(pinned)}; unpin one"
        others = [t for t, _ in blockers]
        by = f" (taken by {_names(others)})" if others else ""
        return f"{where}, no {item.duration} min gap{whom}{by}; free a room or widen availability"
    now = [t for t, _ in _blockers(prob, item, placed_now)]
    by = f" ({_names(now)})" if now else ""
    return (
        f"{where}, every {item.duration} min gap{whom} is taken by sessions placed now{by}: "
        "allow more time, add a room or widen availability"
    )


def _blockers(prob: Problem, item: Item, sessions: list[Session]) -> list[tuple[str, bool]]:
    """Titles of ``sessions`` in its rooms or with its people, during its possible times."""
    found: dict[str, tuple[str, bool]] = {}
    lo = min(a for a, _ in item.starts)
    hi = max(b for _, b in item.starts) + item.duration
    rooms = {prob.rooms[r].guid for r in item.rooms}
    mine = set(item.people)
    for s in sessions:
        if s.start is None:
            continue
        a = int((s.start - prob.t0).total_seconds() // 60)
        b = a + s.duration_minutes
        if b <= lo or a >= hi:
            continue
        if s.room in rooms or mine & set(s.speakers + s.moderators):
            found[s.guid] = (s.title, s.pin == Pin.FULL)
    return sorted(found.values(), key=lambda tp: (not tp[1], tp[0]))
