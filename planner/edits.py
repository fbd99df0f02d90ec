"""Edits as data: every change to an event is a value that can be applied, inverted,
summarised in one line, written to the store and sent as JSON.

An edit holds what changes and what it was before (copies of the domain objects), so
its inverse is another edit of the same kind with the two sides swapped. It acts on two
things, which must agree:

* :meth:`Edit.apply` changes an in-memory :class:`~planner.domain.model.Schedule` (the
  window's copy, or a scratch copy) and returns the :class:`Change`;
* :meth:`Edit.write` changes the store through a :class:`Writer` that the store hands
  over inside one transaction (see ``Store.apply``, which also appends the edit to the
  event's edit log in that transaction).

Build edits with the functions at the bottom (``save_sessions(schedule, ...)``,
``delete_people(schedule, ...)``, ``reimport(current, merged)``, ...): they read the
"before" side from the schedule the edit will apply to. Qt-free and SQL-free: this
module imports only the domain.

To add an edit kind: a frozen dataclass subclass of :class:`Edit` with a unique ``KIND``,
its ``change``/``apply``/``write``/``inverse``/``summary`` and its fields' codecs in
``to_data``/``from_fields``; register it in ``_KINDS``; add a case to the tests'
strategies (tests/edits).
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar, Protocol, TypeVar
from zoneinfo import ZoneInfo

from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import (
    UTC,
    Acknowledgement,
    DomainError,
    Event,
    Interval,
    Invite,
    Person,
    PersonRole,
    Pin,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
)
from planner.domain.run_of_show import Incident
from planner.text import plural

T = TypeVar("T")


# ---------------------------------------------------------------------- the change
@dataclass(frozen=True, slots=True)
class Change:
    """What an applied edit changed: the kinds of thing and which ones, by guid (invites
    by their person's guid, acknowledgements by conflict key). ``everything`` when a
    view should redraw all; ``slug`` is the event's slug after the edit."""

    kinds: frozenset[str] = frozenset()
    sessions: frozenset[str] = frozenset()
    rooms: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    invites: frozenset[str] = frozenset()
    acknowledgements: frozenset[str] = frozenset()
    incidents: frozenset[str] = frozenset()
    everything: bool = False
    slug: str | None = None

    def __or__(self, other: Change) -> Change:
        return Change(
            self.kinds | other.kinds,
            self.sessions | other.sessions,
            self.rooms | other.rooms,
            self.people | other.people,
            self.invites | other.invites,
            self.acknowledgements | other.acknowledgements,
            self.incidents | other.incidents,
            self.everything or other.everything,
            other.slug if other.slug is not None else self.slug,
        )

    @property
    def guids(self) -> set[str] | None:
        """What the window's ``changed`` signal carries: the guids of the sessions (and
        of people whose invites changed) when only those changed, else None for
        "everything" (the event, rooms, people or acknowledgements changed)."""
        if self.everything or self.kinds & {"event", "rooms", "people", "acknowledgements"}:
            return None
        return set(self.sessions | self.invites)


# ---------------------------------------------------------------------- the store side
class Writer(Protocol):
    """What the store offers an edit inside its one transaction. Each method refuses
    (StoreError or DomainError, with a sentence) what the store cannot hold."""

    def update_event(self, event: Event) -> None: ...
    def save_rooms(self, rooms: Sequence[Room]) -> None: ...
    def delete_rooms(self, guids: Sequence[str]) -> None: ...  # their sessions become unscheduled
    def set_room_positions(self, positions: Mapping[str, int]) -> None: ...
    def save_sessions(self, sessions: Sequence[Session]) -> None: ...
    def delete_sessions(self, guids: Sequence[str]) -> None: ...
    def set_checklist(self, guid: str, checklist: Mapping[str, bool]) -> None: ...
    def save_people(self, people: Sequence[Person]) -> None: ...
    def delete_people(self, guids: Sequence[str]) -> None: ...  # links and invites go too
    def save_invites(self, invites: Sequence[Invite]) -> None: ...
    def delete_invites(self, tokens: Sequence[str]) -> None: ...
    def save_acknowledgements(self, acks: Sequence[Acknowledgement]) -> None: ...
    def delete_acknowledgements(self, keys: Sequence[str]) -> None: ...
    def save_incidents(self, incidents: Sequence[Incident]) -> None: ...
    def delete_incidents(self, guids: Sequence[str]) -> None: ...
    def save_attendance(self, rows: Sequence[Attendance]) -> None: ...
    def delete_attendance(self, session_guids: Sequence[str]) -> None: ...
    def replace_feedback(self, items: Sequence[Feedback]) -> None: ...


@dataclass(frozen=True, slots=True)
class Names:
    """What a summary needs to name things: the event's zone, rooms and people by guid."""

    timezone: str = "UTC"
    rooms: Mapping[str, str] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, schedule: Schedule) -> Names:
        return cls(
            schedule.event.timezone,
            {r.guid: r.name for r in schedule.rooms},
            {p.guid: p.name for p in schedule.people},
        )

    def when(self, instant: datetime) -> str:
        try:
            zone = ZoneInfo(self.timezone)
        except (ValueError, KeyError):
            zone = ZoneInfo("UTC")
        return instant.astimezone(zone).strftime("%a %H:%M")

    def room(self, guid: str | None) -> str:
        return "no room" if guid is None else self.rooms.get(guid, "a room")

    def person(self, guid: str) -> str:
        return self.people.get(guid, "someone")


# ---------------------------------------------------------------------- codecs
def _dt(v: datetime | None) -> str | None:
    return None if v is None else v.astimezone(UTC).isoformat()


def _undt(v: str | None) -> datetime | None:
    return None if v is None else datetime.fromisoformat(v).astimezone(UTC)


# Per type: the fields that are not plain JSON values, and how to code them.
_DT, _DATE, _BYTES, _INTERVALS = "dt", "date", "bytes", "intervals"
_SPECS: dict[type, dict[str, Any]] = {
    Event: {"first_day": _DATE, "last_day": _DATE, "cover_image": _BYTES},
    Room: {"kind": RoomKind},
    Person: {"role": PersonRole, "availability": _INTERVALS},
    Session: {
        "kind": SessionKind,
        "pin": Pin,
        "status": SessionStatus,
        "start": _DT,
        "actual_start": _DT,
        "actual_end": _DT,
    },
    Invite: {"created": _DT, "revoked": _DT},
    Acknowledgement: {"created": _DT},
    Incident: {"at": _DT},
    Attendance: {},
    Feedback: {},
}


