"""The store: load and save whole events and single edits, each in one transaction.

Every public method that writes commits before it returns (or rolls back and raises):
an edit is on disk the moment the call comes back, and a crash never leaves half of it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
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
from planner.store.rows import (
    SESSION_COLUMNS,
    event_values,
    iso,
    person_values,
    room_values,
    session_rows,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session as DbSession

    from planner.edits import Change, Edit

log = logging.getLogger(__name__)

E = TypeVar("E", bound=StrEnum)


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
class LogEntry:
    """One line of an event's edit log: when (UTC), what kind of edit, the one line a
    person reads, the edit as data (:func:`planner.edits.edit_from_data` reads it) and
    who made it."""

    id: int
    at: datetime
    kind: str
    summary: str
    data: dict[str, Any]
    author: str


@dataclass(frozen=True, slots=True)
class EventSummary:
    slug: str
    name: str
    first_day: date
    last_day: date
    timezone: str
    rooms: int
    sessions: int


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
_LARGE_CACHE_KB = 64 * 1024
_REBUILD_INDEXES_FROM = 50_000  # sessions an import brings before its indexes are rebuilt


@contextmanager
def _foreign_keys_off(conn: Any) -> Iterator[None]:
    """SQLite's foreign-key checks off on ``conn`` (a Connection of the engine, checked out
    by the caller) while the block runs, outside any transaction (SQLite ignores the pragma
    inside one). On again afterwards, checked; a connection where they are not is
    invalidated, so the pool never hands it out again."""
    conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
    conn.commit()  # (the pragma began no transaction in SQLite; end SQL Alchemy's)
    try:
        yield
    finally:
        try:
            if conn.in_transaction():
                conn.rollback()
            conn.exec_driver_sql("PRAGMA foreign_keys = ON")
            on = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
            conn.commit()
        except Exception:  # the connection is broken: it goes, and the error above stays
            on = 0
        if on != 1:
            conn.invalidate()


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
    def read(self) -> Iterator[sqlite3.Connection]:
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
        with self.read() as conn:
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
        with self.read() as conn:
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
        with self.read() as conn:
            taken = {r[0] for r in conn.execute("SELECT slug FROM event")}
        return _free_slug(slugify(wanted), taken)

    def add_schedule(
        self, schedule: Schedule, author: str = "", label: str = "", *, sessions_validated: bool = False
    ) -> str:
        """Save a whole new event (an import, the demo) in one transaction, with the first
        entry of its edit log (the event as created); return its slug.

        The schedule is validated first (:meth:`Schedule.validate`). ``sessions_validated``:
        the caller vouches that ``schedule`` passed that validation and its sessions have
        not changed since (an import's result: the readers' builder validates what it
        builds), so that a 500 000-session import does not check every session twice; the
        event, its rooms and its people, and how the sessions refer to them, are checked
        again all the same (a caller may rename the event).

        The slug is chosen in the transaction that inserts the event, which takes the write
        lock first (BEGIN IMMEDIATE): two processes importing at once wait for each other
        and get two slugs. Should the insert still meet a taken slug, it tries again."""
        from planner.edits import CreateEvent

        q = _q()
        ev = schedule.event
        base = slugify(ev.slug or ev.name)
        ev.slug = base
        schedule.validate(each_session=not sessions_validated)
        for attempt in range(1, _SLUG_ATTEMPTS + 1):
            # The transaction runs on a connection of its own with SQLite's foreign-key checks
            # off (a fifth of a 500 000-session import's inserts): every row it inserts refers
            # to the event it inserts and to rooms, people and sessions it inserted and read
            # back in the same transaction. The checks are on again before the connection goes
            # back to the pool, or the connection is thrown away.
            with self.engine.connect() as conn, _foreign_keys_off(conn), q.DbSession(bind=conn) as db:
                try:
                    db.connection().exec_driver_sql("BEGIN IMMEDIATE")
                    taken = {r[0] for r in db.execute(q.select(q.EventRow.slug)).all()}
                    ev.slug = _free_slug(base, taken)
                    result = db.execute(q.insert(q.EventRow).values(**event_values(ev)))
                    event_id = int(result.inserted_primary_key[0])
                    self._insert_contents(db, event_id, schedule)
                    edit = CreateEvent(schedule, label)
                    self._log(db, event_id, edit, edit.summary(), author)
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
                [{"event_id": event_id, **room_values(r)} for r in schedule.rooms],
            )
        if schedule.people:
            conn.execute(
                q.PersonRow.__table__.insert(),
                [{"event_id": event_id, **person_values(p)} for p in schedule.people],
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
        # Sessions and their people straight through sqlite3's executemany, fed by
        # generators: a large import (500 000 sessions) never holds its rows as a list, and
        # skips SQL Alchemy's per-row parameter processing (the columns are plain text and
        # numbers, the values exactly those session_values gives).
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        # SQLite's page cache (2 MB by default) holds the indexes of a large import while it
        # is inserted in random guid order; without it they are read again and again (half
        # of a 500 000-session import's time). Only a large import gets the larger cache.
        cache = cur.execute("PRAGMA cache_size").fetchone()[0]
        if len(schedule.sessions) > 20_000:
            cur.execute(f"PRAGMA cache_size = {-_LARGE_CACHE_KB}")
        names = ", ".join(f'"{c}"' for c in ("event_id", *SESSION_COLUMNS))
        marks = ", ".join("?" * (len(SESSION_COLUMNS) + 1))
        before = cur.execute("SELECT max(id) FROM session").fetchone()[0] or 0
        # A large import into a store that holds fewer sessions than it brings: the plain
        # (not unique) indexes of the session tables are dropped and made again after the
        # inserts, which sorts once instead of inserting into them row by row (a tenth of a
        # 500 000-session import). All in this transaction: a failed import keeps them.
        rebuilt: list[Any] = []
        if len(schedule.sessions) > _REBUILD_INDEXES_FROM:
            (held,) = cur.execute("SELECT count(*) FROM session").fetchone()
            if held < len(schedule.sessions):
                rebuilt = [
                    i
                    for t in (q.SessionRow.__table__, q.SessionPersonRow.__table__)
                    for i in sorted(t.indexes, key=lambda i: str(i.name))
                    if not i.unique
                ]
                for index in rebuilt:
                    cur.execute(f'DROP INDEX "{index.name}"')
        cur.executemany(
            f"INSERT INTO session ({names}) VALUES ({marks})",
            session_rows(schedule.sessions, room_ids, event_id),
        )
        if any(s.speakers or s.moderators for s in schedule.sessions):
            speaker, moderator = Role.SPEAKER.value, Role.MODERATOR.value
            # SQLite gives a new row the largest id plus one (and this transaction holds the
            # write lock): the sessions got the ids after the largest before, in the order
            # they were inserted. When the event's ids are exactly those, no need to read
            # them back; otherwise (once a table holds the largest id SQLite has, new ids
            # are chosen at random) they are read back by guid.
            n = len(schedule.sessions)
            first = before + 1
            span = cur.execute(
                "SELECT min(id), max(id), count(*) FROM session WHERE event_id = ?", (event_id,)
            ).fetchone()
            sids: Iterable[int]
            if tuple(span) == (first, first + n - 1, n):
                sids = range(first, first + n)
            else:
                by_guid = dict(cur.execute("SELECT guid, id FROM session WHERE event_id = ?", (event_id,)))
                sids = [by_guid[s.guid] for s in schedule.sessions]

            def links() -> Iterator[tuple[int, int, str, int]]:
                for sid, s in zip(sids, schedule.sessions, strict=True):
                    pos = 0
                    for p in s.speakers:
                        yield sid, person_ids[p], speaker, pos
                        pos += 1
                    for p in s.moderators:
                        yield sid, person_ids[p], moderator, pos
                        pos += 1

            cur.executemany(
                "INSERT INTO session_person (session_id, person_id, role, position) VALUES (?, ?, ?, ?)",
                links(),
            )
        cur.execute(f"PRAGMA cache_size = {int(cache)}")  # (the index sorts keep to it too)
        if rebuilt:
            from sqlalchemy.schema import CreateIndex

            for index in rebuilt:
                cur.execute(str(CreateIndex(index).compile(dialect=conn.dialect)))
        cur.close()
        if schedule.invites:
            conn.execute(
                q.InviteRow.__table__.insert(),
                [
                    {
                        "event_id": event_id,
                        "person_id": person_ids[i.person],
                        "token": i.token,
                        "created": iso(i.created),
                        "revoked": iso(i.revoked),
                    }
                    for i in schedule.invites
                ],
            )
        if schedule.acknowledgements:
            conn.execute(
                q.AcknowledgementRow.__table__.insert(),
                [
                    {"event_id": event_id, "key": a.key, "note": a.note, "created": iso(a.created)}
                    for a in schedule.acknowledgements
                ],
            )

    def load(self, slug: str) -> Schedule:
        """The whole event. On the window's start-up path: rows are read as tuples of the
        columns needed, and repeated texts (instants, enum values) are decoded once."""
        instants = _Instants()
        with self.read() as conn:
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

    def delete_event(self, slug: str) -> None:
        q = _q()
        with self._tx() as db:
            db.execute(q.delete(q.EventRow).where(q.EventRow.id == self._event_id(db, slug)))

    # ----------------------------------------------------------------- edits
    def apply(
        self,
        slug: str,
        edit: Edit,
        author: str = "",
        note: str = "",
        then: Callable[[Any], None] | None = None,
    ) -> Change:
        """Write ``edit`` to the event ``slug`` and append it to the event's edit log, in
        one transaction: both happen, or (when the store or the domain refuses the edit,
        with StoreError or DomainError) neither. ``note`` goes before the logged summary
        (the window's "Undo: ", "Redo: "). ``then(connection)`` runs inside the same
        transaction after the edit is written (a shared event's document update is saved
        with its edit so: planner.team.replica.Replica.writing). Return what changed."""
        from planner.edits import Names
        from planner.store.writer import TxWriter

        with self._tx() as db:
            event_id = self._event_id(db, slug)
            writer = TxWriter(db, event_id)
            summary = note + edit.summary(Names(*writer.names()))  # before: names of what goes
            edit.write(writer)
            if then is not None:
                then(db.connection())
            self._log(db, event_id, edit, summary, author)
        return edit.change()

    def _log(self, db: DbSession, event_id: int, edit: Edit, summary: str, author: str) -> None:
        q = _q()
        db.execute(
            q.insert(q.EditLogRow).values(
                event_id=event_id,
                at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                kind=edit.KIND,
                summary=summary,
                data=edit.to_json(),
                author=author,
            )
        )

    def edit_log(self, slug: str, limit: int | None = None) -> list[LogEntry]:
        """The event's edit log, newest first (at most ``limit`` entries)."""
        with self.read() as conn:
            row = conn.execute("SELECT id FROM event WHERE slug = ?", (slug,)).fetchone()
            if row is None:
                raise StoreError(f"there is no event {slug!r} (planner events lists them)")
            sql = (
                "SELECT id, at, kind, summary, data, author FROM edit_log WHERE event_id = ? ORDER BY id DESC"
            )
            args: tuple[Any, ...] = (row[0],)
            if limit is not None:
                sql += " LIMIT ?"
                args += (int(limit),)
            rows = conn.execute(sql, args).fetchall()
        return [
            LogEntry(r[0], datetime.fromisoformat(r[1]).astimezone(UTC), r[2], r[3], json.loads(r[4]), r[5])
            for r in rows
        ]

    def free_slug(self, wanted: str, slug: str) -> str:
        """A slug for the event ``slug`` renamed to ``wanted`` that no other event has."""
        base = slugify(wanted)
        with self.read() as conn:
            taken = {r[0] for r in conn.execute("SELECT slug FROM event WHERE slug != ?", (slug,))}
        new, n = base, 2
        while new in taken:
            new = f"{base}-{n}"
            n += 1
        return new
