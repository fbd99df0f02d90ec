"""The SQL toolkit for the store's writes, imported on first use (see repo._q)."""

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session as DbSession
from sqlmodel import col

from planner.store.tables import (
    AcknowledgementRow,
    AttendanceRow,
    EditLogRow,
    EventRow,
    FeedbackRow,
    IncidentRow,
    InviteRow,
    PersonRow,
    RoomRow,
    SessionPersonRow,
    SessionRow,
)

__all__ = [
    "AcknowledgementRow",
    "AttendanceRow",
    "DbSession",
    "EditLogRow",
    "EventRow",
    "FeedbackRow",
    "IncidentRow",
    "IntegrityError",
    "InviteRow",
    "OperationalError",
    "PersonRow",
    "RoomRow",
    "SessionPersonRow",
    "SessionRow",
    "col",
    "delete",
    "insert",
    "select",
    "update",
]