def obj_to_data(obj: Any) -> dict[str, Any]:
    """A domain object (event, room, person, session, invite, ...) as JSON-able data."""
    spec = _SPECS[type(obj)]
    out: dict[str, Any] = {}
    for name in _field_names(type(obj)):
        v = getattr(obj, name)
        how = spec.get(name)
        if how == _DT:
            v = _dt(v)
        elif how == _DATE:
            v = v.isoformat()
        elif how == _BYTES:
            v = None if v is None else base64.b64encode(v).decode("ascii")
        elif how == _INTERVALS:
            v = [[_dt(w.start), _dt(w.end)] for w in v]
        elif isinstance(how, type) and issubclass(how, StrEnum):
            v = v.value
        else:
            v = _plain_copy(v)
        out[name] = v
    return out


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


_ATOMS = (str, int, float, bool, type(None))


def _plain_copy(v: Any) -> Any:
    """A copy of a JSON-like value; atoms are shared (they are immutable), and lists and
    maps of atoms are copied shallowly: a 1000-session event's log entry is made fast."""
    if isinstance(v, _ATOMS):
        return v
    if isinstance(v, list) and all(isinstance(x, _ATOMS) for x in v):
        return list(v)
    if isinstance(v, dict) and all(isinstance(x, _ATOMS) for x in v.values()):
        return dict(v)
    return copy.deepcopy(v)


def obj_from_data(cls: type[T], data: Mapping[str, Any]) -> T:
    spec = _SPECS[cls]
    kwargs: dict[str, Any] = {}
    try:
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                continue
            v = data[f.name]
            how = spec.get(f.name)
            if how == _DT:
                v = _undt(v)
            elif how == _DATE:
                v = date.fromisoformat(v)
            elif how == _BYTES:
                v = None if v is None else base64.b64decode(v)
            elif how == _INTERVALS:
                v = [Interval(_undt(a), _undt(b)) for a, b in v]  # type: ignore[arg-type]
            elif isinstance(how, type) and issubclass(how, StrEnum):
                v = how(v)
            else:
                v = copy.deepcopy(v)
            kwargs[f.name] = v
        return cls(**kwargs)
    except (TypeError, ValueError, KeyError) as exc:
        if isinstance(exc, DomainError):
            raise
        raise DomainError(
            "edit", f"a {cls.__name__.lower()} in the edit's data is malformed ({exc})"
        ) from exc


def _opt_to(v: Any) -> dict[str, Any] | None:
    return None if v is None else obj_to_data(v)


def _opt_from(cls: type[T], v: Mapping[str, Any] | None) -> T | None:
    return None if v is None else obj_from_data(cls, v)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def schedule_to_json(schedule: Schedule) -> str:
    """:func:`schedule_to_data` as JSON text, made one object at a time: a 1000-session
    event never has all its data as Python objects at once (what an import logs)."""
    parts = [f'{{"event":{_dumps(obj_to_data(schedule.event))}']
    for key in ("rooms", "sessions", "people", "invites", "acknowledgements"):
        items = ",".join(_dumps(obj_to_data(x)) for x in getattr(schedule, key))
        parts.append(f'"{key}":[{items}]')
    return ",".join(parts) + "}"


def schedule_to_data(schedule: Schedule) -> dict[str, Any]:
    return {
        "event": obj_to_data(schedule.event),
        "rooms": [obj_to_data(r) for r in schedule.rooms],
        "sessions": [obj_to_data(s) for s in schedule.sessions],
        "people": [obj_to_data(p) for p in schedule.people],
        "invites": [obj_to_data(i) for i in schedule.invites],
        "acknowledgements": [obj_to_data(a) for a in schedule.acknowledgements],
    }


def schedule_from_data(data: Mapping[str, Any]) -> Schedule:
    return Schedule(
        obj_from_data(Event, data["event"]),
        [obj_from_data(Room, r) for r in data["rooms"]],
        [obj_from_data(Session, s) for s in data["sessions"]],
        [obj_from_data(Person, p) for p in data["people"]],
        [obj_from_data(Invite, i) for i in data["invites"]],
        [obj_from_data(Acknowledgement, a) for a in data["acknowledgements"]],
    )


def _quote(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= n else text[: n - 1] + '…'}”"


# ---------------------------------------------------------------------- the base
class Edit:
    """One change to an event, as a value. Subclasses are frozen dataclasses."""

    KIND: ClassVar[str] = ""

    def change(self) -> Change:
        raise NotImplementedError

    def apply(self, schedule: Schedule) -> Change:
        """Change ``schedule`` in memory as the store does; return what changed."""
        raise NotImplementedError

    def write(self, w: Writer) -> None:
        """Write the edit through the store's writer (inside its one transaction)."""
        raise NotImplementedError

    def inverse(self) -> Edit:
        raise NotImplementedError

    def summary(self, names: Names | None = None) -> str:
        raise NotImplementedError

    def fields_to_data(self) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        raise NotImplementedError

    def to_data(self) -> dict[str, Any]:
        """The edit as JSON-able data with a ``kind``; :func:`edit_from_data` reads it."""
        return {"kind": self.KIND, **self.fields_to_data()}

    def to_json(self) -> str:
        """:meth:`to_data` as compact JSON text (what the edit log stores)."""
        return _dumps(self.to_data())


def edit_from_data(data: Mapping[str, Any]) -> Edit:
    """The edit that :meth:`Edit.to_data` wrote; malformed data raises DomainError."""
    if not isinstance(data, Mapping):
        raise DomainError("edit", "an edit is a JSON object with a kind")
    kind = data.get("kind")
    cls = _KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DomainError("edit", f"unknown edit kind {kind!r}")
    try:
        return cls.from_fields(data)
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, DomainError):
            raise
        raise DomainError("edit", f"the data of a {kind} edit is malformed ({exc})") from exc


