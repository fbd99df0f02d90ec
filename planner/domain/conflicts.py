"""Conflict rules and the incremental conflict engine (no Qt, no database).

Every rule has a stable id (see :data:`RULES`). Its severity is chosen per event in
``Event.rule_severities`` (rule id -> ``"error"``, ``"warning"`` or ``"off"``); rules not
named there use :data:`DEFAULT_SEVERITIES`. The same dict may hold one setting that is not a
rule: :data:`TRAVEL_BUFFER_KEY` (``"travel-buffer-minutes"``), the minutes a person needs
between two sessions in *different physical* rooms (default 0: no buffer).

What is checked: only sessions that are scheduled (a start and a room) and not cancelled.

- ``room-overlap``: two sessions in one room overlap; touching ends do not. A room's
  ``changeover_minutes`` widens each session by that buffer; rooms with
  ``allow_parallel`` are exempt.
- ``person-double-booked``: one person (speaker or moderator) in two overlapping
  sessions, wherever they are; when both rooms are physical and different, the travel
  buffer applies. One conflict per pair of sessions and per person.
- ``outside-availability``: a session not inside a person's availability (the union of
  their windows; no windows means always available).
- ``over-capacity``: a session's participant limit above its room's capacity.
- ``outside-event``: a session that is not inside one event day's window (days may run
  past midnight, see :mod:`planner.domain.timegrid`).
- ``missing-moderator``: a panel without a moderator.
- ``rehearsal-order``: a rehearsal that does not end before its session starts.
- ``track-clash``: two sessions of the same (non-empty) track overlap in different rooms.
- ``unsociable-hour``: a session that reaches before 08:00 or after 22:00 in the own time
  zone of one of its people (only people whose zone is known).

Each conflict has a ``key`` (rule, sorted session guids, and the person's guid, or for
``rehearsal-order`` the rehearsal's) that stays the same across runs; acknowledgements are stored by that key.

:class:`ConflictEngine` keeps per-room, per-person and per-track indexes (start-sorted
lists searched by bisection) and, after an edit, re-checks only the sessions that changed
against their neighbours there. :func:`check_all_pairs` is the plain quadratic reference.
"""

from __future__ import annotations

import gc
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from planner.domain.model import (
    Acknowledgement,
    Event,
    Person,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
)
from planner.domain.timegrid import day_window, format_local
from planner.text import plural

log = logging.getLogger(__name__)

ROOM_OVERLAP = "room-overlap"
PERSON_DOUBLE_BOOKED = "person-double-booked"
OUTSIDE_AVAILABILITY = "outside-availability"
OVER_CAPACITY = "over-capacity"
OUTSIDE_EVENT = "outside-event"
MISSING_MODERATOR = "missing-moderator"
REHEARSAL_ORDER = "rehearsal-order"
TRACK_CLASH = "track-clash"
UNSOCIABLE_HOUR = "unsociable-hour"

RULES: tuple[str, ...] = (
    ROOM_OVERLAP,
    PERSON_DOUBLE_BOOKED,
    OUTSIDE_AVAILABILITY,
    OVER_CAPACITY,
    OUTSIDE_EVENT,
    MISSING_MODERATOR,
    REHEARSAL_ORDER,
    TRACK_CLASH,
    UNSOCIABLE_HOUR,
)
RULE_TITLES: dict[str, str] = {
    ROOM_OVERLAP: "Two sessions in one room",
    PERSON_DOUBLE_BOOKED: "A person in two places at once",
    OUTSIDE_AVAILABILITY: "Outside a person's availability",
    OVER_CAPACITY: "Participant limit above room capacity",
    OUTSIDE_EVENT: "Outside the event's days and hours",
    MISSING_MODERATOR: "Panel without a moderator",
    REHEARSAL_ORDER: "Rehearsal not before its session",
    TRACK_CLASH: "Same track in parallel",
    UNSOCIABLE_HOUR: "At night in a speaker's time zone",
}
ERROR = "error"
WARNING = "warning"
OFF = "off"
SEVERITIES = (ERROR, WARNING, OFF)
DEFAULT_SEVERITIES: dict[str, str] = {rule: ERROR for rule in RULES} | {
    TRACK_CLASH: WARNING,
    UNSOCIABLE_HOUR: WARNING,
    MISSING_MODERATOR: WARNING,
}
TRAVEL_BUFFER_KEY = "travel-buffer-minutes"
# A person's sociable hours in their own zone, minutes after local midnight.
SOCIABLE_START = 8 * 60
SOCIABLE_END = 22 * 60


