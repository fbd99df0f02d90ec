"""Saving and loading what happened: attendance, feedback and the incident log (schema 3).

Each write is one transaction, like every write of :class:`planner.store.repo.Store`: an
import is saved whole or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session as DbSession

from planner.domain.analytics import Attendance, Feedback
from planner.domain.live import Incident
from planner.domain.model import UTC
from planner.store.repo import Store
from planner.store.tables import AttendanceRow, EventRow, FeedbackRow, IncidentRow

log = logging.getLogger(__name__)

# The tables' columns, typed loosely: SQLModel's class attributes read as plain values to
# a type checker, and these are SQL expressions.
_A: Any = AttendanceRow.__table__.c  # type: ignore[attr-defined]
_F: Any = FeedbackRow.__table__.c  # type: ignore[attr-defined]
_I: Any = IncidentRow.__table__.c  # type: ignore[attr-defined]
_E: Any = EventRow.__table__.c  # type: ignore[attr-defined]


def _event_id(db: DbSession, store: Store, slug: str) -> int:
    return store._event_id(db, slug)


def save_attendance(store: Store, slug: str, rows: Iterable[Attendance]) -> int:
    """Insert or replace the attendance of the given sessions; return how many."""
    rows = list(rows)
    for a in rows:
        a.validate()
    with store._tx() as db:
        event_id = _event_id(db, store, slug)
        guids = [a.session for a in rows]
        if guids:
            db.execute(delete(AttendanceRow).where(
                _A.event_id == event_id,
                _A.session_guid.in_(guids)))
            db.execute(insert(AttendanceRow), [
                {"event_id": event_id, "session_guid": a.session, "registered": a.registered,
                 "attended": a.attended, "peak_viewers": a.peak_viewers, "avg_minutes": a.avg_minutes}
                for a in rows])
    log.info("saved attendance of %d sessions of %s", len(rows), slug)
    return len(rows)


def load_attendance(store: Store, slug: str) -> list[Attendance]:
    with DbSession(store.engine) as db:
        event_id = _event_id(db, store, slug)
        rows = db.execute(select(AttendanceRow).where(_A.event_id == event_id)
                          .order_by(_A.id)).scalars().all()
        return [Attendance(r.session_guid, r.registered, r.attended, r.peak_viewers, r.avg_minutes)
                for r in rows]


def save_feedback(store: Store, slug: str, items: Iterable[Feedback], *, replace: bool = True) -> int:
    """Save ratings; with ``replace`` the event's earlier ratings go first (a re-import
    of the same form does not count twice). Return how many were saved."""
    items = list(items)
    for f in items:
        f.validate()
    with store._tx() as db:
        event_id = _event_id(db, store, slug)
        if replace:
            db.execute(delete(FeedbackRow).where(_F.event_id == event_id))
        if items:
            db.execute(insert(FeedbackRow), [
                {"event_id": event_id, "session_guid": f.session, "rating": f.rating, "comment": f.comment}
                for f in items])
    log.info("saved %d ratings of %s", len(items), slug)
    return len(items)


def load_feedback(store: Store, slug: str) -> list[Feedback]:
    with DbSession(store.engine) as db:
        event_id = _event_id(db, store, slug)
        rows = db.execute(select(FeedbackRow).where(_F.event_id == event_id)
                          .order_by(_F.id)).scalars().all()
        return [Feedback(r.session_guid, r.rating, r.comment) for r in rows]


def save_incident(store: Store, slug: str, incident: Incident) -> None:
    """Insert an incident, or replace it when its guid is known."""
    incident.validate()
    with store._tx() as db:
        event_id = _event_id(db, store, slug)
        db.execute(delete(IncidentRow).where(_I.event_id == event_id,
                                             _I.guid == incident.guid))
        db.execute(insert(IncidentRow).values(
            event_id=event_id, guid=incident.guid, at=incident.at.astimezone(UTC).isoformat(),
            room_guid=incident.room, text=incident.text.strip()))


def delete_incident(store: Store, slug: str, guid: str) -> None:
    with store._tx() as db:
        event_id = _event_id(db, store, slug)
        db.execute(delete(IncidentRow).where(_I.event_id == event_id, _I.guid == guid))


def load_incidents(store: Store, slug: str) -> list[Incident]:
    """The log in time order."""
    with DbSession(store.engine) as db:
        event_id = _event_id(db, store, slug)
        rows = db.execute(select(IncidentRow).where(_I.event_id == event_id)
                          .order_by(_I.at, _I.id)).scalars().all()
        return [Incident(at=datetime.fromisoformat(r.at).astimezone(UTC), text=r.text,
                         room=r.room_guid, guid=r.guid) for r in rows]


def event_exists(store: Store, slug: str) -> bool:
    with DbSession(store.engine) as db:
        return db.execute(select(_E.id).where(_E.slug == slug)).first() is not None
