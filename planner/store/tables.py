"""SQLModel tables: the current schema. Only :mod:`planner.store` touches these.

Times are ISO 8601 text in UTC (``2025-12-27T10:30:00+00:00``): readable with any
SQLite tool, and they sort as they compare. Lists and maps are JSON text.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, LargeBinary, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class EventRow(SQLModel, table=True):
    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    guid: str = Field(index=True)
    slug: str = Field(unique=True, index=True)
    name: str
    description: str = ""
    first_day: str  # ISO date
    last_day: str
    timezone: str = "UTC"
    cover_image: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    invite_base_url: str = ""
    invite_template: str = ""
    slot_minutes: int = 15
    day_start_minute: int = 480
    day_end_minute: int = 1320
    rule_severities: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})  # schema 2
    extra: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})  # schema 4


class RoomRow(SQLModel, table=True):
    __tablename__ = "room"
    __table_args__ = (UniqueConstraint("event_id", "guid"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    guid: str
    name: str
    position: int = 0
    capacity: int | None = None
    kind: str = "online"
    allow_parallel: bool = Field(default=False, sa_column_kwargs={"server_default": text("0")})  # schema 2
    changeover_minutes: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})  # schema 2
    stream_url: str = Field(default="", sa_column_kwargs={"server_default": ""})  # schema 6


class PersonRow(SQLModel, table=True):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("event_id", "guid"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    guid: str
    name: str
    email: str = ""
    organisation: str = ""
    timezone: str = ""
    role: str = "attendee"
    availability: str = "[]"  # JSON list of [start, end] ISO pairs
    extra: str = "{}"


class SessionRow(SQLModel, table=True):
    __tablename__ = "session"
    __table_args__ = (UniqueConstraint("event_id", "guid"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    guid: str
    title: str
    description: str = ""
    kind: str = "talk"
    start: str | None = None
    duration_minutes: int = 30
    room_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("room.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    participant_limit: int | None = None
    track: str = ""
    status: str = "scheduled"
    language: str = ""
    extra: str = "{}"
    rehearsal_for: str | None = None  # schema 2
    checklist: str = Field(default="{}", sa_column_kwargs={"server_default": "{}"})  # schema 2
    actual_start: str | None = None  # schema 2
    actual_end: str | None = None  # schema 2
    stream_url: str = Field(default="", sa_column_kwargs={"server_default": ""})  # schema 6
    pinned: str = Field(default="", sa_column_kwargs={"server_default": ""})  # schema 7: Pin value


class SessionPersonRow(SQLModel, table=True):
    __tablename__ = "session_person"

    session_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("session.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    person_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("person.id", ondelete="CASCADE"), primary_key=True, index=True, nullable=False
        )
    )
    role: str = Field(primary_key=True)
    position: int = 0


class InviteRow(SQLModel, table=True):
    __tablename__ = "invite"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    person_id: int = Field(
        sa_column=Column(Integer, ForeignKey("person.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    token: str = Field(unique=True)
    created: str
    revoked: str | None = None


class AcknowledgementRow(SQLModel, table=True):
    """Schema 2: conflicts the organiser accepted, by the conflict's stable key."""

    __tablename__ = "acknowledgement"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    key: str
    note: str = ""
    created: str


class AttendanceRow(SQLModel, table=True):
    """Schema 3: what was counted for one session (one row per session)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("event_id", "session_guid"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    session_guid: str
    registered: int = 0
    attended: int = 0
    peak_viewers: int | None = None
    avg_minutes: float | None = None


class FeedbackRow(SQLModel, table=True):
    """Schema 3: one rating (1 to 5) of a session with its comment."""

    __tablename__ = "feedback"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    session_guid: str
    rating: int
    comment: str = ""


class IncidentRow(SQLModel, table=True):
    """Schema 3: the incident log of the live run of show."""

    __tablename__ = "incident"
    __table_args__ = (UniqueConstraint("event_id", "guid"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    guid: str
    at: str  # ISO instant in UTC
    room_guid: str | None = None
    text: str


class EditLogRow(SQLModel, table=True):
    """Schema 8: the edit log. One row per edit applied to an event (undo and redo apply
    the inverse or the edit again, and are rows too), written in the edit's transaction."""

    __tablename__ = "edit_log"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    at: str  # ISO instant in UTC
    kind: str  # the edit's kind (planner.edits)
    summary: str  # one line a person reads
    data: str  # the edit as JSON (planner.edits.edit_from_data reads it)
    author: str = Field(default="", sa_column_kwargs={"server_default": ""})


class VersionRow(SQLModel, table=True):
    """Schema 9: a published version of an event, numbered 1, 2, ... per event; the event
    as it was, frozen (planner.versions.snapshot: compressed JSON)."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    number: int
    name: str = ""
    notes: str = ""
    at: str  # ISO instant in UTC
    log_position: int | None = None  # the id of the last edit-log entry it includes
    snapshot: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class TeamDocRow(SQLModel, table=True):
    """Schema 10: an event shared with a team (planner.team): the id of its shared
    document, which every organiser's copy has in common, and the event's secret (what
    the relay asks for; stored only here, never in the document)."""

    __tablename__ = "team_doc"

    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), primary_key=True)
    )
    doc_id: str = Field(sa_column_kwargs={"unique": True})
    secret: str = Field(default="", sa_column_kwargs={"server_default": ""})
    # Schema 11: secrets replaced by ``share secret --new`` and not yet retired on a relay
    # (a JSON list): the next exchange with a relay closes their rooms for good.
    revoked: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})


class TeamUpdateRow(SQLModel, table=True):
    """Schema 10: the updates of a shared event's document (pycrdt/Yjs binary updates), in
    the order they were applied; replaying them rebuilds the document."""

    __tablename__ = "team_update"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(
        sa_column=Column(Integer, ForeignKey("event.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    data: bytes