@dataclass(frozen=True, slots=True)
class Conflict:
    rule: str  # one of RULES
    severity: str  # "error" | "warning"
    sessions: tuple[str, ...]  # guids, sorted
    people: tuple[str, ...]  # names
    start: datetime  # aware UTC
    end: datetime
    message: str
    key: str  # stable across runs: rule + sessions + person
    acknowledged: bool = False
    note: str = ""


def conflict_key(rule: str, sessions: Iterable[str], person: str = "") -> str:
    key = f"{rule}:{'+'.join(sorted(sessions))}"
    return f"{key}:{person}" if person else key


def severity_of(event: Event, rule: str) -> str:
    """The severity chosen for ``rule`` in ``event`` (a bad stored value falls back)."""
    value = event.rule_severities.get(rule, DEFAULT_SEVERITIES[rule])
    return value if value in SEVERITIES else DEFAULT_SEVERITIES[rule]


def travel_buffer_minutes(event: Event) -> int:
    raw = event.rule_severities.get(TRAVEL_BUFFER_KEY, "0")
    try:
        return max(0, int(raw))
    except ValueError:
        log.warning("ignoring travel buffer %r: not a whole number of minutes", raw)
        return 0


def severity_rank(severity: str) -> int:
    return 2 if severity == ERROR else 1 if severity == WARNING else 0


def _ts(value: datetime) -> int:
    return int(value.timestamp())


def _checked(s: Session) -> bool:
    return s.start is not None and s.room is not None and s.status != SessionStatus.CANCELLED


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined."""
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


# ----------------------------------------------------------------------------- context
class _Context:
    """What the rules need to know of the event besides the sessions, prepared once."""

    def __init__(self, schedule: Schedule) -> None:
        event = schedule.event
        self.event = event
        self._spans: dict[tuple[datetime, datetime], str] = {}
        self._nights: dict[tuple[str, int, int], str | None] = {}
        self.rooms: dict[str, Room] = schedule.room_by_guid()
        self.people: dict[str, Person] = schedule.person_by_guid()
        self.severity = {rule: severity_of(event, rule) for rule in RULES}
        self.active = frozenset(rule for rule, value in self.severity.items() if value != OFF)
        self.travel = travel_buffer_minutes(event) * 60
        self.windows: list[tuple[int, int]] = []
        try:
            zone_ok = bool(event.zone)
        except ValueError:
            zone_ok = False
        if zone_ok:  # days of 24 hours touch: a session may run across from one to the next
            self.windows = _merged((_ts(a), _ts(b)) for a, b in (day_window(event, d) for d in event.days))
        self.window_starts = [w[0] for w in self.windows]
        self.availability: dict[str, list[tuple[int, int]]] = {}
        self.zones: dict[str, ZoneInfo] = {}
        for p in schedule.people:
            if p.availability:
                self.availability[p.guid] = _merged((_ts(i.start), _ts(i.end)) for i in p.availability)
            if p.timezone:
                try:
                    self.zones[p.guid] = ZoneInfo(p.timezone)
                except (ValueError, KeyError, OSError):
                    log.warning("person %s: unknown time zone %r", p.name, p.timezone)

    def name(self, person: str) -> str:
        p = self.people.get(person)
        return p.name if p is not None else person

    def room_name(self, room: str | None) -> str:
        r = self.rooms.get(room or "")
        return r.name if r is not None else "?"

    def changeover(self, room: str) -> int:
        r = self.rooms.get(room)
        return r.changeover_minutes * 60 if r is not None else 0

    def parallel_ok(self, room: str) -> bool:
        r = self.rooms.get(room)
        return r is not None and r.allow_parallel

    def physical(self, room: str) -> bool:
        r = self.rooms.get(room)
        return r is not None and r.kind == RoomKind.PHYSICAL

    def night(self, zone: ZoneInfo, r: _Rec) -> str | None:
        """``r``'s local times in ``zone`` when it reaches outside the sociable hours, else
        None (cached: many sessions share a start and many people a zone)."""
        key = (zone.key, r.start, r.end)
        if key in self._nights:
            return self._nights[key]
        local = r.start_dt.astimezone(zone)
        local_end = r.end_dt.astimezone(zone)
        m0 = local.hour * 60 + local.minute + local.second / 60
        # The end on the wall clock, counted from the start's midnight: right across a
        # daylight-saving change, where adding the duration would be an hour off.
        m1 = (
            (local_end.date() - local.date()).days * 24 * 60
            + local_end.hour * 60
            + local_end.minute
            + local_end.second / 60
        )
        text = None
        if m0 < SOCIABLE_START or m1 > SOCIABLE_END:
            text = f"{local:%H:%M}–{local_end:%H:%M}"
        self._nights[key] = text
        return text

    def span(self, start: datetime, end: datetime) -> str:
        """``start``–``end`` in the event's zone; cached, as many conflicts share slots."""
        key = (start, end)
        text = self._spans.get(key)
        if text is None:
            a = format_local(self.event, start, "%a %d %b %H:%M")
            b = format_local(self.event, end, "%H:%M")
            text = self._spans[key] = f"{a}–{b}"
        return text


