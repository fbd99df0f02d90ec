"""The arranging problem on the slot grid: what may move, where, and what blocks it.

Times are whole minutes after the opening of the event's first day. A session that may
move is an :class:`Item`: its duration, its people, its candidate rooms and the ranges its
start may take (inside one event day, inside its people's availability where that rule is
an error, on the event's slot grid counted from the day's opening). Everything else that
is scheduled is *fixed*: it blocks its room, its people and (where track clashes are
errors) its track.

Buffers: a room's changeover pads every session in it; the travel buffer pads every
session of a person, whatever its room (the conflict rule asks for it only between two
different physical rooms: padding always is stricter, so what we place never breaks it).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from planner.domain.conflicts import (
    ERROR,
    OFF,
    OUTSIDE_AVAILABILITY,
    OVER_CAPACITY,
    PERSON_DOUBLE_BOOKED,
    REHEARSAL_ORDER,
    ROOM_OVERLAP,
    SOCIABLE_END,
    SOCIABLE_START,
    TRACK_CLASH,
    UNSOCIABLE_HOUR,
    severity_of,
    travel_buffer_minutes,
)
from planner.domain.model import Pin, Room, Schedule, Session, SessionKind, SessionStatus
from planner.domain.timegrid import day_window

PLACE = "place"
REPAIR = "repair"
REBUILD = "rebuild"

Span = tuple[int, int]


def _minute(t0: datetime, value: datetime) -> int:
    return int((value - t0).total_seconds() // 60)


def intersect(a: list[Span], b: list[Span]) -> list[Span]:
    """The intersection of two sorted lists of disjoint closed ranges."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


@dataclass(slots=True)
class Item:
    """A session that may move."""

    index: int
    session: Session
    duration: int
    people: tuple[str, ...]
    track: str
    rooms: list[int]  # candidate room indexes, best first
    starts: list[Span]  # allowed start ranges (closed), before rooms and other sessions
    origin: tuple[int, int] | None  # (start minute, room index) where it is now, if scheduled
    day_base: list[int]  # the opening minute of each event day (the grid's origin that day)
    preferred: list[Span] = field(default_factory=list)  # starts at a sociable hour for all its people


@dataclass(slots=True)
class Busy:
    """Sorted (start, end, tag) spans on one resource; tag is a session index or -1."""

    spans: list[tuple[int, int, int]] = field(default_factory=list)
    longest: int = 0

    def add(self, start: int, end: int, tag: int) -> None:
        insort(self.spans, (start, end, tag))
        self.longest = max(self.longest, end - start)

    def remove(self, start: int, end: int, tag: int) -> None:
        i = bisect_left(self.spans, (start, end, tag))
        if i < len(self.spans) and self.spans[i] == (start, end, tag):
            del self.spans[i]

    def clash(self, start: int, end: int, pad: int) -> tuple[int, int, int] | None:
        """A span that ``[start, end)`` meets when both are padded by ``pad`` at their end."""
        spans = self.spans
        i = bisect_left(spans, (start - self.longest - pad, -(1 << 60), -2))
        worst: tuple[int, int, int] | None = None
        while i < len(spans):
            s, e, tag = spans[i]
            if s >= end + pad:
                break
            if start < e + pad and (worst is None or e > worst[1]):
                worst = (s, e, tag)
            i += 1
        return worst


@dataclass(slots=True)
class Problem:
    schedule: Schedule
    mode: str
    t0: datetime
    slot: int
    windows: list[Span]  # each event day's [open, close) in minutes
    rooms: list[Room]
    items: list[Item]
    fixed: list[Session]  # scheduled sessions that stay
    room_busy: list[Busy]
    person_busy: dict[str, Busy]
    track_busy: dict[str, Busy]
    changeover: list[int]
    parallel: list[bool]
    travel: int
    hard: frozenset[str]  # the rules at error
    rehearsal_of: dict[int, str]  # item index -> the guid it rehearses
    rehearsed_by: dict[str, list[int]]  # target guid -> rehearsal item indexes
    fixed_end: dict[str, int]  # guid -> end minute of a fixed session
    fixed_start: dict[str, int]
    room_index: dict[str, int]
    item_of: dict[str, int] = field(default_factory=dict)  # session guid -> item index
    tracked: bool = False  # track clashes are checked (as errors or as warnings to avoid)

    def instant(self, minute: int) -> datetime:
        return self.t0 + timedelta(minutes=minute)

    def day_of(self, minute: int) -> int:
        for d, (lo, hi) in enumerate(self.windows):
            if lo <= minute < hi:
                return d
        return 0

    def align_up(self, item: Item, minute: int) -> int:
        """The first grid minute at or after ``minute`` (the grid starts at each day's opening)."""
        d = self.day_of(minute)
        base = item.day_base[d]
        k = -(-(minute - base) // self.slot)
        return base + k * self.slot

    def people_of(self, s: Session) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.speakers + s.moderators))

    def occupy(self, item: Item, start: int, room: int) -> None:
        end = start + item.duration
        if not self.parallel[room]:
            self.room_busy[room].add(start, end, item.index)
        for p in item.people:
            self.person_busy.setdefault(p, Busy()).add(start, end, item.index)
        if item.track and self.tracked:
            self.track_busy.setdefault(item.track, Busy()).add(start, end, item.index)

    def release(self, item: Item, start: int, room: int) -> None:
        end = start + item.duration
        if not self.parallel[room]:
            self.room_busy[room].remove(start, end, item.index)
        for p in item.people:
            self.person_busy[p].remove(start, end, item.index)
        if item.track and self.tracked:
            self.track_busy[item.track].remove(start, end, item.index)


