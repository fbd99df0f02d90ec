from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from planner import edits
from planner.domain.model import (
    UTC,
    Acknowledgement,
    Event,
    Interval,
    Invite,
    Person,
    PersonRole,
    Room,
    RoomKind,
    Schedule,
    Session,
    SessionKind,
    SessionStatus,
)
from planner.store import Store, StoreError
from planner.store.migrations import APPLICATION_ID, CURRENT_VERSION, SCHEMA_V1


def full_schedule() -> Schedule:
    event = Event(
        name="Gala",
        slug="gala",
        description="An evening",
        first_day=date(2026, 12, 12),
        last_day=date(2026, 12, 13),
        timezone="Europe/Vienna",
        cover_image=b"\x89PNG fake",
        invite_base_url="https://example.org/gala",
        invite_template="{base_url}/r?i={token}",
        slot_minutes=10,
        day_start_minute=17 * 60,
        day_end_minute=26 * 60,
        rule_severities={"track-clash": "off"},
        extra={"acronym": "gala2026", "track_colours": {"Keynotes": "#336699"}},
    )
    rooms = [
        Room(
            name="Main",
            position=0,
            capacity=500,
            kind=RoomKind.PHYSICAL,
            allow_parallel=False,
            changeover_minutes=10,
        ),
        Room(name="Lounge", position=1, capacity=None, kind=RoomKind.ONLINE, allow_parallel=True),
    ]
    ada = Person(
        name="Ada",
        email="ada@example.org",
        organisation="Analytical",
        timezone="Europe/London",
        role=PersonRole.SPEAKER,
        availability=[
            Interval(datetime(2026, 12, 12, 16, tzinfo=UTC), datetime(2026, 12, 12, 22, tzinfo=UTC))
        ],
        extra={"frab_id": 7},
    )
    bob = Person(name="Bob", role=PersonRole.MODERATOR)
    cy = Person(name="Cy")
    talk = Session(
        title="Opening",
        kind=SessionKind.PANEL,
        duration_minutes=45,
        start=datetime(2026, 12, 12, 17, tzinfo=UTC),
        room=rooms[0].guid,
        description="Hello",
        participant_limit=400,
        track="Keynotes",
        status=SessionStatus.LIVE,
        speakers=[cy.guid, ada.guid],
        moderators=[bob.guid],
        language="en",
        checklist={"audio": True, "video": False},
        actual_start=datetime(2026, 12, 12, 17, 2, tzinfo=UTC),
        actual_end=datetime(2026, 12, 12, 17, 50, tzinfo=UTC),
        extra={"links": ["https://x"]},
    )
    rehearsal = Session(
        title="Rehearsal",
        kind=SessionKind.REHEARSAL,
        duration_minutes=20,
        start=datetime(2026, 12, 12, 16, tzinfo=UTC),
        room=rooms[0].guid,
        rehearsal_for=talk.guid,
    )
    loose = Session(title="Unscheduled idea")
    invite = Invite(
        person=ada.guid,
        token="t0k3n",
        created=datetime(2026, 11, 1, tzinfo=UTC),
        revoked=datetime(2026, 11, 2, tzinfo=UTC),
    )
    ack = Acknowledgement(key="room-overlap|a|b", note="intended", created=datetime(2026, 11, 3, tzinfo=UTC))
    return Schedule(event, rooms, [talk, rehearsal, loose], [ada, bob, cy], [invite], [ack])


def canon(s: Schedule) -> dict[str, object]:
    return {
        "event": s.event,
        "rooms": sorted(s.rooms, key=lambda r: r.guid),
        "sessions": sorted(s.sessions, key=lambda x: x.guid),
        "people": sorted(s.people, key=lambda p: p.guid),
        "invites": s.invites,
        "acks": s.acknowledgements,
    }


def test_round_trip_of_every_field(store: Store) -> None:
    original = full_schedule()
    slug = store.add_schedule(original)
    loaded = store.load(slug)
    assert canon(loaded) == canon(original)
    # Speaker order is kept.
    assert loaded.session_by_guid()[original.sessions[0].guid].speakers == original.sessions[0].speakers


def test_every_edit_is_visible_to_a_second_connection(store: Store, db_path: Path) -> None:
    slug = store.add_schedule(full_schedule())
    sched = store.load(slug)
    s = sched.sessions[0]
    s.title = "Renamed"
    store.apply(slug, edits.save_sessions(store.load(slug), [s]))
    other = Store.open(db_path)
    try:
        assert other.load(slug).session_by_guid()[s.guid].title == "Renamed"
    finally:
        other.close()