@dataclass(slots=True)
class _Rec:
    """A scheduled session as the rules see it (a snapshot: later edits to the Session do
    not change it)."""

    guid: str
    title: str
    start: int
    end: int
    start_dt: datetime
    end_dt: datetime
    room: str
    people: tuple[str, ...]
    track: str
    kind: SessionKind
    limit: int | None
    moderators: int
    rehearsal_for: str | None


def _rec(s: Session) -> _Rec:
    assert s.start is not None and s.room is not None
    end = s.start + timedelta(minutes=s.duration_minutes)
    people = tuple(dict.fromkeys(s.speakers + s.moderators))
    return _Rec(
        s.guid,
        s.title,
        _ts(s.start),
        _ts(end),
        s.start,
        end,
        s.room,
        people,
        s.track,
        s.kind,
        s.participant_limit,
        len(s.moderators),
        s.rehearsal_for,
    )


# ------------------------------------------------------------------- the rules themselves
def _titled(ctx: _Context, r: _Rec, rule: str) -> str:
    """A session in a message; with its room where the rule is not about one room."""
    return f"“{r.title}”" if rule == ROOM_OVERLAP else f"“{r.title}” ({ctx.room_name(r.room)})"


def _pair(ctx: _Context, rule: str, a: _Rec, b: _Rec, person: str, what: str) -> Conflict:
    if b.guid < a.guid:
        a, b = b, a
    lo, hi = max(a.start_dt, b.start_dt), min(a.end_dt, b.end_dt)
    if hi < lo:  # apart, but closer than the buffer: show the gap
        lo, hi = hi, lo
    people = (ctx.name(person),) if person else ()
    return Conflict(
        rule,
        ctx.severity[rule],
        (a.guid, b.guid),
        people,
        lo,
        hi,
        f"{what}: {_titled(ctx, a, rule)} and {_titled(ctx, b, rule)}, {ctx.span(lo, hi)}",
        conflict_key(rule, (a.guid, b.guid), person),
    )


def _room_clash(ctx: _Context, a: _Rec, b: _Rec) -> Conflict | None:
    """``a`` and ``b`` share a room (the caller made sure)."""
    if ROOM_OVERLAP not in ctx.active or ctx.parallel_ok(a.room):
        return None
    buf = ctx.changeover(a.room)
    if a.start < b.end + buf and b.start < a.end + buf:
        what = f"Overlap in {ctx.room_name(a.room)}"
        if not (a.start < b.end and b.start < a.end):
            what = f"No changeover time in {ctx.room_name(a.room)}"
        return _pair(ctx, ROOM_OVERLAP, a, b, "", what)
    return None


def _person_clash(ctx: _Context, a: _Rec, b: _Rec, person: str) -> Conflict | None:
    """``person`` is in both ``a`` and ``b`` (the caller made sure)."""
    if PERSON_DOUBLE_BOOKED not in ctx.active:
        return None
    buf = 0
    if ctx.travel and a.room != b.room and ctx.physical(a.room) and ctx.physical(b.room):
        buf = ctx.travel
    if a.start < b.end + buf and b.start < a.end + buf:
        what = f"{ctx.name(person)} is booked twice"
        if not (a.start < b.end and b.start < a.end):
            what = f"{ctx.name(person)} has no time to change rooms"
        return _pair(ctx, PERSON_DOUBLE_BOOKED, a, b, person, what)
    return None