# ---------------------------------------------------------------------- pairs of records
@dataclass(frozen=True)
class _Pairs(Edit):
    """Records of one kind before and after, pairwise by key; None on one side means
    created or deleted. The inverse swaps the sides."""

    before: tuple[Any, ...]
    after: tuple[Any, ...]
    label: str = ""

    TYPE: ClassVar[type] = object

    @staticmethod
    def key(obj: Any) -> str:
        return str(obj.guid)

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", tuple(copy.deepcopy(b) for b in self.before))
        object.__setattr__(self, "after", tuple(copy.deepcopy(a) for a in self.after))
        if len(self.before) != len(self.after):
            raise DomainError("edit", "an edit needs as many values before as after")
        for b, a in zip(self.before, self.after, strict=True):
            if b is None and a is None:
                raise DomainError("edit", "an edit pair cannot be empty on both sides")
            if b is not None and a is not None and self.key(b) != self.key(a):
                raise DomainError("edit", "an edit pair must name the same thing before and after")

    @property
    def saves(self) -> list[Any]:
        return [copy.deepcopy(a) for a in self.after if a is not None]

    @property
    def removals(self) -> list[str]:
        return [self.key(b) for b, a in zip(self.before, self.after, strict=True) if a is None]

    @property
    def created(self) -> list[Any]:
        return [a for b, a in zip(self.before, self.after, strict=True) if b is None]

    @property
    def changed(self) -> list[tuple[Any, Any]]:
        return [
            (b, a) for b, a in zip(self.before, self.after, strict=True) if a is not None and b is not None
        ]

    def keys(self) -> frozenset[str]:
        return frozenset(self.key(x) for pair in zip(self.before, self.after, strict=True) for x in pair if x)

    def inverse(self) -> Edit:
        return replace(self, before=self.after, after=self.before, label="")

    def fields_to_data(self) -> dict[str, Any]:
        return {
            "before": [_opt_to(b) for b in self.before],
            "after": [_opt_to(a) for a in self.after],
            "label": self.label,
        }

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        return cls(
            before=tuple(_opt_from(cls.TYPE, b) for b in data["before"]),
            after=tuple(_opt_from(cls.TYPE, a) for a in data["after"]),
            label=str(data.get("label", "")),
        )

    @staticmethod
    def _merge(items: list[Any], saves: list[Any], removals: list[str], key: Any) -> list[Any]:
        gone = set(removals)
        out = [x for x in items if key(x) not in gone]
        index = {key(x): n for n, x in enumerate(out)}
        for s in saves:
            if key(s) in index:
                out[index[key(s)]] = s
            else:
                index[key(s)] = len(out)
                out.append(s)
        return out


@dataclass(frozen=True)
class SessionsEdit(_Pairs):
    """Sessions created, changed (moved, retimed, edited, started, ...) or deleted."""

    KIND: ClassVar[str] = "sessions"
    TYPE: ClassVar[type] = Session

    def change(self) -> Change:
        return Change(frozenset({"sessions"}), sessions=self.keys())

    def apply(self, schedule: Schedule) -> Change:
        schedule.sessions = self._merge(schedule.sessions, self.saves, self.removals, self.key)
        return self.change()

    def write(self, w: Writer) -> None:
        if self.removals:
            w.delete_sessions(self.removals)
        if self.saves:
            w.save_sessions(self.saves)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        names = names or Names()
        created, removed, changed = self.created, self.removals, self.changed
        if len(created) + len(removed) + len(changed) == 1:
            if created:
                s = created[0]
                where = f" in {names.room(s.room)}, {names.when(s.start)}" if s.start and s.room else ""
                return f"Created {_quote(s.title)}{where}"
            if removed:
                b = next(b for b, a in zip(self.before, self.after, strict=True) if a is None)
                return f"Deleted {_quote(b.title)}"
            return _session_change(changed[0][0], changed[0][1], names)
        parts = []
        if created:
            parts.append(f"created {plural(len(created), 'session')}")
        if changed:
            verbs = {_session_change(b, a, names).split(" ", 1)[0].lower() for b, a in changed}
            verb = verbs.pop() if len(verbs) == 1 else "changed"
            parts.append(f"{verb} {plural(len(changed), 'session')}")
        if removed:
            parts.append(f"deleted {plural(len(removed), 'session')}")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]


