"""Saving and loading what happened: attendance, feedback and the incident log (schema 3).

Each write is one transaction, like every write of :class:`planner.store.repo.Store`: an
import is saved whole or not at all. Reads go through plain sqlite3 and writes import the
SQL toolkit on first use, as the rest of the store does, so that opening the window stays
fast.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import UTC
from planner.domain.run_of_show import Incident
from planner.store.db import StoreError
from planner.store.repo import Store

log = logging.getLogger(__name__)


def _tables() -> Any:
    """The schema-3 tables' columns (SQL expressions), imported on the first write."""
    from planner.store import tables

    class _T:
        A: Any = tables.AttendanceRow.__table__.c  # type: ignore[attr-defined]
        F: Any = tables.FeedbackRow.__table__.c  # type: ignore[attr-defined]
        I: Any = tables.IncidentRow.__table__.c  # type: ignore[attr-defined]  # noqa: E741
        attendance = tables.AttendanceRow
        feedback = tables.FeedbackRow
        incident = tables.IncidentRow

    return _T


def _read_event_id(conn: sqlite3.Connection, slug: str) -> int:
    row = conn.execute("SELECT id FROM event WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        raise StoreError(f"there is no event {slug!r} (planner events lists them)")
    return int(row[0])


def save_attendance(store: Store, slug: str, rows: Iterable[Attendance]) -> int:
    """Insert or replace the attendance of the given sessions; return how many."""
    from sqlalchemy import delete, insert

    rows = list(rows)
    for a in rows:
        a.validate()
    t = _tables()
    with store._tx() as db:
        event_id = store._event_id(db, slug)
        guids = [a.session for a in rows]
        if guids:
            db.execute(delete(t.attendance).where(t.A.event_id == event_id, t.A.session_guid.in_(guids)))
            db.execute(
                insert(t.attendance),
                [
                    {
                        "event_id": event_id,
                        "session_guid": a.session,
                        "registered": a.registered,
                        "attended": a.attended,
                        "peak_viewers": a.peak_viewers,
                        "avg_minutes": a.avg_minutes,
                    }
                    for a in rows
                ],
            )
    log.info("saved attendance of %d sessions of %s", len(rows), slug)
    return len(rows)


def load_attendance(store: Store, slug: str) -> list[Attendance]:
    with store._read() as conn:
        event_id = _read_event_id(conn, slug)
        rows = conn.execute(
            "SELECT session_guid, registered, attended, peak_viewers, avg_minutes "
            "FROM attendance WHERE event_id = ? ORDER BY id",
            (event_id,),
        ).fetchall()
    return [Attendance(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def save_feedback(store: Store, slug: str, items: Iterable[Feedback], *, replace: bool = True) -> int:
    """Save ratings; with ``replace`` the event's earlier ratings go first (a re-import
    of the same form does not count twice). Return how many were saved."""
    from sqlalchemy import delete, insert

    items = list(items)
    for f in items:
        f.validate()
    t = _tables()
    with store._tx() as db:
        event_id = store._event_id(db, slug)
        if replace:
            db.execute(delete(t.feedback).where(t.F.event_id == event_id))
        if items:
            db.execute(
                insert(t.feedback),
                [
                    {
                        "event_id": event_id,
                        "session_guid": f.session,
                        "rating": f.rating,
                        "comment": f.comment,
                    }
                    for f in items
                ],
            )
    log.info("saved %d ratings of %s", len(items), slug)
    return len(items)


def save_numbers(
    store: Store, slug: str, attendance: Iterable[Attendance], feedback: Iterable[Feedback]
) -> None:
    """Replace the event's attendance and feedback in one transaction (the demo's numbers)."""
    from sqlalchemy import delete, insert

    attendance, feedback = list(attendance), list(feedback)
    for a in attendance:
        a.validate()
    for f in feedback:
        f.validate()
    t = _tables()
    with store._tx() as db:
        event_id = store._event_id(db, slug)
        db.execute(delete(t.attendance).where(t.A.event_id == event_id))
        db.execute(delete(t.feedback).where(t.F.event_id == event_id))
        if attendance:
            db.execute(
                insert(t.attendance),
                [
                    {
                        "event_id": event_id,
                        "session_guid": a.session,
                        "registered": a.registered,
                        "attended": a.attended,
                        "peak_viewers": a.peak_viewers,
                        "avg_minutes": a.avg_minutes,
                    }
                    for a in attendance
                ],
            )
        if feedback:
            db.execute(
                insert(t.feedback),
                [
                    {
                        "event_id": event_id,
                        "session_guid": f.session,
                        "rating": f.rating,
                        "comment": f.comment,
                    }
                    for f in feedback
                ],
            )


def load_feedback(store: Store, slug: str) -> list[Feedback]:
    with store._read() as conn:
        event_id = _read_event_id(conn, slug)
        rows = conn.execute(
            "SELECT session_guid, rating, comment FROM feedback WHERE event_id = ? ORDER BY id", (event_id,)
        ).fetchall()
    return [Feedback(r[0], r[1], r[2]) for r in rows]


def save_incident(store: Store, slug: str, incident: Incident) -> None:
    """Insert an incident, or replace it when its guid is known."""
    from sqlalchemy import delete, insert

    incident.validate()
    t = _tables()
    with store._tx() as db:
        event_id = store._event_id(db, slug)
        db.execute(delete(t.incident).where(t.I.event_id == event_id, t.I.guid == incident.guid))
        db.execute(
            insert(t.incident).values(
                event_id=event_id,
                guid=incident.guid,
                at=incident.at.astimezone(UTC).isoformat(),
                room_guid=incident.room,
                text=incident.text.strip(),
            )
        )


def delete_incident(store: Store, slug: str, guid: str) -> None:
    from sqlalchemy import delete

    t = _tables()
    with store._tx() as db:
        event_id = store._event_id(db, slug)
        db.execute(delete(t.incident).where(t.I.event_id == event_id, t.I.guid == guid))


def load_incidents(store: Store, slug: str) -> list[Incident]:
    """The log in time order."""
    with store._read() as conn:
        event_id = _read_event_id(conn, slug)
        rows = conn.execute(
            "SELECT at, text, room_guid, guid FROM incident WHERE event_id = ? ORDER BY at, id", (event_id,)
        ).fetchall()
    return [
        Incident(at=datetime.fromisoformat(r[0]).astimezone(UTC), text=r[1], room=r[2], guid=r[3])
        for r in rows
    ]