def _track_clash(ctx: _Context, a: _Rec, b: _Rec) -> Conflict | None:
    """``a`` and ``b`` share a track (the caller made sure)."""
    if TRACK_CLASH not in ctx.active or a.room == b.room:
        return None
    if a.start < b.end and b.start < a.end:
        return _pair(ctx, TRACK_CLASH, a, b, "", f"Track {a.track} runs twice at once")
    return None


def _rehearsal_clash(ctx: _Context, rehearsal: _Rec, target: _Rec) -> Conflict | None:
    if REHEARSAL_ORDER not in ctx.active or rehearsal.end <= target.start:
        return None
    sessions = tuple(sorted((rehearsal.guid, target.guid)))
    return Conflict(
        REHEARSAL_ORDER,
        ctx.severity[REHEARSAL_ORDER],
        sessions,
        (),
        rehearsal.start_dt,
        rehearsal.end_dt,
        f"Rehearsal “{rehearsal.title}” does not end before “{target.title}” starts "
        f"({ctx.span(target.start_dt, target.end_dt)})",
        # the rehearsal's guid ends the key: two rehearsals may rehearse each other
        conflict_key(REHEARSAL_ORDER, sessions, rehearsal.guid),
    )


def _single(ctx: _Context, r: _Rec) -> Iterator[Conflict]:
    """The rules that look at one session alone."""
    sessions = (r.guid,)
    if OVER_CAPACITY in ctx.active and r.limit is not None:
        room = ctx.rooms.get(r.room)
        if room is not None and room.capacity is not None and r.limit > room.capacity:
            yield Conflict(
                OVER_CAPACITY,
                ctx.severity[OVER_CAPACITY],
                sessions,
                (),
                r.start_dt,
                r.end_dt,
                f"“{r.title}” allows {plural(r.limit, 'participant')}; {room.name} holds {room.capacity}",
                conflict_key(OVER_CAPACITY, sessions),
            )
    if OUTSIDE_EVENT in ctx.active:
        i = bisect_right(ctx.window_starts, r.start) - 1
        if i < 0 or r.end > ctx.windows[i][1]:
            yield Conflict(
                OUTSIDE_EVENT,
                ctx.severity[OUTSIDE_EVENT],
                sessions,
                (),
                r.start_dt,
                r.end_dt,
                f"“{r.title}” ({ctx.span(r.start_dt, r.end_dt)}) is outside the event's days and hours",
                conflict_key(OUTSIDE_EVENT, sessions),
            )
    if MISSING_MODERATOR in ctx.active and r.kind == SessionKind.PANEL and r.moderators == 0:
        yield Conflict(
            MISSING_MODERATOR,
            ctx.severity[MISSING_MODERATOR],
            sessions,
            (),
            r.start_dt,
            r.end_dt,
            f"Panel “{r.title}” has no moderator",
            conflict_key(MISSING_MODERATOR, sessions),
        )
    for person in r.people:
        if OUTSIDE_AVAILABILITY in ctx.active:
            windows = ctx.availability.get(person)
            if windows:
                j = bisect_right(windows, (r.start, 1 << 62)) - 1
                if j < 0 or r.end > windows[j][1]:
                    yield Conflict(
                        OUTSIDE_AVAILABILITY,
                        ctx.severity[OUTSIDE_AVAILABILITY],
                        sessions,
                        (ctx.name(person),),
                        r.start_dt,
                        r.end_dt,
                        f"{ctx.name(person)} is not available for “{r.title}” "
                        f"({ctx.span(r.start_dt, r.end_dt)})",
                        conflict_key(OUTSIDE_AVAILABILITY, sessions, person),
                    )
        if UNSOCIABLE_HOUR in ctx.active:
            zone = ctx.zones.get(person)
            if zone is not None:
                local_span = ctx.night(zone, r)
                if local_span is not None:
                    yield Conflict(
                        UNSOCIABLE_HOUR,
                        ctx.severity[UNSOCIABLE_HOUR],
                        sessions,
                        (ctx.name(person),),
                        r.start_dt,
                        r.end_dt,
                        f"“{r.title}” is at {local_span} for {ctx.name(person)} ({zone.key})",
                        conflict_key(UNSOCIABLE_HOUR, sessions, person),
                    )


