"""The store's side of an edit: every write the store does for an edit, inside the one
transaction that :meth:`planner.store.repo.Store.apply` opens (it implements the
:class:`planner.edits.Writer` protocol). Imported on the first write, with SQLAlchemy.

A write the store cannot hold raises :class:`StoreError` or :class:`DomainError` with a
sentence; the transaction around it is then rolled back, so nothing is half-written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import (
    UTC,
    Acknowledgement,
    DomainError,
    Event,
    Invite,
    Person,
    Room,
    Session,
    slugify,
)
from planner.domain.run_of_show import Incident
from planner.store import _sql
from planner.store.db import StoreError
from planner.store.rows import event_values, iso, person_values, room_values, session_values

q: Any = _sql  # the SQL toolkit and our tables (typed loosely, as in repo._q)


class TxWriter:
    """Writes one event's rows in an open transaction ``db``."""

    def __init__(self, db: Any, event_id: int) -> None:
        self.db = db
        self.event_id = event_id

    # ------------------------------------------------------------- lookups
    def _ids(self, table: Any) -> dict[str, int]:
        rows = self.db.execute(q.select(table.id, table.guid).where(table.event_id == self.event_id)).all()
        return {g: i for i, g in rows}

    def names(self) -> tuple[str, dict[str, str], dict[str, str]]:
        """The event's zone, its rooms' and people's names by guid (for summaries)."""
        tz = self.db.execute(q.select(q.EventRow.timezone).where(q.EventRow.id == self.event_id)).one()[0]
        rooms = self.db.execute(
            q.select(q.RoomRow.guid, q.RoomRow.name).where(q.RoomRow.event_id == self.event_id)
        )
        people = self.db.execute(
            q.select(q.PersonRow.guid, q.PersonRow.name).where(q.PersonRow.event_id == self.event_id)
        )
        return str(tz), {g: n for g, n in rooms.all()}, {g: n for g, n in people.all()}

    # ------------------------------------------------------------- the event
    def update_event(self, event: Event) -> None:
        event.validate()
        if slugify(event.slug, "") != event.slug:
            raise DomainError("slug", f"{event.slug!r} is not a slug (lowercase letters, digits and -)")
        taken = self.db.execute(
            q.select(q.EventRow.id).where(q.EventRow.slug == event.slug, q.EventRow.id != self.event_id)
        ).first()
        if taken is not None:
            raise StoreError(f"another event is already called {event.slug!r}")
        self.db.execute(
            q.update(q.EventRow).where(q.EventRow.id == self.event_id).values(**event_values(event))
        )

    # ------------------------------------------------------------- rooms
    def save_rooms(self, rooms: Sequence[Room]) -> None:
        ids = self._ids(q.RoomRow)
        for room in rooms:
            room.validate()
            if room.guid in ids:
                self.db.execute(
                    q.update(q.RoomRow).where(q.RoomRow.id == ids[room.guid]).values(**room_values(room))
                )
            else:
                self.db.execute(q.insert(q.RoomRow).values(event_id=self.event_id, **room_values(room)))

    def delete_rooms(self, guids: Sequence[str]) -> None:
        ids = self._ids(q.RoomRow)
        for g in guids:
            if g not in ids:
                raise StoreError("that room no longer exists")
            self.db.execute(q.update(q.SessionRow).where(q.SessionRow.room_id == ids[g]).values(start=None))
            self.db.execute(q.delete(q.RoomRow).where(q.RoomRow.id == ids[g]))

    def set_room_positions(self, positions: Mapping[str, int]) -> None:
        ids = self._ids(q.RoomRow)
        for g, pos in positions.items():
            if g not in ids:
                raise StoreError("that room no longer exists")
            self.db.execute(q.update(q.RoomRow).where(q.RoomRow.id == ids[g]).values(position=pos))

    # ------------------------------------------------------------- sessions
    def save_sessions(self, sessions: Sequence[Session]) -> None:
        for s in sessions:
            s.validate()
        room_ids = self._ids(q.RoomRow)
        person_ids = self._ids(q.PersonRow)
        session_ids = {
            g: i
            for i, g in self.db.execute(
                q.select(q.SessionRow.id, q.SessionRow.guid).where(
                    q.col(q.SessionRow.event_id) == self.event_id,
                    q.col(q.SessionRow.guid).in_([s.guid for s in sessions]),
                )
            ).all()
        }
        for s in sessions:
            if s.room is not None and s.room not in room_ids:
                raise DomainError("room", f"session {s.title!r} names a room that no longer exists")
            values = session_values(s, room_ids)
            sid = session_ids.get(s.guid)
            if sid is None:
                res = self.db.execute(q.insert(q.SessionRow).values(event_id=self.event_id, **values))
                sid = int(res.inserted_primary_key[0])
            else:
                self.db.execute(q.update(q.SessionRow).where(q.SessionRow.id == sid).values(**values))
                self.db.execute(q.delete(q.SessionPersonRow).where(q.SessionPersonRow.session_id == sid))
            links = []
            for pos, (p, role) in enumerate(s.people()):
                if p not in person_ids:
                    raise DomainError("people", f"session {s.title!r} names a person who no longer exists")
                links.append(
                    {"session_id": sid, "person_id": person_ids[p], "role": role.value, "position": pos}
                )
            if links:
                self.db.execute(q.insert(q.SessionPersonRow), links)

    def delete_sessions(self, guids: Sequence[str]) -> None:
        self.db.execute(
            q.delete(q.SessionRow).where(
                q.col(q.SessionRow.event_id) == self.event_id, q.col(q.SessionRow.guid).in_(list(guids))
            )
        )

    def set_checklist(self, guid: str, checklist: Mapping[str, bool]) -> None:
        res = self.db.execute(
            q.update(q.SessionRow)
            .where(q.col(q.SessionRow.event_id) == self.event_id, q.col(q.SessionRow.guid) == guid)
            .values(checklist=json.dumps(dict(checklist)))
        )
        if res.rowcount != 1:
            raise StoreError("that session no longer exists")

    # ------------------------------------------------------------- people
    def save_people(self, people: Sequence[Person]) -> None:
        ids = self._ids(q.PersonRow)
        for p in people:
            p.validate()
            if p.guid in ids:
                self.db.execute(
                    q.update(q.PersonRow).where(q.PersonRow.id == ids[p.guid]).values(**person_values(p))
                )
            else:
                self.db.execute(q.insert(q.PersonRow).values(event_id=self.event_id, **person_values(p)))

    def delete_people(self, guids: Sequence[str]) -> None:
        self.db.execute(
            q.delete(q.PersonRow).where(
                q.col(q.PersonRow.event_id) == self.event_id, q.col(q.PersonRow.guid).in_(list(guids))
            )
        )

    # ------------------------------------------------------------- invites
    def save_invites(self, invites: Sequence[Invite]) -> None:
        person_ids = self._ids(q.PersonRow)
        existing = {
            t: i
            for i, t in self.db.execute(
                q.select(q.InviteRow.id, q.InviteRow.token).where(
                    q.col(q.InviteRow.token).in_([i.token for i in invites])
                )
            ).all()
        }
        for inv in invites:
            if inv.person not in person_ids:
                raise StoreError("that person no longer exists")
            values = {
                "event_id": self.event_id,
                "person_id": person_ids[inv.person],
                "token": inv.token,
                "created": iso(inv.created),
                "revoked": iso(inv.revoked),
            }
            if inv.token in existing:
                self.db.execute(
                    q.update(q.InviteRow).where(q.InviteRow.id == existing[inv.token]).values(**values)
                )
            else:
                self.db.execute(q.insert(q.InviteRow).values(**values))

    def delete_invites(self, tokens: Sequence[str]) -> None:
        self.db.execute(
            q.delete(q.InviteRow).where(
                q.col(q.InviteRow.event_id) == self.event_id, q.col(q.InviteRow.token).in_(list(tokens))
            )
        )

    # ------------------------------------------------------------- acknowledgements
    def save_acknowledgements(self, acks: Sequence[Acknowledgement]) -> None:
        self.delete_acknowledgements([a.key for a in acks])
        self.db.execute(
            q.insert(q.AcknowledgementRow),
            [
                {"event_id": self.event_id, "key": a.key, "note": a.note, "created": iso(a.created)}
                for a in acks
            ],
        )

    def delete_acknowledgements(self, keys: Sequence[str]) -> None:
        self.db.execute(
            q.delete(q.AcknowledgementRow).where(
                q.col(q.AcknowledgementRow.event_id) == self.event_id,
                q.col(q.AcknowledgementRow.key).in_(list(keys)),
            )
        )

    # ------------------------------------------------------------- the run of show
    def save_incidents(self, incidents: Sequence[Incident]) -> None:
        for i in incidents:
            i.validate()
        self.delete_incidents([i.guid for i in incidents])
        self.db.execute(
            q.insert(q.IncidentRow),
            [
                {
                    "event_id": self.event_id,
                    "guid": i.guid,
                    "at": i.at.astimezone(UTC).isoformat(),
                    "room_guid": i.room,
                    "text": i.text.strip(),
                }
                for i in incidents
            ],
        )

    def delete_incidents(self, guids: Sequence[str]) -> None:
        self.db.execute(
            q.delete(q.IncidentRow).where(
                q.col(q.IncidentRow.event_id) == self.event_id, q.col(q.IncidentRow.guid).in_(list(guids))
            )
        )

    # ------------------------------------------------------------- afterwards
    def save_attendance(self, rows: Sequence[Attendance]) -> None:
        for a in rows:
            a.validate()
        self.delete_attendance([a.session for a in rows])
        self.db.execute(
            q.insert(q.AttendanceRow),
            [
                {
                    "event_id": self.event_id,
                    "session_guid": a.session,
                    "registered": a.registered,
                    "attended": a.attended,
                    "peak_viewers": a.peak_viewers,
                    "avg_minutes": a.avg_minutes,
                }
                for a in rows
            ],
        )

    def delete_attendance(self, session_guids: Sequence[str]) -> None:
        self.db.execute(
            q.delete(q.AttendanceRow).where(
                q.col(q.AttendanceRow.event_id) == self.event_id,
                q.col(q.AttendanceRow.session_guid).in_(list(session_guids)),
            )
        )

    def replace_feedback(self, items: Sequence[Feedback]) -> None:
        for f in items:
            f.validate()
        self.db.execute(q.delete(q.FeedbackRow).where(q.col(q.FeedbackRow.event_id) == self.event_id))
        if items:
            self.db.execute(
                q.insert(q.FeedbackRow),
                [
                    {
                        "event_id": self.event_id,
                        "session_guid": f.session,
                        "rating": f.rating,
                        "comment": f.comment,
                    }
                    for f in items
                ],
            )
