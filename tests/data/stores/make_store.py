"""Write the frozen store of one shipped schema version with THAT version's own code.

Run from a checkout of the commit that shipped the version (its planner package first on
sys.path), never from today's tree:

    git worktree add /tmp/v2 38cc22f      # schema 2 (the first commit; 3: a0d2082, 4: c595d65)
    PYTHONPATH=/tmp/v2 python tests/data/stores/make_store.py 2 tests/data/stores/v2.sqlite

Version 1 never had code that wrote it (the first commit was already at schema 2 and kept
the shipped first schema as ``SCHEMA_V1``): its file is that SQL with the same data.
The values are fixed so that tests/store/test_frozen_stores.py can check them.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, date, datetime
from pathlib import Path


def write_v1(path: Path) -> None:
    from planner.store.migrations import SCHEMA_V1

    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    conn.execute(
        "INSERT INTO event VALUES (1, 'ev-1', 'fest', 'Fest', 'Old times', '2024-05-01', '2024-05-02',"
        " 'Europe/Paris', NULL, 'https://fest.example/i', '{base_url}?t={token}', 15, 540, 1080)"
    )
    conn.execute("INSERT INTO room VALUES (1, 1, 'room-hall', 'Hall', 0, 200, 'physical')")
    conn.execute("INSERT INTO room VALUES (2, 1, 'room-web', 'Web', 1, NULL, 'online')")
    conn.execute(
        "INSERT INTO person VALUES (1, 1, 'person-zoe', 'Zoé', 'z@example.fr', 'Lab', 'Europe/Paris',"
        " 'speaker', '[[\"2024-05-01T07:00:00+00:00\", \"2024-05-01T12:00:00+00:00\"]]', '{\"frab_id\": 3}')"
    )
    conn.execute("INSERT INTO person VALUES (2, 1, 'person-max', 'Max', '', '', '', 'moderator', '[]', '{}')")
    conn.execute(
        "INSERT INTO session VALUES (1, 1, 'session-hello', 'Bonjour', 'Opening', 'talk',"
        " '2024-05-01T08:00:00+00:00', 30, 1, 50, 'Main', 'scheduled', 'fr', '{}')"
    )
    conn.execute(
        "INSERT INTO session VALUES (2, 1, 'session-idea', 'Idea', '', 'workshop', NULL, 60, NULL, NULL,"
        " '', 'scheduled', '', '{}')"
    )
    conn.execute("INSERT INTO session_person VALUES (1, 1, 'speaker', 0)")
    conn.execute("INSERT INTO session_person VALUES (1, 2, 'moderator', 1)")
    conn.execute("INSERT INTO invite VALUES (1, 1, 1, 'tok-zoe', '2024-04-01T00:00:00+00:00', NULL)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def write_with_code(version: int, path: Path) -> None:
    from planner.domain import model as m
    from planner.store import Store

    event = m.Event(
        name="Fest",
        slug="fest",
        description="Old times",
        first_day=date(2024, 5, 1),
        last_day=date(2024, 5, 2),
        timezone="Europe/Paris",
        invite_base_url="https://fest.example/i",
        invite_template="{base_url}?t={token}",
        day_start_minute=540,
        day_end_minute=1080,
        rule_severities={"track-clash": "off"},
        guid="ev-1",
    )
    if version >= 4:
        event.extra = {"acronym": "fest24"}
    hall = m.Room(name="Hall", position=0, capacity=200, kind=m.RoomKind.PHYSICAL, guid="room-hall")
    hall.changeover_minutes = 10
    web = m.Room(name="Web", position=1, capacity=None, kind=m.RoomKind.ONLINE, guid="room-web")
    web.allow_parallel = True
    zoe = m.Person(
        name="Zoé",
        email="z@example.fr",
        organisation="Lab",
        timezone="Europe/Paris",
        role=m.PersonRole.SPEAKER,
        availability=[m.Interval(datetime(2024, 5, 1, 7, tzinfo=UTC), datetime(2024, 5, 1, 12, tzinfo=UTC))],
        extra={"frab_id": 3},
        guid="person-zoe",
    )
    mx = m.Person(name="Max", role=m.PersonRole.MODERATOR, guid="person-max")
    hello = m.Session(
        title="Bonjour",
        description="Opening",
        start=datetime(2024, 5, 1, 8, tzinfo=UTC),
        duration_minutes=30,
        room=hall.guid,
        participant_limit=50,
        track="Main",
        language="fr",
        speakers=[zoe.guid],
        moderators=[mx.guid],
        checklist={"audio": True},
        actual_start=datetime(2024, 5, 1, 8, 2, tzinfo=UTC),
        guid="session-hello",
    )
    idea = m.Session(title="Idea", kind=m.SessionKind.WORKSHOP, duration_minutes=60, guid="session-idea")
    invite = m.Invite(person=zoe.guid, token="tok-zoe", created=datetime(2024, 4, 1, tzinfo=UTC))
    ack = m.Acknowledgement(
        key="room-overlap|a|b", note="on purpose", created=datetime(2024, 4, 2, tzinfo=UTC)
    )
    schedule = m.Schedule(event, [hall, web], [hello, idea], [zoe, mx], [invite], [ack])
    store = Store.open(path)
    try:
        slug = store.add_schedule(schedule)
        assert slug == "fest", slug
        if version >= 3:
            from planner.domain.live import Incident

            from planner.domain.analytics import Attendance, Feedback
            from planner.store import live

            live.save_attendance(
                store,
                slug,
                [Attendance(hello.guid, registered=40, attended=31, peak_viewers=12, avg_minutes=22.5)],
            )
            live.save_feedback(store, slug, [Feedback(hello.guid, 4, "nice"), Feedback(hello.guid, 5)])
            live.save_incident(
                store,
                slug,
                Incident(
                    at=datetime(2024, 5, 1, 8, 5, tzinfo=UTC), text="mic dead", room=hall.guid, guid="inc-1"
                ),
            )
    finally:
        store.close()


def main() -> None:
    version, out = int(sys.argv[1]), Path(sys.argv[2])
    import planner.store.migrations as mig

    assert version == mig.CURRENT_VERSION or version == 1, (mig.CURRENT_VERSION, version)
    if out.exists():
        out.unlink()
    if version == 1:
        write_v1(out)
    else:
        write_with_code(version, out)
    conn = sqlite3.connect(out)
    conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
    conn.execute("VACUUM")
    conn.close()
    print(out, out.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
