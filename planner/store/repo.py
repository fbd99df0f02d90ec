"""The store: load and save whole events and single edits, each in one transaction.

Every public method that writes commits before it returns (or rolls back and raises):
an edit is on disk the moment the call comes back, and a crash never leaves half of it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

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
    Role,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
    slugify,
)
from planner.store import columns
from planner.store.db import StoreError, connect_read_only, default_db_path, open_engine, prepare
from planner.store.migrations import CURRENT_VERSION

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session as DbSession

log = logging.getLogger(__name__)

E = TypeVar("E", bound=StrEnum)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


_DECODER = json.JSONDecoder()


def _json(text: str | None, empty: Any) -> Any:
    """Decode a JSON column; the common empty values skip the decoder (a 1000-session
    load decodes thousands of them). The rest go straight to the decoder's raw_decode:
    what json.dumps wrote has no whitespace around it to strip, which is most of what
    json.loads adds per call (a third of the decoding time of 38C3's session extras)."""
    if not text or text in ("{}", "[]"):
        return type(empty)()
    try:
        value, end = _DECODER.raw_decode(text)
    except ValueError:
        end = -1
    if end != len(text):  # not as json.dumps wrote it: json.loads decodes it or says why
        return json.loads(text)
    return value


class _Instants(dict[str, datetime]):
    """Stored ISO texts to UTC datetimes for one load, each distinct text parsed once
    (38C3's 1007 sessions start at 251 instants). Datetimes are immutable: sharing is safe."""

    def __missing__(self, text: str) -> datetime:
        value = self[text] = datetime.fromisoformat(text).astimezone(UTC)
        return value

    def get_dt(self, text: str | None) -> datetime | None:
        return None if text is None else self[text]


class _Members(dict[str, E]):
    """An enum's members by value: a dict lookup instead of the enum call per row (the
    call goes through ``EnumMeta.__call__``). A value the enum does not know still goes
    to the enum, which raises the same ValueError as before."""

    def __init__(self, enum: type[E]) -> None:
        super().__init__((m.value, m) for m in enum)
        self._enum = enum

    def __missing__(self, value: str) -> E:
        return self._enum(value)


_ROOM_KIND = _Members(RoomKind)
_PERSON_ROLE = _Members(PersonRole)
_SESSION_KIND = _Members(SessionKind)
_SESSION_STATUS = _Members(SessionStatus)
_PIN = _Members(Pin)


@dataclass(frozen=True, slots=True)
class EventSummary:
    slug: str
    name: str
    first_day: date
    last_day: date
    timezone: str
    rooms: int
    sessions: int


def _event_values(ev: Event) -> dict[str, Any]:
    return {
        "guid": ev.guid,
        "slug": ev.slug,
        "name": ev.name,
        "description": ev.description,
        "first_day": ev.first_day.isoformat(),
        "last_day": ev.last_day.isoformat(),
        "timezone": ev.timezone,
        "cover_image": ev.cover_image,
        "invite_base_url": ev.invite_base_url,
        "invite_template": ev.invite_template,
        "slot_minutes": ev.slot_minutes,
        "day_start_minute": ev.day_start_minute,
        "day_end_minute": ev.day_end_minute,
        "rule_severities": json.dumps(ev.rule_severities, sort_keys=True),
        "extra": json.dumps(ev.extra, sort_keys=True, default=str),
    }


# The load reads rows as plain tuples (faster than sqlite3.Row by name) of the model's
# columns in the model's order (planner.store.columns, made from tables.py), less the
# event_id its query names; each *_from unpacks them in that order. A column added at the
# end of a model lands at the end of its tuple, and the unpacking fails until it is read.
def _selected(names: tuple[str, ...]) -> str:
    return ", ".join(n for n in names if n != "event_id")


_EVENT_COLUMNS = _selected(columns.EVENT)


def _event_from(row: tuple[Any, ...]) -> Event:
    (
        _id,
        guid,
        slug,
        name,
        description,
        first_day,
        last_day,
        timezone,
        cover_image,
        invite_base_url,
        invite_template,
        slot_minutes,
        day_start_minute,
        day_end_minute,
        rule_severities,
        extra,
    ) = row
    return Event(
        guid=guid,
        slug=slug,
        name=name,
        description=description,
        first_day=date.fromisoformat(first_day),
        last_day=date.fromisoformat(last_day),
        timezone=timezone,
        cover_image=cover_image,
        invite_base_url=invite_base_url,
        invite_template=invite_template,
        slot_minutes=slot_minutes,
        day_start_minute=day_start_minute,
        day_end_minute=day_end_minute,
        rule_severities=_json(rule_severities, {}),
        extra=_json(extra, {}),
    )


def _room_values(room: Room) -> dict[str, Any]:
    return {
        "guid": room.guid,
        "name": room.name,
        "position": room.position,
        "capacity": room.capacity,
        "kind": room.kind.value,
        "allow_parallel": room.allow_parallel,
        "changeover_minutes": room.changeover_minutes,
        "stream_url": room.stream_url,
    }


_ROOM_COLUMNS = _selected(columns.ROOM)


def _room_from(row: tuple[Any, ...]) -> Room:
    _id, guid, name, position, capacity, kind, allow_parallel, changeover_minutes, stream_url = row
    return Room(
        guid=guid,
        name=name,
        position=position,
        capacity=capacity,
        kind=_ROOM_KIND[kind],
        allow_parallel=bool(allow_parallel),
        changeover_minutes=changeover_minutes,
        stream_url=stream_url,
    )


def _person_values(p: Person) -> dict[str, Any]:
    return {
        "guid": p.guid,
        "name": p.name,
        "email": p.email,
        "organisation": p.organisation,
        "timezone": p.timezone,
        "role": p.role.value,
        "availability": json.dumps([[_iso(w.start), _iso(w.end)] for w in p.availability]),
        "extra": json.dumps(p.extra, sort_keys=True, default=str),
    }


_PERSON_COLUMNS = _selected(columns.PERSON)


def _person_from(row: tuple[Any, ...], instants: _Instants) -> Person:
    _id, guid, name, email, organisation, timezone, role, availability, extra = row
    return Person(
        guid=guid,
        name=name,
        email=email,
        organisation=organisation,
        timezone=timezone,
        role=_PERSON_ROLE[role],
        availability=[Interval(instants[a], instants[b]) for a, b in _json(availability, [])],
        extra=_json(extra, {}),
    )


def _session_values(s: Session, room_ids: dict[str, int]) -> dict[str, Any]:
    return {
        "guid": s.guid,
        "title": s.title,
        "description": s.description,
        "kind": s.kind.value,
        "start": _iso(s.start),
        "duration_minutes": s.duration_minutes,
        "room_id": room_ids[s.room] if s.room is not None else None,
        "participant_limit": s.participant_limit,
        "track": s.track,
        "status": s.status.value,
        "language": s.language,
        "extra": json.dumps(s.extra, sort_keys=True, default=str),
        "rehearsal_for": s.rehearsal_for,
        "checklist": json.dumps(s.checklist),
        "actual_start": _iso(s.actual_start),
        "actual_end": _iso(s.actual_end),
        "stream_url": s.stream_url,
        "pinned": s.pin.value,
    }


_SESSION_COLUMNS = _selected(columns.SESSION)


def _session_from(row: tuple[Any, ...], room_guids: dict[int, str], instants: _Instants) -> Session:
    (
        _id,
        guid,
        title,
        description,
        kind,
        start,
        duration_minutes,
        room_id,
        participant_limit,
        track,
        status,
        language,
        extra,
        rehearsal_for,
        checklist,
        actual_start,
        actual_end,
        stream_url,
        pinned,
    ) = row
    return Session(
        guid=guid,
        title=title,
        description=description,
        kind=_SESSION_KIND[kind],
        start=instants.get_dt(start),
        duration_minutes=duration_minutes,
        room=room_guids.get(room_id),  # None when unscheduled (or the room is gone)
        participant_limit=participant_limit,
        track=track,
        status=_SESSION_STATUS[status],
        language=language,
        extra=_json(extra, {}),
        rehearsal_for=rehearsal_for,
        checklist=_json(checklist, {}),
        actual_start=instants.get_dt(actual_start),
        actual_end=instants.get_dt(actual_end),
        stream_url=stream_url,
        pin=_PIN[pinned],
    )


def _q() -> ModuleType:
    """SQLAlchemy, SQLModel and our tables, imported on the first write: they take about
    0.3 s to import, and start-up reads through plain sqlite3 instead (see _read)."""
    from planner.store import _sql

    return _sql


_SLUG_ATTEMPTS = 5


def _free_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


class Store:
    """One planner database file. Create with :meth:`open`."""

    def __init__(self, path: Path, *, create_folder: bool | None = None) -> None:
        self.path = Path(path)
        opened = prepare(self.path, create_folder=create_folder)
        # A store planner cannot write (a read-only file or file system) is opened for
        # reading: every read works, every write raises a StoreError saying why.
        self.read_only = opened.read_only
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use (writes need it; reads do not)."""
        if self.read_only:
            raise StoreError(f"edits are impossible: {self.path} is read-only")
        if self._engine is None:
            self._engine = open_engine(self.path, CURRENT_VERSION)  # prepared in __init__
        return self._engine

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A plain sqlite3 connection for reads: start-up and loads need no ORM. Rows are
        plain tuples."""
        conn = connect_read_only(self.path) if self.read_only else sqlite3.connect(self.path, timeout=10)
        try:
            yield conn
        finally:
            conn.close()

    @classmethod
    def open(cls, path: Path | str | None = None) -> Store:
        """The store at ``path`` (default: :func:`default_db_path`). A missing folder is
        made only for the default location; another path in a missing folder is refused."""
        return cls(Path(path) if path is not None else default_db_path())

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[DbSession]:
        """One transaction: committed on success, rolled back (and explained) on error."""
        q = _q()
        with q.DbSession(self.engine) as db:
            try:
                yield db
                db.commit()
            except q.IntegrityError as exc:
                db.rollback()
                raise StoreError(f"the edit breaks a rule of the store: {exc.orig}") from exc
            except q.OperationalError as exc:
                db.rollback()
                raise StoreError(f"the database could not be written: {exc.orig}") from exc
            except BaseException:
                db.rollback()
                raise

    # ----------------------------------------------------------------- events
    def list_events(self) -> list[EventSummary]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT e.slug, e.name, e.first_day, e.last_day, e.timezone,"
                " (SELECT count(*) FROM room r WHERE r.event_id = e.id),"
                " (SELECT count(*) FROM session s WHERE s.event_id = e.id)"
                " FROM event e ORDER BY e.first_day, e.name"
            ).fetchall()
        return [
            EventSummary(r[0], r[1], date.fromisoformat(r[2]), date.fromisoformat(r[3]), r[4], r[5], r[6])
            for r in rows
        ]

    def has_events(self) -> bool:
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM event LIMIT 1").fetchone() is not None

    def _event_id(self, db: DbSession, slug: str) -> int:
        q = _q()
        row = db.execute(q.select(q.EventRow.id).where(q.EventRow.slug == slug)).first()
        if row is None:
            raise StoreError(f"there is no event {slug!r} (planner events lists them)")
        return int(row[0])

    def unique_slug(self, wanted: str) -> str:
        """A slug made from ``wanted`` that no event has now (add_schedule chooses its own
        in the transaction that inserts the event)."""
        with self._read() as conn:
            taken = {r[0] for r in conn.execute("SELECT slug FROM event")}
        return _free_slug(slugify(wanted), taken)

    def add_schedule(self, schedule: Schedule) -> str:
        """Save a whole new event (an import, the demo) in one transaction; return its slug.

        The slug is chosen in the transaction that inserts the event, which takes the write
        lock first (BEGIN IMMEDIATE): two processes importing at once wait for each other
        and get two slugs. Should the insert still meet a taken slug, it tries again."""
        q = _q()
        ev = schedule.event
        base = slugify(ev.slug or ev.name)
        ev.slug = base
        schedule.validate()
        for attempt in range(1, _SLUG_ATTEMPTS + 1):
            with q.DbSession(self.engine) as db:
                try:
                    db.connection().exec_driver_sql("BEGIN IMMEDIATE")
                    taken = {r[0] for r in db.execute(q.select(q.EventRow.slug)).all()}
                    ev.slug = _free_slug(base, taken)
                    result = db.execute(q.insert(q.EventRow).values(**_event_values(ev)))
                    event_id = int(result.inserted_primary_key[0])
                    self._insert_contents(db, event_id, schedule)
                    db.commit()
                    break
                except q.IntegrityError as exc:
                    db.rollback()
                    if "event.slug" in str(exc.orig) and attempt < _SLUG_ATTEMPTS:
                        log.info("slug %s was taken meanwhile; choosing again", ev.slug)
                        continue
                    raise StoreError(f"the edit breaks a rule of the store: {exc.orig}") from exc
                except q.OperationalError as exc:
                    db.rollback()
                    raise StoreError(f"the database could not be written: {exc.orig}") from exc
                except BaseException:
                    db.rollback()
                    raise
        log.info(
            "saved event %s: %d rooms, %d sessions, %d people",
            ev.slug,
            len(schedule.rooms),
            len(schedule.sessions),
            len(schedule.people),
        )
        return ev.slug

    def _insert_contents(self, db: DbSession, event_id: int, schedule: Schedule) -> None:
        q = _q()
        # Core inserts (one executemany each), not the ORM's bulk path: a large import
        # (100 000 sessions) spent most of its time in the ORM's per-row bookkeeping.
        conn = db.connection()
        if schedule.rooms:
            conn.execute(
                q.RoomRow.__table__.insert(),
                [{"event_id": event_id, **_room_values(r)} for r in schedule.rooms],
            )
        if schedule.people:
            conn.execute(
                q.PersonRow.__table__.insert(),
                [{"event_id": event_id, **_person_values(p)} for p in schedule.people],
            )
        room_ids = {
            g: i
            for i, g in db.execute(
                q.select(q.RoomRow.id, q.RoomRow.guid).where(q.RoomRow.event_id == event_id)
            ).all()
        }
        person_ids = {
            g: i
            for i, g in db.execute(
                q.select(q.PersonRow.id, q.PersonRow.guid).where(q.PersonRow.event_id == event_id)
            ).all()
        }
        # sessions and their people in chunks: a large import never holds all its rows twice
        chunk = 20_000
        for k in range(0, len(schedule.sessions), chunk):
            conn.execute(
                q.SessionRow.__table__.insert(),
                [
                    {"event_id": event_id, **_session_values(s, room_ids)}
                    for s in schedule.sessions[k : k + chunk]
                ],
            )
        if schedule.sessions:
            session_ids = {
                g: i
                for i, g in db.execute(
                    q.select(q.SessionRow.id, q.SessionRow.guid).where(q.SessionRow.event_id == event_id)
                ).all()
            }
            for k in range(0, len(schedule.sessions), chunk):
                links = [
                    {
                        "session_id": session_ids[s.guid],
                        "person_id": person_ids[p],
                        "role": role.value,
                        "position": pos,
                    }
                    for s in schedule.sessions[k : k + chunk]
                    for pos, (p, role) in enumerate(s.people())
                ]
                if links:
                    conn.execute(q.SessionPersonRow.__table__.insert(), links)
        if schedule.invites:
            conn.execute(
                q.InviteRow.__table__.insert(),
                [
                    {
                        "event_id": event_id,
                        "person_id": person_ids[i.person],
                        "token": i.token,
                        "created": _iso(i.created),
                        "revoked": _iso(i.revoked),
                    }
                    for i in schedule.invites
                ],
            )
        if schedule.acknowledgements:
            conn.execute(
                q.AcknowledgementRow.__table__.insert(),
                [
                    {"event_id": event_id, "key": a.key, "note": a.note, "created": _iso(a.created)}
                    for a in schedule.acknowledgements
                ],
            )

    def replace_contents(self, slug: str, schedule: Schedule) -> None:
        """Replace rooms, sessions, people, invites and acknowledgements in one transaction
        (a re-import applied); the event row itself is updated from ``schedule.event``."""
        q = _q()
        schedule.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            values = _event_values(schedule.event)
            values["slug"] = slug
            db.execute(q.update(q.EventRow).where(q.EventRow.id == event_id).values(**values))
            for table in (q.AcknowledgementRow, q.InviteRow, q.SessionRow, q.PersonRow, q.RoomRow):
                db.execute(q.delete(table).where(table.event_id == event_id))
            self._insert_contents(db, event_id, schedule)

    def load(self, slug: str) -> Schedule:
        """The whole event. On the window's start-up path: rows are read as tuples of the
        columns needed, and repeated texts (instants, enum values) are decoded once."""
        instants = _Instants()
        with self._read() as conn:
            conn.execute("BEGIN")  # one snapshot for all the reads below
            ev_row = conn.execute(f"SELECT {_EVENT_COLUMNS} FROM event WHERE slug = ?", (slug,)).fetchone()
            if ev_row is None:
                raise StoreError(f"there is no event {slug!r} (planner events lists them)")
            eid = ev_row[0]
            event = _event_from(ev_row)
            room_rows = conn.execute(
                f"SELECT {_ROOM_COLUMNS} FROM room WHERE event_id = ?", (eid,)
            ).fetchall()
            rooms = [_room_from(r) for r in room_rows]
            room_guids = {r[0]: room.guid for r, room in zip(room_rows, rooms, strict=True)}
            person_rows = conn.execute(
                f"SELECT {_PERSON_COLUMNS} FROM person WHERE event_id = ?", (eid,)
            ).fetchall()
            people = [_person_from(r, instants) for r in person_rows]
            person_guids = {r[0]: p.guid for r, p in zip(person_rows, people, strict=True)}
            session_rows = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM session WHERE event_id = ?", (eid,)
            ).fetchall()
            sessions = [_session_from(r, room_guids, instants) for r in session_rows]
            by_id = {r[0]: s for r, s in zip(session_rows, sessions, strict=True)}
            links = conn.execute(
                "SELECT sp.session_id, sp.person_id, sp.role FROM session_person sp"
                " JOIN session s ON s.id = sp.session_id WHERE s.event_id = ?"
                " ORDER BY sp.session_id, sp.position",
                (eid,),
            ).fetchall()
            for sid, pid, role in links:
                s = by_id[sid]
                (s.speakers if role == Role.SPEAKER else s.moderators).append(person_guids[pid])
            invites = [
                Invite(
                    person=person_guids[person_id],
                    token=token,
                    created=instants.get_dt(created) or datetime.now(UTC),
                    revoked=instants.get_dt(revoked),
                )
                for person_id, token, created, revoked in conn.execute(
                    "SELECT person_id, token, created, revoked FROM invite WHERE event_id = ? ORDER BY id",
                    (eid,),
                )
            ]
            acks = [
                Acknowledgement(key=key, note=note, created=instants.get_dt(created) or datetime.now(UTC))
                for key, note, created in conn.execute(
                    "SELECT key, note, created FROM acknowledgement WHERE event_id = ? ORDER BY id", (eid,)
                )
            ]
            conn.execute("COMMIT")
        return Schedule(event, rooms, sessions, people, invites, acks)

    def update_event(self, slug: str, event: Event) -> str:
        """Save the event's own fields; a changed slug is made unique. Return the slug."""
        q = _q()
        event.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            new_slug = slugify(event.slug or event.name)
            if new_slug != slug:
                taken = {
                    r[0] for r in db.execute(q.select(q.EventRow.slug).where(q.EventRow.id != event_id)).all()
                }
                base, n = new_slug, 2
                while new_slug in taken:
                    new_slug = f"{base}-{n}"
                    n += 1
            event.slug = new_slug
            db.execute(q.update(q.EventRow).where(q.EventRow.id == event_id).values(**_event_values(event)))
        return event.slug

    def delete_event(self, slug: str) -> None:
        q = _q()
        with self._tx() as db:
            db.execute(q.delete(q.EventRow).where(q.EventRow.id == self._event_id(db, slug)))

    # ----------------------------------------------------------------- rooms
    def _room_ids(self, db: DbSession, event_id: int) -> dict[str, int]:
        q = _q()
        return {
            g: i
            for i, g in db.execute(
                q.select(q.RoomRow.id, q.RoomRow.guid).where(q.RoomRow.event_id == event_id)
            ).all()
        }

    def save_room(self, slug: str, room: Room) -> None:
        """Insert the room, or q.update it when its guid is known."""
        q = _q()
        room.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            existing = self._room_ids(db, event_id).get(room.guid)
            if existing is None:
                db.execute(q.insert(q.RoomRow).values(event_id=event_id, **_room_values(room)))
            else:
                db.execute(q.update(q.RoomRow).where(q.RoomRow.id == existing).values(**_room_values(room)))

    def delete_room(self, slug: str, room_guid: str) -> None:
        """Remove a room; its sessions stay, unscheduled."""
        q = _q()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            rid = self._room_ids(db, event_id).get(room_guid)
            if rid is None:
                raise StoreError("that room no longer exists")
            db.execute(q.update(q.SessionRow).where(q.SessionRow.room_id == rid).values(start=None))
            db.execute(q.delete(q.RoomRow).where(q.RoomRow.id == rid))

    def reorder_rooms(self, slug: str, guids_in_order: list[str]) -> None:
        q = _q()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            ids = self._room_ids(db, event_id)
            for pos, g in enumerate(guids_in_order):
                db.execute(q.update(q.RoomRow).where(q.RoomRow.id == ids[g]).values(position=pos))

    # ----------------------------------------------------------------- sessions
    def save_sessions(self, slug: str, sessions: Iterable[Session]) -> None:
        """Insert or q.update sessions (with their speakers and moderators), all in one
        transaction: a move of several blocks is saved whole or not at all."""
        q = _q()
        sessions = list(sessions)
        for s in sessions:
            s.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            room_ids = self._room_ids(db, event_id)
            person_ids = {
                g: i
                for i, g in db.execute(
                    q.select(q.PersonRow.id, q.PersonRow.guid).where(q.PersonRow.event_id == event_id)
                ).all()
            }
            session_ids = {
                g: i
                for i, g in db.execute(
                    q.select(q.SessionRow.id, q.SessionRow.guid).where(
                        q.col(q.SessionRow.event_id) == event_id,
                        q.col(q.SessionRow.guid).in_([s.guid for s in sessions]),
                    )
                ).all()
            }
            for s in sessions:
                if s.room is not None and s.room not in room_ids:
                    raise DomainError("room", f"session {s.title!r} names a room that no longer exists")
                values = _session_values(s, room_ids)
                sid = session_ids.get(s.guid)
                if sid is None:
                    res = db.execute(q.insert(q.SessionRow).values(event_id=event_id, **values))
                    sid = int(res.inserted_primary_key[0])
                else:
                    db.execute(q.update(q.SessionRow).where(q.SessionRow.id == sid).values(**values))
                    db.execute(q.delete(q.SessionPersonRow).where(q.SessionPersonRow.session_id == sid))
                links = []
                for pos, (p, role) in enumerate(s.people()):
                    if p not in person_ids:
                        raise DomainError(
                            "people", f"session {s.title!r} names a person who no longer exists"
                        )
                    links.append(
                        {"session_id": sid, "person_id": person_ids[p], "role": role.value, "position": pos}
                    )
                if links:
                    db.execute(q.insert(q.SessionPersonRow), links)

    def save_session(self, slug: str, session: Session) -> None:
        self.save_sessions(slug, [session])

    def delete_sessions(self, slug: str, guids: Iterable[str]) -> None:
        q = _q()
        guids = list(guids)
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(
                q.delete(q.SessionRow).where(
                    q.col(q.SessionRow.event_id) == event_id, q.col(q.SessionRow.guid).in_(guids)
                )
            )

    # ----------------------------------------------------------------- people
    def save_people(self, slug: str, people: Iterable[Person]) -> None:
        q = _q()
        people = list(people)
        for p in people:
            p.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            ids = {
                g: i
                for i, g in db.execute(
                    q.select(q.PersonRow.id, q.PersonRow.guid).where(q.PersonRow.event_id == event_id)
                ).all()
            }
            for p in people:
                if p.guid in ids:
                    db.execute(
                        q.update(q.PersonRow).where(q.PersonRow.id == ids[p.guid]).values(**_person_values(p))
                    )
                else:
                    db.execute(q.insert(q.PersonRow).values(event_id=event_id, **_person_values(p)))

    def delete_people(self, slug: str, guids: Iterable[str]) -> None:
        q = _q()
        guids = list(guids)
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(
                q.delete(q.PersonRow).where(
                    q.col(q.PersonRow.event_id) == event_id, q.col(q.PersonRow.guid).in_(guids)
                )
            )

    # ----------------------------------------------------------------- invites
    def save_invite(self, slug: str, invite: Invite) -> None:
        """Insert an invite, or q.update it (revocation) when its token is known."""
        q = _q()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            pid = db.execute(
                q.select(q.PersonRow.id).where(
                    q.col(q.PersonRow.event_id) == event_id, q.col(q.PersonRow.guid) == invite.person
                )
            ).first()
            if pid is None:
                raise StoreError("that person no longer exists")
            existing = db.execute(q.select(q.InviteRow.id).where(q.InviteRow.token == invite.token)).first()
            values = {
                "event_id": event_id,
                "person_id": pid[0],
                "token": invite.token,
                "created": _iso(invite.created),
                "revoked": _iso(invite.revoked),
            }
            if existing is None:
                db.execute(q.insert(q.InviteRow).values(**values))
            else:
                db.execute(q.update(q.InviteRow).where(q.InviteRow.id == existing[0]).values(**values))

    def save_invites(self, slug: str, invites: Iterable[Invite]) -> None:
        """Insert or q.update several invites (by token) in one transaction: a revoke and
        its re-issue, or the invites made for a whole sheet, are saved whole or not at all."""
        invites = list(invites)
        if not invites:
            return
        q = _q()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            person_ids = {
                g: i
                for i, g in db.execute(
                    q.select(q.PersonRow.id, q.PersonRow.guid).where(q.PersonRow.event_id == event_id)
                ).all()
            }
            tokens = [i.token for i in invites]
            existing = {
                t: i
                for i, t in db.execute(
                    q.select(q.InviteRow.id, q.InviteRow.token).where(q.InviteRow.token.in_(tokens))
                ).all()
            }
            for inv in invites:
                if inv.person not in person_ids:
                    raise StoreError("that person no longer exists")
                values = {
                    "event_id": event_id,
                    "person_id": person_ids[inv.person],
                    "token": inv.token,
                    "created": _iso(inv.created),
                    "revoked": _iso(inv.revoked),
                }
                if inv.token in existing:
                    db.execute(
                        q.update(q.InviteRow).where(q.InviteRow.id == existing[inv.token]).values(**values)
                    )
                else:
                    db.execute(q.insert(q.InviteRow).values(**values))

    # ----------------------------------------------------------------- acknowledgements
    def acknowledge(self, slug: str, ack: Acknowledgement) -> None:
        q = _q()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(
                q.delete(q.AcknowledgementRow).where(
                    q.col(q.AcknowledgementRow.event_id) == event_id,
                    q.col(q.AcknowledgementRow.key) == ack.key,
                )
            )
            db.execute(
                q.insert(q.AcknowledgementRow).values(
                    event_id=event_id, key=ack.key, note=ack.note, created=_iso(ack.created)
                )
            )

    def unacknowledge(self, slug: str, key: str) -> None:
        q = _q()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(
                q.delete(q.AcknowledgementRow).where(
                    q.col(q.AcknowledgementRow.event_id) == event_id, q.col(q.AcknowledgementRow.key) == key
                )
            )