def _order(conflicts: Iterable[Conflict]) -> list[Conflict]:
    return sorted(conflicts, key=lambda c: (c.start, c.rule, c.key))


def _with_acks(conflicts: Iterable[Conflict], acks: dict[str, str]) -> list[Conflict]:
    return [replace(c, acknowledged=True, note=acks[c.key]) if c.key in acks else c for c in conflicts]


def check_all_pairs(schedule: Schedule) -> list[Conflict]:
    """Every conflict of ``schedule`` by comparing every pair of sessions: the plain,
    quadratic reference that the engine is tested against."""
    ctx = _Context(schedule)
    recs = [_rec(s) for s in schedule.sessions if _checked(s)]
    by_guid = {r.guid: r for r in recs}
    found: dict[str, Conflict] = {}

    def add(c: Conflict | None) -> None:
        if c is not None:
            found[c.key] = c

    for i, a in enumerate(recs):
        for c in _single(ctx, a):
            add(c)
        if a.kind == SessionKind.REHEARSAL and a.rehearsal_for in by_guid:
            add(_rehearsal_clash(ctx, a, by_guid[a.rehearsal_for]))
        for b in recs[i + 1 :]:
            if a.room == b.room:
                add(_room_clash(ctx, a, b))
            for person in set(a.people) & set(b.people):
                add(_person_clash(ctx, a, b, person))
            if a.track and a.track == b.track:
                add(_track_clash(ctx, a, b))
    acks = {a.key: a.note for a in schedule.acknowledgements}
    return _order(_with_acks(found.values(), acks))


