"""The schema version, the planner's application id, and the steps between versions.

The SQLModel classes of :mod:`planner.store.tables` are the one description of the tables.
A new store is made from them, and an older store is brought to exactly the same schema
(tables, columns with their types, NOT NULL, defaults and keys, indexes, foreign keys):
:func:`planner.store.schema.migrate` compiles what is missing from the models with
SQLAlchemy (CREATE TABLE, CREATE INDEX, ALTER TABLE ... ADD COLUMN) and rebuilds a table
from its model when it cannot be reached by adding (a changed type, default or key). Only
what moves data is written here by hand. tests/store/test_frozen_stores.py migrates a
frozen store of every version that shipped and compares its schema with a new one.

**To add a column**: add it at the END of its class in ``tables.py``; a NOT NULL column
gets a ``server_default`` (``sa_column_kwargs={"server_default": "{}"}``, or
``text("0")`` for a number), which fills the rows that exist. Raise ``CURRENT_VERSION``
by one and append ``Step(N)`` to ``MIGRATIONS`` saying why in a comment. That is all: no
SQL. **To add a table**: add its class, raise the version, append ``Step(N)``.
**To move data** (fill a new column from others, rename a column), give the step SQL:
``after`` runs once the tables match the models (fill the new column there), ``before``
runs on the old tables (rename a column there, or the rebuild would drop it). A plain
``(N, [sql, ...])`` as older branches write it means ``Step(N, after=[...])``; its
additive statements (ADD COLUMN, CREATE TABLE/INDEX) are skipped when what they add is
there already, which it is: they were derived from the models.

The whole migration from the file's version to ``CURRENT_VERSION`` is one transaction,
after a backup of the file beside itself (:func:`planner.store.db.backup_file`).

Stores written before schema 5 carry no application id: they are recognised by the tables
and columns their version shipped with (``SCHEMA_V1`` and ``SHIPPED_STEPS``, frozen
history used for nothing else). From schema 5 on every store carries ``APPLICATION_ID``.
This module imports no SQLAlchemy: the start-up path reads ``CURRENT_VERSION`` from it.
"""

from __future__ import annotations

from typing import NamedTuple

CURRENT_VERSION = 11

# PRAGMA application_id of every planner store from schema 5 on: "Plnr" as a big-endian
# 32-bit integer (SQLite keeps it at offset 68 of the file's header; `file` shows it).
APPLICATION_ID = 0x506C6E72


class Step(NamedTuple):
    """What reaching ``version`` needs besides the additive changes derived from the models."""

    version: int
    after: tuple[str, ...] | list[str] = ()  # SQL run once the tables match the models
    before: tuple[str, ...] | list[str] = ()  # SQL run on the old tables, before that


MIGRATIONS: list[Step | tuple[int, list[str]]] = [
    # Schema 2: conflict rules per event, rooms that allow parallel sessions, the live run
    # of show (actual times, checklists), rehearsal links and acknowledged conflicts.
    Step(2),
    # Schema 3: attendance per session, feedback, the incident log of the run of show.
    Step(3),
    # Schema 4: what a schedule file says of the whole event (acronym, URL, track colours).
    Step(4),
    # Schema 5: the application id; every table exactly as its model makes it (defaults on
    # the columns of schema 2 and 4, the first schema's keys and unique slug index).
    Step(5),
    # Schema 6: the stream or meeting link of a room and of a session (room.stream_url,
    # session.stream_url; empty for the rows that exist).
    Step(6),
    # Schema 7: pins that arranging keeps (session.pinned: "" none, "full" time and room,
    # "room" room only; empty for the rows that exist).
    Step(7),
    # Schema 8: the edit log (every edit applied to an event: when, kind, summary, the edit
    # as JSON, author), written in the edit's transaction (planner.edits, Store.apply).
    Step(8),
    # Schema 9: published versions of an event (planner publish), each a frozen snapshot.
    Step(9),
    # Schema 10: shared events (planner.team): team_doc (the shared document's id and the
    # event's secret) and team_update (the document's updates, replayed to rebuild it).
    Step(10),
    # Schema 11: team_doc.revoked, the secrets ``share secret --new`` replaced that a relay
    # has not retired yet ("[]" for the rows that exist).
    Step(11),
]

assert MIGRATIONS[-1][0] == CURRENT_VERSION

# ------------------------------------------------------------------ frozen history
# The shipped schemas 1 to 4, as they were written, to recognise a store that predates the
# application id (its tables and their columns). Never edited, never used to build a store.
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

SHIPPED_STEPS: dict[int, list[str]] = {
    2: [
        "ALTER TABLE event ADD COLUMN rule_severities VARCHAR NOT NULL DEFAULT '{}'",
        "ALTER TABLE room ADD COLUMN allow_parallel BOOLEAN NOT NULL DEFAULT 0",
        "ALTER TABLE room ADD COLUMN changeover_minutes INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE session ADD COLUMN rehearsal_for VARCHAR",
        "ALTER TABLE session ADD COLUMN checklist VARCHAR NOT NULL DEFAULT '{}'",
        "ALTER TABLE session ADD COLUMN actual_start VARCHAR",
        "ALTER TABLE session ADD COLUMN actual_end VARCHAR",
        "CREATE TABLE acknowledgement (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL"
        " REFERENCES event(id) ON DELETE CASCADE, key VARCHAR NOT NULL, note VARCHAR NOT NULL,"
        " created VARCHAR NOT NULL, UNIQUE (event_id, key))",
    ],
    3: [
        "CREATE TABLE attendance (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL"
        " REFERENCES event(id) ON DELETE CASCADE, session_guid VARCHAR NOT NULL,"
        " registered INTEGER NOT NULL, attended INTEGER NOT NULL, peak_viewers INTEGER,"
        " avg_minutes FLOAT, UNIQUE (event_id, session_guid))",
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL"
        " REFERENCES event(id) ON DELETE CASCADE, session_guid VARCHAR NOT NULL,"
        " rating INTEGER NOT NULL, comment VARCHAR NOT NULL)",
        "CREATE TABLE incident (id INTEGER PRIMARY KEY, event_id INTEGER NOT NULL"
        " REFERENCES event(id) ON DELETE CASCADE, guid VARCHAR NOT NULL, at VARCHAR NOT NULL,"
        " room_guid VARCHAR, text VARCHAR NOT NULL, UNIQUE (event_id, guid))",
    ],
    4: ["ALTER TABLE event ADD COLUMN extra VARCHAR NOT NULL DEFAULT '{}'"],
}
LAST_WITHOUT_ID = 4  # stores of schema 1 to 4 carry no application id