def _session_change(b: Session, a: Session, names: Names) -> str:
    t = _quote(a.title)
    if (b.start, b.room) != (a.start, a.room):
        if a.start is None or a.room is None:
            return f"Unscheduled {t}"
        if b.room == a.room and b.start is not None and a.start - b.start == a.end - b.end:  # type: ignore[operator]
            delta = int((a.start - b.start).total_seconds() // 60)
            return f"Moved {t} to {names.when(a.start)} ({delta:+d} min)"
        return f"Moved {t} to {names.room(a.room)}, {names.when(a.start)}"
    if b.duration_minutes != a.duration_minutes:
        return f"Resized {t} to {a.duration_minutes} min"
    if b.pin != a.pin:
        return (
            f"Unpinned {t}"
            if a.pin == Pin.NONE
            else f"Pinned {t}" + (" to its room" if a.pin == Pin.ROOM else "")
        )
    if b.status != a.status:
        return f"Marked {t} {a.status.value}"
    if b.checklist != a.checklist:
        return f"Ticked the checklist of {t}"
    diff = [f.name for f in fields(Session) if getattr(b, f.name) != getattr(a, f.name)]
    return f"Edited {t} ({', '.join(d.replace('_', ' ') for d in diff) or 'no field'})"


@dataclass(frozen=True)
class RoomsEdit(_Pairs):
    """Rooms added, changed or removed. Removing a room unschedules its sessions:
    ``linked`` holds them as they were, and the inverse (``restore``) puts them back."""

    linked: tuple[Session, ...] = ()
    restore: bool = False

    KIND: ClassVar[str] = "rooms"
    TYPE: ClassVar[type] = Room

    def __post_init__(self) -> None:
        _Pairs.__post_init__(self)
        object.__setattr__(self, "linked", tuple(copy.deepcopy(s) for s in self.linked))

    def change(self) -> Change:
        return Change(
            frozenset({"rooms", "sessions"} if self.linked else {"rooms"}),
            sessions=frozenset(s.guid for s in self.linked),
            rooms=self.keys(),
        )

    def apply(self, schedule: Schedule) -> Change:
        gone = set(self.removals)
        schedule.rooms = self._merge(schedule.rooms, self.saves, self.removals, self.key)
        for s in schedule.sessions:
            if s.room in gone:
                s.room, s.start = None, None
        if self.restore and self.linked:
            SessionsEdit(tuple(self.linked), tuple(self.linked)).apply(schedule)
        return self.change()

    def write(self, w: Writer) -> None:
        if self.saves:
            w.save_rooms(self.saves)
        if self.removals:
            w.delete_rooms(self.removals)
        if self.restore and self.linked:
            w.save_sessions([copy.deepcopy(s) for s in self.linked])

    def inverse(self) -> Edit:
        return replace(self, before=self.after, after=self.before, label="", restore=not self.restore)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        created, removed, changed = self.created, self.removals, self.changed
        if len(created) + len(removed) + len(changed) == 1:
            if created:
                return f"Added room {_quote(created[0].name)}"
            if removed:
                b = next(b for b, a in zip(self.before, self.after, strict=True) if a is None)
                n = len(self.linked)
                return f"Removed room {_quote(b.name)}" + (
                    f" ({plural(n, 'session')} unscheduled)" if n else ""
                )
            b, a = changed[0]
            if b.name != a.name:
                return f"Renamed room {_quote(b.name)} to {_quote(a.name)}"
            return f"Changed room {_quote(a.name)}"
        return f"Changed {plural(len(self.before), 'room')}"

    def fields_to_data(self) -> dict[str, Any]:
        return {
            **_Pairs.fields_to_data(self),
            "linked": [obj_to_data(s) for s in self.linked],
            "restore": self.restore,
        }

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        base = _Pairs.from_fields.__func__(cls, data)  # type: ignore[attr-defined]
        return replace(
            base,
            linked=tuple(obj_from_data(Session, s) for s in data.get("linked", [])),
            restore=bool(data.get("restore", False)),
        )


@dataclass(frozen=True)
class PeopleEdit(_Pairs):
    """People added, changed or deleted. Deleting people takes them out of their sessions
    and drops their invites: ``linked_sessions`` and ``linked_invites`` hold those as they
    were, and the inverse (``restore``) puts them back."""

    linked_sessions: tuple[Session, ...] = ()
    linked_invites: tuple[Invite, ...] = ()
    restore: bool = False

    KIND: ClassVar[str] = "people"
    TYPE: ClassVar[type] = Person

    def __post_init__(self) -> None:
        _Pairs.__post_init__(self)
        object.__setattr__(self, "linked_sessions", tuple(copy.deepcopy(s) for s in self.linked_sessions))
        object.__setattr__(self, "linked_invites", tuple(copy.deepcopy(i) for i in self.linked_invites))

    def change(self) -> Change:
        kinds = {"people"}
        if self.linked_sessions:
            kinds.add("sessions")
        if self.linked_invites:
            kinds.add("invites")
        return Change(
            frozenset(kinds),
            sessions=frozenset(s.guid for s in self.linked_sessions),
            people=self.keys(),
            invites=frozenset(i.person for i in self.linked_invites),
        )

    def apply(self, schedule: Schedule) -> Change:
        gone = set(self.removals)
        schedule.people = self._merge(schedule.people, self.saves, self.removals, self.key)
        if gone:
            for s in schedule.sessions:
                if gone & set(s.speakers + s.moderators):
                    s.speakers = [g for g in s.speakers if g not in gone]
                    s.moderators = [g for g in s.moderators if g not in gone]
            schedule.invites = [i for i in schedule.invites if i.person not in gone]
        if self.restore:
            if self.linked_sessions:
                SessionsEdit(self.linked_sessions, self.linked_sessions).apply(schedule)
            if self.linked_invites:
                InvitesEdit(self.linked_invites, self.linked_invites).apply(schedule)
        return self.change()

    def write(self, w: Writer) -> None:
        if self.saves:
            w.save_people(self.saves)
        if self.removals:
            w.delete_people(self.removals)
        if self.restore:
            if self.linked_sessions:
                w.save_sessions([copy.deepcopy(s) for s in self.linked_sessions])
            if self.linked_invites:
                w.save_invites([copy.deepcopy(i) for i in self.linked_invites])

    def inverse(self) -> Edit:
        return replace(self, before=self.after, after=self.before, label="", restore=not self.restore)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        created, removed, changed = self.created, self.removals, self.changed
        if len(created) + len(removed) + len(changed) == 1:
            if created:
                return f"Added {created[0].name}"
            if removed:
                b = next(b for b, a in zip(self.before, self.after, strict=True) if a is None)
                return f"Removed {b.name}"
            return f"Edited {changed[0][1].name}"
        parts = []
        if created:
            parts.append(f"added {plural(len(created), 'person', 'people')}")
        if changed:
            parts.append(f"edited {plural(len(changed), 'person', 'people')}")
        if removed:
            parts.append(f"removed {plural(len(removed), 'person', 'people')}")
        text = ", ".join(parts)
        return text[:1].upper() + text[1:]

    def fields_to_data(self) -> dict[str, Any]:
        return {
            **_Pairs.fields_to_data(self),
            "linked_sessions": [obj_to_data(s) for s in self.linked_sessions],
            "linked_invites": [obj_to_data(i) for i in self.linked_invites],
            "restore": self.restore,
        }

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        base = _Pairs.from_fields.__func__(cls, data)  # type: ignore[attr-defined]
        return replace(
            base,
            linked_sessions=tuple(obj_from_data(Session, s) for s in data.get("linked_sessions", [])),
            linked_invites=tuple(obj_from_data(Invite, i) for i in data.get("linked_invites", [])),
            restore=bool(data.get("restore", False)),
        )


@dataclass(frozen=True)
class InvitesEdit(_Pairs):
    """Invites issued (created), revoked or re-issued (changed), by token. The inverse of
    issuing deletes the token, so an undone invite's link does not work."""

    KIND: ClassVar[str] = "invites"
    TYPE: ClassVar[type] = Invite

    @staticmethod
    def key(obj: Any) -> str:
        return str(obj.token)

    def change(self) -> Change:
        persons = frozenset(x.person for pair in zip(self.before, self.after, strict=True) for x in pair if x)
        return Change(frozenset({"invites"}), invites=persons)

    def apply(self, schedule: Schedule) -> Change:
        schedule.invites = self._merge(schedule.invites, self.saves, self.removals, self.key)
        return self.change()

    def write(self, w: Writer) -> None:
        if self.removals:
            w.delete_invites(self.removals)
        if self.saves:
            # Revocations first, so that at no moment two invites of one person are active.
            w.save_invites(sorted(self.saves, key=lambda i: i.revoked is None))

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        names = names or Names()
        issued = [a for a in self.after if a is not None and a.revoked is None]
        revoked = [a for b, a in self.changed if a.revoked is not None and b.revoked is None]
        withdrawn = self.removals
        parts = []
        if revoked:
            who = names.person(revoked[0].person) if len(revoked) == 1 else plural(len(revoked), "person")
            parts.append(f"revoked the invite of {who}" if len(revoked) == 1 else f"revoked invites of {who}")
        if issued:
            parts.append(
                f"issued an invite to {names.person(issued[0].person)}"
                if len(issued) == 1
                else f"issued {plural(len(issued), 'invite')}"
            )
        if withdrawn:
            parts.append(f"withdrew {plural(len(withdrawn), 'invite')}")
        text = ", ".join(parts) or "changed invites"
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class AcknowledgementsEdit(_Pairs):
    """Conflicts acknowledged (with a note) or reopened, by the conflict's key."""

    KIND: ClassVar[str] = "acknowledgements"
    TYPE: ClassVar[type] = Acknowledgement

    @staticmethod
    def key(obj: Any) -> str:
        return str(obj.key)

    def change(self) -> Change:
        return Change(frozenset({"acknowledgements"}), acknowledgements=self.keys())

    def apply(self, schedule: Schedule) -> Change:
        schedule.acknowledgements = self._merge(
            schedule.acknowledgements, self.saves, self.removals, self.key
        )
        return self.change()

    def write(self, w: Writer) -> None:
        if self.removals:
            w.delete_acknowledgements(self.removals)
        if self.saves:
            w.save_acknowledgements(self.saves)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        saves, removals = self.saves, self.removals
        if saves and not removals:
            note = f": {_quote(saves[0].note)}" if saves[0].note else ""
            return (
                "Acknowledged a conflict" if len(saves) == 1 else f"Acknowledged {len(saves)} conflicts"
            ) + (note)
        if removals and not saves:
            return "Reopened a conflict" if len(removals) == 1 else f"Reopened {len(removals)} conflicts"
        return f"Changed {plural(len(self.before), 'acknowledgement')}"


@dataclass(frozen=True)
class IncidentsEdit(_Pairs):
    """Lines of the run of show's incident log, added, changed or taken out."""

    KIND: ClassVar[str] = "incidents"
    TYPE: ClassVar[type] = Incident

    def __post_init__(self) -> None:
        _Pairs.__post_init__(self)
        for a in self.after:
            if a is not None:
                a.validate()

    def change(self) -> Change:
        return Change(frozenset({"incidents"}), incidents=self.keys())

    def apply(self, schedule: Schedule) -> Change:
        return self.change()  # the log is not part of the schedule in memory

    def write(self, w: Writer) -> None:
        if self.removals:
            w.delete_incidents(self.removals)
        if self.saves:
            w.save_incidents(self.saves)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        if len(self.before) == 1:
            b, a = self.before[0], self.after[0]
            if b is None:
                return f"Logged {_quote(a.text)}"
            if a is None:
                return f"Took {_quote(b.text)} out of the incident log"
            return f"Edited the incident {_quote(a.text)}"
        return f"Changed {plural(len(self.before), 'incident')}"


@dataclass(frozen=True)
class AttendanceEdit(_Pairs):
    """What was counted per session (an attendance import), by session guid."""

    KIND: ClassVar[str] = "attendance"
    TYPE: ClassVar[type] = Attendance

    @staticmethod
    def key(obj: Any) -> str:
        return str(obj.session)

    def __post_init__(self) -> None:
        _Pairs.__post_init__(self)
        for a in self.after:
            if a is not None:
                a.validate()

    def change(self) -> Change:
        return Change(frozenset({"attendance"}))

    def apply(self, schedule: Schedule) -> Change:
        return self.change()

    def write(self, w: Writer) -> None:
        if self.removals:
            w.delete_attendance(self.removals)
        if self.saves:
            w.save_attendance(self.saves)

    def summary(self, names: Names | None = None) -> str:
        return self.label or f"Imported the attendance of {plural(len(self.saves), 'session')}"


@dataclass(frozen=True)
class FeedbackEdit(Edit):
    """The event's ratings replaced as a whole (a feedback import, replacing or adding)."""

    before: tuple[Feedback, ...]
    after: tuple[Feedback, ...]
    label: str = ""

    KIND: ClassVar[str] = "feedback"

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", tuple(copy.deepcopy(f) for f in self.before))
        object.__setattr__(self, "after", tuple(copy.deepcopy(f) for f in self.after))
        for f in self.after:
            f.validate()

    def change(self) -> Change:
        return Change(frozenset({"feedback"}))

    def apply(self, schedule: Schedule) -> Change:
        return self.change()

    def write(self, w: Writer) -> None:
        w.replace_feedback([copy.deepcopy(f) for f in self.after])

    def inverse(self) -> Edit:
        return FeedbackEdit(self.after, self.before)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        return f"Set the ratings: {plural(len(self.after), 'rating')} (were {len(self.before)})"

    def fields_to_data(self) -> dict[str, Any]:
        return {
            "before": [obj_to_data(f) for f in self.before],
            "after": [obj_to_data(f) for f in self.after],
            "label": self.label,
        }

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        return cls(
            tuple(obj_from_data(Feedback, f) for f in data["before"]),
            tuple(obj_from_data(Feedback, f) for f in data["after"]),
            str(data.get("label", "")),
        )


@dataclass(frozen=True)
class EventEdit(Edit):
    """The event's own fields (name, days, zone, rules, ...), including its slug."""

    before: Event
    after: Event
    label: str = ""

    KIND: ClassVar[str] = "event"

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", copy.deepcopy(self.before))
        object.__setattr__(self, "after", copy.deepcopy(self.after))
        self.after.validate()

    def change(self) -> Change:
        return Change(frozenset({"event"}), slug=self.after.slug)

    def apply(self, schedule: Schedule) -> Change:
        schedule.event = copy.deepcopy(self.after)
        return self.change()

    def write(self, w: Writer) -> None:
        w.update_event(copy.deepcopy(self.after))

    def inverse(self) -> Edit:
        return EventEdit(self.after, self.before)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        diff = [
            f.name.replace("_", " ")
            for f in fields(Event)
            if getattr(self.before, f.name) != getattr(self.after, f.name)
        ]
        return f"Changed the event's {', '.join(diff)}" if diff else "Saved the event unchanged"

    def fields_to_data(self) -> dict[str, Any]:
        return {"before": obj_to_data(self.before), "after": obj_to_data(self.after), "label": self.label}

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        return cls(
            obj_from_data(Event, data["before"]), obj_from_data(Event, data["after"]), data.get("label", "")
        )


@dataclass(frozen=True)
class RoomOrderEdit(Edit):
    """The rooms' positions (the grid's column order), before and after, by guid."""

    before: tuple[tuple[str, int], ...]
    after: tuple[tuple[str, int], ...]

    KIND: ClassVar[str] = "room-order"

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", tuple((str(g), int(p)) for g, p in self.before))
        object.__setattr__(self, "after", tuple((str(g), int(p)) for g, p in self.after))

    def change(self) -> Change:
        return Change(frozenset({"rooms"}), rooms=frozenset(g for g, _ in self.after))

    def apply(self, schedule: Schedule) -> Change:
        pos = dict(self.after)
        for r in schedule.rooms:
            r.position = pos.get(r.guid, r.position)
        return self.change()

    def write(self, w: Writer) -> None:
        w.set_room_positions(dict(self.after))

    def inverse(self) -> Edit:
        return RoomOrderEdit(self.after, self.before)

    def summary(self, names: Names | None = None) -> str:
        names = names or Names()
        order = [names.room(g) for g, _ in sorted(self.after, key=lambda gp: gp[1])]
        return "Reordered the rooms: " + ", ".join(order)

    def fields_to_data(self) -> dict[str, Any]:
        return {"before": [list(x) for x in self.before], "after": [list(x) for x in self.after]}

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        return cls(tuple((g, p) for g, p in data["before"]), tuple((g, p) for g, p in data["after"]))


@dataclass(frozen=True)
class ChecklistEdit(Edit):
    """The ticks of one session's checklist (the run of show's preparation items)."""

    session: str
    title: str
    before: Mapping[str, bool]
    after: Mapping[str, bool]

    KIND: ClassVar[str] = "checklist"

    def __post_init__(self) -> None:
        object.__setattr__(self, "before", dict(self.before))
        object.__setattr__(self, "after", dict(self.after))

    def change(self) -> Change:
        return Change(frozenset({"sessions"}), sessions=frozenset({self.session}))

    def apply(self, schedule: Schedule) -> Change:
        for s in schedule.sessions:
            if s.guid == self.session:
                s.checklist = dict(self.after)
        return self.change()

    def write(self, w: Writer) -> None:
        w.set_checklist(self.session, dict(self.after))

    def inverse(self) -> Edit:
        return ChecklistEdit(self.session, self.title, self.after, self.before)

    def summary(self, names: Names | None = None) -> str:
        done = sum(self.after.values())
        return f"Checklist of {self.title} ({done}/{len(self.after)})"

    def fields_to_data(self) -> dict[str, Any]:
        return {
            "session": self.session,
            "title": self.title,
            "before": dict(self.before),
            "after": dict(self.after),
        }

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        return cls(data["session"], data["title"], dict(data["before"]), dict(data["after"]))


@dataclass(frozen=True)
class Batch(Edit):
    """Several edits applied in order as one: one transaction, one undo step, one line
    in the log. Its inverse undoes the parts in reverse order."""

    parts: tuple[Edit, ...]
    label: str = ""

    KIND: ClassVar[str] = "batch"

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", tuple(self.parts))

    def change(self) -> Change:
        out = Change()
        for p in self.parts:
            out = out | p.change()
        return out

    def apply(self, schedule: Schedule) -> Change:
        out = Change()
        for p in self.parts:
            out = out | p.apply(schedule)
        return out

    def write(self, w: Writer) -> None:
        for p in self.parts:
            p.write(w)

    def inverse(self) -> Edit:
        label = self.label
        if label:
            label = label.removeprefix("Undo ") if label.startswith("Undo ") else f"Undo {label}"
        return type(self)(tuple(p.inverse() for p in reversed(self.parts)), label)

    def summary(self, names: Names | None = None) -> str:
        if self.label:
            return self.label
        texts = [p.summary(names) for p in self.parts]
        if len(texts) <= 2:
            return "; ".join(texts) or "Nothing"
        return f"{texts[0]}; and {len(texts) - 1} more changes"

    def fields_to_data(self) -> dict[str, Any]:
        return {"parts": [p.to_data() for p in self.parts], "label": self.label}

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        return cls(tuple(edit_from_data(p) for p in data["parts"]), str(data.get("label", "")))


@dataclass(frozen=True)
class Reimport(Batch):
    """A newer version of a schedule file applied: the differences as parts, so the log
    says what changed, not "everything"."""

    KIND: ClassVar[str] = "reimport"

    def summary(self, names: Names | None = None) -> str:
        return self.label or f"Updated from a newer schedule: {Batch.summary(replace(self, label=''), names)}"


# An event created with more records than this is logged as a summary (the event's own
# fields and its counts), not whole: a 50 MB import (500 000 sessions) would otherwise
# write its whole content a second time, as a JSON text of 200 MB made in memory.
LOG_WHOLE_MAX = 5000
_COUNTED = ("rooms", "sessions", "people", "invites", "acknowledgements")


def _counts(schedule: Schedule) -> dict[str, int]:
    return {key: len(getattr(schedule, key)) for key in _COUNTED}


@dataclass(frozen=True)
class CreateEvent(Edit):
    """The first entry of an event's log: the event as it was created (an import, the
    demo, File › New). The store writes it with ``add_schedule``; it has no inverse (to
    take an event back, delete it).

    An event of more than :data:`LOG_WHOLE_MAX` records is logged as a summary: the
    event's fields and ``counts`` (rooms, sessions, people, ...), without its contents
    (they are in the store's tables). Such an entry reads back with ``counts`` set and a
    schedule that holds the event only; it cannot be applied."""

    schedule: Schedule
    label: str = ""
    counts: tuple[tuple[str, int], ...] | None = None  # set: logged as a summary

    KIND: ClassVar[str] = "create-event"

    def change(self) -> Change:
        return Change(frozenset({"everything"}), everything=True, slug=self.schedule.event.slug)

    def apply(self, schedule: Schedule) -> Change:
        if self.counts is not None:
            raise DomainError(
                "edit",
                f"the creation of {_quote(self.schedule.event.name)} was logged as a summary "
                f"({self._what()}), not whole: it cannot be replayed",
            )
        fresh = copy.deepcopy(self.schedule)
        for f in fields(Schedule):
            setattr(schedule, f.name, getattr(fresh, f.name))
        return self.change()

    def write(self, w: Writer) -> None:
        raise DomainError("edit", "an event is created with add_schedule, not applied to another event")

    def inverse(self) -> Edit:
        raise DomainError("edit", "creating an event cannot be undone; delete the event instead")

    def _what(self) -> str:
        n = dict(self.counts) if self.counts is not None else _counts(self.schedule)
        return (
            f"{plural(n.get('sessions', 0), 'session')}, {plural(n.get('rooms', 0), 'room')}, "
            f"{plural(n.get('people', 0), 'person', 'people')}"
        )

    def summary(self, names: Names | None = None) -> str:
        return self.label or f"Created {_quote(self.schedule.event.name)} ({self._what()})"

    def _whole(self) -> bool:
        return self.counts is None and sum(_counts(self.schedule).values()) <= LOG_WHOLE_MAX

    def fields_to_data(self) -> dict[str, Any]:
        if self._whole():
            return {"schedule": schedule_to_data(self.schedule), "label": self.label}
        return self._summary_data()

    def _summary_data(self) -> dict[str, Any]:
        counts = dict(self.counts) if self.counts is not None else _counts(self.schedule)
        return {"event": obj_to_data(self.schedule.event), "counts": counts, "label": self.label}

    def to_json(self) -> str:
        if not self._whole():
            return _dumps({"kind": self.KIND, **self._summary_data()})
        schedule = schedule_to_json(self.schedule)
        return f'{{"kind":"{self.KIND}","schedule":{schedule},"label":{_dumps(self.label)}}}'

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> Edit:
        label = str(data.get("label", ""))
        if "schedule" in data:
            return cls(schedule_from_data(data["schedule"]), label)
        counts = {str(k): int(v) for k, v in data["counts"].items()}
        return cls(Schedule(obj_from_data(Event, data["event"])), label, tuple(sorted(counts.items())))


_KINDS: dict[str, type[Edit]] = {
    c.KIND: c
    for c in (
        SessionsEdit,
        RoomsEdit,
        RoomOrderEdit,
        PeopleEdit,
        InvitesEdit,
        AcknowledgementsEdit,
        IncidentsEdit,
        AttendanceEdit,
        FeedbackEdit,
        EventEdit,
        ChecklistEdit,
        Batch,
        Reimport,
        CreateEvent,
    )
}

EDIT_KINDS = tuple(_KINDS)


# ---------------------------------------------------------------------- building edits
def save_sessions(schedule: Schedule, after: Iterable[Session], label: str = "") -> SessionsEdit:
    """Create or change sessions (by guid)."""
    after = list(after)
    current = schedule.session_by_guid()
    return SessionsEdit(tuple(current.get(s.guid) for s in after), tuple(after), label)


def delete_sessions(schedule: Schedule, guids: Iterable[str], label: str = "") -> SessionsEdit:
    current = schedule.session_by_guid()
    before = tuple(current[g] for g in dict.fromkeys(guids) if g in current)
    return SessionsEdit(before, (None,) * len(before), label)


def unschedule(schedule: Schedule, guids: Iterable[str], label: str = "") -> SessionsEdit | None:
    """Take sessions off the grid (no room, no start); None when none of them is on it."""
    wanted = set(guids)
    out = []
    for s in schedule.sessions:
        if s.guid in wanted and (s.start is not None or s.room is not None):
            p = copy.deepcopy(s)
            p.start, p.room = None, None
            out.append(p)
    if not out:
        return None
    text = label or (f"Unschedule {out[0].title}" if len(out) == 1 else f"Unschedule {len(out)} sessions")
    return save_sessions(schedule, out, text)


def add_person(
    schedule: Schedule, session_guid: str, person_guid: str, moderator: bool = False
) -> SessionsEdit | None:
    """Make a person a speaker (or moderator) of a session; None when they already are."""
    s = schedule.session_by_guid().get(session_guid)
    person = schedule.person_by_guid().get(person_guid)
    if s is None or person is None:
        return None
    p = copy.deepcopy(s)
    target, other = (p.moderators, p.speakers) if moderator else (p.speakers, p.moderators)
    if person_guid in target:
        return None
    if person_guid in other:
        other.remove(person_guid)
    target.append(person_guid)
    return save_sessions(
        schedule, [p], f"Add {person.name} to {p.title} as {'moderator' if moderator else 'speaker'}"
    )


def change_event(schedule: Schedule, event: Event, label: str = "") -> EventEdit:
    return EventEdit(schedule.event, event, label)


def save_rooms(schedule: Schedule, rooms: Iterable[Room], label: str = "") -> RoomsEdit:
    rooms = list(rooms)
    current = schedule.room_by_guid()
    return RoomsEdit(tuple(current.get(r.guid) for r in rooms), tuple(rooms), label)


def remove_rooms(schedule: Schedule, guids: Iterable[str], label: str = "") -> RoomsEdit:
    """Remove rooms; their sessions become unscheduled (kept in ``linked`` for undo)."""
    current = schedule.room_by_guid()
    before = tuple(current[g] for g in dict.fromkeys(guids) if g in current)
    gone = {r.guid for r in before}
    linked = tuple(s for s in schedule.sessions if s.room in gone)
    return RoomsEdit(before, (None,) * len(before), label, linked=linked)


def reorder_rooms(schedule: Schedule, guids_in_order: Sequence[str]) -> RoomOrderEdit:
    before = tuple((r.guid, r.position) for r in schedule.rooms)
    known = {r.guid for r in schedule.rooms}
    unknown = [g for g in guids_in_order if g not in known]
    if unknown:
        raise DomainError("rooms", "the new order names a room that does not exist")
    after = tuple((g, n) for n, g in enumerate(guids_in_order))
    return RoomOrderEdit(before, after)


def save_people(schedule: Schedule, people: Iterable[Person], label: str = "") -> PeopleEdit:
    people = list(people)
    current = schedule.person_by_guid()
    return PeopleEdit(tuple(current.get(p.guid) for p in people), tuple(people), label)


def delete_people(schedule: Schedule, guids: Iterable[str], label: str = "") -> PeopleEdit:
    """Delete people; their places in sessions and their invites are kept for undo."""
    current = schedule.person_by_guid()
    before = tuple(current[g] for g in dict.fromkeys(guids) if g in current)
    gone = {p.guid for p in before}
    return PeopleEdit(
        before,
        (None,) * len(before),
        label,
        linked_sessions=tuple(s for s in schedule.sessions if gone & set(s.speakers + s.moderators)),
        linked_invites=tuple(i for i in schedule.invites if i.person in gone),
    )


def save_invites(schedule: Schedule, invites: Iterable[Invite], label: str = "") -> InvitesEdit:
    invites = list(invites)
    current = {i.token: i for i in schedule.invites}
    return InvitesEdit(tuple(current.get(i.token) for i in invites), tuple(invites), label)


def acknowledge(schedule: Schedule, keys: Iterable[str], note: str) -> AcknowledgementsEdit:
    current = {a.key: a for a in schedule.acknowledgements}
    keys = list(dict.fromkeys(keys))
    return AcknowledgementsEdit(
        tuple(current.get(k) for k in keys), tuple(Acknowledgement(key=k, note=note) for k in keys)
    )


def unacknowledge(schedule: Schedule, keys: Iterable[str]) -> AcknowledgementsEdit:
    current = {a.key: a for a in schedule.acknowledgements}
    before = tuple(current[k] for k in dict.fromkeys(keys) if k in current)
    return AcknowledgementsEdit(before, (None,) * len(before))


def set_checklist(schedule: Schedule, guid: str, checklist: Mapping[str, bool]) -> ChecklistEdit:
    s = schedule.session_by_guid().get(guid)
    if s is None:
        raise DomainError("session", "that session no longer exists")
    return ChecklistEdit(guid, s.title, s.checklist, checklist)


def log_incident(incident: Incident) -> IncidentsEdit:
    return IncidentsEdit((None,), (incident,))


def import_attendance(
    current: Iterable[Attendance], rows: Iterable[Attendance], label: str = ""
) -> AttendanceEdit:
    """Insert or replace the attendance of the sessions in ``rows``."""
    known = {a.session: a for a in current}
    rows = list({a.session: a for a in rows}.values())
    return AttendanceEdit(tuple(known.get(a.session) for a in rows), tuple(rows), label)


def import_feedback(
    current: Iterable[Feedback], items: Iterable[Feedback], *, replace: bool = True, label: str = ""
) -> FeedbackEdit:
    """The ratings after an import: ``items`` alone (``replace``) or added to the rest."""
    current = tuple(current)
    items = tuple(items)
    return FeedbackEdit(current, items if replace else current + items, label)


def delay_room(
    schedule: Schedule, room_guid: str, minutes: int, now: datetime, label: str = ""
) -> Batch | None:
    """Shift the room's sessions that have not started by ``minutes`` and log it as an
    incident: one edit. None when nothing would move."""
    from planner.domain.run_of_show import delay_room as delayed

    room = schedule.room_by_guid().get(room_guid)
    moved = delayed(schedule, room_guid, minutes, now)
    if not moved or room is None:
        return None
    text = label or f"Delay {room.name} by {minutes} min"
    incident = Incident(
        at=now,
        room=room_guid,
        text=f"Delayed {room.name} by {minutes} min ({plural(len(moved), 'session')} moved)",
    )
    return Batch((save_sessions(schedule, moved), log_incident(incident)), text)


def diff_edit(current: Schedule, target: Schedule, label: str = "", cls: type[Batch] = Batch) -> Batch:
    """The edit that turns ``current`` into ``target``, as parts of each kind (event,
    rooms, people, sessions, invites, acknowledgements, room deletions last), each built
    on the state the parts before it leave. ``current`` is not changed."""
    work = copy.deepcopy(current)
    parts: list[Edit] = []

    def add(edit: Edit) -> None:
        edit.apply(work)
        parts.append(edit)

    if work.event != target.event:
        add(EventEdit(work.event, target.event))
    rooms = work.room_by_guid()
    room_saves = [r for r in target.rooms if rooms.get(r.guid) != r]
    if room_saves:
        add(save_rooms(work, room_saves))
    people = work.person_by_guid()
    people_saves = [p for p in target.people if people.get(p.guid) != p]
    if people_saves:
        add(save_people(work, people_saves))
    sessions = work.session_by_guid()
    target_sessions = target.session_by_guid()
    session_gone = [g for g in sessions if g not in target_sessions]
    session_saves = [s for s in target.sessions if sessions.get(s.guid) != s]
    if session_gone or session_saves:
        current_s = work.session_by_guid()
        before = tuple(current_s[g] for g in session_gone) + tuple(
            current_s.get(s.guid) for s in session_saves
        )
        after: tuple[Session | None, ...] = (None,) * len(session_gone) + tuple(session_saves)
        add(SessionsEdit(before, after))
    target_people = target.person_by_guid()
    people_gone = [p.guid for p in work.people if p.guid not in target_people]
    if people_gone:
        add(delete_people(work, people_gone))
    target_rooms = target.room_by_guid()
    rooms_gone = [r.guid for r in work.rooms if r.guid not in target_rooms]
    if rooms_gone:
        add(remove_rooms(work, rooms_gone))
    invites = {i.token: i for i in work.invites}
    target_invites = {i.token: i for i in target.invites}
    inv_before: list[Invite | None] = [invites[t] for t in invites if t not in target_invites]
    inv_after: list[Invite | None] = [None] * len(inv_before)
    for t, i in target_invites.items():
        if invites.get(t) != i:
            inv_before.append(invites.get(t))
            inv_after.append(i)
    if inv_before:
        add(InvitesEdit(tuple(inv_before), tuple(inv_after)))
    acks = {a.key: a for a in work.acknowledgements}
    target_acks = {a.key: a for a in target.acknowledgements}
    ack_before: list[Acknowledgement | None] = [acks[k] for k in acks if k not in target_acks]
    ack_after: list[Acknowledgement | None] = [None] * len(ack_before)
    for k, a in target_acks.items():
        if acks.get(k) != a:
            ack_before.append(acks.get(k))
            ack_after.append(a)
    if ack_before:
        add(AcknowledgementsEdit(tuple(ack_before), tuple(ack_after)))
    # A removed session whose room or people went too is restored by the sessions part's
    # inverse after the rooms and people come back (the inverse runs in reverse order).
    return cls(tuple(parts), label)


def reimport(current: Schedule, merged: Schedule, label: str = "") -> Reimport:
    """A re-import as an edit: the differences between the event and the merged result."""
    edit = diff_edit(current, merged, label, Reimport)
    assert isinstance(edit, Reimport)
    return edit
