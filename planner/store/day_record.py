"""Loading what happened: attendance, feedback and the incident log (schema 3).

Writes are edits (``planner.edits``: AttendanceEdit, FeedbackEdit, IncidentsEdit) that
``Store.apply`` writes in one transaction with their log entry. Reads go through plain
sqlite3, as the rest of the store's reads do, so that opening the window stays fast.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime

from planner.domain.analytics import Attendance, Feedback
from planner.domain.model import UTC
from planner.domain.run_of_show import Incident
from planner.store.db import StoreError
from planner.store.repo import Store

log = logging.getLogger(__name__)


def _read_event_id(conn: sqlite3.Connection, slug: str) -> int:
    row = conn.execute("SELECT id FROM event WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        raise StoreError(f"there is no event {slug!r} (planner events lists them)")
    return int(row[0])


def load_attendance(store: Store, slug: str) -> list[Attendance]:
    with store.read() as conn:
        event_id = _read_event_id(conn, slug)
        rows = conn.execute(
            "SELECT session_guid, registered, attended, peak_viewers, avg_minutes "
            "FROM attendance WHERE event_id = ? ORDER BY id",
            (event_id,),
        ).fetchall()
    return [Attendance(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def load_feedback(store: Store, slug: str) -> list[Feedback]:
    with store.read() as conn:
        event_id = _read_event_id(conn, slug)
        rows = conn.execute(
            "SELECT session_guid, rating, comment FROM feedback WHERE event_id = ? ORDER BY id", (event_id,)
        ).fetchall()
    return [Feedback(r[0], r[1], r[2]) for r in rows]


def load_incidents(store: Store, slug: str) -> list[Incident]:
    """The log in time order."""
    with store.read() as conn:
        event_id = _read_event_id(conn, slug)
        rows = conn.execute(
            "SELECT at, text, room_guid, guid FROM incident WHERE event_id = ? ORDER BY at, id", (event_id,)
        ).fetchall()
    return [
        Incident(at=datetime.fromisoformat(r[0]).astimezone(UTC), text=r[1], room=r[2], guid=r[3])
        for r in rows
    ]