def test_slugs_are_unique(store: Store) -> None:
    a = store.add_schedule(
        Schedule(Event(name="Gala", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)))
    )
    b = store.add_schedule(
        Schedule(Event(name="Gala", first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)))
    )
    assert (a, b) == ("gala", "gala-2")
    assert [e.slug for e in store.list_events()] == ["gala", "gala-2"]


def test_a_failed_save_writes_nothing(store: Store) -> None:
    slug = store.add_schedule(full_schedule())
    sched = store.load(slug)
    good = sched.sessions[0]
    good.title = "Changed"
    bad = Session(title="Ghost", room="no-such-room")
    with pytest.raises(ValueError, match="room"):
        store.apply(slug, edits.save_sessions(sched, [good, bad]))
    assert store.load(slug).session_by_guid()[good.guid].title == "Opening"


def test_deleting_a_room_unschedules_its_sessions(store: Store) -> None:
    slug = store.add_schedule(full_schedule())
    sched = store.load(slug)
    main = sched.rooms[0]
    store.apply(slug, edits.remove_rooms(sched, [main.guid]))
    after = store.load(slug)
    assert all(s.room is None and s.start is None for s in after.sessions)
    assert len(after.sessions) == 3


def test_deleting_a_person_drops_their_assignments_and_invites(store: Store) -> None:
    slug = store.add_schedule(full_schedule())
    before = store.load(slug)
    ada = next(p for p in before.people if p.name == "Ada")
    store.apply(slug, edits.delete_people(before, [ada.guid]))
    after = store.load(slug)
    assert all(ada.guid not in s.speakers for s in after.sessions)
    assert after.invites == []


def write_v1_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_V1)
    conn.execute(
        "INSERT INTO event VALUES (1, 'g-1', 'old', 'Old Fest', 'kept', '2024-05-01', '2024-05-02', "
        "'Europe/Paris', NULL, '', '', 15, 540, 1080)"
    )
    conn.execute("INSERT INTO room VALUES (1, 1, 'r-1', 'Hall', 0, 200, 'physical')")
    conn.execute(
        "INSERT INTO person VALUES (1, 1, 'p-1', 'Zoé', 'z@example.fr', '', '', 'speaker', '[]', '{}')"
    )
    conn.execute(
        "INSERT INTO session VALUES (1, 1, 's-1', 'Bonjour', '', 'talk', '2024-05-01T08:00:00+00:00', 30, "
        "1, 50, 'Main', 'scheduled', 'fr', '{}')"
    )
    conn.execute("INSERT INTO session_person VALUES (1, 1, 'speaker', 0)")
    conn.execute("INSERT INTO invite VALUES (1, 1, 1, 'tok', '2024-04-01T00:00:00+00:00', NULL)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_migration_from_the_first_schema_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    write_v1_file(path)
    with Store.open(path) as store:
        sched = store.load("old")
    assert sched.event.name == "Old Fest" and sched.event.description == "kept"
    assert sched.event.rule_severities == {} and sched.event.extra == {}
    (room,) = sched.rooms
    assert (room.name, room.capacity, room.kind, room.allow_parallel) == (
        "Hall",
        200,
        RoomKind.PHYSICAL,
        False,
    )
    (session,) = sched.sessions
    assert session.title == "Bonjour" and session.start == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert session.speakers == ["p-1"] and session.checklist == {}
    assert sched.invites[0].token == "tok"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    conn.close()
    backups = list(tmp_path.glob("old.sqlite.v1-*.bak"))
    assert len(backups) == 1
    b = sqlite3.connect(backups[0])
    assert b.execute("PRAGMA user_version").fetchone()[0] == 1
    assert b.execute("SELECT title FROM session").fetchone()[0] == "Bonjour"
    b.close()


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer planner"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("my shopping list\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a planner database"):
        Store.open(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_damaged_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    with Store.open(path) as store:
        store.add_schedule(full_schedule())
    data = bytearray(path.read_bytes())
    # Keep the header (so it still looks like SQLite) and scribble over the pages.
    for i in range(200, len(data), 7):
        data[i] = 0xFF
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="damaged"):
        Store.open(path)
    assert path.read_bytes() == before


def test_pragmas(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