def _kept(s: Session) -> bool:
    return s.status != SessionStatus.CANCELLED


def fixed_in_place(s: Session) -> bool:
    """Pinned sessions and breaks never move."""
    return s.pin == Pin.FULL or s.kind == SessionKind.BREAK


def build(
    schedule: Schedule,
    mode: str,
    targets: set[str],
    days: set[int] | None = None,
    only_rooms: set[str] | None = None,
) -> Problem:
    """The problem of moving the sessions named in ``targets`` (the caller chose them by
    mode and scope; pinned sessions and breaks among them are kept where they are), into
    the event days numbered in ``days`` and the rooms in ``only_rooms`` (None: all)."""
    event = schedule.event
    spans = [day_window(event, d) for d in event.days]
    t0 = spans[0][0]
    windows = [(_minute(t0, a), _minute(t0, b)) for a, b in spans]
    slot = event.slot_minutes
    rooms = schedule.sorted_rooms()
    room_index = {r.guid: i for i, r in enumerate(rooms)}
    hard = frozenset(
        rule
        for rule in (
            ROOM_OVERLAP,
            PERSON_DOUBLE_BOOKED,
            OUTSIDE_AVAILABILITY,
            OVER_CAPACITY,
            REHEARSAL_ORDER,
            TRACK_CLASH,
        )
        if severity_of(event, rule) == ERROR
    )
    travel = travel_buffer_minutes(event) if PERSON_DOUBLE_BOOKED in hard else 0
    changeover = [r.changeover_minutes if ROOM_OVERLAP in hard else 0 for r in rooms]
    parallel = [r.allow_parallel or ROOM_OVERLAP not in hard for r in rooms]
    known = schedule.person_by_guid()
    availability: dict[str, list[Span]] = {}
    for person in schedule.people:
        if person.availability and OUTSIDE_AVAILABILITY in hard:
            merged: list[list[int]] = []
            for iv in sorted(person.availability, key=lambda i: i.start):
                a, b = _minute(t0, iv.start), _minute(t0, iv.end)
                if merged and a <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], b)
                else:
                    merged.append([a, b])
            availability[person.guid] = [(a, b) for a, b in merged]

    prob = Problem(
        schedule=schedule,
        mode=mode,
        t0=t0,
        slot=slot,
        windows=windows,
        rooms=rooms,
        items=[],
        fixed=[],
        room_busy=[Busy() for _ in rooms],
        person_busy={},
        track_busy={},
        changeover=changeover,
        parallel=parallel,
        travel=travel,
        hard=hard,
        rehearsal_of={},
        rehearsed_by={},
        fixed_end={},
        fixed_start={},
        room_index=room_index,
    )
    prob.tracked = severity_of(event, TRACK_CLASH) != OFF
    sociable = _sociable(schedule, t0) if severity_of(event, UNSOCIABLE_HOUR) != OFF else {}
    movable: list[Session] = []
    for s in schedule.sessions:
        if not _kept(s):
            continue
        if s.guid in targets and not fixed_in_place(s) and not (s.pin == Pin.ROOM and s.room is None):
            movable.append(s)
        elif s.scheduled:
            prob.fixed.append(s)
    for s in prob.fixed:
        assert s.start is not None and s.room is not None
        a = _minute(t0, s.start)
        b = a + s.duration_minutes
        prob.fixed_start[s.guid], prob.fixed_end[s.guid] = a, b
        r = room_index.get(s.room)
        if r is not None and not parallel[r]:
            prob.room_busy[r].add(a, b, -1)
        for p in prob.people_of(s):
            prob.person_busy.setdefault(p, Busy()).add(a, b, -1)
        if s.track and prob.tracked:
            prob.track_busy.setdefault(s.track, Busy()).add(a, b, -1)

    by_capacity = sorted(range(len(rooms)), key=lambda i: (rooms[i].capacity or 0, rooms[i].position))
    track_rooms: dict[str, dict[int, int]] = {}
    for s in schedule.sessions:
        if s.track and s.room in room_index and _kept(s):
            counts = track_rooms.setdefault(s.track, {})
            counts[room_index[s.room]] = counts.get(room_index[s.room], 0) + 1
    day_base = [lo for lo, _ in windows]
    rehearsals_of: dict[str, list[str]] = {}
    if REHEARSAL_ORDER in hard:
        for s in schedule.sessions:
            if s.kind == SessionKind.REHEARSAL and s.rehearsal_for and _kept(s):
                rehearsals_of.setdefault(s.rehearsal_for, []).append(s.guid)
    for s in movable:
        dur = s.duration_minutes
        limit = s.participant_limit
        if s.pin == Pin.ROOM and s.room in room_index:
            candidates = [room_index[s.room]]
        else:
            candidates = list(range(len(rooms)))
        if OVER_CAPACITY in hard and limit is not None:
            candidates = [r for r in candidates if (rooms[r].capacity or limit) >= limit]
        # preference: where it is, its track's rooms, then the smallest room that holds it
        own = room_index.get(s.room or "")
        home = sorted(track_rooms.get(s.track, {}).items(), key=lambda kv: -kv[1])
        first = ([own] if own is not None else []) + [r for r, _ in home]
        order = {r: i for i, r in enumerate(first)}
        rank = {r: i for i, r in enumerate(by_capacity)}
        # the smallest room that holds it first: larger rooms stay free for larger audiences
        candidates.sort(key=lambda r: (order.get(r, len(order)), rank[r]))
        if only_rooms is not None:
            candidates = [r for r in candidates if rooms[r].guid in only_rooms]
        starts = [
            (lo, hi - dur)
            for d, (lo, hi) in enumerate(windows)
            if hi - dur >= lo and (days is None or d in days)
        ]
        for p in prob.people_of(s):
            if p in availability and p in known:
                starts = intersect(starts, [(a, b - dur) for a, b in availability[p] if b - dur >= a])
        origin = None
        if s.scheduled:
            assert s.start is not None and s.room is not None
            if s.room in room_index:
                origin = (_minute(t0, s.start), room_index[s.room])
        item = Item(
            index=len(prob.items),
            session=s,
            duration=dur,
            people=prob.people_of(s),
            track=s.track,
            rooms=candidates,
            starts=starts,
            origin=origin,
            day_base=day_base,
        )
        prob.items.append(item)
        prob.item_of[s.guid] = item.index
        if (
            s.kind == SessionKind.REHEARSAL
            and s.rehearsal_for in prob.fixed_start
            and REHEARSAL_ORDER in hard
        ):
            last = prob.fixed_start[s.rehearsal_for] - dur  # it ends before its session starts
            item.starts = intersect(item.starts, [(-(1 << 40), last)])
        for g in rehearsals_of.get(s.guid, ()):
            if g in prob.fixed_end:  # a fixed rehearsal of it ends before it starts
                item.starts = intersect(item.starts, [(prob.fixed_end[g], 1 << 40)])
        if s.kind == SessionKind.REHEARSAL and s.rehearsal_for and REHEARSAL_ORDER in hard:
            prob.rehearsal_of[item.index] = s.rehearsal_for
            prob.rehearsed_by.setdefault(s.rehearsal_for, []).append(item.index)
        item.preferred = item.starts
        for p in item.people:
            if p in sociable:
                item.preferred = intersect(
                    item.preferred, [(a, b - dur) for a, b in sociable[p] if b - dur >= a]
                )
    return prob


def _sociable(schedule: Schedule, t0: datetime) -> dict[str, list[Span]]:
    """Person guid -> the spans (minutes) between 08:00 and 22:00 in their own zone, over
    the event's days and one either side (only people whose zone is known)."""
    event = schedule.event
    out: dict[str, list[Span]] = {}
    dates = [event.first_day + timedelta(days=k) for k in range(-1, len(event.days) + 1)]
    for p in schedule.people:
        if not p.timezone:
            continue
        try:
            zone = ZoneInfo(p.timezone)
        except (ValueError, KeyError, OSError):
            continue
        spans = []
        for d in dates:
            a = datetime.combine(d, time(SOCIABLE_START // 60, SOCIABLE_START % 60), tzinfo=zone)
            b = datetime.combine(d, time(SOCIABLE_END // 60, SOCIABLE_END % 60), tzinfo=zone)
            spans.append((_minute(t0, a), _minute(t0, b)))
        out[p.guid] = spans
    return out


def utc_minute(prob: Problem, minute: int) -> datetime:
    return (prob.t0 + timedelta(minutes=minute)).astimezone(UTC)
