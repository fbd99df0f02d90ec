"""Column names of each table in the order of its model, for the reads through plain
sqlite3 (which must not import SQLAlchemy). MADE FROM planner/store/tables.py by
`python -m planner.store.schema`; do not edit: tests/store/test_schema.py checks it.
"""

EVENT = (
    "id",
    "guid",
    "slug",
    "name",
    "description",
    "first_day",
    "last_day",
    "timezone",
    "cover_image",
    "invite_base_url",
    "invite_template",
    "slot_minutes",
    "day_start_minute",
    "day_end_minute",
    "rule_severities",
    "extra",
)
ACKNOWLEDGEMENT = (
    "id",
    "event_id",
    "key",
    "note",
    "created",
)
ATTENDANCE = (
    "id",
    "event_id",
    "session_guid",
    "registered",
    "attended",
    "peak_viewers",
    "avg_minutes",
)
EDIT_LOG = (
    "id",
    "event_id",
    "at",
    "kind",
    "summary",
    "data",
    "author",
)
FEEDBACK = (
    "id",
    "event_id",
    "session_guid",
    "rating",
    "comment",
)
INCIDENT = (
    "id",
    "event_id",
    "guid",
    "at",
    "room_guid",
    "text",
)
PERSON = (
    "id",
    "event_id",
    "guid",
    "name",
    "email",
    "organisation",
    "timezone",
    "role",
    "availability",
    "extra",
)
ROOM = (
    "id",
    "event_id",
    "guid",
    "name",
    "position",
    "capacity",
    "kind",
    "allow_parallel",
    "changeover_minutes",
    "stream_url",
)
TEAM_DOC = (
    "event_id",
    "doc_id",
    "secret",
    "revoked",
)
TEAM_UPDATE = (
    "id",
    "event_id",
    "data",
)
VERSION = (
    "id",
    "event_id",
    "number",
    "name",
    "notes",
    "at",
    "log_position",
    "snapshot",
)
INVITE = (
    "id",
    "event_id",
    "person_id",
    "token",
    "created",
    "revoked",
)
SESSION = (
    "id",
    "event_id",
    "guid",
    "title",
    "description",
    "kind",
    "start",
    "duration_minutes",
    "room_id",
    "participant_limit",
    "track",
    "status",
    "language",
    "extra",
    "rehearsal_for",
    "checklist",
    "actual_start",
    "actual_end",
    "stream_url",
    "pinned",
)
SESSION_PERSON = (
    "session_id",
    "person_id",
    "role",
    "position",
)
