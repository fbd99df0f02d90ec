"""The store: load and save whole events and single edits, each in one transaction.

Every public method that writes commits before it returns (or rolls back and raises):
an edit is on disk the moment the call comes back, and a crash never leaves half of it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session as DbSession

from planner.domain.model import (
    UTC,
    Acknowledgement,
    DomainError,
    Event,
    Interval,
    Invite,
    Person,
    PersonRole,
    Role,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
    slugify,
)
from planner.store.db import StoreError, default_db_path, open_engine
from planner.store.tables import (
    AcknowledgementRow,
    EventRow,
    InviteRow,
    PersonRow,
    RoomRow,
    SessionPersonRow,
    SessionRow,
)

log = logging.getLogger(__name__)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).astimezone(UTC)


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
    }


def _event_from(row: Any) -> Event:
    return Event(
        guid=row.guid,
        slug=row.slug,
        name=row.name,
        description=row.description,
        first_day=date.fromisoformat(row.first_day),
        last_day=date.fromisoformat(row.last_day),
        timezone=row.timezone,
        cover_image=row.cover_image,
        invite_base_url=row.invite_base_url,
        invite_template=row.invite_template,
        slot_minutes=row.slot_minutes,
        day_start_minute=row.day_start_minute,
        day_end_minute=row.day_end_minute,
        rule_severities=json.loads(row.rule_severities or "{}"),
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
    }


def _room_from(row: Any) -> Room:
    return Room(
        guid=row.guid,
        name=row.name,
        position=row.position,
        capacity=row.capacity,
        kind=RoomKind(row.kind),
        allow_parallel=bool(row.allow_parallel),
        changeover_minutes=row.changeover_minutes,
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


def _person_from(row: Any) -> Person:
    windows = []
    for a, b in json.loads(row.availability or "[]"):
        sa, sb = _dt(a), _dt(b)
        assert sa is not None and sb is not None
        windows.append(Interval(sa, sb))
    return Person(
        guid=row.guid,
        name=row.name,
        email=row.email,
        organisation=row.organisation,
        timezone=row.timezone,
        role=PersonRole(row.role),
        availability=windows,
        extra=json.loads(row.extra or "{}"),
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
    }


def _session_from(row: Any, room_guids: dict[int, str]) -> Session:
    return Session(
        guid=row.guid,
        title=row.title,
        description=row.description,
        kind=SessionKind(row.kind),
        start=_dt(row.start),
        duration_minutes=row.duration_minutes,
        room=room_guids.get(row.room_id) if row.room_id is not None else None,
        participant_limit=row.participant_limit,
        track=row.track,
        status=SessionStatus(row.status),
        language=row.language,
        extra=json.loads(row.extra or "{}"),
        rehearsal_for=row.rehearsal_for,
        checklist=json.loads(row.checklist or "{}"),
        actual_start=_dt(row.actual_start),
        actual_end=_dt(row.actual_end),
    )


class Store:
    """One planner database file. Create with :meth:`open`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.engine = open_engine(self.path)

    @classmethod
    def open(cls, path: Path | str | None = None) -> Store:
        return cls(Path(path) if path is not None else default_db_path())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[DbSession]:
        """One transaction: committed on success, rolled back (and explained) on error."""
        with DbSession(self.engine) as db:
            try:
                yield db
                db.commit()
            except IntegrityError as exc:
                db.rollback()
                raise StoreError(f"the edit breaks a rule of the store: {exc.orig}") from exc
            except OperationalError as exc:
                db.rollback()
                raise StoreError(f"the database could not be written: {exc.orig}") from exc
            except BaseException:
                db.rollback()
                raise

    # ----------------------------------------------------------------- events
    def list_events(self) -> list[EventSummary]:
        with DbSession(self.engine) as db:
            rows = db.execute(
                select(EventRow.id, EventRow.slug, EventRow.name, EventRow.first_day,
                       EventRow.last_day, EventRow.timezone).order_by(EventRow.first_day, EventRow.name)
            ).all()
            out = []
            for r in rows:
                n_rooms = db.execute(select(RoomRow.id).where(RoomRow.event_id == r.id)).all()
                n_sessions = db.execute(select(SessionRow.id).where(SessionRow.event_id == r.id)).all()
                out.append(EventSummary(r.slug, r.name, date.fromisoformat(r.first_day),
                                        date.fromisoformat(r.last_day), r.timezone,
                                        len(n_rooms), len(n_sessions)))
            return out

    def has_events(self) -> bool:
        with DbSession(self.engine) as db:
            return db.execute(select(EventRow.id).limit(1)).first() is not None

    def _event_id(self, db: DbSession, slug: str) -> int:
        row = db.execute(select(EventRow.id).where(EventRow.slug == slug)).first()
        if row is None:
            raise StoreError(f"there is no event {slug!r} (planner events lists them)")
        return int(row[0])

    def unique_slug(self, wanted: str) -> str:
        base = slugify(wanted)
        with DbSession(self.engine) as db:
            taken = {r[0] for r in db.execute(select(EventRow.slug)).all()}
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        return slug

    def add_schedule(self, schedule: Schedule) -> str:
        """Save a whole new event (an import, the demo) in one transaction; return its slug."""
        ev = schedule.event
        ev.slug = self.unique_slug(ev.slug or ev.name)
        schedule.validate()
        with self._tx() as db:
            result = db.execute(insert(EventRow).values(**_event_values(ev)))
            event_id = int(result.inserted_primary_key[0])  # type: ignore[index]
            self._insert_contents(db, event_id, schedule)
        log.info("saved event %s: %d rooms, %d sessions, %d people", ev.slug,
                 len(schedule.rooms), len(schedule.sessions), len(schedule.people))
        return ev.slug

    def _insert_contents(self, db: DbSession, event_id: int, schedule: Schedule) -> None:
        if schedule.rooms:
            db.execute(insert(RoomRow), [{"event_id": event_id, **_room_values(r)} for r in schedule.rooms])
        if schedule.people:
            db.execute(insert(PersonRow), [{"event_id": event_id, **_person_values(p)} for p in schedule.people])
        room_ids = {g: i for i, g in db.execute(
            select(RoomRow.id, RoomRow.guid).where(RoomRow.event_id == event_id)).all()}
        person_ids = {g: i for i, g in db.execute(
            select(PersonRow.id, PersonRow.guid).where(PersonRow.event_id == event_id)).all()}
        if schedule.sessions:
            db.execute(insert(SessionRow),
                       [{"event_id": event_id, **_session_values(s, room_ids)} for s in schedule.sessions])
            session_ids = {g: i for i, g in db.execute(
                select(SessionRow.id, SessionRow.guid).where(SessionRow.event_id == event_id)).all()}
            links = [
                {"session_id": session_ids[s.guid], "person_id": person_ids[p], "role": role.value,
                 "position": pos}
                for s in schedule.sessions
                for pos, (p, role) in enumerate(s.people())
            ]
            if links:
                db.execute(insert(SessionPersonRow), links)
        if schedule.invites:
            db.execute(insert(InviteRow), [
                {"event_id": event_id, "person_id": person_ids[i.person], "token": i.token,
                 "created": _iso(i.created), "revoked": _iso(i.revoked)} for i in schedule.invites])
        if schedule.acknowledgements:
            db.execute(insert(AcknowledgementRow), [
                {"event_id": event_id, "key": a.key, "note": a.note, "created": _iso(a.created)}
                for a in schedule.acknowledgements])

    def replace_contents(self, slug: str, schedule: Schedule) -> None:
        """Replace rooms, sessions, people, invites and acknowledgements in one transaction
        (a re-import applied); the event row itself is updated from ``schedule.event``."""
        schedule.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            values = _event_values(schedule.event)
            values["slug"] = slug
            db.execute(update(EventRow).where(EventRow.id == event_id).values(**values))
            for table in (AcknowledgementRow, InviteRow, SessionRow, PersonRow, RoomRow):
                db.execute(delete(table).where(table.event_id == event_id))  # type: ignore[attr-defined]
            self._insert_contents(db, event_id, schedule)

    def load(self, slug: str) -> Schedule:
        with DbSession(self.engine) as db:
            ev_row = db.execute(select(EventRow).where(EventRow.slug == slug)).scalars().first()
            if ev_row is None:
                raise StoreError(f"there is no event {slug!r} (planner events lists them)")
            eid = ev_row.id
            event = _event_from(ev_row)
            room_rows = db.execute(select(RoomRow).where(RoomRow.event_id == eid)).scalars().all()
            rooms = [_room_from(r) for r in room_rows]
            room_guids = {r.id: r.guid for r in room_rows}
            person_rows = db.execute(select(PersonRow).where(PersonRow.event_id == eid)).scalars().all()
            people = [_person_from(r) for r in person_rows]
            person_guids = {r.id: r.guid for r in person_rows}
            session_rows = db.execute(select(SessionRow).where(SessionRow.event_id == eid)).scalars().all()
            sessions = [_session_from(r, room_guids) for r in session_rows]
            by_id = {r.id: s for r, s in zip(session_rows, sessions, strict=True)}
            links = db.execute(
                select(SessionPersonRow.session_id, SessionPersonRow.person_id, SessionPersonRow.role)
                .join(SessionRow, SessionRow.id == SessionPersonRow.session_id)
                .where(SessionRow.event_id == eid)
                .order_by(SessionPersonRow.session_id, SessionPersonRow.position)
            ).all()
            for sid, pid, role in links:
                s = by_id[sid]
                (s.speakers if role == Role.SPEAKER.value else s.moderators).append(person_guids[pid])
            invites = [
                Invite(person=person_guids[r.person_id], token=r.token,
                       created=_dt(r.created) or datetime.now(UTC), revoked=_dt(r.revoked))
                for r in db.execute(select(InviteRow).where(InviteRow.event_id == eid)).scalars().all()
            ]
            acks = [
                Acknowledgement(key=r.key, note=r.note, created=_dt(r.created) or datetime.now(UTC))
                for r in db.execute(
                    select(AcknowledgementRow).where(AcknowledgementRow.event_id == eid)).scalars().all()
            ]
        return Schedule(event, rooms, sessions, people, invites, acks)

    def update_event(self, slug: str, event: Event) -> str:
        """Save the event's own fields; a changed slug is made unique. Return the slug."""
        event.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            new_slug = slugify(event.slug or event.name)
            if new_slug != slug:
                taken = {r[0] for r in db.execute(select(EventRow.slug).where(EventRow.id != event_id)).all()}
                base, n = new_slug, 2
                while new_slug in taken:
                    new_slug = f"{base}-{n}"
                    n += 1
            event.slug = new_slug
            db.execute(update(EventRow).where(EventRow.id == event_id).values(**_event_values(event)))
        return event.slug

    def delete_event(self, slug: str) -> None:
        with self._tx() as db:
            db.execute(delete(EventRow).where(EventRow.id == self._event_id(db, slug)))

    # ----------------------------------------------------------------- rooms
    def _room_ids(self, db: DbSession, event_id: int) -> dict[str, int]:
        return {g: i for i, g in db.execute(
            select(RoomRow.id, RoomRow.guid).where(RoomRow.event_id == event_id)).all()}

    def save_room(self, slug: str, room: Room) -> None:
        """Insert the room, or update it when its guid is known."""
        room.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            existing = self._room_ids(db, event_id).get(room.guid)
            if existing is None:
                db.execute(insert(RoomRow).values(event_id=event_id, **_room_values(room)))
            else:
                db.execute(update(RoomRow).where(RoomRow.id == existing).values(**_room_values(room)))

    def delete_room(self, slug: str, room_guid: str) -> None:
        """Remove a room; its sessions stay, unscheduled."""
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            rid = self._room_ids(db, event_id).get(room_guid)
            if rid is None:
                raise StoreError("that room no longer exists")
            db.execute(update(SessionRow).where(SessionRow.room_id == rid).values(start=None))
            db.execute(delete(RoomRow).where(RoomRow.id == rid))

    def reorder_rooms(self, slug: str, guids_in_order: list[str]) -> None:
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            ids = self._room_ids(db, event_id)
            for pos, g in enumerate(guids_in_order):
                db.execute(update(RoomRow).where(RoomRow.id == ids[g]).values(position=pos))

    # ----------------------------------------------------------------- sessions
    def save_sessions(self, slug: str, sessions: Iterable[Session]) -> None:
        """Insert or update sessions (with their speakers and moderators), all in one
        transaction: a move of several blocks is saved whole or not at all."""
        sessions = list(sessions)
        for s in sessions:
            s.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            room_ids = self._room_ids(db, event_id)
            person_ids = {g: i for i, g in db.execute(
                select(PersonRow.id, PersonRow.guid).where(PersonRow.event_id == event_id)).all()}
            session_ids = {g: i for i, g in db.execute(
                select(SessionRow.id, SessionRow.guid).where(
                    SessionRow.event_id == event_id,
                    SessionRow.guid.in_([s.guid for s in sessions]))).all()}  # type: ignore[attr-defined]
            for s in sessions:
                if s.room is not None and s.room not in room_ids:
                    raise DomainError("room", f"session {s.title!r} names a room that no longer exists")
                values = _session_values(s, room_ids)
                sid = session_ids.get(s.guid)
                if sid is None:
                    res = db.execute(insert(SessionRow).values(event_id=event_id, **values))
                    sid = int(res.inserted_primary_key[0])  # type: ignore[index]
                else:
                    db.execute(update(SessionRow).where(SessionRow.id == sid).values(**values))
                    db.execute(delete(SessionPersonRow).where(SessionPersonRow.session_id == sid))
                links = []
                for pos, (p, role) in enumerate(s.people()):
                    if p not in person_ids:
                        raise DomainError("people", f"session {s.title!r} names a person who no longer exists")
                    links.append({"session_id": sid, "person_id": person_ids[p], "role": role.value,
                                  "position": pos})
                if links:
                    db.execute(insert(SessionPersonRow), links)

    def save_session(self, slug: str, session: Session) -> None:
        self.save_sessions(slug, [session])

    def delete_sessions(self, slug: str, guids: Iterable[str]) -> None:
        guids = list(guids)
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(delete(SessionRow).where(
                SessionRow.event_id == event_id, SessionRow.guid.in_(guids)))  # type: ignore[attr-defined]

    # ----------------------------------------------------------------- people
    def save_people(self, slug: str, people: Iterable[Person]) -> None:
        people = list(people)
        for p in people:
            p.validate()
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            ids = {g: i for i, g in db.execute(
                select(PersonRow.id, PersonRow.guid).where(PersonRow.event_id == event_id)).all()}
            for p in people:
                if p.guid in ids:
                    db.execute(update(PersonRow).where(PersonRow.id == ids[p.guid]).values(**_person_values(p)))
                else:
                    db.execute(insert(PersonRow).values(event_id=event_id, **_person_values(p)))

    def delete_people(self, slug: str, guids: Iterable[str]) -> None:
        guids = list(guids)
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(delete(PersonRow).where(
                PersonRow.event_id == event_id, PersonRow.guid.in_(guids)))  # type: ignore[attr-defined]

    # ----------------------------------------------------------------- invites
    def save_invite(self, slug: str, invite: Invite) -> None:
        """Insert an invite, or update it (revocation) when its token is known."""
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            pid = db.execute(select(PersonRow.id).where(
                PersonRow.event_id == event_id, PersonRow.guid == invite.person)).first()
            if pid is None:
                raise StoreError("that person no longer exists")
            existing = db.execute(select(InviteRow.id).where(InviteRow.token == invite.token)).first()
            values = {"event_id": event_id, "person_id": pid[0], "token": invite.token,
                      "created": _iso(invite.created), "revoked": _iso(invite.revoked)}
            if existing is None:
                db.execute(insert(InviteRow).values(**values))
            else:
                db.execute(update(InviteRow).where(InviteRow.id == existing[0]).values(**values))

    def save_invites(self, slug: str, invites: Iterable[Invite]) -> None:
        """Insert or update several invites (by token) in one transaction: a revoke and
        its re-issue, or the invites made for a whole sheet, are saved whole or not at all."""
        invites = list(invites)
        if not invites:
            return
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            person_ids = {g: i for i, g in db.execute(
                select(PersonRow.id, PersonRow.guid).where(PersonRow.event_id == event_id)).all()}
            tokens = [i.token for i in invites]
            existing = {t: i for i, t in db.execute(select(InviteRow.id, InviteRow.token).where(
                InviteRow.token.in_(tokens))).all()}  # type: ignore[attr-defined]
            for inv in invites:
                if inv.person not in person_ids:
                    raise StoreError("that person no longer exists")
                values = {"event_id": event_id, "person_id": person_ids[inv.person], "token": inv.token,
                          "created": _iso(inv.created), "revoked": _iso(inv.revoked)}
                if inv.token in existing:
                    db.execute(update(InviteRow).where(InviteRow.id == existing[inv.token]).values(**values))
                else:
                    db.execute(insert(InviteRow).values(**values))

    # ----------------------------------------------------------------- acknowledgements
    def acknowledge(self, slug: str, ack: Acknowledgement) -> None:
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(delete(AcknowledgementRow).where(
                AcknowledgementRow.event_id == event_id, AcknowledgementRow.key == ack.key))
            db.execute(insert(AcknowledgementRow).values(
                event_id=event_id, key=ack.key, note=ack.note, created=_iso(ack.created)))

    def unacknowledge(self, slug: str, key: str) -> None:
        with self._tx() as db:
            event_id = self._event_id(db, slug)
            db.execute(delete(AcknowledgementRow).where(
                AcknowledgementRow.event_id == event_id, AcknowledgementRow.key == key))
