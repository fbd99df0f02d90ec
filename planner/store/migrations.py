"""Ordered schema migrations. The schema version lives in ``PRAGMA user_version``.

A new store is created at the current version from the SQLModel tables. An older one is
first copied (see :func:`planner.store.db.backup_file`), then each step after its version
runs in order, each in its own transaction together with the new version number.

To change the schema: edit :mod:`planner.store.tables`, append a step here and raise
``CURRENT_VERSION``. Never edit a step that has shipped.
"""

from __future__ import annotations

CURRENT_VERSION = 5

# The first schema as it shipped, frozen here so that tests can build a version-1 file.
SCHEMA_V1 = """
CREATE TABLE event (
    id INTEGER PRIMARY KEY, guid VARCHAR NOT NULL, slug VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL, description VARCHAR NOT NULL, first_day VARCHAR NOT NULL,
    last_day VARCHAR NOT NULL, timezone VARCHAR NOT NULL, cover_image BLOB,
    invite_base_url VARCHAR NOT NULL, invite_template VARCHAR NOT NULL,
    slot_minutes INTEGER NOT NULL, day_start_minute INTEGER NOT NULL,
    day_end_minute INTEGER NOT NULL
);
CREATE INDEX ix_event_guid ON event (guid);
CREATE INDEX ix_event_slug ON event (slug);
CREATE TABLE room (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    guid VARCHAR NOT NULL, name VARCHAR NOT NULL, position INTEGER NOT NULL,
    capacity INTEGER, kind VARCHAR NOT NULL, UNIQUE (event_id, guid)
);
CREATE INDEX ix_room_event_id ON room (event_id);
CREATE TABLE person (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    guid VARCHAR NOT NULL, name VARCHAR NOT NULL, email VARCHAR NOT NULL,
    organisation VARCHAR NOT NULL, timezone VARCHAR NOT NULL, role VARCHAR NOT NULL,
    availability VARCHAR NOT NULL, extra VARCHAR NOT NULL, UNIQUE (event_id, guid)
);
CREATE INDEX ix_person_event_id ON person (event_id);
CREATE TABLE session (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    guid VARCHAR NOT NULL, title VARCHAR NOT NULL, description VARCHAR NOT NULL,
    kind VARCHAR NOT NULL, start VARCHAR, duration_minutes INTEGER NOT NULL,
    room_id INTEGER REFERENCES room(id) ON DELETE SET NULL, participant_limit INTEGER,
    track VARCHAR NOT NULL, status VARCHAR NOT NULL, language VARCHAR NOT NULL,
    extra VARCHAR NOT NULL, UNIQUE (event_id, guid)
);
CREATE INDEX ix_session_event_id ON session (event_id);
CREATE INDEX ix_session_room_id ON session (room_id);
CREATE TABLE session_person (
    session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    role VARCHAR NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (session_id, person_id, role)
);
CREATE INDEX ix_session_person_person_id ON session_person (person_id);
CREATE TABLE invite (
    id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    token VARCHAR NOT NULL UNIQUE, created VARCHAR NOT NULL, revoked VARCHAR
);
CREATE INDEX ix_invite_event_id ON invite (event_id);
CREATE INDEX ix_invite_person_id ON invite (person_id);
"""


# Schema 2: conflict rules per event, rooms that allow parallel sessions, the live run
# of show (actual times, checklists), rehearsal links and acknowledged conflicts.
_TO_V2 = [
    "ALTER TABLE event ADD COLUMN rule_severities VARCHAR NOT NULL DEFAULT '{}'",
    "ALTER TABLE room ADD COLUMN allow_parallel BOOLEAN NOT NULL DEFAULT 0",
    "ALTER TABLE room ADD COLUMN changeover_minutes INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE session ADD COLUMN rehearsal_for VARCHAR",
    "ALTER TABLE session ADD COLUMN checklist VARCHAR NOT NULL DEFAULT '{}'",
    "ALTER TABLE session ADD COLUMN actual_start VARCHAR",
    "ALTER TABLE session ADD COLUMN actual_end VARCHAR",
    """CREATE TABLE acknowledgement (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        key VARCHAR NOT NULL, note VARCHAR NOT NULL, created VARCHAR NOT NULL,
        UNIQUE (event_id, key)
    )""",
    "CREATE INDEX ix_acknowledgement_event_id ON acknowledgement (event_id)",
]

# Schema 3: what happened afterwards and on the day: attendance per session, feedback,
# and the incident log of the run of show.
_TO_V3 = [
    """CREATE TABLE attendance (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        session_guid VARCHAR NOT NULL, registered INTEGER NOT NULL, attended INTEGER NOT NULL,
        peak_viewers INTEGER, avg_minutes FLOAT,
        UNIQUE (event_id, session_guid)
    )""",
    "CREATE INDEX ix_attendance_event_id ON attendance (event_id)",
    """CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        session_guid VARCHAR NOT NULL, rating INTEGER NOT NULL, comment VARCHAR NOT NULL
    )""",
    "CREATE INDEX ix_feedback_event_id ON feedback (event_id)",
    """CREATE TABLE incident (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        guid VARCHAR NOT NULL, at VARCHAR NOT NULL, room_guid VARCHAR, text VARCHAR NOT NULL,
        UNIQUE (event_id, guid)
    )""",
    "CREATE INDEX ix_incident_event_id ON incident (event_id)",
]

# (version reached, its statements); applied in order to files older than that version,
# each step in one transaction with its new version number.
# Schema 4: what a schedule file says of the whole event (acronym, URL, track colours).
_TO_V4 = [
    "ALTER TABLE event ADD COLUMN extra VARCHAR NOT NULL DEFAULT '{}'",
]

# Schema 5: pins ("" none, "full" time and room, "room" room only) that arranging keeps.
_TO_V5 = [
    "ALTER TABLE session ADD COLUMN pinned VARCHAR NOT NULL DEFAULT ''",
]

MIGRATIONS: list[tuple[int, list[str]]] = [
    (2, _TO_V2),
    (3, _TO_V3),
    (4, _TO_V4),
    (5, _TO_V5),
]

assert MIGRATIONS[-1][0] == CURRENT_VERSION