# --------------------------------------------------------------------------- the engine
class _Index:
    """Sessions under one key (a room, a person, a track) sorted by start."""

    __slots__ = ("guids", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.guids: list[str] = []

    def add(self, start: int, guid: str) -> None:
        if not self.starts or start >= self.starts[-1]:  # the common case while building
            self.starts.append(start)
            self.guids.append(guid)
            return
        i = bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.guids.insert(i, guid)

    def discard(self, start: int, guid: str) -> None:
        i = bisect_left(self.starts, start)
        while i < len(self.starts) and self.starts[i] == start:
            if self.guids[i] == guid:
                del self.starts[i]
                del self.guids[i]
                return
            i += 1

    def between(self, lo: int, hi: int) -> list[str]:
        """Guids of the sessions that start in ``[lo, hi)``."""
        return self.guids[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]


def _index_of(indexes: dict[str, _Index], key: str) -> _Index:
    index = indexes.get(key)
    if index is None:
        index = indexes[key] = _Index()
    return index


def _has_person(person: str) -> Callable[[_Rec], bool]:
    return lambda r: person in r.people


class ConflictEngine:
    """All conflicts of one schedule, kept up to date edit by edit.

    Call :meth:`update` with the sessions an edit created or changed and :meth:`remove`
    with the guids it deleted. A change to the event, its rooms or its people needs
    :meth:`rebuild` (it takes a few milliseconds).
    """

    def __init__(self, schedule: Schedule) -> None:
        self.rebuild(schedule)

    # ------------------------------------------------------------------ building
    def rebuild(self, schedule: Schedule) -> None:
        self._ctx = _Context(schedule)
        self._acks: dict[str, str] = {a.key: a.note for a in schedule.acknowledgements}
        self._recs: dict[str, _Rec] = {}
        self._rooms: dict[str, _Index] = {}
        self._persons: dict[str, _Index] = {}
        self._tracks: dict[str, _Index] = {}
        self._rehearsals: dict[str, set[str]] = {}  # target guid -> rehearsal guids
        self._found: dict[str, Conflict] = {}
        self._by_session: dict[str, set[str]] = {}
        self._max_len = 0
        self._cache: list[Conflict] | None = None
        self._marks: dict[str, str] | None = None
        # Building allocates tens of thousands of small objects and no cycles: pausing the
        # cyclic garbage collector meanwhile saves about a fifth of the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            recs = sorted((_rec(s) for s in schedule.sessions if _checked(s)), key=lambda r: r.start)
            for r in recs:
                self._index(r)
            self._sweep()
            for r in recs:
                self._check_alone(r)
        finally:
            if collecting:
                gc.enable()

    def _index(self, r: _Rec) -> None:
        """Add ``r`` to the indexes (``r`` must be new or already dropped)."""
        self._recs[r.guid] = r
        self._max_len = max(self._max_len, r.end - r.start)
        _index_of(self._rooms, r.room).add(r.start, r.guid)
        for p in r.people:
            _index_of(self._persons, p).add(r.start, r.guid)
        if r.track:
            _index_of(self._tracks, r.track).add(r.start, r.guid)
        if r.rehearsal_for is not None and r.kind == SessionKind.REHEARSAL:
            self._rehearsals.setdefault(r.rehearsal_for, set()).add(r.guid)

    def _unindex(self, r: _Rec) -> None:
        del self._recs[r.guid]
        self._rooms[r.room].discard(r.start, r.guid)
        for p in r.people:
            self._persons[p].discard(r.start, r.guid)
        if r.track:
            self._tracks[r.track].discard(r.start, r.guid)
        if r.rehearsal_for is not None and r.kind == SessionKind.REHEARSAL:
            self._rehearsals.get(r.rehearsal_for, set()).discard(r.guid)

    def _add(self, c: Conflict | None) -> None:
        if c is None:
            return
        self._found[c.key] = c
        for g in c.sessions:
            self._by_session.setdefault(g, set()).add(c.key)

    def _drop_conflicts(self, guid: str) -> None:
        for key in self._by_session.pop(guid, ()):
            c = self._found.pop(key, None)
            if c is not None:
                for g in c.sessions:
                    if g != guid:
                        self._by_session.get(g, set()).discard(key)

    def _sweep(self) -> None:
        """All pair conflicts at once: one sweep along each start-sorted index."""
        ctx, recs = self._ctx, self._recs

        def sweep(index: _Index, buf: int) -> Iterator[tuple[_Rec, _Rec]]:
            items = [recs[g] for g in index.guids]
            for i, a in enumerate(items):
                limit = a.end + buf
                for b in items[i + 1 :]:
                    if b.start >= limit:
                        break
                    yield a, b

        if ROOM_OVERLAP in ctx.active:
            for room, index in self._rooms.items():
                if not ctx.parallel_ok(room):
                    for a, b in sweep(index, ctx.changeover(room)):
                        self._add(_room_clash(ctx, a, b))
        if PERSON_DOUBLE_BOOKED in ctx.active:
            for person, index in self._persons.items():
                for a, b in sweep(index, ctx.travel):
                    self._add(_person_clash(ctx, a, b, person))
        if TRACK_CLASH in ctx.active:
            for index in self._tracks.values():
                for a, b in sweep(index, 0):
                    self._add(_track_clash(ctx, a, b))

    def _check_alone(self, r: _Rec) -> None:
        for c in _single(self._ctx, r):
            self._add(c)
        if r.kind == SessionKind.REHEARSAL and r.rehearsal_for in self._recs:
            self._add(_rehearsal_clash(self._ctx, r, self._recs[r.rehearsal_for]))

    def _neighbours(self, index: _Index | None, r: _Rec, buf: int) -> Iterator[_Rec]:
        if index is None:
            return
        for g in index.between(r.start - self._max_len - buf, r.end + buf + 1):
            if g != r.guid:
                yield self._recs[g]

    def _pairs_of(self, r: _Rec, recs: dict[str, _Rec] | None = None) -> Iterator[Conflict]:
        """The pair conflicts of ``r`` with the indexed sessions (and, for a preview, with
        the other proposed ``recs``, which take the place of their indexed versions)."""
        ctx = self._ctx
        others: list[_Rec] = []
        if recs:
            others = [o for o in recs.values() if o.guid != r.guid]

        def candidates(index: _Index | None, buf: int, same: Callable[[_Rec], bool]) -> Iterator[_Rec]:
            for o in self._neighbours(index, r, buf):
                if recs is None or o.guid not in recs:
                    yield o
            for o in others:
                if same(o):
                    yield o

        if ROOM_OVERLAP in ctx.active and not ctx.parallel_ok(r.room):
            for o in candidates(self._rooms.get(r.room), ctx.changeover(r.room), lambda o: o.room == r.room):
                c = _room_clash(ctx, r, o)
                if c is not None:
                    yield c
        if PERSON_DOUBLE_BOOKED in ctx.active:
            for p in r.people:
                for o in candidates(self._persons.get(p), ctx.travel, _has_person(p)):
                    c = _person_clash(ctx, r, o, p)
                    if c is not None:
                        yield c
        if TRACK_CLASH in ctx.active and r.track:
            for o in candidates(self._tracks.get(r.track), 0, lambda o: o.track == r.track):
                c = _track_clash(ctx, r, o)
                if c is not None:
                    yield c

    # ------------------------------------------------------------------ editing
    def update(self, sessions: Iterable[Session]) -> None:
        """Take new or changed sessions into account (after an edit)."""
        sessions = list(sessions)
        self.remove(s.guid for s in sessions)
        fresh = [_rec(s) for s in sessions if _checked(s)]
        for r in fresh:
            self._index(r)
        for r in fresh:
            for c in self._pairs_of(r):
                self._add(c)
            self._check_alone(r)
            for g in self._rehearsals.get(r.guid, ()):
                rehearsal = self._recs.get(g)
                if rehearsal is not None:
                    self._add(_rehearsal_clash(self._ctx, rehearsal, r))
        self._cache = self._marks = None

    def remove(self, guids: Iterable[str]) -> None:
        """Forget sessions (deleted, or about to be re-added by :meth:`update`)."""
        for g in guids:
            self._drop_conflicts(g)
            r = self._recs.get(g)
            if r is not None:
                self._unindex(r)
        self._cache = self._marks = None

    def set_acknowledgements(self, acks: Iterable[Acknowledgement]) -> None:
        self._acks = {a.key: a.note for a in acks}
        self._cache = self._marks = None

    # ------------------------------------------------------------------ reading
    def conflicts(self) -> list[Conflict]:
        """Every conflict, ordered by time, acknowledged ones marked so."""
        if self._cache is None:
            self._cache = _order(_with_acks(self._found.values(), self._acks))
        return list(self._cache)

    def preview(self, sessions: list[Session]) -> list[Conflict]:
        """The conflicts that the proposed states of ``sessions`` would have, without
        applying them (for a drag in progress)."""
        recs = {s.guid: _rec(s) for s in sessions if _checked(s)}
        found: dict[str, Conflict] = {}
        for r in recs.values():
            for pc in self._pairs_of(r, recs):
                found[pc.key] = pc
            for sc in _single(self._ctx, r):
                found[sc.key] = sc
            if r.kind == SessionKind.REHEARSAL and r.rehearsal_for is not None:
                target = recs.get(r.rehearsal_for) or self._recs.get(r.rehearsal_for)
                if target is not None:
                    c = _rehearsal_clash(self._ctx, r, target)
                    if c is not None:
                        found[c.key] = c
            for g in self._rehearsals.get(r.guid, ()):
                rehearsal = recs.get(g) or self._recs.get(g)
                if g in recs or rehearsal is None:
                    continue  # a proposed rehearsal was checked above
                c = _rehearsal_clash(self._ctx, rehearsal, r)
                if c is not None:
                    found[c.key] = c
        return _order(_with_acks(found.values(), self._acks))

    def conflicted_sessions(self) -> dict[str, str]:
        """Session guid -> the worst severity among its unacknowledged conflicts."""
        if self._marks is None:
            marks: dict[str, str] = {}
            for c in self._found.values():
                if c.key in self._acks:
                    continue
                for g in c.sessions:
                    if severity_rank(c.severity) > severity_rank(marks.get(g, "")):
                        marks[g] = c.severity
            self._marks = marks
        return dict(self._marks)

    def counts(self) -> tuple[int, int]:
        """Unacknowledged (errors, warnings)."""
        errors = warnings = 0
        for c in self._found.values():
            if c.key not in self._acks:
                if c.severity == ERROR:
                    errors += 1
                elif c.severity == WARNING:
                    warnings += 1
        return errors, warnings

    def conflicts_of(self, guid: str) -> list[Conflict]:
        keys = self._by_session.get(guid, set())
        return _order(_with_acks((self._found[k] for k in keys), self._acks))
